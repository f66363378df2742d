/**
 * SIP over UDP (RFC 3261 §18) on a `node:dgram` socket: one datagram, one
 * message. The flow of a datagram is this socket + the remote address and port.
 */
import dgram from "node:dgram"
import { type ParseOptions, type SipMessage, parseMessage, serializeMessage } from "../sip"
import { Ingress, type IngressOptions } from "./ingress"
import {
  type FlowClosedHandler, type MessageHandler, type SipTransport, type Source, type Target, type TransportLogger,
  TransportError,
} from "./types"

export interface UdpTransportOptions extends IngressOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string
  /** Port to bind; 0 (default) picks a free one. */
  port?: number
  parse?: ParseOptions
  /** SO_RCVBUF / SO_SNDBUF in bytes (default: the system's). Larger buffers ride out bursts. */
  receiveBufferSize?: number
  sendBufferSize?: number
  logger?: TransportLogger
}

const udpFlowId = (address: string, port: number) => `udp:${address}:${port}`

export class UdpTransport implements SipTransport {
  readonly protocol = "udp" as const
  readonly reliable = false
  private readonly ingress: Ingress
  private socket: dgram.Socket | undefined
  private bound = { address: "", port: 0 }
  private readonly parseOptions: ParseOptions | undefined
  private readonly logger: TransportLogger | undefined

  constructor(private readonly options: UdpTransportOptions = {}) {
    this.ingress = new Ingress(options)
    this.parseOptions = options.parse
    this.logger = options.logger
  }

  get local(): { address: string; port: number } {
    return this.bound
  }

  /** Binds the socket. Resolves with the address and port bound. */
  async listen(): Promise<{ address: string; port: number }> {
    if (this.socket) return this.bound
    const host = this.options.host ?? "127.0.0.1"
    const socket = dgram.createSocket({ type: host.includes(":") ? "udp6" : "udp4" })
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject)
      socket.bind({ address: host, port: this.options.port ?? 0, exclusive: true }, () => {
        socket.off("error", reject)
        resolve()
      })
    })
    try {
      if (this.options.receiveBufferSize) socket.setRecvBufferSize(this.options.receiveBufferSize)
      if (this.options.sendBufferSize) socket.setSendBufferSize(this.options.sendBufferSize)
    } catch (error) {
      this.logger?.warn?.("could not size the UDP socket buffers", error)
    }
    socket.on("error", (error) => this.logger?.warn?.("UDP socket error", error))
    socket.on("message", (datagram, rinfo) =>
      this.receive(new Uint8Array(datagram.buffer, datagram.byteOffset, datagram.byteLength), rinfo.address, rinfo.port))
    const addr = socket.address()
    this.bound = { address: addr.address, port: addr.port }
    this.socket = socket
    return this.bound
  }

  private receive(datagram: Uint8Array, address: string, port: number): void {
    try {
      // a lone CRLF (or CRLF CRLF) is a keep-alive: nothing to do over UDP
      if (datagram.length <= 4 && datagram.every((b) => b === 13 || b === 10)) return
      const source: Source = { transport: "udp", address, port, flowId: udpFlowId(address, port) }
      // a plain view: slices of it (the body) are copies, not views that keep a Buffer's memory alive
      const bytes = new Uint8Array(datagram.buffer, datagram.byteOffset, datagram.byteLength)
      this.ingress.accept(parseMessage(bytes, this.parseOptions), source, (bytes) => this.sendBytes(bytes, address, port))
    } catch (error) {
      this.logger?.warn?.("UDP receive failed", error)
    }
  }

  onMessage(handler: MessageHandler): () => void {
    return this.ingress.onMessage(handler)
  }

  onFlowClosed(_handler: FlowClosedHandler): () => void {
    return () => {} // UDP flows do not close
  }

  hasFlow(flowId: string): boolean {
    return this.socket !== undefined && flowId.startsWith("udp:")
  }

  send(message: SipMessage | Uint8Array, target: Target): Promise<void> {
    const socket = this.socket
    if (!socket) return Promise.reject(new TransportError("UDP transport is not listening", target))
    let bytes: Uint8Array
    try {
      bytes = message instanceof Uint8Array ? message : serializeMessage(message)
    } catch (error) {
      return Promise.reject(new TransportError("message cannot be serialised", target, error))
    }
    return new Promise((resolve, reject) => {
      try {
        socket.send(bytes, target.port, target.address, (error) =>
          error ? reject(new TransportError(`UDP send to ${target.address}:${target.port} failed`, target, error)) : resolve(),
        )
      } catch (error) {
        reject(new TransportError(`UDP send to ${target.address}:${target.port} failed`, target, error))
      }
    })
  }

  private sendBytes(bytes: Uint8Array, address: string, port: number): void {
    try {
      this.socket?.send(bytes, port, address, (error) => {
        if (error) this.logger?.debug?.("UDP send failed", error)
      })
    } catch (error) {
      this.logger?.debug?.("UDP send failed", error)
    }
  }

  async close(): Promise<void> {
    const socket = this.socket
    this.socket = undefined
    if (!socket) return
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve())
      } catch {
        resolve()
      }
    })
  }
}
