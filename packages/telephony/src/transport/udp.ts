/**
 * SIP over UDP (RFC 3261 §18): one datagram, one message. The flow of a
 * datagram is this socket + the remote address and port.
 */
import { lookup } from "node:dns/promises"
import { isIP } from "node:net"
import { type ParseOptions, type SipMessage, parseMessage, serializeMessage } from "../sip"
import { type DatagramSocket, openDatagramSocket } from "./datagram-socket"
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
  /**
   * SO_RCVBUF in bytes (default 4 MiB; the kernel caps it at net.core.rmem_max):
   * room for the datagrams that arrive while the event loop is busy, say in a
   * garbage collection, instead of the kernel dropping them.
   */
  receiveBufferSize?: number
  /** SO_SNDBUF in bytes (default: the system's). */
  sendBufferSize?: number
  /** Most datagrams waiting to be sent (default 10 000); more are dropped like lost ones. */
  maxQueued?: number
  logger?: TransportLogger
}

const udpFlowId = (address: string, port: number) => `udp:${address}:${port}`

export class UdpTransport implements SipTransport {
  readonly protocol = "udp" as const
  readonly reliable = false
  private readonly ingress: Ingress
  private socket: DatagramSocket | undefined
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
    const socket = await openDatagramSocket(
      {
        host: this.options.host ?? "127.0.0.1",
        port: this.options.port ?? 0,
        receiveBufferSize: this.options.receiveBufferSize ?? 4 << 20,
        sendBufferSize: this.options.sendBufferSize,
        maxQueued: this.options.maxQueued,
        logger: this.logger,
      },
      (bytes, address, port) => this.receive(bytes, address, port),
    )
    this.bound = { address: socket.address, port: socket.port }
    this.socket = socket
    return this.bound
  }

  private receive(datagram: Uint8Array, address: string, port: number): void {
    try {
      // a lone CRLF (or CRLF CRLF) is a keep-alive: nothing to do over UDP
      if (datagram.length <= 4 && datagram.every((b) => b === 13 || b === 10)) return
      const source: Source = { transport: "udp", address, port, flowId: udpFlowId(address, port) }
      this.ingress.accept(parseMessage(datagram, this.parseOptions), source, (bytes) => this.socket?.send(bytes, port, address))
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
    if (socket.send(bytes, target.port, target.address)) return Promise.resolve()
    const failed = (address: string, cause?: unknown) =>
      Promise.reject(new TransportError(`UDP send to ${address}:${target.port} failed`, target, cause))
    // the socket takes IP addresses only; a host name (rare: targets are where requests came from) is looked up
    if (isIP(target.address)) return failed(target.address)
    return lookup(target.address).then(
      (found) => (socket.send(bytes, target.port, found.address) ? undefined : failed(found.address)),
      (error) => failed(target.address, error),
    )
  }

  async close(): Promise<void> {
    const socket = this.socket
    this.socket = undefined
    await socket?.close()
  }
}
