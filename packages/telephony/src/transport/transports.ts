/**
 * Several transports behind one send/receive surface, and where a response goes
 * (RFC 3261 §18.2.2, RFC 3581).
 */
import { type SipMessage, type SipRequest, readVia } from "../sip"
import {
  type FlowClosedHandler, type MessageHandler, type SipTransport, type Source, type Target, type TransportProtocol,
  TransportError,
} from "./types"

/**
 * The target of responses to `request` received from `source`: over the same
 * flow; should it be gone, to the Via's `received` (or sent-by) address and its
 * `rport` (or sent-by port, 5060 by default).
 */
export const responseTarget = (request: SipRequest, source: Source): Target => {
  const top = request.headers.get("Via")
  const via = top !== undefined ? readVia(top) : undefined
  if (!via?.ok) return source
  const v = via.value
  const port = typeof v.rport === "number" ? v.rport : (v.port ?? 5060)
  return { transport: source.transport, address: v.received ?? v.host, port, flowId: source.flowId }
}

export class Transports {
  private readonly byProtocol = new Map<TransportProtocol, SipTransport>()
  private readonly handlers = new Set<MessageHandler>()
  private readonly closedHandlers = new Set<FlowClosedHandler>()
  private readonly unsubscribe: (() => void)[] = []

  constructor(transports: Iterable<SipTransport> = []) {
    for (const t of transports) this.add(t)
  }

  add(transport: SipTransport): void {
    if (this.byProtocol.has(transport.protocol)) throw new Error(`a ${transport.protocol} transport is already added`)
    this.byProtocol.set(transport.protocol, transport)
    this.unsubscribe.push(
      transport.onMessage((message, source) => {
        for (const h of this.handlers) h(message, source)
      }),
      transport.onFlowClosed((flowId, protocol) => {
        for (const h of this.closedHandlers) h(flowId, protocol)
      }),
    )
  }

  get(protocol: TransportProtocol): SipTransport | undefined {
    return this.byProtocol.get(protocol)
  }

  all(): SipTransport[] {
    return [...this.byProtocol.values()]
  }

  isReliable(protocol: TransportProtocol): boolean {
    return protocol !== "udp"
  }

  onMessage(handler: MessageHandler): () => void {
    this.handlers.add(handler)
    return () => this.handlers.delete(handler)
  }

  onFlowClosed(handler: FlowClosedHandler): () => void {
    this.closedHandlers.add(handler)
    return () => this.closedHandlers.delete(handler)
  }

  hasFlow(target: Pick<Target, "transport" | "flowId">): boolean {
    return target.flowId !== undefined && (this.byProtocol.get(target.transport)?.hasFlow(target.flowId) ?? false)
  }

  send(message: SipMessage | Uint8Array, target: Target): Promise<void> {
    const transport = this.byProtocol.get(target.transport)
    if (!transport) return Promise.reject(new TransportError(`no ${target.transport} transport`, target))
    return transport.send(message, target)
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u()
    await Promise.all(this.all().map((t) => t.close()))
  }
}
