/**
 * @org/telephony — browser-safe public API: the SIP message layer (parse,
 * frame, serialize, header helpers) and the shapes of call records. The
 * server parts (transports, transactions, registrar, routing) are in
 * `@org/telephony/server`.
 */
export * from "./sip"
export type {
  ActiveCall, CallDirection, CallDisposition, CallParty, CallRecord, CallState, HangupSide, TransferStep,
} from "./routing/call-tracker"
export type { DialplanTarget } from "./routing/dialplan"
