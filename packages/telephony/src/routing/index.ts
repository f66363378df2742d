/** Call routing (RFC 3261 §16): the dialplan, the stateful proxy, call state and call records. */
export { type Dialplan, type DialplanTarget, InMemoryDialplan, preferredNumber } from "./dialplan"
export { assertIdentity } from "./identity"
export {
  type ActiveCall, type CallDirection, type CallDisposition, type CallEnd, type CallParty, type CallRecord, type CallStart,
  type CallState, CallTracker, type CallTrackerOptions, type HangupSide, type TransferStep, dispositionOf,
} from "./call-tracker"
export {
  type Caller, type CallerResult, type DecisionDeps, type Resolution, type RouteTarget, RoutingDecisions, type RoutingPolicy,
  type Selection, atCallLimit, dialledUser,
} from "./decide"
export { type Branch, type BranchSpec, type FinalOutcome, Forward, type ForwardHooks } from "./forward"
export { type Call, type DialogMatch, DialogTable, type Leg } from "./dialogs"
export {
  type LocalAddress, type LocalAddresses, OwnAddresses, consumeOwnRoutes, isLooped, loopHash, proxyBranch, statelessBranch, uriTarget,
} from "./forwarding"
export { ROUTED_METHODS, SipProxy, type SipProxyOptions } from "./proxy"
