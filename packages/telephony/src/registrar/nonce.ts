/**
 * Stateless nonces and per-nonce replay protection. A nonce is
 * base64url(issued-at ms (6 bytes) | 8 random bytes | HMAC-SHA256(secret, those 14 bytes | realm)[0..16]):
 * any instance holding the secret can check it without a table, and tell
 * forged (`invalid`) from old (`stale`). Nonce counts are the one piece of state:
 * the highest `nc` seen per nonce plus a 32-wide window below it, for as long as
 * the nonce lives, in a bounded map.
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export type NonceCheck = { status: "valid"; issuedAt: number } | { status: "stale"; issuedAt: number } | { status: "invalid" }

// Plain Uint8Array values and base64 by hand (no Buffer): the same under every Node and Bun typing.
const bytes = (b: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
// The native base64 of Uint8Array (Bun, newer Node) where there is one: a nonce is made or checked per request.
interface NativeBase64 {
  toBase64?(options: { alphabet: "base64url"; omitPadding: boolean }): string
}
interface NativeBase64Ctor {
  fromBase64?(s: string, options: { alphabet: "base64url" }): Uint8Array
}
const nativeTo = (Uint8Array.prototype as NativeBase64).toBase64
const nativeFrom = (Uint8Array as NativeBase64Ctor).fromBase64
const toBase64Url = (b: Uint8Array): string =>
  nativeTo
    ? nativeTo.call(b, { alphabet: "base64url", omitPadding: true })
    : btoa(String.fromCharCode(...b)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")
const fromBase64Url = (s: string): Uint8Array => {
  if (nativeFrom) return nativeFrom(s, { alphabet: "base64url" })
  const text = atob(s.replaceAll("-", "+").replaceAll("_", "/").padEnd(Math.ceil(s.length / 4) * 4, "="))
  return Uint8Array.from(text, (c) => c.charCodeAt(0))
}

export interface NonceOptions {
  /** HMAC key; at least 16 bytes. Share it between instances that serve the same phones. */
  secret: string | Uint8Array
  /** How long a nonce is good for (default 300 000 ms). */
  ttlMs?: number
  now: () => number
}

export class Nonces {
  private readonly secret: Uint8Array
  readonly ttlMs: number
  private readonly now: () => number

  constructor(options: NonceOptions) {
    this.secret = typeof options.secret === "string" ? new TextEncoder().encode(options.secret) : Uint8Array.from(options.secret)
    if (this.secret.length < 16) throw new RangeError("nonce secret must be at least 16 bytes")
    this.ttlMs = options.ttlMs ?? 300_000
    this.now = options.now
  }

  private mac(body: Uint8Array, realm: string): Uint8Array {
    return bytes(createHmac("sha256", this.secret).update(body).update(realm, "utf8").digest()).subarray(0, 16)
  }

  issue(realm: string): string {
    const nonce = new Uint8Array(30)
    const body = nonce.subarray(0, 14)
    // issued-at: 6 bytes big-endian
    let t = Math.max(0, Math.floor(this.now())) % 2 ** 48
    for (let i = 5; i >= 0; i--, t = Math.floor(t / 256)) body[i] = t % 256
    crypto.getRandomValues(body.subarray(6, 14))
    nonce.set(this.mac(body, realm), 14)
    return toBase64Url(nonce)
  }

  check(nonce: string, realm: string): NonceCheck {
    if (nonce.length !== 40 || !/^[A-Za-z0-9_-]+$/.test(nonce)) return { status: "invalid" }
    const raw = fromBase64Url(nonce)
    if (raw.length !== 30) return { status: "invalid" }
    const body = raw.subarray(0, 14)
    if (!timingSafeEqual(raw.subarray(14), this.mac(body, realm))) return { status: "invalid" }
    let issuedAt = 0
    for (let i = 0; i < 6; i++) issuedAt = issuedAt * 256 + body[i]
    const age = this.now() - issuedAt
    return age >= 0 && age <= this.ttlMs ? { status: "valid", issuedAt } : { status: "stale", issuedAt }
  }
}

interface Counts {
  max: number
  /** Bit i set: nc = max - 1 - i was used (i < 32). */
  window: number
  issuedAt: number
}

/** Which nonce counts were used, per nonce: each (nonce, nc) is accepted once. */
export class NonceCounts {
  private readonly seen = new Map<string, Counts>()
  /** Nonces issued at or before this were evicted: their history is unknown. */
  private forgottenUpTo = -1

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  get size(): number {
    return this.seen.size
  }

  /**
   * Records the use of `nc` with `nonce`. False when it was used before, is too
   * old for the window, or the nonce's history was evicted (ask for a fresh nonce).
   */
  use(nonce: string, nc: number, issuedAt: number): boolean {
    if (!Number.isInteger(nc) || nc < 1) return false
    let c = this.seen.get(nonce)
    if (!c) {
      if (issuedAt <= this.forgottenUpTo) return false
      this.evict()
      c = { max: 0, window: 0, issuedAt }
      this.seen.set(nonce, c)
    }
    if (nc > c.max) {
      const shift = nc - c.max
      // the old max joins the window at bit shift-1
      c.window = shift >= 32 ? 0 : ((c.window << shift) | (c.max > 0 ? 1 << (shift - 1) : 0)) >>> 0
      c.max = nc
      return true
    }
    if (nc === c.max) return false
    const bit = c.max - 1 - nc
    if (bit >= 32) return false
    if ((c.window >>> bit) & 1) return false
    c.window = (c.window | (1 << bit)) >>> 0
    return true
  }

  /** Drops the histories of nonces that expired; at capacity, the oldest ones too. */
  sweep(now: number): void {
    for (const [nonce, c] of this.seen) if (now - c.issuedAt > this.ttlMs) this.seen.delete(nonce)
  }

  private evict(): void {
    if (this.seen.size < this.maxEntries) return
    let n = Math.max(1, Math.floor(this.maxEntries / 10))
    for (const [nonce, c] of this.seen) {
      if (n-- <= 0) break
      this.seen.delete(nonce)
      if (c.issuedAt > this.forgottenUpTo) this.forgottenUpTo = c.issuedAt
    }
  }
}
