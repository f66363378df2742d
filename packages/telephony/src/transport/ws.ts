/**
 * SIP over WebSocket (RFC 7118) without a WebSocket server: the HTTP server
 * (Bun.serve in the reference deployment, at `/sip`, subprotocol "sip") accepts
 * the upgrade and plugs each socket in with `openFlow`, handing over frames with
 * `flow.receive` and telling when it closed with `flow.closed()`. One frame holds
 * one message; text and binary frames are both read. A frame of CRLF CRLF is a
 * keep-alive ping (sent by sip.js, JsSIP) answered with a CRLF pong.
 */
import { type ParseOptions, type SipMessage, parseMessage, serializeMessage } from "../sip"
import { Ingress, type IngressOptions } from "./ingress"
import {
  type FlowClosedHandler, type MessageHandler, type SipTransport, type Source, type Target, type TransportLogger,
  TransportError,
} from "./types"

/** The WebSocket subprotocol a SIP server must negotiate (RFC 7118 §4.1). */
export const SIP_WS_PROTOCOL = "sip"

export interface WsSocketCallbacks {
  /** Remote address and port of the socket (after any trusted proxy header). */
  remoteAddress: string
  remotePort: number
  /** Sends one text frame. May throw if the socket is gone: the flow then counts as closed. */
  send(text: string): void
  /** Closes the socket (code 1000 unless told). */
  close(code?: number, reason?: string): void
}

export interface WsTransportOptions extends IngressOptions {
  parse?: ParseOptions
  /** Address and port the HTTP server listens on, for Via/Contact (set later with `setLocal` if unknown). */
  local?: { address: string; port: number }
  logger?: TransportLogger
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

const isKeepAlive = (bytes: Uint8Array) => bytes.length > 0 && bytes.length <= 4 && bytes.every((b) => b === 13 || b === 10)

/** One WebSocket connection carrying SIP. */
export class WsFlow {
  readonly source: Source
  private open = true

  constructor(
    readonly flowId: string,
    private readonly socket: WsSocketCallbacks,
    private readonly transport: WsTransport,
  ) {
    this.source = { transport: "ws", address: socket.remoteAddress, port: socket.remotePort, flowId }
  }

  get isOpen(): boolean {
    return this.open
  }

  /** A frame arrived from the peer. Never throws. */
  receive(frame: string | Uint8Array | ArrayBuffer): void {
    if (!this.open) return
    try {
      const bytes =
        typeof frame === "string"
          ? encoder.encode(frame)
          : frame instanceof Uint8Array
            ? new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength) // a Buffer's slice() would be a view
            : new Uint8Array(frame)
      if (isKeepAlive(bytes)) {
        if (bytes.length === 4) this.write("\r\n")
        return
      }
      this.transport.accept(parseMessage(bytes, this.transport.parseOptions), this.source, (reply) => this.write(decoder.decode(reply)))
    } catch (error) {
      this.transport.logger?.warn?.("WebSocket receive failed", error)
    }
  }

  /** Sends one message as a text frame; false when the socket is gone. */
  write(text: string): boolean {
    if (!this.open) return false
    try {
      this.socket.send(text)
      return true
    } catch (error) {
      this.transport.logger?.debug?.(`WebSocket ${this.flowId} send failed`, error)
      this.closed()
      return false
    }
  }

  /** Closes the socket from our side. */
  close(code = 1000, reason = ""): void {
    if (!this.open) return
    try {
      this.socket.close(code, reason)
    } catch {
      // already gone
    }
    this.closed()
  }

  /** The socket closed: tell the flow (the HTTP server calls this from its close handler). */
  closed(): void {
    if (!this.open) return
    this.open = false
    this.transport.forget(this)
  }
}

export class WsTransport implements SipTransport {
  readonly protocol = "ws" as const
  readonly reliable = true
  private readonly ingress: Ingress
  private readonly flows = new Map<string, WsFlow>()
  private readonly closedHandlers = new Set<FlowClosedHandler>()
  private nextId = 1
  private bound: { address: string; port: number }
  readonly parseOptions: ParseOptions | undefined
  readonly logger: TransportLogger | undefined

  constructor(options: WsTransportOptions = {}) {
    this.ingress = new Ingress(options)
    this.parseOptions = options.parse
    this.logger = options.logger
    this.bound = options.local ?? { address: "127.0.0.1", port: 0 }
  }

  get local(): { address: string; port: number } {
    return this.bound
  }

  /** Where the HTTP server listens (for Via and Contact of what we send over WebSocket). */
  setLocal(address: string, port: number): void {
    this.bound = { address, port }
  }

  get flowCount(): number {
    return this.flows.size
  }

  /** Plugs in an accepted WebSocket. */
  openFlow(socket: WsSocketCallbacks): WsFlow {
    const flow = new WsFlow(`ws:${this.nextId++}`, socket, this)
    this.flows.set(flow.flowId, flow)
    return flow
  }

  /** @internal used by WsFlow */
  accept(result: Parameters<Ingress["accept"]>[0], source: Source, reply: (bytes: Uint8Array) => void): void {
    this.ingress.accept(result, source, reply)
  }

  /** @internal used by WsFlow */
  forget(flow: WsFlow): void {
    if (this.flows.get(flow.flowId) !== flow) return
    this.flows.delete(flow.flowId)
    for (const handler of this.closedHandlers) {
      try {
        handler(flow.flowId, "ws")
      } catch (error) {
        this.logger?.warn?.("flow-closed handler threw", error)
      }
    }
  }

  onMessage(handler: MessageHandler): () => void {
    return this.ingress.onMessage(handler)
  }

  onFlowClosed(handler: FlowClosedHandler): () => void {
    this.closedHandlers.add(handler)
    return () => this.closedHandlers.delete(handler)
  }

  hasFlow(flowId: string): boolean {
    return this.flows.has(flowId)
  }

  /** Sends over the target's flow (WebSocket peers cannot be connected to). */
  async send(message: SipMessage | Uint8Array, target: Target): Promise<void> {
    const flow = target.flowId !== undefined ? this.flows.get(target.flowId) : undefined
    if (!flow) throw new TransportError(`WebSocket flow ${target.flowId ?? "(none)"} is not open`, target)
    let text: string
    try {
      text = decoder.decode(message instanceof Uint8Array ? message : serializeMessage(message))
    } catch (error) {
      throw new TransportError("message cannot be serialised", target, error)
    }
    if (!flow.write(text)) throw new TransportError(`WebSocket flow ${flow.flowId} is closed`, target)
  }

  async close(): Promise<void> {
    for (const flow of [...this.flows.values()]) flow.close(1001, "going away")
  }
}
