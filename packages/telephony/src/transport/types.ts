/**
 * The transport abstraction (RFC 3261 §18): what a transport hands up (a parsed
 * message and where it came from) and what it takes down (a message and where
 * to send it). A flow (RFC 5626 §3.1) is what identifies the way back to a peer:
 * for TCP and WebSocket one connection, for UDP the local socket + remote address.
 */
import type { SipMessage } from "../sip"

export type TransportProtocol = "udp" | "tcp" | "ws"

/** Where a message came from. `flowId` names the connection (or UDP socket + peer) it arrived on. */
export interface Source {
  readonly transport: TransportProtocol
  /** Remote IP address (IPv6 without brackets). */
  readonly address: string
  readonly port: number
  readonly flowId: string
}

/**
 * Where to send a message. With `flowId` the message goes over that flow when
 * it is still open; otherwise UDP sends to address:port, TCP reuses or opens a
 * connection to address:port, WebSocket cannot (its flows are opened by peers).
 */
export interface Target {
  readonly transport: TransportProtocol
  readonly address: string
  readonly port: number
  readonly flowId?: string
}

export type MessageHandler = (message: SipMessage, source: Source) => void
export type FlowClosedHandler = (flowId: string, transport: TransportProtocol) => void

/** Raised (as a rejected promise) when a message cannot be handed to the network. */
export class TransportError extends Error {
  override readonly name = "TransportError"
  constructor(
    message: string,
    readonly target: Target,
    override readonly cause?: unknown,
  ) {
    super(message)
  }
}

export interface SipTransport {
  readonly protocol: TransportProtocol
  /** Whether the transport is reliable (TCP, WebSocket): no retransmissions over it (RFC 3261 §17). */
  readonly reliable: boolean
  /** The local address and port it listens on (after `listen`), for Via and Contact. */
  readonly local: { readonly address: string; readonly port: number }
  /** Registers a listener for every well-formed message received; returns its remover. */
  onMessage(handler: MessageHandler): () => void
  /** Registers a listener for flows that end (a connection closed). */
  onFlowClosed(handler: FlowClosedHandler): () => void
  /** Serialises (when given a message) and sends. Rejects with `TransportError`; never throws synchronously. */
  send(message: SipMessage | Uint8Array, target: Target): Promise<void>
  /** Whether a flow is still open (UDP flows always are while the socket is). */
  hasFlow(flowId: string): boolean
  close(): Promise<void>
}

/** A diagnostic sink: transports never throw out of socket handlers, they report here. */
export interface TransportLogger {
  debug?(message: string, detail?: unknown): void
  warn?(message: string, detail?: unknown): void
}
