/**
 * Client transactions (RFC 3261 §17.1, RFC 6026): INVITE (Calling → Proceeding
 * → Completed/Accepted → Terminated; timers A, B, D, M) and non-INVITE (Trying
 * → Proceeding → Completed → Terminated; timers E, F, K). Retransmissions only
 * over unreliable transports. The ACK for a 300–699 response is sent here.
 */
import { type SipRequest, type SipResponse, serializeMessage } from "../sip"
import type { Source, Target } from "../transport/types"
import { Transaction, type TransactionContext } from "./base"
import type { TimerHandle } from "./clock"
import { createAckForFailure, createCancel } from "./requests"

export interface ClientTransactionHandler {
  /** Every response the TU must see: provisionals, the final one, and (INVITE) 2xx retransmissions from forks. */
  onResponse(response: SipResponse, source: Source): void
  /** Timer B or F fired: no final response (the TU treats it as 408). */
  onTimeout?(): void
  /** The request could not be sent (the TU treats it as 503). */
  onTransportError?(error: unknown): void
}

const NOTHING = new Uint8Array(0)

export abstract class ClientTransaction extends Transaction {
  /** The request as sent; let go once no retransmission can follow (a final response came). */
  protected bytes: Uint8Array
  /** Timer A/E (the next retransmission) and B/F (the give-up), stopped at the final response. */
  protected retransmitTimer: TimerHandle | undefined
  protected timeoutTimer: TimerHandle | undefined

  constructor(
    key: string,
    readonly request: SipRequest,
    readonly target: Target,
    protected readonly handler: ClientTransactionHandler,
    ctx: TransactionContext,
    initial: "calling" | "trying",
  ) {
    super(key, target.transport !== "udp", ctx, initial)
    this.bytes = serializeMessage(request)
  }

  get method(): string {
    return this.request.method
  }

  /** Sends the request and starts the timers. Called once by the transaction layer. */
  abstract start(): void

  /** A response matched this transaction. */
  abstract receiveResponse(response: SipResponse, source: Source): void

  protected override transportError(error: unknown): void {
    if (this.state === "terminated") return
    this.terminate("transport-error")
    this.handler.onTransportError?.(error)
  }

  /**
   * A final response came: no more retransmissions of the request and no
   * timeout. What stays (timers D/K/M) keeps the transaction 32 s at most; the
   * others would keep their closures as long (RFC 6026 Accepted).
   */
  protected finalReceived(): void {
    this.cancelTimer(this.retransmitTimer)
    this.cancelTimer(this.timeoutTimer)
    this.retransmitTimer = undefined
    this.timeoutTimer = undefined
    this.bytes = NOTHING
  }

  protected deliver(response: SipResponse, source: Source): void {
    try {
      this.handler.onResponse(response, source)
    } catch (error) {
      this.ctx.logger?.warn?.("client transaction handler threw", error)
    }
  }

  protected timeout(): void {
    this.terminate("timeout")
    try {
      this.handler.onTimeout?.()
    } catch (error) {
      this.ctx.logger?.warn?.("client transaction handler threw", error)
    }
  }
}

export class NonInviteClientTransaction extends ClientTransaction {
  constructor(key: string, request: SipRequest, target: Target, handler: ClientTransactionHandler, ctx: TransactionContext) {
    super(key, request, target, handler, ctx, "trying")
  }

  start(): void {
    const { T1, T2 } = this.ctx.timers
    this.transmit(this.bytes, this.target)
    if (!this.reliable) {
      // Timer E: T1, 2T1, 4T1 … capped at T2 while Trying; every T2 once Proceeding
      const e = (interval: number) => {
        this.retransmitTimer = this.timer(interval, () => {
          if (this.state !== "trying" && this.state !== "proceeding") return
          this.transmit(this.bytes, this.target)
          e(this.state === "proceeding" ? T2 : Math.min(interval * 2, T2))
        })
      }
      e(T1)
    }
    // Timer F
    this.timeoutTimer = this.timer(64 * T1, () => {
      if (this.state === "trying" || this.state === "proceeding") this.timeout()
    })
  }

  receiveResponse(response: SipResponse, source: Source): void {
    const state = this.state
    if (state !== "trying" && state !== "proceeding") return // Completed: retransmissions absorbed
    if (response.status < 200) {
      this.setState("proceeding")
      this.deliver(response, source)
      return
    }
    this.setState("completed")
    this.finalReceived()
    this.deliver(response, source)
    // Timer K: absorb response retransmissions for T4 (unreliable)
    if (this.reliable) this.terminate()
    else this.timer(this.ctx.timers.T4, () => this.terminate())
  }
}

export class InviteClientTransaction extends ClientTransaction {
  private ack: Uint8Array | undefined
  private cancelWanted: ((cancel: SipRequest) => void) | undefined
  private cancelSent = false

  constructor(key: string, request: SipRequest, target: Target, handler: ClientTransactionHandler, ctx: TransactionContext) {
    super(key, request, target, handler, ctx, "calling")
  }

  start(): void {
    const { T1 } = this.ctx.timers
    this.transmit(this.bytes, this.target)
    if (!this.reliable) {
      // Timer A: T1, 2T1, 4T1 … (no cap) while Calling
      const a = (interval: number) => {
        this.retransmitTimer = this.timer(interval, () => {
          if (this.state !== "calling") return
          this.transmit(this.bytes, this.target)
          a(interval * 2)
        })
      }
      a(T1)
    }
    // Timer B
    this.timeoutTimer = this.timer(64 * T1, () => {
      if (this.state === "calling") this.timeout()
    })
  }

  receiveResponse(response: SipResponse, source: Source): void {
    const state = this.state
    const status = response.status
    if (state === "calling" || state === "proceeding") {
      if (status < 200) {
        this.setState("proceeding")
        this.deliver(response, source)
        this.maybeCancel()
        return
      }
      if (status < 300) {
        this.setState("accepted")
        this.finalReceived()
        this.deliver(response, source)
        // Timer M: 2xx retransmissions (and other forks' 2xx) still go to the TU
        this.timer(64 * this.ctx.timers.T1, () => this.terminate())
        return
      }
      this.setState("completed")
      this.finalReceived()
      this.ack = serializeMessage(createAckForFailure(this.request, response))
      this.transmit(this.ack, this.target)
      this.deliver(response, source)
      // Timer D: answer retransmitted failures with the ACK again
      if (this.reliable) this.terminate()
      else this.timer(this.ctx.timers.D, () => this.terminate())
      return
    }
    if (state === "completed") {
      if (status >= 300 && this.ack) this.transmit(this.ack, this.target)
      return
    }
    if (state === "accepted" && status >= 200 && status < 300) this.deliver(response, source)
  }

  /**
   * Asks for a CANCEL (§9.1): built and handed to `send` (which starts its own
   * non-INVITE client transaction) once a provisional response has arrived —
   * at once if one has. Nothing happens after a final response.
   */
  cancel(send: (cancel: SipRequest) => void): void {
    if (this.cancelSent || this.cancelWanted) return
    this.cancelWanted = send
    this.maybeCancel()
  }

  private maybeCancel(): void {
    if (!this.cancelWanted || this.cancelSent || this.state !== "proceeding") return
    this.cancelSent = true
    const send = this.cancelWanted
    this.cancelWanted = undefined
    send(createCancel(this.request))
  }
}
