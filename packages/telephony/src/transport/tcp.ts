/**
 * SIP over TCP (RFC 3261 §18) with `node:net`: each connection is a flow; the
 * byte stream is cut into messages by `SipStreamFramer`; RFC 5626 CRLF CRLF
 * pings are answered with a CRLF pong. A framing error answers the request
 * when it can and closes that connection only. Connections are opened on demand
 * to send to a peer that has none (a response whose connection closed, a request).
 */
import net from "node:net"
import { CRLF, type FramerOptions, type SipMessage, SipStreamFramer, serializeMessage } from "../sip"
import { Ingress, type IngressOptions } from "./ingress"
import {
  type FlowClosedHandler, type MessageHandler, type SipTransport, type Source, type Target, type TransportLogger,
  TransportError,
} from "./types"

export interface TcpTransportOptions extends IngressOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Framing and parsing limits (message size, header count, …). */
  parse?: FramerOptions
  /** A connection silent this long is closed (default 600 000 ms; phones ping every 30–120 s). */
  idleTimeoutMs?: number
  /** Most open connections, accepted and opened together (default 10 000). */
  maxConnections?: number
  /** A connection whose unsent bytes exceed this is closed: the peer does not read (default 1 MiB). */
  maxWriteBuffer?: number
  /** Time allowed to open an outgoing connection (default 5000 ms). */
  connectTimeoutMs?: number
  logger?: TransportLogger
}

interface Connection {
  readonly flowId: string
  readonly socket: net.Socket
  readonly framer: SipStreamFramer
  readonly source: Source
  readonly remoteKey: string
}

const remoteKey = (address: string, port: number) => `${address}|${port}`

export class TcpTransport implements SipTransport {
  readonly protocol = "tcp" as const
  readonly reliable = true
  private readonly ingress: Ingress
  private readonly connections = new Map<string, Connection>()
  private readonly byRemote = new Map<string, Connection>()
  private readonly connecting = new Map<string, Promise<Connection>>()
  private readonly closedHandlers = new Set<FlowClosedHandler>()
  private server: net.Server | undefined
  private bound = { address: "", port: 0 }
  private nextId = 1
  private closing = false
  private readonly logger: TransportLogger | undefined
  private readonly idleTimeoutMs: number
  private readonly maxConnections: number
  private readonly maxWriteBuffer: number

  constructor(private readonly options: TcpTransportOptions = {}) {
    this.ingress = new Ingress(options)
    this.logger = options.logger
    this.idleTimeoutMs = options.idleTimeoutMs ?? 600_000
    this.maxConnections = options.maxConnections ?? 10_000
    this.maxWriteBuffer = options.maxWriteBuffer ?? 1 << 20
  }

  get local(): { address: string; port: number } {
    return this.bound
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size
  }

