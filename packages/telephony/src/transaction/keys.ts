/**
 * Transaction matching (RFC 3261 §17.1.3, §17.2.3). RFC 3261 branches (with the
 * magic cookie) are matched by branch + sent-by + method (ACK → INVITE); for
 * the rare RFC 2543 peer a key is built from Call-ID, CSeq, From tag, top Via
 * and Request-URI — enough for retransmissions, without the full §17.2.3 rules.
 */
import { BRANCH_MAGIC_COOKIE, type SipRequest, type SipResponse, formatUri, parseCSeq, readVia, tagOf } from "../sip"

const SEP = "\u0001"

/** The key of the server transaction a request belongs to (ACK and CANCEL-as-INVITE use `method`). */
export const serverKey = (request: SipRequest, method = request.method === "ACK" ? "INVITE" : request.method): string | undefined => {
  const top = request.headers.get("Via")
  if (top === undefined) return undefined
  const via = readVia(top)
  if (!via.ok) return undefined
  const branch = via.value.branch
  if (branch !== undefined && branch.startsWith(BRANCH_MAGIC_COOKIE)) {
    return `${branch}${SEP}${via.value.host.toLowerCase()}:${via.value.port ?? ""}${SEP}${method}`
  }
  const cseq = parseCSeq(request.headers.get("CSeq") ?? "")
  if (!cseq.ok) return undefined
  // RFC 2543: an ACK carries the To tag of the response, the INVITE none: leave To out
  return [
    "2543", request.headers.get("Call-ID"), cseq.value.seq, tagOf(request.headers.get("From")) ?? "", top,
    method === "INVITE" ? "" : formatUri(request.uri), method,
  ].join(SEP)
}

/** The key of the INVITE server transaction a CANCEL refers to (§9.2). */
export const cancelledInviteKey = (cancel: SipRequest): string | undefined => serverKey(cancel, "INVITE")

/** The key of a client transaction: its branch + the CSeq method. */
export const clientKey = (branch: string, method: string): string => `${branch}${SEP}${method}`

/** The client key a response matches (top Via branch + CSeq method), if it has both. */
export const responseKey = (response: SipResponse): string | undefined => {
  const top = response.headers.get("Via")
  const cseq = response.headers.get("CSeq")
  if (top === undefined || cseq === undefined) return undefined
  const via = readVia(top)
  const c = parseCSeq(cseq)
  if (!via.ok || !c.ok || via.value.branch === undefined) return undefined
  return clientKey(via.value.branch, c.value.method)
}
