/**
 * Datagrams waiting to leave a UDP socket together: what is sent while one
 * turn of the event loop handles what arrived goes out in one `sendMany`
 * (sendmmsg) when the turn is over. What the kernel does not take (its send
 * buffer is full) waits, in order, for the socket's drain (or a short retry).
 */
import type { TransportLogger } from "./types"

/** [bytes, port, address, bytes, port, address, …] → how many datagrams were taken. */
export type SendMany = (packets: readonly (Uint8Array | number | string)[]) => number

export interface DatagramBatchOptions {
  /** Most datagrams waiting; more are dropped like lost ones (default 10 000). */
  maxQueued?: number
  /** Runs the flush after this turn (default setImmediate). */
  schedule?: (flush: () => void) => void
  /** Tries again after this long when the kernel took only part (default 5 ms), in case no drain comes. */
  retryMs?: number
  logger?: TransportLogger
}

export class DatagramBatch {
  private queue: (Uint8Array | number | string)[] = []
  private scheduled = false
  private blocked = false
  private closed = false
  private readonly maxQueued: number
  private readonly schedule: (flush: () => void) => void
  private readonly retryMs: number
  private readonly logger: TransportLogger | undefined

  constructor(
    private readonly sendMany: SendMany,
    options: DatagramBatchOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? 10_000
    this.schedule = options.schedule ?? ((flush) => setImmediate(flush))
    this.retryMs = options.retryMs ?? 5
    this.logger = options.logger
  }

  /** Datagrams waiting. */
  get size(): number {
    return this.queue.length / 3
  }

  add(bytes: Uint8Array, port: number, address: string): void {
    if (this.closed) return
    if (this.queue.length >= this.maxQueued * 3) {
      this.logger?.debug?.(`UDP send queue full: datagram to ${address}:${port} dropped`)
      return
    }
    this.queue.push(bytes, port, address)
    if (!this.scheduled && !this.blocked) {
      this.scheduled = true
      this.schedule(() => this.flush())
    }
  }

  /** Hands what waits to the kernel (the turn is over, or the socket drained). */
  flush(): void {
    this.scheduled = false
    if (this.closed || this.queue.length === 0) return
    let queue = this.queue
    let full = false
    while (queue.length > 0 && !full) {
      let taken: number
      try {
        taken = this.sendMany(queue)
      } catch (error) {
        // sendmmsg reports an error only when the first datagram failed: drop that one, go on with the rest
        this.logger?.debug?.(`UDP send to ${String(queue[2])}:${String(queue[1])} failed`, error)
        queue = queue.slice(3)
        continue
      }
      // fewer taken: the send buffer is full (or the next one fails: the next try tells)
      full = taken * 3 < queue.length
      queue = full ? queue.slice(taken * 3) : []
    }
    this.queue = queue
    this.blocked = full
    if (full) setTimeout(() => this.flush(), this.retryMs)
  }

  close(): void {
    this.closed = true
    this.queue = []
  }
}
