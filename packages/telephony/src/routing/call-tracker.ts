/**
 * Call state and call records. The proxy tells the tracker what happens to
 * each call — identified by Call-ID + the caller's From tag — and the tracker
 * keeps it as routing → ringing → answered → ended, counts the calls each
 * account is in (for call limits), and produces one `CallRecord` (CDR) per call
 * when it ends. Hooks let the server persist and publish: `onRinging`,
 * `onAnswered`, `onEnded(record)`. In memory: calls belong to the instance whose
 * proxy routes them.
 */
import type { TransportLogger } from "../transport/types"

export type CallDirection = "internal" | "inbound" | "outbound"
export type CallDisposition = "answered" | "missed" | "busy" | "failed" | "cancelled"
export type HangupSide = "caller" | "callee" | "system"
export type CallState = "routing" | "ringing" | "answered" | "ended"

export interface CallParty {
  /** User part (%-escapes resolved): the caller's username / the number dialled. */
  user: string
  displayName?: string
  /** The URI as sent (From of the caller, Request-URI of the callee). */
  uri: string
}

/** A REFER seen in the call: a blind transfer, or an attended one (Refer-To with Replaces). */
export interface TransferStep {
  /** Who sent the REFER. */
  by: "caller" | "callee"
  /** The Refer-To URI (without its Replaces header) and its user part. */
  target: string
  targetUser?: string
  /** Attended transfer: the dialog the transfer target replaces (RFC 3891). */
  replaces?: { callId: string; toTag?: string; fromTag?: string }
  at: Date
  /** Status of the REFER's final response (202 accepted) once known. */
  status?: number
}

export interface CallRecord {
  tenantId: string
  callId: string
  /** The caller's From tag: with the Call-ID, what identifies the call. */
  fromTag: string
  from: CallParty
  to: CallParty
  callerAccountId?: string
  /** The account that answered; unanswered: the only account rung, if there was one. */
  calleeAccountId?: string
  /** Every account the call was routed to. */
  targetAccountIds: string[]
  direction: CallDirection
  startedAt: Date
  /** When the first 180/183 came (absent: never rang). */
  ringingAt?: Date
  answeredAt?: Date
  endedAt: Date
  /** From start to answer (or to the end when unanswered), seconds with millisecond precision. */
  ringSeconds: number
  /** From answer to end; 0 when unanswered. */
  talkSeconds: number
  disposition: CallDisposition
  /** The final status of the INVITE: 200 when answered, else what the caller got. */
  status: number
  /** Why it ended, when there is more to say (reason phrase, "ring timeout", "call limit"…). */
  reason?: string
  hangup: HangupSide
  transfers: TransferStep[]
  /** The Referred-By of the INVITE, when this call is the result of a transfer. */
  referredBy?: string
  /** The Call-ID this call replaces (an INVITE with Replaces: the end of an attended transfer). */
  replacesCallId?: string
}

/** A call in progress, as hooks and `active()` see it. */
export interface ActiveCall {
  readonly state: CallState
  readonly tenantId: string
  readonly callId: string
  readonly fromTag: string
  readonly from: CallParty
  readonly to: CallParty
  readonly callerAccountId?: string
  readonly calleeAccountId?: string
  readonly targetAccountIds: readonly string[]
  readonly direction: CallDirection
  readonly startedAt: Date
  readonly ringingAt?: Date
  readonly answeredAt?: Date
  readonly transfers: readonly TransferStep[]
}

export interface CallStart {
  tenantId: string
  callId: string
  fromTag: string
  from: CallParty
  to: CallParty
  callerAccountId?: string
  targetAccountIds?: string[]
  direction: CallDirection
  referredBy?: string
  replacesCallId?: string
}

export interface CallEnd {
  /** Final status of the INVITE (200 for an answered call ended by BYE). */
  status: number
  hangup: HangupSide
  /** The caller cancelled before an answer. */
  cancelled?: boolean
  /** Override the disposition derived from status / cancelled. */
  disposition?: CallDisposition
  reason?: string
}

export interface CallTrackerOptions {
  /** Wall-clock milliseconds (default Date.now). */
  now?: () => number
  /** Listeners from the start (more with `onRinging` / `onAnswered` / `onEnded`). */
  hooks?: {
    onRinging?: (call: ActiveCall) => void
    onAnswered?: (call: ActiveCall) => void
    onEnded?: (record: CallRecord) => void
  }
  logger?: TransportLogger
}

