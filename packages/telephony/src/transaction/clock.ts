/**
 * Time for the transaction timers: the system clock, or a manual one that tests
 * move forward by hand so retransmission schedules are exact.
 */

export interface TimerHandle {
  cancel(): void
}

export interface Clock {
  /** Milliseconds since an arbitrary origin (only differences matter; Date.now() for the system clock). */
  now(): number
  /** Runs `fn` once, `ms` from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle
}

/** setTimeout/Date.now; timers are unref'd so a pending one never keeps the process alive by itself. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms) as unknown as { unref?: () => void }
    t.unref?.()
    return { cancel: () => clearTimeout(t as unknown as ReturnType<typeof setTimeout>) }
  },
}

interface Scheduled {
  due: number
  seq: number
  fn: () => void
  cancelled: boolean
}

/** A clock that only moves when told (`advance`), running due timers in order. For tests and simulations. */
export class ManualClock implements Clock {
  private time: number
  private seq = 0
  private queue: Scheduled[] = []

  constructor(start = 0) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const entry: Scheduled = { due: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false }
    // keep the queue sorted by (due, seq)
    let i = this.queue.length
    while (i > 0 && (this.queue[i - 1].due > entry.due || (this.queue[i - 1].due === entry.due && this.queue[i - 1].seq > entry.seq))) i--
    this.queue.splice(i, 0, entry)
    return { cancel: () => void (entry.cancelled = true) }
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order (timers they set included). */
  advance(ms: number): void {
    const target = this.time + ms
    while (true) {
      const next = this.queue[0]
      if (!next || next.due > target) break
      this.queue.shift()
      if (next.cancelled) continue
      this.time = next.due
      next.fn()
    }
    this.time = target
  }

  /** Timers still waiting (not cancelled). */
  get pending(): number {
    return this.queue.filter((e) => !e.cancelled).length
  }
}
