/**
 * The routing decisions, apart from the SIP plumbing: who is calling (digest
 * with 407, or a flow the account authenticated at REGISTER time), where the
 * dialled number goes (dialplan, then account usernames), and which contacts
 * ring (blocked accounts, registrations, call limits). Answers: unknown number
 * 404, known but nobody registered 480, everybody at the call limit 486,
 * blocked caller or callee 403, caller at its call limit 486.
 */
import { type SipRequest, type SipResponse, createResponse, generateTag, parseNameAddr, unescapeUri } from "../sip"
import type { AccountStore, SipAccount } from "../registrar/accounts"
import type { DigestAuthenticator } from "../registrar/authenticator"
import { type Binding, type LocationService, aorOf } from "../registrar/location"
import type { Source, TransportProtocol } from "../transport/types"
import type { CallParty, CallTracker } from "./call-tracker"
import type { Dialplan } from "./dialplan"

export interface RoutingPolicy {
  /**
   * Flows over which an account registered (digest at REGISTER time) are
   * trusted for its calls: no 407 for requests from that account over that same
   * flow. Default ["ws"]: a WebSocket is one authenticated connection; a TCP
   * connection is as good when phones keep it (["ws", "tcp"]); UDP cannot be
   * (anyone can send from any address).
   */
  trustRegisteredFlows?: ("ws" | "tcp")[]
  /**
   * Requests whose From is not one of our accounts: "challenge" (default; they
   * get 407 and can never pass, like a wrong password, so accounts cannot be
   * told from non-accounts) or "allow" (routed as inbound calls into the tenant
   * `Dialplan.tenantOf` gives for the Request-URI domain: trunks, guests).
   */
  unknownCallers?: "challenge" | "allow"
  /** When the dialplan has no entry, a dialled user part that is an account's username in the caller's domain rings it (default true). */
  dialUsernames?: boolean
  /** Nobody answers within this: the branches are cancelled and the caller gets 480 (default 180 000 ms, Timer C). */
  ringTimeoutMs?: number
  /**
   * An answered call still up after this is ended by us: a BYE to both sides,
   * the record's hangup "system" (default 14 400 000 ms = 4 h; 0: never). It
   * frees the call limits of phones that vanished without a BYE.
   */
  maxCallMs?: number
  /**
   * An answered call whose party's WebSocket closes waits this long for the
   * party to come back on a new connection (it re-registers and sends a
   * re-INVITE that restarts ICE) before we hang it up (default 20 000 ms;
   * 0: at once). Media flows between the browsers meanwhile: a socket drop
   * need not cut the conversation.
   */
  flowGraceMs?: number
}

export interface Caller {
  /** The calling account (absent for an allowed unknown caller). */
  account?: SipAccount
  tenantId: string
  /** The caller's domain: From host (the digest realm's domain). */
  domain: string
  authenticated: "digest" | "flow" | "none"
  party: CallParty
}

export type CallerResult = { ok: true; caller: Caller } | { ok: false; response: SipResponse }

export interface RouteTarget {
  account: SipAccount
  /** Live bindings, best first. */
  bindings: Binding[]
}

export type Resolution =
  | { ok: true; accounts: SipAccount[]; dialled: string; name?: string }
  | { ok: false; status: number; reason: string; dialled: string }

export type Selection =
  | { ok: true; targets: RouteTarget[] }
  | { ok: false; status: number; reason: string }

export interface DecisionDeps {
  accounts: AccountStore
  dialplan: Dialplan
  location: LocationService
  authenticator: DigestAuthenticator
  calls: CallTracker
  policy?: RoutingPolicy
}

