/**
 * What every transport does with what it received (RFC 3261 §18.1.2, §18.2.1,
 * RFC 3581): well-formed requests get `received`/`rport` stamped on their top
 * Via and go up; responses go up as they are; a malformed request gets its
 * stateless error answer (400, 416, 501, 505, 513 — never for ACK), a malformed
 * response is dropped. Listeners run inside try/catch: nothing thrown by them
 * escapes into a socket handler.
 */
import {
  type ParseError, type ParseResult, type SipMessage, type SipRequest, type Via, formatVia, readVia, rememberVia, responseForParseError,
  serializeMessage,
} from "../sip"
import type { MessageHandler, Source, TransportLogger } from "./types"

export interface IngressOptions {
  /**
   * Stamp `rport=<source port>` on every request's top Via, not only when the
   * client asked with `;rport` (Kamailio's force_rport): answers then go back to
   * the port a request came from, which is what phones behind NAT need. Default true.
   */
  forceRport?: boolean
  /** Most stateless error answers per second to one remote address (default 200); more are dropped silently. */
  errorAnswersPerSecond?: number
  /** Clock for the error-answer budget (default Date.now). */
  now?: () => number
  logger?: TransportLogger
}

/**
 * Sets `received` (when the sent-by host is not the source address) and
 * `rport` on the top Via of a request. Returns false when there is no usable Via.
 */
export const stampVia = (request: SipRequest, source: Source, forceRport = true): boolean => {
  const top = request.headers.get("Via")
  if (top === undefined) return false
  const parsed = readVia(top)
  if (!parsed.ok) return false
  const via = parsed.value
  const received = via.host.toLowerCase() !== source.address.toLowerCase() || via.received !== undefined
  const rport = via.rport === true || (forceRport && via.rport === undefined)
  if (!received && !rport) return true
  // the parsed Via is shared (readVia): the stamp goes on a copy of its parameters
  const params = via.params.clone()
  const stamped: Via = { ...via, params }
  if (received) {
    params.set("received", source.address)
    stamped.received = source.address
  }
  if (rport) {
    params.set("rport", String(source.port))
    stamped.rport = source.port
  }
  const value = formatVia(stamped)
  request.headers.replaceFirst("Via", value)
  // what the transaction layer reads next is this value: no need to parse it again
  rememberVia(value, stamped)
  return true
}

export class Ingress {
  private readonly handlers = new Set<MessageHandler>()
  private readonly forceRport: boolean
  private readonly budget: number
  private readonly now: () => number
  private readonly logger: TransportLogger | undefined
  private readonly spent = new Map<string, { second: number; count: number }>()

  constructor(options: IngressOptions = {}) {
    this.forceRport = options.forceRport ?? true
    this.budget = options.errorAnswersPerSecond ?? 200
    this.now = options.now ?? Date.now
    this.logger = options.logger
  }

  onMessage(handler: MessageHandler): () => void {
    this.handlers.add(handler)
    return () => this.handlers.delete(handler)
  }

  /** Hands a parse result up, or answers it. `reply` sends bytes back over the flow it came from. */
  accept(result: ParseResult, source: Source, reply: (bytes: Uint8Array) => void): void {
    if (result.ok) this.deliver(result.message, source)
    else this.reject(result.error, source, reply)
  }

  deliver(message: SipMessage, source: Source): void {
    if (message.kind === "request" && !stampVia(message, source, this.forceRport)) return
    for (const handler of this.handlers) {
      try {
        handler(message, source)
      } catch (error) {
        this.logger?.warn?.("SIP message handler threw", error)
      }
    }
  }

  /** Answers a malformed request statelessly (within the per-address budget); drops anything else. */
  reject(error: ParseError, source: Source, reply: (bytes: Uint8Array) => void): void {
    this.logger?.debug?.(`malformed message from ${source.address}:${source.port}: ${error.code} ${error.reason}`)
    const answer = responseForParseError(error)
    if (!answer || !this.withinBudget(source.address)) return
    try {
      reply(serializeMessage(answer))
    } catch (e) {
      // a Via or reason that cannot be written back: nothing sensible to answer
      this.logger?.debug?.("could not answer a malformed request", e)
    }
  }

  private withinBudget(address: string): boolean {
    const second = Math.floor(this.now() / 1000)
    let entry = this.spent.get(address)
    if (!entry || entry.second !== second) {
      if (this.spent.size > 10_000) this.spent.clear()
      entry = { second, count: 0 }
      this.spent.set(address, entry)
    }
    return ++entry.count <= this.budget
  }
}
