/**
 * The stateful proxy (RFC 3261 §16) of the SIP server: calls and messages
 * between our accounts. New INVITEs and MESSAGEs are authenticated (407) and
 * routed by the dialplan to every contact of every target account in parallel,
 * each over the flow it registered on; INVITEs are Record-Routed (twice when
 * the transport changes) so that ACK, BYE, re-INVITE, INFO, UPDATE, REFER,
 * NOTIFY and MESSAGE inside the dialog come through us and are routed by
 * their Route headers (loose routing) to the other party's flow. Signalling
 * only: SDP passes untouched and media flows between the parties. Every call
 * is followed by the `CallTracker`, which produces its record.
 */
import { type SipRequest, type SipResponse, SipHeaders, createResponse, formatUri, generateTag, parseNameAddr, tagOf, unescapeUri } from "../sip"
import type { AccountStore } from "../registrar/accounts"
import type { DigestAuthenticator } from "../registrar/authenticator"
import type { LocationService } from "../registrar/location"
import type { Clock, TimerHandle } from "../transaction/clock"
import type { TransactionLayer } from "../transaction/layer"
import type { ServerTransaction } from "../transaction/server"
import type { Transports } from "../transport/transports"
import type { Source, Target, TransportLogger } from "../transport/types"
import type { CallTracker, TransferStep } from "./call-tracker"
import { type Caller, type RouteTarget, type RoutingPolicy, RoutingDecisions } from "./decide"
import type { Dialplan } from "./dialplan"
import { type Call, type DialogMatch, DialogTable, type Leg, cseqOf } from "./dialogs"
import { type BranchSpec, Forward, type FinalOutcome } from "./forward"
import { assertIdentity } from "./identity"
import {
  type LocalAddresses, OwnAddresses, consumeOwnRoutes, copyRequest, firstRoute, isLooped, loopHash, maxForwards, popVia,
  proxyBranch, pushTop, statelessBranch, topViaIsOurs, uriTarget,
} from "./forwarding"

export interface SipProxyOptions {
  transactions: TransactionLayer
  transports: Transports
  location: LocationService
  accounts: AccountStore
  dialplan: Dialplan
  authenticator: DigestAuthenticator
  calls: CallTracker
  /** Our addresses per transport (Via, Record-Route, recognising our Route entries). */
  addresses: () => LocalAddresses
  policy?: RoutingPolicy
  clock: Clock
  logger?: TransportLogger
}

/** Option tags we support in Proxy-Require (none: anything there gets 420). */
const PROXY_SUPPORTED = new Set<string>()
/** Methods a new (out-of-dialog) request may use to reach an extension. */
export const ROUTED_METHODS = new Set(["INVITE", "MESSAGE"])

export class SipProxy {
  readonly decisions: RoutingDecisions
  readonly own: OwnAddresses
  readonly dialogs = new DialogTable()
  private readonly forwards = new Map<ServerTransaction, Forward>()
  private readonly calls: CallTracker
  private readonly logger: TransportLogger | undefined
  private closed = false

  constructor(private readonly o: SipProxyOptions) {
    this.own = new OwnAddresses(o.addresses)
    this.calls = o.calls
    this.logger = o.logger
    this.decisions = new RoutingDecisions({
      accounts: o.accounts, dialplan: o.dialplan, location: o.location, authenticator: o.authenticator, calls: o.calls, policy: o.policy,
    })
  }

  private get deps() {
    return { transactions: this.o.transactions, transports: this.o.transports, clock: this.o.clock, logger: this.logger }
  }

  private reply(tx: ServerTransaction, status: number, reason?: string, headers?: [string, string][]): void {
    tx.respond(createResponse(tx.request, status, { toTag: generateTag(), ...(reason ? { reason } : {}), ...(headers ? { headers } : {}) }))
  }

  /**
   * §16.3: Max-Forwards (483), Proxy-Require (420), loops (482). Returns the
   * loop hash for our branches, or undefined when the request was answered.
   */
  private precheck(tx: ServerTransaction): string | undefined {
    const request = tx.request
    const mf = maxForwards(request)
    if (mf === undefined) return void this.reply(tx, 400, "Invalid Max-Forwards")
    if (mf === 0) return void this.reply(tx, 483)
    const unsupported = request.headers.getAll("Proxy-Require").map((t) => t.trim()).filter((t) => t !== "" && !PROXY_SUPPORTED.has(t.toLowerCase()))
    if (unsupported.length > 0) return void this.reply(tx, 420, undefined, [["Unsupported", unsupported.join(", ")]])
    const loop = loopHash(request, formatUri(request.uri))
    if (isLooped(request, loop, this.own)) return void this.reply(tx, 482)
    return loop
  }

