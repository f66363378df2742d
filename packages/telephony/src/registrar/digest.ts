/**
 * HTTP Digest for SIP (RFC 3261 §22.4, RFC 8760 for SHA-256; RFC 7616 gives the
 * formulas): HA1 = H(username:realm:password), HA2 = H(method:digest-uri),
 * response = H(HA1:nonce:nc:cnonce:qop:HA2) with qop=auth. Node's `node:crypto`
 * (Bun and Node alike) because Web Crypto has no MD5 and is asynchronous.
 */
import { createHash, timingSafeEqual } from "node:crypto"

// Plain Uint8Array values (not Buffers) type-check the same under Node's and Bun's typings.
const encoder = new TextEncoder()

export type DigestAlgorithm = "MD5" | "SHA-256"

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ["SHA-256", "MD5"]

/** "MD5", "md5", "SHA-256" → the algorithm; anything else (MD5-sess, SHA-512-256 …) → undefined. */
export const parseDigestAlgorithm = (value: string | undefined): DigestAlgorithm | undefined => {
  const v = (value ?? "MD5").toUpperCase()
  return v === "MD5" ? "MD5" : v === "SHA-256" ? "SHA-256" : undefined
}

export const digestHash = (algorithm: DigestAlgorithm, text: string): string =>
  createHash(algorithm === "MD5" ? "md5" : "sha256").update(text, "utf8").digest("hex")

/** HA1 = H(username ":" realm ":" password) — what a store may keep instead of the password. */
export const computeHa1 = (algorithm: DigestAlgorithm, username: string, realm: string, password: string): string =>
  digestHash(algorithm, `${username}:${realm}:${password}`)

export interface DigestInput {
  algorithm: DigestAlgorithm
  /** HA1 (hex), from the password or stored. */
  ha1: string
  method: string
  /** The digest-uri as the client sent it. */
  uri: string
  nonce: string
  /** With qop=auth: nc (8 hex digits as sent), cnonce. Without qop: RFC 2069 form. */
  qop?: "auth"
  nc?: string
  cnonce?: string
}

/** The request-digest a client must send. */
export const computeDigestResponse = (d: DigestInput): string => {
  const ha2 = digestHash(d.algorithm, `${d.method}:${d.uri}`)
  return d.qop === "auth"
    ? digestHash(d.algorithm, `${d.ha1}:${d.nonce}:${d.nc ?? ""}:${d.cnonce ?? ""}:auth:${ha2}`)
    : digestHash(d.algorithm, `${d.ha1}:${d.nonce}:${ha2}`)
}

/** Constant-time comparison of two hex digests (case-insensitive). */
export const digestEquals = (a: string, b: string): boolean => {
  const x = encoder.encode(a.toLowerCase())
  const y = encoder.encode(b.toLowerCase())
  return x.length === y.length && timingSafeEqual(x, y)
}
