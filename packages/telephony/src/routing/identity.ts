/**
 * Who is calling, as we vouch for it (RFC 3325): the people a call or message
 * reaches see the caller's short number and the account's display name, not
 * what the phone wrote in From (a username, or anything at all). Identities
 * that arrive from outside are never passed on: we are the trust domain's edge.
 */
import { type SipRequest, quote } from "../sip"
import type { Caller } from "./decide"

/** Replaces P-Asserted-Identity (and drops P-Preferred-Identity) on a request we forward for `caller`. */
export const assertIdentity = (request: SipRequest, caller: Caller, displayName: string | undefined, number: string | undefined): void => {
  request.headers.delete("P-Asserted-Identity")
  request.headers.delete("P-Preferred-Identity")
  const account = caller.account
  if (!account) return
  const user = number ?? account.username
  const name = displayName?.trim()
  request.headers.append("P-Asserted-Identity", `${name ? `${quote(name)} ` : ""}<sip:${encodeURIComponent(user)}@${account.domain}>`)
}