  /** Our Via on top, Max-Forwards one less: the last touch before a request leaves. */
  private stamp(out: SipRequest, received: SipRequest, target: Target, branch: string): boolean {
    const via = this.own.via(target.transport, branch)
    if (!via) return false
    out.headers.set("Max-Forwards", String((maxForwards(received) ?? 70) - 1))
    pushTop(out.headers, "Via", via)
    return true
  }

  // ——— new calls and messages ———

  /** An INVITE or MESSAGE outside a dialog: authenticate the caller, resolve the number, fork. */
  routeNew(tx: ServerTransaction, source: Source): void {
    const loop = this.precheck(tx)
    if (loop === undefined) return
    const request = copyRequest(tx.request)
    consumeOwnRoutes(request, this.own)
    if (firstRoute(request)) return this.reply(tx, 403, "Relaying denied")
    const forward = new Forward(tx, this.deps)
    if (request.method === "INVITE") {
      this.forwards.set(tx, forward)
      tx.onTerminated(() => this.forwards.delete(tx))
    }
    this.routeNewAsync(tx, source, request, forward, loop).catch((error) => {
      this.logger?.warn?.(`routing ${request.method} failed`, error)
      forward.reject(500)
    })
  }

  private async routeNewAsync(tx: ServerTransaction, source: Source, request: SipRequest, forward: Forward, loop: string): Promise<void> {
    const isCall = request.method === "INVITE"
    const identified = await this.decisions.identifyCaller(request, source)
    if (!identified.ok) return void forward.answer(identified.response)
    const caller = identified.caller
    if (forward.cancelled) return void forward.reject(487)
    const resolution = await this.decisions.resolve(request, caller)
    const number = caller.account ? await this.o.dialplan.numberOf?.(caller.tenantId, caller.account.accountId) : undefined
    if (this.closed) return
    const from = caller.account?.displayName ? { ...caller.party, displayName: caller.account.displayName } : caller.party
    assertIdentity(request, caller, from.displayName, number)
    const callId = request.headers.get("Call-ID") ?? ""
    const fromTag = tagOf(request.headers.get("From")) ?? ""
    // a call record from here on: the caller is known, whatever happens next
    const track = isCall && fromTag !== ""
    if (track && this.calls.get(callId, fromTag)) return void forward.reject(482, "Loop Detected") // the same call again: a spiral back to us
    // synchronous from here: the limit checks and the start of the call are one step
    const selection = forward.cancelled
      ? ({ ok: false, status: 487, reason: "Request Terminated" } as const)
      : resolution.ok
        ? this.decisions.select(resolution.accounts, caller, source, isCall)
        : resolution
    const targets = selection.ok ? selection.targets.map((t) => t.account.accountId) : resolution.ok ? resolution.accounts.map((a) => a.accountId) : []
    if (track) {
      this.calls.start({
        tenantId: caller.tenantId,
        callId,
        fromTag,
        from,
        to: this.decisions.calleeParty(request),
        callerAccountId: caller.account?.accountId,
        targetAccountIds: targets,
        direction: caller.account ? "internal" : "inbound",
        ...this.transferOrigin(request),
      })
    }
    const refuse = (status: number, reason: string) => {
      forward.reject(status, reason)
      if (track) this.calls.end(callId, fromTag, { status, hangup: status === 487 ? "caller" : "system", cancelled: status === 487, reason })
    }
    if (!selection.ok) return refuse(selection.status, selection.reason)
    if (caller.authenticated === "digest") this.o.authenticator.stripCredentials(request, caller.domain)
    let call: Call | undefined
    if (isCall) {
      call = this.dialogs.create(request, tx.target, caller.tenantId, caller.account?.accountId)
      if (!call) return refuse(400, "Missing Call-ID or From tag")
      call.tracked = track
    }
    const specs = this.branches(request, source, selection.targets, isCall, loop)
    if (specs.length === 0) {
      if (call) this.dialogs.remove(call)
      return refuse(480, "No usable flow")
    }
    if (call) this.attachCall(forward, call)
    forward.start(specs, isCall ? this.decisions.policy.ringTimeoutMs : undefined)
  }

