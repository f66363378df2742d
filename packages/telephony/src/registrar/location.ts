/**
 * The location service (RFC 3261 §10.3): bindings of an address-of-record to
 * contacts, each with its expiry, q-value, Call-ID/CSeq, and the flow it was
 * registered over (RFC 5626 §6: transport, remote address/port, flowId), so that
 * a request for the AOR goes back over the same connection. In memory: SIP flows
 * belong to one instance (a cluster shares them behind Kamailio, DESIGN §3).
 */
import type { SipUri } from "../sip"
import type { Clock, TimerHandle } from "../transaction/clock"
import type { Source } from "../transport/types"

export interface Binding {
  /** "sip:user@domain" (domain in lower case). */
  readonly aor: string
  readonly tenantId: string
  readonly accountId: string
  /** The contact URI as registered (wire form). */
  readonly contact: string
  readonly uri: SipUri
  /** 0 … 1 (absent q counts as 1). */
  readonly q: number
  /** Clock time (ms) the binding ends. */
  readonly expiresAt: number
  readonly callId: string
  readonly cseq: number
  /** RFC 5626 +sip.instance (without quotes and angle brackets) and reg-id. */
  readonly instanceId?: string
  readonly regId?: number
  /** The flow the REGISTER came over: a request for this contact goes back the same way. */
  readonly flow: Source
  /** Path header values (RFC 3327), to use as the route set towards the contact. */
  readonly path: readonly string[]
  readonly userAgent?: string
  readonly registeredAt: number
  readonly updatedAt: number
}

export type BindingEvent =
  | { type: "added" | "refreshed"; binding: Binding }
  | { type: "removed" | "expired" | "flow-closed"; binding: Binding }

/** One Contact of a REGISTER, parsed. */
export interface ContactInput {
  contact: string
  uri: SipUri
  q: number
  /** Seconds (0 removes). */
  expires: number
  instanceId?: string
  regId?: number
}

export interface RegistrationContext {
  tenantId: string
  accountId: string
  callId: string
  cseq: number
  flow: Source
  path: string[]
  userAgent?: string
}

export type UpdateResult =
  | { ok: true; bindings: Binding[] }
  | { ok: false; status: 400 | 403; reason: string }

export interface LocationOptions {
  clock: Clock
  /** Most contacts one AOR may have (default 10); more → 403. */
  maxContactsPerAor?: number
  /** How often expired bindings are swept (default 10 000 ms; 0 = only on demand). */
  sweepIntervalMs?: number
}

/** The address-of-record of an account: "sip:user@domain" (domain in lower case, user as is). */
export const aorOf = (domain: string, username: string): string => `sip:${username}@${domain.toLowerCase()}`

/** The identity of a contact for refresh/removal: instance + reg-id (RFC 5626), else the URI (§19.1.4, simplified). */
export const contactKey = (c: { uri: SipUri; instanceId?: string; regId?: number }): string => {
  if (c.instanceId !== undefined) return `instance:${c.instanceId}:${c.regId ?? ""}`
  const u = c.uri
  const transport = u.params.get("transport")
  return `${u.scheme}:${u.user ?? ""}@${u.host.toLowerCase()}:${u.port ?? ""};${typeof transport === "string" ? transport.toLowerCase() : ""}`
}

export class LocationService {
  private readonly byAor = new Map<string, Map<string, Binding>>()
  private readonly listeners = new Set<(event: BindingEvent) => void>()
  private readonly clock: Clock
  private readonly maxContacts: number
  private readonly sweepIntervalMs: number
  private sweeper: TimerHandle | undefined

  constructor(options: LocationOptions) {
    this.clock = options.clock
    this.maxContacts = options.maxContactsPerAor ?? 10
    this.sweepIntervalMs = options.sweepIntervalMs ?? 10_000
  }

  /** Starts the periodic sweep of expired bindings. */
  start(): void {
    if (this.sweeper || this.sweepIntervalMs <= 0) return
    const tick = () => {
      this.sweep()
      this.sweeper = this.clock.setTimeout(tick, this.sweepIntervalMs)
    }
    this.sweeper = this.clock.setTimeout(tick, this.sweepIntervalMs)
  }

  stop(): void {
    this.sweeper?.cancel()
    this.sweeper = undefined
  }

