/**
 * The datagram socket under the UDP transport. On Bun it is Bun's own UDP
 * socket: `node:dgram` on Bun is a layer over it that resolves the address
 * through `dns.lookup`, copies the datagram and schedules a callback for every
 * send, builds an event and an `rinfo` object for every datagram received, and
 * cannot size the socket's buffers. Here, datagrams sent while handling what
 * arrived go out together once the event loop turns (one `sendmmsg` instead of
 * a `sendto` each), and the buffers are sized through libc. Elsewhere (Node) it
 * is `node:dgram`.
 */
import dgram from "node:dgram"
import { setSocketBufferSizes } from "./socket-buffers"
import type { TransportLogger } from "./types"

export interface DatagramSocket {
  readonly address: string
  readonly port: number
  /**
   * Queues one datagram; it leaves with the others sent in the same turn of
   * the event loop. While the kernel's send buffer is full they wait; when the
   * queue is full too a datagram is dropped (for SIP over UDP a lost datagram,
   * which retransmission covers). False when it cannot be sent at all (the
   * socket is closed, the address is not one).
   */
  send(bytes: Uint8Array, port: number, address: string): boolean
  close(): Promise<void>
}

export interface DatagramSocketOptions {
  host: string
  port: number
  /** SO_RCVBUF / SO_SNDBUF in bytes; the kernel caps them (net.core.rmem_max / wmem_max). */
  receiveBufferSize?: number
  sendBufferSize?: number
  /** Most datagrams held while the send buffer is full (default 10 000). */
  maxQueued?: number
  logger?: TransportLogger
}

export type DatagramReceiver = (bytes: Uint8Array, address: string, port: number) => void

/** The part of Bun's UDP socket used here (the package builds without Bun's types). */
interface BunUdpSocket {
  readonly address: { address: string; port: number }
  readonly fd?: number
  /** [data, port, address, data, port, address, …] → how many datagrams the kernel took. */
  sendMany(packets: readonly (Uint8Array | number | string)[]): number
  close(): void
}
interface BunUdp {
  udpSocket(options: {
    hostname: string
    port: number
    binaryType: "uint8array"
    socket: {
      data(socket: BunUdpSocket, data: Uint8Array, port: number, address: string): void
      drain(socket: BunUdpSocket): void
      error(socket: BunUdpSocket, error: Error): void
    }
  }): Promise<BunUdpSocket>
}

const bunRuntime = (): BunUdp | undefined => {
  const bun = (globalThis as { Bun?: Partial<BunUdp> }).Bun
  return typeof bun?.udpSocket === "function" ? (bun as BunUdp) : undefined
}

/** Binds a datagram socket; `receive` gets every datagram (a view the caller may keep). */
export const openDatagramSocket = (options: DatagramSocketOptions, receive: DatagramReceiver): Promise<DatagramSocket> => {
  const bun = bunRuntime()
  return bun ? openBunSocket(bun, options, receive) : openNodeSocket(options, receive)
}

const isIp = (address: string) => address.includes(":") || /^\d{1,3}(\.\d{1,3}){3}$/.test(address)

const openBunSocket = async (bun: BunUdp, options: DatagramSocketOptions, receive: DatagramReceiver): Promise<DatagramSocket> => {
  const maxQueued = options.maxQueued ?? 10_000
  const logger = options.logger
  // [bytes, port, address]… not yet taken by the kernel, in order
  let queue: (Uint8Array | number | string)[] = []
  let scheduled = false
  let blocked = false // the kernel's buffer was full: wait for drain
  let closed = false

  const flush = (socket: BunUdpSocket) => {
    scheduled = false
    if (closed || queue.length === 0) return
    let sent: number
    try {
      sent = socket.sendMany(queue)
    } catch (error) {
      // one bad datagram must not hold up the others: send them one by one, dropping what fails
      logger?.debug?.("UDP batch send failed", error)
      sent = 0
      for (let i = 0; i < queue.length; i += 3) {
        try {
          if (socket.sendMany(queue.slice(i, i + 3)) === 0) break
        } catch (e) {
          logger?.debug?.(`UDP send to ${String(queue[i + 2])}:${String(queue[i + 1])} failed`, e)
        }
        sent++
      }
    }
    queue = sent * 3 >= queue.length ? [] : queue.slice(sent * 3)
    blocked = queue.length > 0
    // the kernel's buffer was full: drain says when it has room; the timer in case it does not
    if (blocked) setTimeout(() => flush(socket), 5)
  }

  const socket = await bun.udpSocket({
    hostname: options.host,
    port: options.port,
    binaryType: "uint8array",
    socket: {
      data: (_socket, data, port, address) => receive(data, address, port),
      drain: (s) => flush(s),
      error: (_socket, error) => logger?.warn?.("UDP socket error", error),
    },
  })
  if (socket.fd !== undefined)
    await setSocketBufferSizes(socket.fd, { receive: options.receiveBufferSize, send: options.sendBufferSize }, logger)

  return {
    address: socket.address.address,
    port: socket.address.port,
    send(bytes, port, address) {
      if (closed || !isIp(address) || !(port > 0 && port < 65536)) return false
      if (queue.length >= maxQueued * 3) {
        logger?.debug?.(`UDP send queue full: datagram to ${address}:${port} dropped`)
        return true
      }
      queue.push(bytes, port, address)
      if (!scheduled && !blocked) {
        scheduled = true
        setImmediate(() => flush(socket))
      }
      return true
    },
    async close() {
      closed = true
      queue = []
      socket.close()
    },
  }
}

const openNodeSocket = async (options: DatagramSocketOptions, receive: DatagramReceiver): Promise<DatagramSocket> => {
  const logger = options.logger
  const socket = dgram.createSocket({ type: options.host.includes(":") ? "udp6" : "udp4" })
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject)
    socket.bind({ address: options.host, port: options.port, exclusive: true }, () => {
      socket.off("error", reject)
      resolve()
    })
  })
  try {
    if (options.receiveBufferSize) socket.setRecvBufferSize(options.receiveBufferSize)
    if (options.sendBufferSize) socket.setSendBufferSize(options.sendBufferSize)
  } catch (error) {
    logger?.warn?.("could not size the UDP socket buffers", error)
  }
  socket.on("error", (error) => logger?.warn?.("UDP socket error", error))
  socket.on("message", (datagram, rinfo) =>
    // a plain view: slices of it (the body) are copies, not views that keep a Buffer's memory alive
    receive(new Uint8Array(datagram.buffer, datagram.byteOffset, datagram.byteLength), rinfo.address, rinfo.port))
  const bound = socket.address()
  let closed = false
  return {
    address: bound.address,
    port: bound.port,
    send(bytes, port, address) {
      if (closed) return false
      try {
        socket.send(bytes, port, address, (error) => {
          if (error) logger?.debug?.(`UDP send to ${address}:${port} failed`, error)
        })
        return true
      } catch (error) {
        logger?.debug?.(`UDP send to ${address}:${port} failed`, error)
        return false
      }
    },
    close() {
      closed = true
      return new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve())
        } catch {
          resolve()
        }
      })
    },
  }
}