  /** Referred-By / Replaces of an INVITE that results from a transfer. */
  private transferOrigin(request: SipRequest): { referredBy?: string; replacesCallId?: string } {
    const out: { referredBy?: string; replacesCallId?: string } = {}
    const by = request.headers.get("Referred-By") ?? request.headers.get("b")
    if (by !== undefined) out.referredBy = by
    const replaces = request.headers.get("Replaces")
    if (replaces !== undefined) out.replacesCallId = replaces.split(";")[0].trim()
    return out
  }

  /** One branch per contact of every target, over the flow each registered on. */
  private branches(request: SipRequest, source: Source, targets: RouteTarget[], recordRoute: boolean, loop: string): BranchSpec[] {
    const specs: BranchSpec[] = []
    const received = request
    for (const t of targets) {
      for (const b of t.bindings) {
        const out = copyRequest(request, b.uri)
        let target: Target = { transport: b.flow.transport, address: b.flow.address, port: b.flow.port, flowId: b.flow.flowId }
        if (target.transport !== "udp" && !this.o.transports.hasFlow(target)) {
          // the connection it registered on is gone: TCP can still reach the contact's address; WebSocket cannot
          const viaContact = target.transport === "tcp" ? uriTarget(b.uri) : undefined
          if (!viaContact || viaContact.transport !== "tcp") continue
          target = viaContact
        }
        for (let i = b.path.length - 1; i >= 0; i--) pushTop(out.headers, "Route", b.path[i])
        if (recordRoute) {
          const inbound = this.own.recordRoute(source.transport)
          const outbound = this.own.recordRoute(target.transport)
          if (inbound) pushTop(out.headers, "Record-Route", inbound)
          // the transport changes (WS ↔ UDP …): one entry per side, so each side reaches us its own way
          if (outbound && target.transport !== source.transport) pushTop(out.headers, "Record-Route", outbound)
        }
        if (!this.stamp(out, received, target, proxyBranch(loop))) continue
        specs.push({ request: out, target, accountId: t.account.accountId })
      }
    }
    return specs
  }

  /** The hooks of an initial INVITE: dialogs, the call record, late answers. */
  private attachCall(forward: Forward, call: Call): void {
    const hooks = forward.hooks
    hooks.onProvisional = (branch, response) => {
      this.dialogs.leg(call, response, branch.target, branch.accountId, branch.request, this.own)
      if ((response.status === 180 || response.status === 183) && call.tracked) this.calls.markRinging(call.callId, call.callerTag)
    }
    hooks.onAnswer = (branch, response, first) => {
      const leg = this.dialogs.leg(call, response, branch.target, branch.accountId, branch.request, this.own)
      if (!first) return
      call.pending = false
      if (leg) call.primary = leg.toTag
      if (call.tracked) this.calls.markAnswered(call.callId, call.callerTag, branch.accountId)
      const max = this.decisions.policy.maxCallMs
      if (leg && max > 0) call.timer = this.o.clock.setTimeout(() => this.endCall(call, leg, "maximum call duration"), max)
      this.dialogs.settle(call)
    }
    hooks.onFailure = (outcome: FinalOutcome) => {
      call.pending = false
      if (call.tracked && !call.recordEnded) {
        call.recordEnded = true
        this.calls.end(call.callId, call.callerTag, {
          status: outcome.status,
          cancelled: outcome.cancelled,
          hangup: outcome.cancelled ? "caller" : outcome.source === "callee" ? "callee" : "system",
          ...(outcome.timedOut ? { reason: "No answer", disposition: "missed" as const } : outcome.response.reason ? { reason: outcome.response.reason } : {}),
        })
      }
      this.dialogs.settle(call)
    }
    hooks.onLate2xx = (branch, response) => {
      const leg = this.dialogs.leg(call, response, branch.target, branch.accountId, branch.request, this.own)
      if (!leg) return
      const first = !leg.orphan
      leg.orphan = true
      this.ackLeg(call, leg)
      if (first) this.byeToward(call, leg, "to-callee", 'SIP;cause=487;text="Call was cancelled"')
    }
  }

  // ——— CANCEL, ACK, stray responses ———

  /** A CANCEL: true when it matched an INVITE we are forwarding (its branches are cancelled). */
  cancel(tx: ServerTransaction): boolean {
    const invite = this.o.transactions.findInviteForCancel(tx.request)
    const forward = invite ? this.forwards.get(invite) : undefined
    if (!forward) return false
    this.reply(tx, 200)
    forward.cancel(tx.request.headers.get("Reason"))
    return true
  }