const party = (value: string | undefined, fallbackUser = ""): CallParty => {
  const na = value !== undefined ? parseNameAddr(value) : undefined
  if (!na?.ok) return { user: fallbackUser, uri: "" }
  const uri = na.value.uri
  const user = uri.kind === "sip" ? unescapeUri(uri.user ?? "") : uri.kind === "tel" ? uri.number : ""
  const p: CallParty = { user, uri: uri.kind === "sip" ? `${uri.scheme}:${uri.user !== undefined ? `${uri.user}@` : ""}${uri.host}` : value! }
  if (na.value.displayName) p.displayName = na.value.displayName
  return p
}

/** The dialled user part: the Request-URI's user (%-escapes resolved), or a tel: number. */
export const dialledUser = (request: SipRequest): string | undefined => {
  const u = request.uri
  if (u.kind === "sip") return u.user !== undefined ? unescapeUri(u.user) : undefined
  if (u.kind === "tel") return u.number
  return undefined
}

/** Whether an account is at its call limit (ringing and answered calls count). */
export const atCallLimit = (account: SipAccount, calls: CallTracker): boolean =>
  account.callLimit !== undefined && calls.activeCount(account.accountId) >= account.callLimit

export class RoutingDecisions {
  private readonly trusted: ReadonlySet<TransportProtocol>
  readonly policy: Required<RoutingPolicy>

  constructor(private readonly deps: DecisionDeps) {
    const p = deps.policy ?? {}
    this.policy = {
      trustRegisteredFlows: p.trustRegisteredFlows ?? ["ws"],
      unknownCallers: p.unknownCallers ?? "challenge",
      dialUsernames: p.dialUsernames ?? true,
      ringTimeoutMs: p.ringTimeoutMs ?? 180_000,
      maxCallMs: p.maxCallMs ?? 14_400_000,
      flowGraceMs: p.flowGraceMs ?? 20_000,
    }
    if (!(this.policy.ringTimeoutMs > 0)) throw new RangeError("ringTimeoutMs must be positive")
    if (!(this.policy.maxCallMs >= 0)) throw new RangeError("maxCallMs must be 0 or more")
    if (!(this.policy.flowGraceMs >= 0)) throw new RangeError("flowGraceMs must be 0 or more")
    this.trusted = new Set(this.policy.trustRegisteredFlows.filter((t) => t === "ws" || t === "tcp"))
  }

  private refuse(request: SipRequest, status: number, reason?: string): { ok: false; response: SipResponse } {
    return { ok: false, response: createResponse(request, status, { toTag: generateTag(), ...(reason ? { reason } : {}) }) }
  }

  /**
   * Who sends `request` (an INVITE or MESSAGE outside a dialog). An account
   * over a trusted flow it registered on passes; otherwise digest with 407
   * (Proxy-Authenticate), then 403 for a blocked account.
   */
  async identifyCaller(request: SipRequest, source: Source): Promise<CallerResult> {
    const fromValue = request.headers.get("From")
    const from = parseNameAddr(fromValue ?? "")
    const p = party(fromValue)
    const sipFrom = from.ok && from.value.uri.kind === "sip" && from.value.uri.user !== undefined ? from.value.uri : undefined
    const domain = sipFrom ? sipFrom.host.toLowerCase() : request.uri.kind === "sip" ? request.uri.host.toLowerCase() : ""
    const username = sipFrom ? unescapeUri(sipFrom.user!) : undefined
    const account = username !== undefined ? await this.deps.accounts.find(domain, username) : undefined

    if (account && username !== undefined) {
      if (this.trusted.has(source.transport) && this.deps.location.lookupFlow(aorOf(domain, username), source.flowId).some((b) => b.accountId === account.accountId)) {
        if (account.blocked) return this.refuse(request, 403, "Forbidden")
        return { ok: true, caller: { account, tenantId: account.tenantId, domain, authenticated: "flow", party: p } }
      }
    }
    if (!account && this.policy.unknownCallers === "allow") {
      const uriDomain = request.uri.kind === "sip" ? request.uri.host.toLowerCase() : ""
      const tenantId = await this.deps.dialplan.tenantOf?.(uriDomain)
      if (tenantId === undefined) return this.refuse(request, 404, "Not Found")
      return { ok: true, caller: { tenantId, domain, authenticated: "none", party: p } }
    }
    if (username === undefined) return this.refuse(request, 403, "Caller not identified")
    const result = await this.deps.authenticator.authenticate(request, source, domain, username, "proxy")
    if (!result.ok) return { ok: false, response: result.response }
    if (result.account.blocked) return this.refuse(request, 403, "Forbidden")
    return { ok: true, caller: { account: result.account, tenantId: result.account.tenantId, domain, authenticated: "digest", party: p } }
  }

