/**
 * The dialogs the proxy has Record-Routed, per call (Call-ID + the caller's
 * From tag): how to reach the caller (the flow its INVITE came over) and each
 * callee leg by its To tag (the flow of the branch that answered, early legs
 * from provisional responses). In-dialog requests are routed by Route headers
 * and land here to find the flow of the party they go to — a WebSocket or TCP
 * connection cannot be reached by its Contact — and only dialogs we know are
 * routed (no open relay). Enough is kept to hang up a leg ourselves.
 */
import { type SipRequest, type SipResponse, type SipUri, parseCSeq, parseContact, parseNameAddr, tagOf } from "../sip"
import type { TimerHandle } from "../transaction/clock"
import type { Target } from "../transport/types"
import type { OwnAddresses } from "./forwarding"

export interface Leg {
  readonly toTag: string
  /** How to reach the callee device: the flow of its branch (a newer flow once the device came back on one). */
  target: Target
  readonly accountId?: string
  /** Its WebSocket closed while answered: the hang-up that follows unless the device comes back in time. */
  lost?: TimerHandle
  confirmed: boolean
  ended: boolean
  /** The callee's To (with its tag), Contact and route set (towards it, without us), for requests we send ourselves. */
  to: string
  contact?: SipUri
  routeSet: string[]
  /** The CSeq number of the INVITE that created it (an ACK we send uses it). */
  inviteCseq: number
  /** A late 2xx we hung up ourselves. */
  orphan: boolean
}

export interface Call {
  readonly key: string
  readonly callId: string
  readonly callerTag: string
  readonly tenantId: string
  /** Where requests and responses for the caller go: the flow its INVITE came over (or the one it came back on). */
  callerTarget: Target
  /** The caller's account, when it is one of ours (who may take the call over on a new flow). */
  readonly callerAccountId?: string
  /** The caller's WebSocket closed while answered: the hang-up that follows unless it comes back in time. */
  callerLost?: TimerHandle
  readonly callerFrom: string
  readonly callerContact?: SipUri
  /** Record-Route values of the INVITE as received: the route towards the caller, nearest first. */
  readonly callerRouteSet: string[]
  readonly legs: Map<string, Leg>
  /** The To tag of the leg that answered first (the call's dialog). */
  primary?: string
  /** A call record is being kept for it (initial INVITE routed as a call). */
  tracked: boolean
  recordEnded: boolean
  /** The initial INVITE is still waiting for a final response. */
  pending: boolean
  /** Highest CSeq seen from each side (requests we originate must go above). */
  cseq: { caller: number; callee: number }
  /** The longest-call timer, while answered. */
  timer?: TimerHandle
}

export type Direction = "to-callee" | "to-caller"

export interface DialogMatch {
  call: Call
  leg: Leg
  direction: Direction
}

const keyOf = (callId: string, tag: string) => `${callId}\u0001${tag}`

export const cseqOf = (m: SipRequest | SipResponse): number => {
  const c = parseCSeq(m.headers.get("CSeq") ?? "")
  return c.ok ? c.value.seq : 0
}

export class DialogTable {
  private readonly calls = new Map<string, Call>()

  get size(): number {
    return this.calls.size
  }

  all(): Call[] {
    return [...this.calls.values()]
  }

  get(callId: string, callerTag: string): Call | undefined {
    return this.calls.get(keyOf(callId, callerTag))
  }

  /** A new call from its initial INVITE (as received, our Route entries removed). */
  create(invite: SipRequest, callerTarget: Target, tenantId: string, callerAccountId?: string): Call | undefined {
    const callId = invite.headers.get("Call-ID")
    const callerTag = tagOf(invite.headers.get("From"))
    if (callId === undefined || callerTag === undefined) return undefined
    const contact = parseContact(invite.headers.get("Contact") ?? "")
    const call: Call = {
      key: keyOf(callId, callerTag),
      callId,
      callerTag,
      tenantId,
      callerTarget,
      ...(callerAccountId !== undefined ? { callerAccountId } : {}),
      callerFrom: invite.headers.get("From") ?? "",
      callerContact: contact.ok && contact.value !== "*" && contact.value.uri.kind === "sip" ? contact.value.uri : undefined,
      callerRouteSet: invite.headers.getAll("Record-Route"),
      legs: new Map(),
      tracked: false,
      recordEnded: false,
      pending: true,
      cseq: { caller: cseqOf(invite), callee: 0 },
    }
    this.calls.set(call.key, call)
    return call
  }

  remove(call: Call): void {
    call.timer?.cancel()
    call.timer = undefined
    call.callerLost?.cancel()
    call.callerLost = undefined
    for (const leg of call.legs.values()) {
      leg.lost?.cancel()
      leg.lost = undefined
    }
    if (this.calls.get(call.key) === call) this.calls.delete(call.key)
  }

  /** Records (or confirms) the leg a response with a To tag creates. */
  leg(call: Call, response: SipResponse, target: Target, accountId: string | undefined, branchRequest: SipRequest, own: OwnAddresses): Leg | undefined {
    const to = response.headers.get("To")
    const toTag = tagOf(to)
    if (toTag === undefined || to === undefined) return undefined
    let leg = call.legs.get(toTag)
    if (!leg) {
      leg = { toTag, target, accountId, confirmed: false, ended: false, to, routeSet: [], inviteCseq: cseqOf(branchRequest), orphan: false }
      call.legs.set(toTag, leg)
    }
    const contact = parseContact(response.headers.get("Contact") ?? "")
    if (contact.ok && contact.value !== "*" && contact.value.uri.kind === "sip") leg.contact = contact.value.uri
    // the route towards the callee: the Record-Route values above ours, nearest to us first
    const rr = response.headers.getAll("Record-Route")
    const ours = rr.findIndex((v) => {
      const na = parseNameAddr(v)
      return na.ok && own.isOurUri(na.value.uri)
    })
    leg.routeSet = (ours < 0 ? [] : rr.slice(0, ours)).reverse()
    if (response.status >= 200 && response.status < 300) leg.confirmed = true
    return leg
  }

  /** The dialog an in-dialog request belongs to, and which way it goes. */
  match(request: SipRequest): DialogMatch | undefined {
    const callId = request.headers.get("Call-ID")
    const fromTag = tagOf(request.headers.get("From"))
    const toTag = tagOf(request.headers.get("To"))
    if (callId === undefined || fromTag === undefined || toTag === undefined) return undefined
    const forward = this.calls.get(keyOf(callId, fromTag))
    const fl = forward?.legs.get(toTag)
    if (forward && fl) return { call: forward, leg: fl, direction: "to-callee" }
    const back = this.calls.get(keyOf(callId, toTag))
    const bl = back?.legs.get(fromTag)
    if (back && bl) return { call: back, leg: bl, direction: "to-caller" }
    return undefined
  }

  /** Drops the legs that never got a 2xx (the INVITE is over), and the call when no leg is left alive. */
  settle(call: Call): void {
    if (call.pending) return
    for (const [tag, leg] of call.legs) if (!leg.confirmed) call.legs.delete(tag)
    if (![...call.legs.values()].some((l) => !l.ended)) this.remove(call)
  }
}