  /** An ACK outside any transaction (for a 2xx): forwarded statelessly along its dialog. */
  ack(ack: SipRequest, source?: Source): void {
    const request = copyRequest(ack)
    const mf = maxForwards(request)
    if (mf === undefined || mf === 0) return
    consumeOwnRoutes(request, this.own)
    const match = this.dialogs.match(request)
    if (!match) return this.logger?.debug?.("ACK outside a known dialog dropped")
    if (source) this.rejoin(match, source)
    const target = this.nextHop(request, match)
    if (!target) return
    const out = copyRequest(request)
    const seed = `${ack.headers.get("Via") ?? ""}|${match.call.key}|${cseqOf(ack)}`
    if (!this.stamp(out, request, target, statelessBranch(seed))) return
    this.o.transports.send(out, target).catch((error) => this.logger?.debug?.("ACK not forwarded", error))
  }

  /** A 2xx no client transaction claims any more (a retransmission): passed on to whoever sent the INVITE. */
  strayResponse(response: SipResponse, _source?: Source): void {
    if (response.status < 200 || response.status >= 300 || !topViaIsOurs(response, this.own)) return
    const callId = response.headers.get("Call-ID") ?? ""
    const fromTag = tagOf(response.headers.get("From"))
    const toTag = tagOf(response.headers.get("To"))
    if (fromTag === undefined || toTag === undefined) return
    let target: Target | undefined
    const call = this.dialogs.get(callId, fromTag)
    if (call?.legs.get(toTag)?.confirmed) target = call.callerTarget
    else {
      const back = this.dialogs.get(callId, toTag)
      target = back?.legs.get(fromTag)?.target
    }
    if (!target) return
    popVia(response)
    this.o.transports.send(response, target).catch((error) => this.logger?.debug?.("2xx retransmission not forwarded", error))
  }

  // ——— inside a dialog ———

  /** Where a request inside a dialog goes next: a Route left after ours, else the other party's flow. */
  private nextHop(request: SipRequest, match: DialogMatch): Target | undefined {
    const route = firstRoute(request)
    if (route) return uriTarget(route)
    const target = match.direction === "to-callee" ? match.leg.target : match.call.callerTarget
    if (target.transport === "udp" || this.o.transports.hasFlow(target)) return target
    if (target.transport === "tcp") {
      const t = uriTarget(request.uri)
      return t?.transport === "tcp" ? t : undefined
    }
    return undefined
  }

  /**
   * A request with a To tag: forwarded along the dialog it belongs to. False
   * when we know no such dialog (the server answers 481).
   */
  routeInDialog(tx: ServerTransaction): boolean {
    const request = copyRequest(tx.request)
    consumeOwnRoutes(request, this.own)
    const match = this.dialogs.match(request)
    if (!match) return false
    const loop = this.precheck(tx)
    if (loop === undefined) return true
    const { call, leg, direction } = match
    this.rejoin(match, tx.source)
    const target = this.nextHop(request, match)
    if (!target) {
      // a BYE towards a party whose connection is gone ends the call here: if it comes back, its dialog is over (481)
      if (request.method === "BYE") {
        this.hangUp(call, leg, direction === "to-callee" ? "caller" : "callee")
        this.legEnded(call, leg)
      }
      this.reply(tx, 480, "Party Unreachable")
      return true
    }
    const seq = cseqOf(request)
    if (direction === "to-callee") call.cseq.caller = Math.max(call.cseq.caller, seq)
    else call.cseq.callee = Math.max(call.cseq.callee, seq)
    const out = copyRequest(request)
    if (!this.stamp(out, request, target, proxyBranch(loop))) {
      this.reply(tx, 500, "No usable transport")
      return true
    }
    const forward = new Forward(tx, this.deps)
    if (request.method === "INVITE") {
      this.forwards.set(tx, forward)
      tx.onTerminated(() => this.forwards.delete(tx))
    }
    const hooks = forward.hooks
    if (request.method === "BYE") {
      this.hangUp(call, leg, direction === "to-callee" ? "caller" : "callee")
      const done = () => {
        leg.ended = true
        this.dialogs.settle(call)
      }
      hooks.onAnswer = done
      hooks.onFailure = done
    } else if (request.method === "REFER") {
      const step = this.transfer(call, request, direction)
      if (step) {
        hooks.onAnswer = (_b, r) => void (step.status = r.status)
        hooks.onFailure = (o) => void (step.status = o.status)
      }
    }
    forward.start([{ request: out, target, accountId: leg.accountId }], request.method === "INVITE" ? this.decisions.policy.ringTimeoutMs : undefined)
    return true
  }

