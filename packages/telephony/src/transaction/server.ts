/**
 * Server transactions (RFC 3261 §17.2, RFC 6026): the INVITE server transaction
 * (Proceeding → Completed/Accepted → Confirmed → Terminated, timers G, H, I, L,
 * 100 Trying after `timers.trying`) and the non-INVITE one (Trying → Proceeding
 * → Completed → Terminated, timer J). Retransmitted requests are answered with
 * the last response; the ACK for a non-2xx final response is absorbed.
 */
import { type SipRequest, type SipResponse, createResponse, serializeMessage } from "../sip"
import type { Source, Target } from "../transport/types"
import { Transaction, type TransactionContext } from "./base"

export abstract class ServerTransaction extends Transaction {
  /** The bytes of the last response sent, resent on retransmissions. */
  protected last: Uint8Array | undefined
  protected lastStatus = 0

  constructor(
    key: string,
    readonly request: SipRequest,
    readonly source: Source,
    /** Where responses go (§18.2.2). */
    readonly target: Target,
    ctx: TransactionContext,
    initial: "proceeding" | "trying",
  ) {
    super(key, source.transport !== "udp", ctx, initial)
  }

  get method(): string {
    return this.request.method
  }

  /** Status of the last response sent (0 before any). */
  get lastResponseStatus(): number {
    return this.lastStatus
  }

  /** Whether a final response has been sent. */
  get answered(): boolean {
    return this.lastStatus >= 200
  }

  /** Sends a response from the TU. Ignored (false) when the state does not allow it. */
  abstract respond(response: SipResponse): boolean

  /** Shorthand: `respond(createResponse(request, status, options))`. */
  reply(status: number, options?: Parameters<typeof createResponse>[2]): boolean {
    return this.respond(createResponse(this.request, status, options))
  }

  /** A retransmission of the request arrived (the transport layer matched it). */
  abstract receiveRetransmission(request: SipRequest): void

  protected sendResponse(response: SipResponse): void {
    this.last = serializeMessage(response)
    this.lastStatus = response.status
    this.transmit(this.last, this.target)
  }

  protected resend(): void {
    if (this.last) this.transmit(this.last, this.target)
  }
}

export class NonInviteServerTransaction extends ServerTransaction {
  constructor(key: string, request: SipRequest, source: Source, target: Target, ctx: TransactionContext) {
    super(key, request, source, target, ctx, "trying")
  }

  respond(response: SipResponse): boolean {
    const state = this.state
    if (state !== "trying" && state !== "proceeding") return false
    if (response.status < 200) {
      this.setState("proceeding")
      this.sendResponse(response)
      return true
    }
    this.sendResponse(response)
    // Completed: timer J absorbs retransmissions for 64*T1 over unreliable transports (0 over reliable).
    // The layer keeps just the response bytes for that time; this object (and the request) can go.
    // A challenge is not kept: a retransmission is simply challenged again, with a fresh nonce (what a
    // stateless registrar does); under a registration storm that is half the state.
    if (!this.reliable && this.last && response.status !== 401 && response.status !== 407)
      this.ctx.linger(this.key, this.last, 64 * this.ctx.timers.T1)
    this.terminate()
    return true
  }

  receiveRetransmission(_request: SipRequest): void {
    // Trying: discard; Proceeding: the last provisional again (Completed is handled by the layer)
    if (this.state === "proceeding") this.resend()
  }
}

export class InviteServerTransaction extends ServerTransaction {
  private tryingTimer: ReturnType<Transaction["timer"]> | undefined
  /** Timer G (the next resend of the failure) and H (the give-up), stopped by the ACK. */
  private resendTimer: ReturnType<Transaction["timer"]> | undefined
  private ackTimer: ReturnType<Transaction["timer"]> | undefined
  private ackListener: ((ack: SipRequest, source: Source) => void) | undefined
  private timeoutListener: (() => void) | undefined

  constructor(key: string, request: SipRequest, source: Source, target: Target, ctx: TransactionContext) {
    super(key, request, source, target, ctx, "proceeding")
    const delay = ctx.timers.trying
    if (delay <= 0) this.sendTrying()
    else this.tryingTimer = this.timer(delay, () => this.sendTrying())
  }

  private sendTrying(): void {
    this.tryingTimer = undefined
    if (this.state === "proceeding" && this.lastStatus === 0) this.sendResponse(createResponse(this.request, 100))
  }

  /** Called when the ACK for a non-2xx final response never came (Timer H). */
  onAckTimeout(listener: () => void): void {
    this.timeoutListener = listener
  }

  /** Called with the ACK that confirmed a non-2xx final response (the transaction absorbs it otherwise). */
  onAck(listener: (ack: SipRequest, source: Source) => void): void {
    this.ackListener = listener
  }

  respond(response: SipResponse): boolean {
    const state = this.state
    if (state === "accepted") {
      // the TU retransmits its 2xx through the transaction while waiting for the ACK (RFC 6026 §8.5)
      if (response.status < 200 || response.status >= 300) return false
      this.sendResponse(response)
      return true
    }
    if (state !== "proceeding") return false
    this.cancelTimer(this.tryingTimer)
    this.tryingTimer = undefined
    if (response.status < 200) {
      this.sendResponse(response)
      return true
    }
    if (response.status < 300) {
      this.setState("accepted")
      this.sendResponse(response)
      // Timer L: retransmitted INVITEs are absorbed, ACKs passed up
      this.timer(64 * this.ctx.timers.T1, () => this.terminate())
      return true
    }
    this.setState("completed")
    this.sendResponse(response)
    const { T1, T2 } = this.ctx.timers
    if (!this.reliable) {
      // Timer G: resend the final response at T1, 2T1, 4T1 … capped at T2, until the ACK
      const g = (interval: number) => {
        this.resendTimer = this.timer(interval, () => {
          if (this.state !== "completed") return
          this.resend()
          g(Math.min(interval * 2, T2))
        })
      }
      g(T1)
    }
    // Timer H: give up waiting for the ACK
    this.ackTimer = this.timer(64 * T1, () => {
      if (this.state !== "completed") return
      this.terminate("timeout")
      this.timeoutListener?.()
    })
    return true
  }

  receiveRetransmission(_request: SipRequest): void {
    if (this.state === "proceeding" || this.state === "completed") this.resend()
  }

  /** An ACK with this transaction's branch (§17.2.1): confirms a failure; for a 2xx it is the TU's. */
  receiveAck(ack: SipRequest, source: Source): "absorbed" | "to-tu" {
    if (this.state === "completed") {
      this.setState("confirmed")
      // the ACK came: timers G and H have nothing left to do
      this.cancelTimer(this.resendTimer)
      this.cancelTimer(this.ackTimer)
      this.resendTimer = this.ackTimer = undefined
      this.ackListener?.(ack, source)
      // Timer I: absorb ACK retransmissions for T4 (unreliable)
      if (this.reliable) this.terminate()
      else this.timer(this.ctx.timers.T4, () => this.terminate())
      return "absorbed"
    }
    if (this.state === "accepted") return "to-tu"
    return "absorbed"
  }
}
