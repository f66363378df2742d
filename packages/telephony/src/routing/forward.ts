/**
 * One request forwarded statefully (RFC 3261 §16.6–§16.10): a server
 * transaction on the caller's side, one client transaction per branch (forking
 * in parallel), and the response context — provisional responses forwarded
 * (not 100), the first 2xx forwarded and the other INVITE branches CANCELled,
 * later 2xx forwarded too, a 6xx cancels the rest; once every branch has
 * failed, the best final response (6xx first, else the lowest class; 503
 * becomes 500) goes to the caller. The caller's CANCEL cancels every branch;
 * branches that never answered are not waited for.
 */
import { type SipRequest, type SipResponse, createResponse, generateTag } from "../sip"
import type { ClientTransaction } from "../transaction/client"
import { InviteClientTransaction } from "../transaction/client"
import type { Clock, TimerHandle } from "../transaction/clock"
import type { TransactionLayer } from "../transaction/layer"
import type { ServerTransaction } from "../transaction/server"
import type { Transports } from "../transport/transports"
import type { Target, TransportLogger } from "../transport/types"
import { popVia } from "./forwarding"

export interface BranchSpec {
  /** The request to send: Request-URI, Via, Route, Record-Route, Max-Forwards set. */
  request: SipRequest
  target: Target
  /** The account this branch rings (for the call record). */
  accountId?: string
}

export interface Branch extends BranchSpec {
  readonly index: number
  state: "calling" | "proceeding" | "done"
  tx?: ClientTransaction
  /** The final response (Via popped), or the status we made up for it (408 timeout, 503 transport error). */
  status?: number
  response?: SipResponse
  /** We cancelled it (another branch answered, a 6xx, the ring timeout): its 487 is no candidate. */
  cancelledByUs: boolean
}

/** Why the caller got the final response it got. */
export interface FinalOutcome {
  status: number
  response: SipResponse
  /** "callee": a branch's own response; "system": made up by us (timeouts, errors). */
  source: "callee" | "system"
  branch?: Branch
  cancelled: boolean
  timedOut: boolean
}

export interface ForwardHooks {
  /** A provisional response (not 100) from a branch, Via popped, before it is forwarded (if it still is). */
  onProvisional?(branch: Branch, response: SipResponse): void
  /** A 2xx from a branch, forwarded; `first` for the one that answered the call. */
  onAnswer?(branch: Branch, response: SipResponse, first: boolean): void
  /** The caller got a non-2xx final response. */
  onFailure?(outcome: FinalOutcome): void
  /** A 2xx came after the caller got a failure (a CANCEL crossed an answer): the leg must be hung up. */
  onLate2xx?(branch: Branch, response: SipResponse): void
}

export interface ForwardDeps {
  transactions: TransactionLayer
  transports: Transports
  clock: Clock
  logger?: TransportLogger
}

const CANCEL_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"'

/** Lower is better: 6xx, then by class; within a class busy, unavailable, the rest, then timeouts and cancellations. */
const rank = (status: number): number => {
  if (status >= 600) return 0
  const within = status === 486 ? 0 : status === 480 ? 1 : status === 408 || status === 487 || status === 503 ? 8 : 5
  return Math.floor(status / 100) * 10 + within
}

export class Forward {
  readonly branches: Branch[] = []
  readonly isInvite: boolean
  private _finalSent = false
  private _answered = false
  private _cancelled = false
  private _timedOut = false
  private started = false
  private ringTimer: TimerHandle | undefined
  private cancelGuard: TimerHandle | undefined
  private cancelReason: string | undefined

  constructor(
    readonly server: ServerTransaction,
    private readonly deps: ForwardDeps,
    /** What the owner wants to hear about; set before `start`. */
    readonly hooks: ForwardHooks = {},
  ) {
    this.isInvite = server.request.method === "INVITE"
  }

  /** A final response went to the caller. */
  get finalSent(): boolean {
    return this._finalSent
  }