/** The disposition of an unanswered call by its final status: busy, missed (rang, nobody took it), failed. */
export const dispositionOf = (status: number, cancelled = false): CallDisposition => {
  if (status >= 200 && status < 300) return "answered"
  if (cancelled || status === 487) return "cancelled"
  if (status === 486 || status === 600 || status === 603) return "busy"
  if (status === 408 || status === 480) return "missed"
  return "failed"
}

interface Tracked {
  state: CallState
  start: CallStart
  targets: string[]
  callee?: string
  startedAt: number
  ringingAt?: number
  answeredAt?: number
  transfers: TransferStep[]
}

const keyOf = (callId: string, fromTag: string) => `${callId}\u0001${fromTag}`
const seconds = (ms: number) => Math.max(0, Math.round(ms)) / 1000

type Listener<T> = (value: T) => void

export class CallTracker {
  private readonly calls = new Map<string, Tracked>()
  private readonly counts = new Map<string, number>()
  private readonly now: () => number
  private readonly logger: TransportLogger | undefined
  private readonly ringing = new Set<Listener<ActiveCall>>()
  private readonly answered = new Set<Listener<ActiveCall>>()
  private readonly ended = new Set<Listener<CallRecord>>()

  constructor(options: CallTrackerOptions = {}) {
    this.now = options.now ?? Date.now
    this.logger = options.logger
    const h = options.hooks ?? {}
    if (h.onRinging) this.ringing.add(h.onRinging)
    if (h.onAnswered) this.answered.add(h.onAnswered)
    if (h.onEnded) this.ended.add(h.onEnded)
  }

  /** The first 180/183 of a call. Returns the remover. */
  onRinging(listener: Listener<ActiveCall>): () => void {
    this.ringing.add(listener)
    return () => this.ringing.delete(listener)
  }

  /** The first 2xx of a call. */
  onAnswered(listener: Listener<ActiveCall>): () => void {
    this.answered.add(listener)
    return () => this.answered.delete(listener)
  }

