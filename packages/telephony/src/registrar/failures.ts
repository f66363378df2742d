/**
 * Failed authentications per (domain, username, remote address): after `max`
 * failures within `windowMs` the key is refused (403) until `windowMs` has
 * passed since the last failure. Keyed with the address so that a guesser
 * locks out himself, not the phone on its own network.
 */
interface Entry {
  count: number
  first: number
  last: number
}

export class AuthFailures {
  private readonly entries = new Map<string, Entry>()

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {
    if (!(max >= 1)) throw new RangeError("maxAuthFailures must be at least 1")
  }

  isLocked(key: string, now: number): boolean {
    const e = this.entries.get(key)
    return e !== undefined && e.count >= this.max && now - e.last < this.windowMs
  }

  /** Records a failure; true when the key is now locked. */
  fail(key: string, now: number): boolean {
    let e = this.entries.get(key)
    if (e && now - e.first > this.windowMs && !this.isLocked(key, now)) e = undefined
    if (!e) {
      if (this.entries.size >= this.maxEntries) this.prune(now)
      e = { count: 0, first: now, last: now }
      this.entries.set(key, e)
    }
    e.count++
    e.last = now
    return e.count >= this.max
  }

  succeed(key: string): void {
    this.entries.delete(key)
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.last >= this.windowMs) this.entries.delete(k)
    // still full (an attack from many addresses): forget the oldest tenth
    let n = this.entries.size >= this.maxEntries ? Math.ceil(this.maxEntries / 10) : 0
    for (const k of this.entries.keys()) {
      if (n-- <= 0) break
      this.entries.delete(k)
    }
  }
}