  /** A 2xx went to the caller. */
  get answered(): boolean {
    return this._answered
  }

  /** The caller cancelled (before a final response). */
  get cancelled(): boolean {
    return this._cancelled
  }

  get timedOut(): boolean {
    return this._timedOut
  }

  private synth(status: number, reason?: string): SipResponse {
    return createResponse(this.server.request, status, { toTag: generateTag(), ...(reason ? { reason } : {}) })
  }

  /** Answers the caller ourselves, before any branch (routing failures): false when a final response went already. */
  reject(status: number, reason?: string, headers?: [string, string][]): boolean {
    if (this._finalSent) return false
    this._finalSent = true
    this.clearTimer()
    return this.server.respond(createResponse(this.server.request, status, { toTag: generateTag(), ...(reason ? { reason } : {}), ...(headers ? { headers } : {}) }))
  }

  /** Answers the caller with a response of ours (a 407 challenge …) before any branch. */
  answer(response: SipResponse): boolean {
    if (this._finalSent) return false
    if (response.status >= 200) {
      this._finalSent = true
      this.clearTimer()
    }
    return this.server.respond(response)
  }

  /** Sends every branch; for an INVITE, 100 Trying at once and the ring timeout. */
  start(specs: BranchSpec[], ringTimeoutMs?: number): void {
    if (this.started || this._finalSent) return
    this.started = true
    if (this.isInvite && this.server.lastResponseStatus === 0) this.server.respond(createResponse(this.server.request, 100))
    if (this.isInvite && ringTimeoutMs !== undefined) this.ringTimer = this.deps.clock.setTimeout(() => this.ringTimeout(), ringTimeoutMs)
    for (const spec of specs) this.branches.push({ ...spec, index: this.branches.length, state: "calling", cancelledByUs: false })
    for (const branch of [...this.branches]) {
      if (this._finalSent && !this._answered) break
      try {
        branch.tx = this.deps.transactions.sendRequest(branch.request, branch.target, {
          onResponse: (response) => this.onResponse(branch, response),
          onTimeout: () => this.branchFailed(branch, 408),
          onTransportError: (error) => {
            this.deps.logger?.debug?.(`branch ${branch.index} to ${branch.target.transport}:${branch.target.address}:${branch.target.port} failed`, error)
            this.branchFailed(branch, 503)
          },
        })
      } catch (error) {
        this.deps.logger?.warn?.("could not start a branch", error)
        this.branchFailed(branch, 500)
      }
    }
    if (this.branches.length === 0) this.maybeFinish()
  }

  /** The caller's CANCEL: every branch is cancelled; the caller gets 487 once they are done. */
  cancel(reason?: string): void {
    if (this._finalSent) return
    this._cancelled = true
    this.cancelReason = reason
    if (!this.started) return // routing still in progress: the router answers 487
    this.cancelBranches(undefined, reason)
    this.maybeFinish()
  }

  /** Stops the timers (the server stops). */
  dispose(): void {
    this.clearTimer()
    this.cancelGuard?.cancel()
    this.cancelGuard = undefined
  }

  private ringTimeout(): void {
    this.ringTimer = undefined
    if (this._finalSent) return
    this._timedOut = true
    this.cancelBranches(undefined)
    this.maybeFinish()
  }

  private clearTimer(): void {
    this.ringTimer?.cancel()
    this.ringTimer = undefined
  }

  /**
   * A cancelled branch that never sends its final response (§9.1: give up
   * 64*T1 after the CANCEL) must not keep the caller waiting: it counts as done.
   */
  private guardCancel(): void {
    if (this.cancelGuard) return
    this.cancelGuard = this.deps.clock.setTimeout(() => {
      for (const b of this.branches) {
        if (b.state === "done" || !b.cancelledByUs) continue
        b.state = "done"
        b.status = 408
        b.tx?.terminate("timeout")
      }
      this.maybeFinish()
    }, 64 * this.deps.transactions.timers.T1)
  }