  /** The accounts the dialled number names in the caller's tenant (404 when none). */
  async resolve(request: SipRequest, caller: Caller): Promise<Resolution> {
    const dialled = dialledUser(request)
    if (dialled === undefined || dialled === "") return { ok: false, status: 404, reason: "Not Found", dialled: "" }
    let target = await this.deps.dialplan.resolve(caller.tenantId, dialled)
    if (!target && this.policy.dialUsernames && caller.domain !== "") {
      const a = await this.deps.accounts.find(caller.domain, dialled)
      if (a && a.tenantId === caller.tenantId) target = { kind: "account", accountId: a.accountId }
    }
    if (!target) return { ok: false, status: 404, reason: "Not Found", dialled }
    const ids = target.kind === "extension" ? target.accountIds : [target.accountId]
    const found = await Promise.all([...new Set(ids)].map((id) => this.deps.accounts.get(id)))
    // an account of another tenant never rings, whatever the dialplan says
    const accounts = found.filter((a): a is SipAccount => a !== undefined && a.tenantId === caller.tenantId)
    if (accounts.length === 0) return { ok: false, status: 404, reason: "Not Found", dialled }
    return { ok: true, accounts, dialled, ...(target.kind === "extension" && target.name !== undefined ? { name: target.name } : {}) }
  }

  /**
   * Which of the accounts ring, and on which contacts — synchronous, so that
   * the call-limit check and the start of the call are one step: blocked
   * accounts are left out (all blocked: 403), then those with no live binding
   * (none left: 480), then those at their call limit (none left: 486). The
   * caller's own flow never rings. `limits: false` for requests that are not
   * calls (MESSAGE).
   */
  select(accounts: SipAccount[], caller: Caller, source: Source, limits = true): Selection {
    if (limits && caller.account && atCallLimit(caller.account, this.deps.calls)) return { ok: false, status: 486, reason: "Busy Here (call limit)" }
    const open = accounts.filter((a) => !a.blocked)
    if (open.length === 0) return { ok: false, status: 403, reason: "Forbidden" }
    const reachable: RouteTarget[] = []
    for (const account of open) {
      const bindings = this.deps.location
        .lookup(aorOf(account.domain, account.username))
        .filter((b) => b.accountId === account.accountId && !(b.flow.flowId === source.flowId && account.accountId === caller.account?.accountId))
      if (bindings.length > 0) reachable.push({ account, bindings })
    }
    if (reachable.length === 0) return { ok: false, status: 480, reason: "Temporarily Unavailable" }
    const free = limits ? reachable.filter((t) => !atCallLimit(t.account, this.deps.calls)) : reachable
    if (free.length === 0) return { ok: false, status: 486, reason: "Busy Here" }
    return { ok: true, targets: free }
  }

  /** The callee party of a request: the dialled user, the To display name. */
  calleeParty(request: SipRequest): CallParty {
    const to = party(request.headers.get("To"))
    const dialled = dialledUser(request) ?? to.user
    const u = request.uri
    const p: CallParty = { user: dialled, uri: u.kind === "sip" ? `${u.scheme}:${u.user !== undefined ? `${u.user}@` : ""}${u.host}` : u.kind === "tel" ? `tel:${u.number}` : "" }
    if (to.displayName) p.displayName = to.displayName
    return p
  }
}