  async listen(): Promise<{ address: string; port: number }> {
    if (this.server) return this.bound
    const server = net.createServer({ noDelay: true }, (socket) => this.adopt(socket))
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen({ host: this.options.host ?? "127.0.0.1", port: this.options.port ?? 0, exclusive: true }, () => {
        server.off("error", reject)
        resolve()
      })
    })
    server.on("error", (error) => this.logger?.warn?.("TCP server error", error))
    const addr = server.address() as net.AddressInfo
    this.bound = { address: addr.address, port: addr.port }
    this.server = server
    return this.bound
  }

  private adopt(socket: net.Socket): Connection | undefined {
    const raw = socket.remoteAddress
    const port = socket.remotePort
    if (this.closing || raw === undefined || port === undefined || this.connections.size >= this.maxConnections) {
      socket.destroy()
      return undefined
    }
    // an IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d
    const address = raw.startsWith("::ffff:") && raw.includes(".") ? raw.slice(7) : raw
    const flowId = `tcp:${this.nextId++}`
    const conn: Connection = {
      flowId,
      socket,
      framer: new SipStreamFramer(this.options.parse),
      source: { transport: "tcp", address, port, flowId },
      remoteKey: remoteKey(address, port),
    }
    this.connections.set(flowId, conn)
    this.byRemote.set(conn.remoteKey, conn)
    socket.setNoDelay(true)
    socket.setTimeout(this.idleTimeoutMs, () => socket.destroy())
    socket.on("data", (chunk: Uint8Array) => this.receive(conn, chunk))
    socket.on("error", (error) => this.logger?.debug?.(`TCP ${flowId} error`, error))
    socket.on("close", () => this.forget(conn))
    return conn
  }

  private receive(conn: Connection, chunk: Uint8Array): void {
    try {
      const reply = (bytes: Uint8Array) => this.write(conn, bytes)
      for (const event of conn.framer.push(chunk)) {
        if (event.type === "message") this.ingress.accept(event.result, conn.source, reply)
        else if (event.type === "ping") this.write(conn, CRLF)
        else if (event.type === "error") {
          this.ingress.reject(event.error, conn.source, reply)
          if (event.fatal) {
            // the answer goes out, nothing more is read, and a peer that does not close in turn is cut off
            conn.socket.end()
            conn.socket.pause()
            setTimeout(() => conn.socket.destroy(), 1000).unref?.()
            return
          }
        }
      }
    } catch (error) {
      this.logger?.warn?.("TCP receive failed", error)
      conn.socket.destroy()
    }
  }

  private write(conn: Connection, bytes: Uint8Array): boolean {
    const socket = conn.socket
    if (socket.destroyed || !socket.writable) return false
    if (socket.writableLength + bytes.length > this.maxWriteBuffer) {
      this.logger?.warn?.(`TCP ${conn.flowId}: peer does not read, closing`)
      socket.destroy()
      return false
    }
    socket.write(bytes)
    return true
  }

  private forget(conn: Connection): void {
    if (this.connections.get(conn.flowId) !== conn) return
    this.connections.delete(conn.flowId)
    if (this.byRemote.get(conn.remoteKey) === conn) this.byRemote.delete(conn.remoteKey)
    for (const handler of this.closedHandlers) {
      try {
        handler(conn.flowId, "tcp")
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
    return this.connections.has(flowId)
  }

  async send(message: SipMessage | Uint8Array, target: Target): Promise<void> {
    let bytes: Uint8Array
    try {
      bytes = message instanceof Uint8Array ? message : serializeMessage(message)
    } catch (error) {
      throw new TransportError("message cannot be serialised", target, error)
    }
    let conn = target.flowId !== undefined ? this.connections.get(target.flowId) : undefined
    conn ??= this.byRemote.get(remoteKey(target.address, target.port))
    conn ??= await this.connect(target)
    if (!this.write(conn, bytes)) throw new TransportError(`TCP flow ${conn.flowId} is closed`, target)
  }

  private connect(target: Target): Promise<Connection> {
    if (this.closing) return Promise.reject(new TransportError("TCP transport is closed", target))
    const key = remoteKey(target.address, target.port)
    const pending = this.connecting.get(key)
    if (pending) return pending
    const attempt = new Promise<Connection>((resolve, reject) => {
      const socket = net.connect({ host: target.address, port: target.port, noDelay: true })
      const timer = setTimeout(() => {
        socket.destroy()
        reject(new TransportError(`TCP connect to ${target.address}:${target.port} timed out`, target))
      }, this.options.connectTimeoutMs ?? 5000)
      socket.once("error", (error) => {
        clearTimeout(timer)
        reject(new TransportError(`TCP connect to ${target.address}:${target.port} failed`, target, error))
      })
      socket.once("connect", () => {
        clearTimeout(timer)
        const conn = this.adopt(socket)
        if (conn) resolve(conn)
        else reject(new TransportError("too many TCP connections", target))
      })
    }).finally(() => this.connecting.delete(key))
    this.connecting.set(key, attempt)
    return attempt
  }

  async close(): Promise<void> {
    this.closing = true
    const server = this.server
    this.server = undefined
    for (const conn of [...this.connections.values()]) conn.socket.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
