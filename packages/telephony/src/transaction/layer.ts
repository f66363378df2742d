/**
 * The transaction layer (RFC 3261 §17): matches what the transport hands up to
 * transactions, creates server transactions for new requests, sends requests
 * through client transactions, and tells the transaction user (TU) what is left:
 * new requests, ACKs for 2xx, responses no transaction claims.
 */
import { type SipMessage, type SipRequest, type SipResponse, createResponse, readVia } from "../sip"
import { responseTarget } from "../transport/transports"
import type { Source, Target, TransportLogger } from "../transport/types"
import type { Transaction, TransactionContext } from "./base"
import { type ClientTransaction, type ClientTransactionHandler, InviteClientTransaction, NonInviteClientTransaction } from "./client"
import { type Clock, type TimerHandle, systemClock } from "./clock"
import { cancelledInviteKey, clientKey, responseKey, serverKey } from "./keys"
import { InviteServerTransaction, NonInviteServerTransaction, type ServerTransaction } from "./server"
import { type TimerValues, resolveTimers } from "./timers"

export interface TransactionUser {
  /** A request that starts a new server transaction (every method but ACK). Answer it with `tx.respond`. */
  onRequest(tx: ServerTransaction): void
  /** An ACK no INVITE transaction absorbed: the ACK for a 2xx (end-to-end, its own branch) or a stray one. */
  onAck?(ack: SipRequest, source: Source): void
  /** A response no client transaction matches (a late 2xx retransmission, a response meant for someone else). */
  onStrayResponse?(response: SipResponse, source: Source): void
}

export interface TransactionLayerOptions {
  /** Hands a message to the transports. */
  send(message: SipMessage | Uint8Array, target: Target): Promise<void>
  /** Timer values (T1, T2, T4, D, 100 Trying delay). */
  timers?: Partial<TimerValues>
  clock?: Clock
  logger?: TransportLogger
}

export class TransactionLayer {
  readonly clock: Clock
  readonly timers: TimerValues
  private readonly servers = new Map<string, ServerTransaction>()
  private readonly clients = new Map<string, ClientTransaction>()
  private readonly ctx: TransactionContext
  private user: TransactionUser | undefined
  private readonly logger: TransportLogger | undefined

  constructor(options: TransactionLayerOptions, user?: TransactionUser) {
    this.clock = options.clock ?? systemClock
    this.timers = resolveTimers(options.timers)
    this.logger = options.logger
    this.user = user
    const send = options.send
    this.ctx = {
      send,
      clock: this.clock,
      timers: this.timers,
      logger: options.logger,
      terminated: (tx) => this.forget(tx),
      linger: (key, bytes, ms) => this.linger(key, bytes, ms),
    }
  }

  /**
   * Completed non-INVITE server transactions over UDP until timer J: key →
   * the bytes of the final response, nothing else (a registration storm keeps
   * hundreds of thousands; where a retransmission's answer goes is worked out
   * from the retransmission). All live 64*T1, so insertion order is expiry
   * order: `expiries` counts them per expiry time, oldest first, and one timer
   * at the head serves them all.
   */
  private readonly lingering = new Map<string, Uint8Array>()
  private readonly expiries: { until: number; count: number }[] = []
  private expiriesHead = 0
  private lingerTimer: TimerHandle | undefined

  private linger(key: string, bytes: Uint8Array, ms: number): void {
    if (this.lingering.has(key)) {
      // the same key again (it cannot be while it lingers, the layer answers it): keep its place and time
      this.lingering.set(key, bytes)
      return
    }
    this.lingering.set(key, bytes)
    const until = this.clock.now() + ms
    const last = this.expiries.length > this.expiriesHead ? this.expiries[this.expiries.length - 1] : undefined
    // within a millisecond: one more of the same batch
    if (last && until - last.until < 1) last.count++
    else this.expiries.push({ until, count: 1 })
    if (!this.lingerTimer) this.lingerTimer = this.clock.setTimeout(() => this.expireLingering(), ms)
  }

  private expireLingering(): void {
    this.lingerTimer = undefined
    const now = this.clock.now()
    const keys = this.lingering.keys()
    while (this.expiriesHead < this.expiries.length) {
      const batch = this.expiries[this.expiriesHead]
      if (batch.until > now) {
        this.lingerTimer = this.clock.setTimeout(() => this.expireLingering(), batch.until - now)
        break
      }
      for (let i = 0; i < batch.count; i++) {
        const next = keys.next()
        if (next.done) break
        this.lingering.delete(next.value)
      }
      this.expiriesHead++
    }
    // drop the batches done with, now and then (not on every expiry: that would copy the array each time)
    if (this.expiriesHead > 1024 && this.expiriesHead * 2 > this.expiries.length) {
      this.expiries.splice(0, this.expiriesHead)
      this.expiriesHead = 0
    }
  }

