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
import { isIP } from "node:net"
import { DatagramBatch } from "./datagram-batch"
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
   * socket is closed, the address is not an IP address, the port is not one).
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

const openBunSocket = async (bun: BunUdp, options: DatagramSocketOptions, receive: DatagramReceiver): Promise<DatagramSocket> => {
  const logger = options.logger
  let closed = false
  const socket = await bun.udpSocket({
    hostname: options.host,
    port: options.port,
    binaryType: "uint8array",
    socket: {
      data: (_socket, data, port, address) => receive(data, address, port),
      drain: () => batch.flush(),
      error: (_socket, error) => logger?.warn?.("UDP socket error", error),
    },
  })
  const batch = new DatagramBatch((packets) => socket.sendMany(packets), { maxQueued: options.maxQueued, logger })
  if (socket.fd !== undefined)
    await setSocketBufferSizes(socket.fd, { receive: options.receiveBufferSize, send: options.sendBufferSize }, logger)

  return {
    address: socket.address.address,
    port: socket.address.port,
    send(bytes, port, address) {
      if (closed || !(port > 0 && port < 65536) || !isIP(address)) return false
      batch.add(bytes, port, address)
      return true
    },
    async close() {
      closed = true
      batch.close()
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