  private cancelBranches(except: Branch | undefined, reason?: string): void {
    if (this.isInvite) this.guardCancel()
    for (const b of this.branches) {
      if (b === except || b.state === "done") continue
      b.cancelledByUs = true
      const tx = b.tx
      if (!(tx instanceof InviteClientTransaction)) continue
      tx.cancel((cancel) => {
        if (reason) cancel.headers.append("Reason", reason)
        try {
          this.deps.transactions.sendRequest(cancel, b.target, { onResponse: () => {} })
        } catch (error) {
          this.deps.logger?.debug?.("CANCEL not sent", error)
        }
      })
    }
  }

  private respond(response: SipResponse): void {
    if (this.server.respond(response)) return
    // a 2xx after the server transaction ended (another fork, late): straight to the caller (§16.7 step 10)
    if (response.status >= 200 && response.status < 300)
      this.deps.transports.send(response, this.server.target).catch((error) => this.deps.logger?.debug?.("late 2xx not sent", error))
  }

  private onResponse(branch: Branch, response: SipResponse): void {
    const status = response.status
    popVia(response)
    if (status < 200) {
      if (branch.state === "done") return
      branch.state = "proceeding"
      if (status === 100) return
      this.hooks.onProvisional?.(branch, response)
      if (!this._finalSent) this.server.respond(response)
      return
    }
    if (status < 300) {
      // non-INVITE: only the first final response goes to the caller
      if (!this.isInvite && this._finalSent) return
      const retransmission = branch.state === "done" && branch.status !== undefined && branch.status < 300
      branch.state = "done"
      branch.status = status
      branch.response = response
      if (this._finalSent && !this._answered) {
        this.hooks.onLate2xx?.(branch, response)
        return
      }
      const first = !this._answered
      this._answered = true
      this._finalSent = true
      this.respond(response)
      if (retransmission) return
      if (first) {
        this.clearTimer()
        if (this.isInvite) this.cancelBranches(branch, CANCEL_ELSEWHERE)
      }
      this.hooks.onAnswer?.(branch, response, first)
      return
    }
    if (branch.state === "done") return
    branch.state = "done"
    branch.status = status
    branch.response = response
    if (status >= 600 && !this._finalSent) this.cancelBranches(branch)
    this.maybeFinish()
  }

  private branchFailed(branch: Branch, status: number): void {
    if (branch.state === "done") return
    branch.state = "done"
    branch.status = status
    this.maybeFinish()
  }

  /** Once every branch is done (after a CANCEL: every branch that ever answered), the best response goes to the caller. */
  private maybeFinish(): void {
    if (this._finalSent) return
    const waiting = this.branches.some((b) => b.state === "proceeding" || (b.state === "calling" && !(this._cancelled || this._timedOut)))
    if (waiting) return
    this._finalSent = true
    this.clearTimer()
    const outcome = this.best()
    this.server.respond(outcome.response)
    this.hooks.onFailure?.(outcome)
  }

  private best(): FinalOutcome {
    const common = { cancelled: this._cancelled, timedOut: this._timedOut }
    if (this._cancelled) return { ...common, status: 487, response: this.synth(487), source: "system" }
    if (this._timedOut) return { ...common, status: 480, response: this.synth(480, "No Answer"), source: "system" }
    let best: Branch | undefined
    for (const b of this.branches) {
      if (b.status === undefined || b.status < 300 || (b.cancelledByUs && b.status === 487)) continue
      if (!best || rank(b.status) < rank(best.status!)) best = b
    }
    if (!best) return { ...common, status: 408, response: this.synth(408), source: "system" }
    const status = best.status!
    if (best.response && status !== 503) return { ...common, status, response: best.response, source: "callee", branch: best }
    // §16.7 step 6: a 503 is not passed on (the caller would think we are overloaded); timeouts and errors are ours
    const s = status === 503 ? 500 : status
    return { ...common, status: s, response: this.synth(s), source: "system", branch: best }
  }
}
