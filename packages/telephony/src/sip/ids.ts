/**
 * Random identifiers (RFC 3261 §8.1.1.3, §8.1.1.4, §8.1.1.7, §19.3) from
 * `crypto.getRandomValues` — available in browsers, Bun and Node 20+.
 */

/** RFC 3261 §8.1.1.7: every branch created by an RFC 3261 element starts with this cookie. */
export const BRANCH_MAGIC_COOKIE = "z9hG4bK"

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

/** `length` characters of [0-9a-zA-Z] (about 5.95 bits each), unbiased. */
export const randomToken = (length: number): string => {
  let out = ""
  const buf = new Uint8Array(Math.max(16, length * 2))
  while (out.length < length) {
    crypto.getRandomValues(buf)
    for (let i = 0; i < buf.length && out.length < length; i++) {
      const b = buf[i]
      // 248 = 4 × 62: reject the top values so every character is equally likely
      if (b < 248) out += ALPHABET[b % 62]
    }
  }
  return out
}

/** A new Via branch: "z9hG4bK" + 22 random characters (~130 bits). */
export const generateBranch = (): string => BRANCH_MAGIC_COOKIE + randomToken(22)

/** A new From/To tag (~60 bits, RFC 3261 §19.3 asks for at least 32). */
export const generateTag = (): string => randomToken(10)

/** A new Call-ID: 24 random characters (~143 bits), "@host" appended when given. */
export const generateCallId = (host?: string): string => (host ? `${randomToken(24)}@${host}` : randomToken(24))