  /** A call ended: its record, to persist and publish. */
  onEnded(listener: Listener<CallRecord>): () => void {
    this.ended.add(listener)
    return () => this.ended.delete(listener)
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const l of listeners) {
      try {
        l(value)
      } catch (error) {
        this.logger?.warn?.("call tracker listener threw", error)
      }
    }
  }

  private count(accountId: string | undefined, delta: number): void {
    if (accountId === undefined) return
    const n = (this.counts.get(accountId) ?? 0) + delta
    if (n <= 0) this.counts.delete(accountId)
    else this.counts.set(accountId, n)
  }

  /** The accounts a call occupies: the caller, and the callee (once answered) or every account ringing. */
  private occupied(t: Tracked): Set<string> {
    const s = new Set<string>()
    if (t.start.callerAccountId !== undefined) s.add(t.start.callerAccountId)
    if (t.state === "answered") {
      if (t.callee !== undefined) s.add(t.callee)
    } else for (const a of t.targets) s.add(a)
    return s
  }

  private view(t: Tracked): ActiveCall {
    const d = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms))
    return {
      state: t.state,
      tenantId: t.start.tenantId,
      callId: t.start.callId,
      fromTag: t.start.fromTag,
      from: t.start.from,
      to: t.start.to,
      callerAccountId: t.start.callerAccountId,
      calleeAccountId: t.callee ?? (t.targets.length === 1 ? t.targets[0] : undefined),
      targetAccountIds: [...t.targets],
      direction: t.start.direction,
      startedAt: new Date(t.startedAt),
      ringingAt: d(t.ringingAt),
      answeredAt: d(t.answeredAt),
      transfers: [...t.transfers],
    }
  }

  /** Calls in progress (routing, ringing or answered) that involve the account, as caller or callee. */
  activeCount(accountId: string): number {
    return this.counts.get(accountId) ?? 0
  }

  /** Number of calls in progress. */
  get size(): number {
    return this.calls.size
  }

  get(callId: string, fromTag: string): ActiveCall | undefined {
    const t = this.calls.get(keyOf(callId, fromTag))
    return t ? this.view(t) : undefined
  }

  active(): ActiveCall[] {
    return [...this.calls.values()].map((t) => this.view(t))
  }

  /** A new call, in state "routing". Starting a call that is tracked already returns it unchanged. */
  start(start: CallStart): ActiveCall {
    const key = keyOf(start.callId, start.fromTag)
    const existing = this.calls.get(key)
    if (existing) return this.view(existing)
    const t: Tracked = { state: "routing", start: { ...start }, targets: [...(start.targetAccountIds ?? [])], startedAt: this.now(), transfers: [] }
    this.calls.set(key, t)
    for (const a of this.occupied(t)) this.count(a, 1)
    return this.view(t)
  }

  /** The accounts being rung (set once routing has found them). */
  setTargets(callId: string, fromTag: string, accountIds: string[]): void {
    const t = this.calls.get(keyOf(callId, fromTag))
    if (!t || t.state === "answered") return
    for (const a of this.occupied(t)) this.count(a, -1)
    t.targets = [...new Set(accountIds)]
    for (const a of this.occupied(t)) this.count(a, 1)
  }

  /** A 180/183 reached the caller. The first one fires `onRinging`. */
  markRinging(callId: string, fromTag: string): void {
    const t = this.calls.get(keyOf(callId, fromTag))
    if (!t || t.state !== "routing") return
    t.state = "ringing"
    t.ringingAt = this.now()
    this.emit(this.ringing, this.view(t))
  }

  /** The first 2xx reached the caller: the call is answered by `accountId`; the other accounts are free again. */
  markAnswered(callId: string, fromTag: string, accountId?: string): void {
    const t = this.calls.get(keyOf(callId, fromTag))
    if (!t || t.state === "answered") return
    for (const a of this.occupied(t)) this.count(a, -1)
    t.state = "answered"
    t.answeredAt = this.now()
    t.callee = accountId
    for (const a of this.occupied(t)) this.count(a, 1)
    this.emit(this.answered, this.view(t))
  }

  /** A REFER was sent inside the call. Returns the step, to fill its status in later. */
  addTransfer(callId: string, fromTag: string, step: Omit<TransferStep, "at">): TransferStep | undefined {
    const t = this.calls.get(keyOf(callId, fromTag))
    if (!t) return undefined
    const full: TransferStep = { ...step, at: new Date(this.now()) }
    t.transfers.push(full)
    return full
  }

  /** The call ended: its record is produced, handed to `onEnded` and returned. Unknown calls give undefined. */
  end(callId: string, fromTag: string, end: CallEnd): CallRecord | undefined {
    const key = keyOf(callId, fromTag)
    const t = this.calls.get(key)
    if (!t) return undefined
    for (const a of this.occupied(t)) this.count(a, -1)
    this.calls.delete(key)
    const endedAt = this.now()
    const answered = t.answeredAt !== undefined
    const s = t.start
    const record: CallRecord = {
      tenantId: s.tenantId,
      callId: s.callId,
      fromTag: s.fromTag,
      from: s.from,
      to: s.to,
      ...(s.callerAccountId !== undefined ? { callerAccountId: s.callerAccountId } : {}),
      targetAccountIds: [...t.targets],
      direction: s.direction,
      startedAt: new Date(t.startedAt),
      ...(t.ringingAt !== undefined ? { ringingAt: new Date(t.ringingAt) } : {}),
      ...(answered ? { answeredAt: new Date(t.answeredAt!) } : {}),
      endedAt: new Date(endedAt),
      ringSeconds: seconds((t.answeredAt ?? endedAt) - t.startedAt),
      talkSeconds: answered ? seconds(endedAt - t.answeredAt!) : 0,
      disposition: end.disposition ?? (answered ? "answered" : dispositionOf(end.status, end.cancelled)),
      status: answered ? 200 : end.status,
      ...(end.reason !== undefined ? { reason: end.reason } : {}),
      hangup: end.hangup,
      transfers: t.transfers,
      ...(s.referredBy !== undefined ? { referredBy: s.referredBy } : {}),
      ...(s.replacesCallId !== undefined ? { replacesCallId: s.replacesCallId } : {}),
    }
    const callee = t.callee ?? (t.targets.length === 1 ? t.targets[0] : undefined)
    if (callee !== undefined) record.calleeAccountId = callee
    this.emit(this.ended, record)
    return record
  }
}