  /** The call's record ends when its answered leg gets a BYE (from either side). */
  private hangUp(call: Call, leg: Leg, side: "caller" | "callee" | "system", reason?: string): void {
    if (!call.tracked || call.recordEnded || leg.toTag !== call.primary) return
    call.recordEnded = true
    this.calls.end(call.callId, call.callerTag, { status: 200, hangup: side, ...(reason ? { reason } : {}) })
  }

  /** A REFER inside the call: a step of its transfer chain (attended when Refer-To carries Replaces). */
  private transfer(call: Call, request: SipRequest, direction: DialogMatch["direction"]): TransferStep | undefined {
    if (!call.tracked || call.recordEnded) return undefined
    const referTo = request.headers.get("Refer-To") ?? request.headers.get("r")
    const na = referTo !== undefined ? parseNameAddr(referTo) : undefined
    if (!na?.ok) return undefined
    const uri = na.value.uri
    const step: Omit<TransferStep, "at"> = { by: direction === "to-callee" ? "caller" : "callee", target: referTo! }
    if (uri.kind === "sip") {
      if (uri.user !== undefined) step.targetUser = unescapeUri(uri.user)
      const replaces = uri.headers.get("Replaces")
      step.target = `${uri.scheme}:${uri.user !== undefined ? `${uri.user}@` : ""}${uri.host}${uri.port !== undefined ? `:${uri.port}` : ""}`
      if (typeof replaces === "string") {
        const [callId, ...params] = unescapeUri(replaces).split(";")
        const r: NonNullable<TransferStep["replaces"]> = { callId: callId.trim() }
        for (const p of params) {
          const [k, v] = p.split("=").map((x) => x.trim())
          if (k.toLowerCase() === "to-tag") r.toTag = v
          if (k.toLowerCase() === "from-tag") r.fromTag = v
        }
        step.replaces = r
      }
    } else if (uri.kind === "tel") step.targetUser = uri.number
    return this.calls.addTransfer(call.callId, call.callerTag, step)
  }

  // ——— requests of our own: hanging up legs ———

  /** The ACK for a 2xx we do not pass to the caller (the call was cancelled meanwhile). */
  private ackLeg(call: Call, leg: Leg): void {
    const ack = this.ownRequest("ACK", call, leg, "to-callee", leg.inviteCseq)
    if (ack) this.o.transports.send(ack.request, ack.target).catch((error) => this.logger?.debug?.("ACK not sent", error))
  }

  /** A BYE of our own to one side of a dialog (a late answer, a party whose WebSocket closed). */
  private byeToward(call: Call, leg: Leg, direction: DialogMatch["direction"], reason?: string): void {
    const seq = direction === "to-callee" ? ++call.cseq.caller : ++call.cseq.callee
    const bye = this.ownRequest("BYE", call, leg, direction, seq)
    if (!bye) return
    if (reason) bye.request.headers.append("Reason", reason)
    try {
      this.o.transactions.sendRequest(bye.request, bye.target, {
        onResponse: (r) => {
          if (r.status >= 200) this.legEnded(call, leg)
        },
        onTimeout: () => this.legEnded(call, leg),
        onTransportError: () => this.legEnded(call, leg),
      })
    } catch (error) {
      this.logger?.debug?.("BYE not sent", error)
    }
  }

  /** We end an answered call: a BYE to each side, the record's hangup "system". */
  private endCall(call: Call, leg: Leg, reason: string): void {
    call.timer = undefined
    if (leg.ended) return
    this.hangUp(call, leg, "system", reason)
    leg.ended = true
    const why = `SIP;cause=200;text="${reason}"`
    this.byeToward(call, leg, "to-callee", why)
    this.byeToward(call, leg, "to-caller", why)
  }

  private legEnded(call: Call, leg: Leg): void {
    leg.ended = true
    this.dialogs.settle(call)
  }

