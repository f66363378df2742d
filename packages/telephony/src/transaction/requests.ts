/** Requests built from other requests: the ACK for a non-2xx final response (§17.1.1.3) and CANCEL (§9.1). */
import { SipHeaders, type SipRequest, type SipResponse, parseCSeq } from "../sip"

const EMPTY = new Uint8Array(0)

const cseqNumber = (request: SipRequest): number => {
  const c = parseCSeq(request.headers.get("CSeq") ?? "")
  if (!c.ok) throw new TypeError("request has no valid CSeq")
  return c.value.seq
}

const copyCommon = (invite: SipRequest, method: string, to: string | undefined): SipHeaders => {
  const h = new SipHeaders()
  const via = invite.headers.get("Via")
  if (via === undefined) throw new TypeError("request has no Via")
  h.append("Via", via)
  h.append("Max-Forwards", "70")
  for (const r of invite.headers.getAll("Route")) h.append("Route", r)
  h.append("From", invite.headers.get("From") ?? "")
  h.append("To", to ?? invite.headers.get("To") ?? "")
  h.append("Call-ID", invite.headers.get("Call-ID") ?? "")
  h.append("CSeq", `${cseqNumber(invite)} ${method}`)
  return h
}

/** The ACK an INVITE client transaction sends for a 300–699 response: same branch, To from the response. */
export const createAckForFailure = (invite: SipRequest, response: SipResponse): SipRequest => ({
  kind: "request",
  method: "ACK",
  uri: invite.uri,
  headers: copyCommon(invite, "ACK", response.headers.get("To")),
  body: EMPTY,
})

/** A CANCEL for `request` (an INVITE): same Request-URI, top Via (branch), From, To, Call-ID, CSeq number, Route. */
export const createCancel = (request: SipRequest): SipRequest => ({
  kind: "request",
  method: "CANCEL",
  uri: request.uri,
  headers: copyCommon(request, "CANCEL", undefined),
  body: EMPTY,
})
