/**
 * Softphone SIP tokens: a browser softphone never gets the account's password.
 * GET /me/sip hands out a token the registrar accepts as that account's
 * password (digest, like any password) — an HMAC of the account, the user it
 * is linked to, the account's current password hash and a time window. Nothing
 * is stored: every instance with the same key computes the same tokens. A token
 * works in the window it was issued in and the next one (6–12 h with the
 * default 6 h window); resetting the password, unlinking the user or blocking
 * the account ends it at once.
 */
import { createHmac } from "node:crypto"

export const DEFAULT_TOKEN_WINDOW_MS = 6 * 3600_000

export interface TokenSubject {
  readonly accountId: string
  readonly userId: string
  /** the account's HA1 (MD5): changes with the password */
  readonly ha1: string
}

const tokenFor = (key: string, s: TokenSubject, window: number) =>
  createHmac("sha256", key).update(`sip-token:${s.accountId}:${s.userId}:${s.ha1}:${window}`).digest("base64url").slice(0, 32)

/** The token to hand out now and when it stops working. */
export const issueSipToken = (key: string, s: TokenSubject, windowMs = DEFAULT_TOKEN_WINDOW_MS, now = Date.now()) => {
  const window = Math.floor(now / windowMs)
  return { token: tokenFor(key, s, window), expiresAt: new Date((window + 2) * windowMs) }
}

/** The tokens the registrar accepts now: this window's and the previous one's. */
export const acceptedSipTokens = (key: string, s: TokenSubject, windowMs = DEFAULT_TOKEN_WINDOW_MS, now = Date.now()): string[] => {
  const window = Math.floor(now / windowMs)
  return [tokenFor(key, s, window), tokenFor(key, s, window - 1)]
}