  private ownRequest(method: string, call: Call, leg: Leg, direction: DialogMatch["direction"], seq: number): { request: SipRequest; target: Target } | undefined {
    const toCallee = direction === "to-callee"
    const uri = toCallee ? leg.contact : call.callerContact
    const target = toCallee ? leg.target : call.callerTarget
    if (!uri) return undefined
    const via = this.own.via(target.transport, proxyBranch("own"))
    if (!via) return undefined
    const h = new SipHeaders()
    h.append("Via", via)
    h.append("Max-Forwards", "70")
    for (const r of toCallee ? leg.routeSet : call.callerRouteSet) h.append("Route", r)
    h.append("From", toCallee ? call.callerFrom : leg.to)
    h.append("To", toCallee ? leg.to : call.callerFrom)
    h.append("Call-ID", call.callId)
    h.append("CSeq", `${seq} ${method}`)
    return { request: { kind: "request", method, uri, headers: h, body: new Uint8Array(0) }, target }
  }

  /**
   * A flow closed. A call a WebSocket party was placing is cancelled. An
   * answered call waits `flowGraceMs` for the party to come back on a new
   * connection (`rejoin`); if it does not, the call ends: a BYE of ours to the
   * other side, the record's hangup is that party's.
   */
  flowClosed(flowId: string): void {
    for (const call of this.dialogs.all()) {
      if (call.callerTarget.flowId === flowId) {
        if (call.pending) {
          for (const [tx, f] of this.forwards) if (tx.request.headers.get("Call-ID") === call.callId && !f.finalSent) f.cancel('SIP;cause=487;text="Caller gone"')
          continue
        }
        call.callerLost = this.afterGrace(call.callerLost, call.callerAccountId, () => {
          call.callerLost = undefined
          for (const leg of call.legs.values()) {
            if (!leg.confirmed || leg.ended) continue
            this.hangUp(call, leg, "caller", "connection closed")
            this.byeToward(call, leg, "to-callee", 'SIP;cause=480;text="Connection closed"')
          }
        })
        continue
      }
      for (const leg of call.legs.values()) {
        if (leg.target.flowId !== flowId || !leg.confirmed || leg.ended) continue
        leg.lost = this.afterGrace(leg.lost, leg.accountId, () => {
          leg.lost = undefined
          if (leg.ended) return
          this.hangUp(call, leg, "callee", "connection closed")
          leg.ended = true
          this.byeToward(call, leg, "to-caller", 'SIP;cause=480;text="Connection closed"')
        })
      }
    }
  }

  /**
   * `lost` after `flowGraceMs` (replacing a pending one), or at once when there
   * is no grace or no account that could come back: the timer, if any.
   */
  private afterGrace(pending: TimerHandle | undefined, accountId: string | undefined, lost: () => void): TimerHandle | undefined {
    pending?.cancel()
    const grace = this.decisions.policy.flowGraceMs
    if (grace > 0 && accountId !== undefined) return this.o.clock.setTimeout(lost, grace)
    lost()
    return undefined
  }

  /**
   * A party whose connection closed mid-call sends a request of the dialog
   * (its re-INVITE restarting ICE, an ACK, a BYE) over a new connection on
   * which its account has registered again (RFC 5626 §5.2: the flow is
   * authenticated by that registration, not by knowing the dialog's tags):
   * from now on its side of the call goes over the new flow.
   */
  private rejoin(match: DialogMatch, source: Source): void {
    const { call, leg, direction } = match
    const fromCaller = direction === "to-callee"
    if (fromCaller ? !call.callerLost : !leg.lost) return
    if (source.transport === "udp") return
    const accountId = fromCaller ? call.callerAccountId : leg.accountId
    if (!this.o.location.all().some((b) => b.accountId === accountId && b.flow.flowId === source.flowId)) return
    // the flow it came over is where its side of the call goes now
    if (fromCaller) {
      call.callerLost?.cancel()
      call.callerLost = undefined
      call.callerTarget = source
    } else {
      leg.lost?.cancel()
      leg.lost = undefined
      leg.target = source
    }
    this.logger?.debug?.(`call ${call.callId}: the ${fromCaller ? "caller" : "callee"} is back on flow ${source.flowId}`)
  }

  /** Forgets every call (the server stops): the records of calls in progress end with hangup "system". */
  close(): void {
    this.closed = true
    for (const f of this.forwards.values()) f.dispose()
    this.forwards.clear()
    for (const call of this.dialogs.all()) {
      if (call.tracked && !call.recordEnded) {
        call.recordEnded = true
        const answered = call.primary !== undefined
        this.calls.end(call.callId, call.callerTag, { status: answered ? 200 : 503, hangup: "system", reason: "server stopped" })
      }
      this.dialogs.remove(call)
    }
  }
}