  /** Sets the transaction user (the core: registrar, proxy, UAs). */
  setUser(user: TransactionUser): void {
    this.user = user
  }

  /** Live transactions: { server, client } (server counts Completed non-INVITE ones kept for timer J). */
  get size(): { server: number; client: number } {
    return { server: this.servers.size + this.lingering.size, client: this.clients.size }
  }

  private forget(tx: Transaction): void {
    if (this.servers.get(tx.key) === tx) this.servers.delete(tx.key)
    if (this.clients.get(tx.key) === tx) this.clients.delete(tx.key)
  }

  /** Everything the transports received goes through here. Never throws. */
  receive(message: SipMessage, source: Source): void {
    try {
      if (message.kind === "response") this.receiveResponse(message, source)
      else this.receiveRequest(message, source)
    } catch (error) {
      this.logger?.warn?.("transaction layer failed on a message", error)
    }
  }

  private receiveResponse(response: SipResponse, source: Source): void {
    const key = responseKey(response)
    const tx = key !== undefined ? this.clients.get(key) : undefined
    if (tx) tx.receiveResponse(response, source)
    else this.user?.onStrayResponse?.(response, source)
  }

  private receiveRequest(request: SipRequest, source: Source): void {
    const key = serverKey(request)
    if (key === undefined) return // no usable Via: the transport should not have let it through
    const existing = this.servers.get(key)
    if (request.method === "ACK") {
      if (existing instanceof InviteServerTransaction && existing.receiveAck(request, source) === "absorbed") return
      this.user?.onAck?.(request, source)
      return
    }
    if (existing) {
      existing.receiveRetransmission(request)
      return
    }
    const completed = this.lingering.get(key)
    if (completed) {
      // a retransmission of a request answered already (timer J running): the same answer, where its request came from
      this.ctx.send(completed, responseTarget(request, source)).catch((error) => this.logger?.debug?.("response retransmission failed", error))
      return
    }
    const target = responseTarget(request, source)
    const tx: ServerTransaction =
      request.method === "INVITE"
        ? new InviteServerTransaction(key, request, source, target, this.ctx)
        : new NonInviteServerTransaction(key, request, source, target, this.ctx)
    this.servers.set(key, tx)
    if (!this.user) {
      tx.respond(createResponse(request, 503))
      return
    }
    try {
      this.user.onRequest(tx)
    } catch (error) {
      this.logger?.warn?.(`TU failed on ${request.method}`, error)
      if (!tx.answered) tx.respond(createResponse(request, 500))
    }
  }

  /** The INVITE server transaction a CANCEL refers to (§9.2), if it is still there. */
  findInviteForCancel(cancel: SipRequest): InviteServerTransaction | undefined {
    const key = cancelledInviteKey(cancel)
    const tx = key !== undefined ? this.servers.get(key) : undefined
    return tx instanceof InviteServerTransaction ? tx : undefined
  }

  /**
   * Sends a request through a new client transaction. The request must carry
   * its own top Via with an RFC 3261 branch (the TU adds it: it knows the
   * transport's address). Throws a TypeError otherwise, or for a duplicate branch.
   */
  sendRequest(request: SipRequest, target: Target, handler: ClientTransactionHandler): ClientTransaction {
    if (request.method === "ACK") throw new TypeError("ACK is not sent in a transaction")
    const top = request.headers.get("Via")
    const via = top !== undefined ? readVia(top) : undefined
    const branch = via?.ok ? via.value.branch : undefined
    if (branch === undefined || !branch.startsWith("z9hG4bK")) throw new TypeError("request needs a top Via with a z9hG4bK branch")
    const key = clientKey(branch, request.method)
    if (this.clients.has(key)) throw new TypeError("a client transaction with this branch and method exists")
    const tx =
      request.method === "INVITE"
        ? new InviteClientTransaction(key, request, target, handler, this.ctx)
        : new NonInviteClientTransaction(key, request, target, handler, this.ctx)
    this.clients.set(key, tx)
    tx.start()
    return tx
  }

  /** Ends every transaction (timers cancelled). */
  close(): void {
    for (const tx of [...this.servers.values(), ...this.clients.values()]) tx.terminate("closed")
    this.servers.clear()
    this.clients.clear()
    this.lingering.clear()
    this.expiries.length = 0
    this.expiriesHead = 0
    this.lingerTimer?.cancel()
    this.lingerTimer = undefined
  }
}
