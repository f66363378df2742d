/** What every transaction holds: its timers, its state, the way to send and to end. */
import type { SipMessage } from "../sip"
import type { Target, TransportLogger } from "../transport/types"
import type { Clock, TimerHandle } from "./clock"
import type { TimerValues } from "./timers"

export type TransactionState =
  | "calling" // INVITE client, request sent
  | "trying" // non-INVITE client / server, no provisional yet
  | "proceeding"
  | "completed"
  | "confirmed" // INVITE server, ACK received
  | "accepted" // RFC 6026: INVITE 2xx sent / received
  | "terminated"

/** What the transaction layer gives its transactions. */
export interface TransactionContext {
  send(message: SipMessage | Uint8Array, target: Target): Promise<void>
  readonly clock: Clock
  readonly timers: TimerValues
  readonly logger?: TransportLogger
  /** Called once when a transaction terminates. */
  terminated(tx: Transaction): void
  /**
   * Keeps a final response for `ms` to answer retransmissions of its request:
   * the Completed state of a non-INVITE server transaction over UDP (timer J),
   * held as its bytes instead of the whole transaction.
   */
  linger(key: string, bytes: Uint8Array, ms: number): void
}

export type TerminationReason = "normal" | "timeout" | "transport-error" | "closed"

export abstract class Transaction {
  private _state: TransactionState
  private readonly handles = new Set<TimerHandle>()
  private readonly endListeners: ((reason: TerminationReason) => void)[] = []

  constructor(
    readonly key: string,
    readonly reliable: boolean,
    protected readonly ctx: TransactionContext,
    initial: TransactionState,
  ) {
    this._state = initial
  }

  get state(): TransactionState {
    return this._state
  }

  protected setState(state: TransactionState): void {
    this._state = state
  }

  /** Listens for the end of the transaction. */
  onTerminated(listener: (reason: TerminationReason) => void): void {
    if (this._state === "terminated") listener("normal")
    else this.endListeners.push(listener)
  }

  /** Starts a timer that is cancelled with the transaction. */
  protected timer(ms: number, fn: () => void): TimerHandle {
    const handle = this.ctx.clock.setTimeout(() => {
      this.handles.delete(handle)
      if (this._state === "terminated") return
      try {
        fn()
      } catch (error) {
        this.ctx.logger?.warn?.("transaction timer failed", error)
      }
    }, ms)
    this.handles.add(handle)
    return handle
  }

  protected cancelTimer(handle: TimerHandle | undefined): void {
    if (!handle) return
    handle.cancel()
    this.handles.delete(handle)
  }

  /** Sends; a failure ends the transaction with "transport-error" (RFC 3261 §17.1.4, §17.2.4). */
  protected transmit(message: SipMessage | Uint8Array, target: Target): void {
    this.ctx.send(message, target).catch((error) => {
      this.ctx.logger?.debug?.("transaction send failed", error)
      this.transportError(error)
    })
  }

  protected transportError(error: unknown): void {
    void error
    this.terminate("transport-error")
  }

  /** Ends the transaction now: timers cancelled, listeners told, removed from the layer. */
  terminate(reason: TerminationReason = "normal"): void {
    if (this._state === "terminated") return
    this._state = "terminated"
    for (const h of this.handles) h.cancel()
    this.handles.clear()
    this.ctx.terminated(this)
    for (const l of this.endListeners.splice(0)) {
      try {
        l(reason)
      } catch (error) {
        this.ctx.logger?.warn?.("transaction listener threw", error)
      }
    }
  }
}