  /** Listens for binding changes; returns the remover. */
  onChange(listener: (event: BindingEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(event: BindingEvent): void {
    for (const l of this.listeners) {
      try {
        l(event)
      } catch {
        // a listener's failure is its own
      }
    }
  }

  /** Number of bindings, all AORs together (expired ones not yet swept included). */
  get size(): number {
    let n = 0
    for (const m of this.byAor.values()) n += m.size
    return n
  }

  /** The live bindings of an AOR, best first: q descending, then the most recently refreshed. */
  lookup(aor: string): Binding[] {
    const now = this.clock.now()
    const m = this.byAor.get(aor)
    if (!m) return []
    return [...m.values()].filter((b) => b.expiresAt > now).sort((a, b) => b.q - a.q || b.updatedAt - a.updatedAt)
  }

  /** The live bindings registered over one flow (a WebSocket or TCP connection, a UDP address). */
  lookupFlow(aor: string, flowId: string): Binding[] {
    return this.lookup(aor).filter((b) => b.flow.flowId === flowId)
  }

  /** Every live binding (for a supervisor's view, a cluster sync …). */
  all(): Binding[] {
    const now = this.clock.now()
    const out: Binding[] = []
    for (const m of this.byAor.values()) for (const b of m.values()) if (b.expiresAt > now) out.push(b)
    return out
  }

  /**
   * Applies one REGISTER (§10.3 steps 6–8), all or nothing. `contacts` "*"
   * removes every binding (the request had Expires: 0). A binding with the same
   * Call-ID and a CSeq not higher than stored refuses the whole request.
   */
  update(aor: string, ctx: RegistrationContext, contacts: ContactInput[] | "*"): UpdateResult {
    const now = this.clock.now()
    // the live bindings; those that expired already go (reported as expired) when the update succeeds
    const current = new Map<string, Binding>()
    const expired: Binding[] = []
    for (const [k, b] of this.byAor.get(aor) ?? []) {
      if (b.expiresAt <= now) expired.push(b)
      else current.set(k, b)
    }
    const outOfOrder = (b: Binding) => b.callId === ctx.callId && ctx.cseq <= b.cseq
    const next = new Map(current)
    const events: BindingEvent[] = expired.map((binding) => ({ type: "expired" as const, binding }))
    if (contacts === "*") {
      for (const [k, b] of current) {
        if (outOfOrder(b)) return { ok: false, status: 400, reason: "CSeq out of order" }
        next.delete(k)
        events.push({ type: "removed", binding: b })
      }
    } else {
      for (const c of contacts) {
        const key = contactKey(c)
        const old = next.get(key)
        if (old && outOfOrder(old)) return { ok: false, status: 400, reason: "CSeq out of order" }
        if (c.expires === 0) {
          if (old) {
            next.delete(key)
            events.push({ type: "removed", binding: old })
          }
          continue
        }
        const binding: Binding = {
          aor,
          tenantId: ctx.tenantId,
          accountId: ctx.accountId,
          contact: c.contact,
          uri: c.uri,
          q: c.q,
          expiresAt: now + c.expires * 1000,
          callId: ctx.callId,
          cseq: ctx.cseq,
          instanceId: c.instanceId,
          regId: c.regId,
          flow: ctx.flow,
          path: ctx.path,
          userAgent: ctx.userAgent,
          registeredAt: old?.registeredAt ?? now,
          updatedAt: now,
        }
        next.set(key, binding)
        events.push({ type: old ? "refreshed" : "added", binding })
      }
      if (next.size > this.maxContacts) return { ok: false, status: 403, reason: "Too Many Contacts" }
    }
    if (next.size === 0) this.byAor.delete(aor)
    else this.byAor.set(aor, next)
    for (const e of events) this.emit(e)
    return { ok: true, bindings: this.lookup(aor) }
  }

  /** Removes one binding by contact URI or instance; true if it existed. */
  remove(aor: string, key: string): boolean {
    const m = this.byAor.get(aor)
    const b = m?.get(key)
    if (!m || !b) return false
    m.delete(key)
    if (m.size === 0) this.byAor.delete(aor)
    this.emit({ type: "removed", binding: b })
    return true
  }

  /** Removes the bindings registered over a flow that closed (WebSocket peers cannot be reached otherwise). */
  removeFlow(flowId: string): number {
    let n = 0
    for (const [aor, m] of this.byAor) {
      for (const [k, b] of m) if (b.flow.flowId === flowId) {
        m.delete(k)
        n++
        this.emit({ type: "flow-closed", binding: b })
      }
      if (m.size === 0) this.byAor.delete(aor)
    }
    return n
  }

  /** Removes expired bindings now; returns how many. */
  sweep(): number {
    const now = this.clock.now()
    let n = 0
    for (const [aor, m] of this.byAor) {
      for (const [k, b] of m) if (b.expiresAt <= now) {
        m.delete(k)
        n++
        this.emit({ type: "expired", binding: b })
      }
      if (m.size === 0) this.byAor.delete(aor)
    }
    return n
  }
}
