/**
 * Digest authentication of requests (RFC 3261 §22, RFC 8760), shared by the
 * registrar (REGISTER: 401 + WWW-Authenticate / Authorization) and call routing
 * (INVITE, MESSAGE …: 407 + Proxy-Authenticate / Proxy-Authorization).
 * Challenges offer SHA-256 then MD5 (configurable), qop="auth"; nonces are
 * stateless HMAC tokens (`stale=TRUE` when expired), each nonce count is
 * accepted once whatever the method, and repeated failures per (domain, user,
 * address) give 403 for a while.
 */
import { randomBytes } from "node:crypto"
import {
  type AuthValue, type SipRequest, type SipResponse, type SipUri, authParam, createResponse, formatAuthValue, generateTag,
  parseAuthValue, parseUri, unescapeUri,
} from "../sip"
import type { Clock } from "../transaction/clock"
import type { Source } from "../transport/types"
import type { AccountStore, SipAccount } from "./accounts"
import {
  DIGEST_ALGORITHMS, type DigestAlgorithm, computeDigestResponse, computeHa1, digestEquals, parseDigestAlgorithm,
} from "./digest"
import { AuthFailures } from "./failures"
import { NonceCounts, Nonces } from "./nonce"

/** "www": 401 WWW-Authenticate / Authorization (a registrar, a UAS); "proxy": 407 Proxy-Authenticate / Proxy-Authorization. */
export type AuthKind = "www" | "proxy"

export interface DigestAuthenticatorOptions {
  accounts: AccountStore
  clock: Clock
  /** HMAC key of the nonces (≥ 16 bytes). Instances serving the same phones share it. */
  nonceSecret: string | Uint8Array
  /** Lifetime of a nonce (default 300 000 ms); older ones get `stale=TRUE`. */
  nonceTtlMs?: number
  /** Algorithms offered, one challenge each, in this order (default ["SHA-256", "MD5"]). */
  algorithms?: DigestAlgorithm[]
  /** The digest realm of a domain (default: the domain itself). */
  realm?: (domain: string) => string
  /** Failed authentications (per domain, user and address) before 403 (default 5). */
  maxAuthFailures?: number
  /** The window those failures count in, and how long the 403 lasts after the last one (default 300 000 ms). */
  authFailureWindowMs?: number
  /**
   * Refuse credentials whose digest-uri names another target than the Request-URI
   * (RFC 2617 §3.2.2.5). Default false: SIPp and many phones put the server's
   * address there while the Request-URI names the domain; the response is bound
   * to its uri anyway and each nonce count is accepted once.
   */
  strictDigestUri?: boolean
}

/** What `authenticate` found. A failure carries the response to send and what to report. */
export type AuthResult =
  | { ok: true; account: SipAccount; algorithm: DigestAlgorithm }
  | { ok: false; response: SipResponse; events: ("auth-failed" | "locked-out")[] }

const NC = /^[0-9a-fA-F]{8}$/

const HEADERS = {
  www: { challenge: "WWW-Authenticate", credentials: "Authorization", status: 401 },
  proxy: { challenge: "Proxy-Authenticate", credentials: "Proxy-Authorization", status: 407 },
} as const

const sameUriTarget = (a: SipUri, b: SipUri): boolean =>
  a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 0) === (b.port ?? 0) && unescapeUri(a.user ?? "") === unescapeUri(b.user ?? "")

interface Credentials {
  username: string
  nonce: string
  uri: string
  response: string
  algorithm: DigestAlgorithm | undefined
  qop: string | undefined
  nc: string | undefined
  cnonce: string | undefined
}

export class DigestAuthenticator {
  private readonly nonces: Nonces
  private readonly counts: NonceCounts
  private readonly failures: AuthFailures
  readonly algorithms: readonly DigestAlgorithm[]
  private readonly realmOf: (domain: string) => string
  private readonly decoy = randomBytes(16).toString("hex")

  constructor(private readonly options: DigestAuthenticatorOptions) {
    const now = () => options.clock.now()
    this.nonces = new Nonces({ secret: options.nonceSecret, ttlMs: options.nonceTtlMs, now })
    this.counts = new NonceCounts(this.nonces.ttlMs)
    this.failures = new AuthFailures(options.maxAuthFailures ?? 5, options.authFailureWindowMs ?? 300_000)
    const algorithms = options.algorithms ?? [...DIGEST_ALGORITHMS]
    if (algorithms.length === 0 || algorithms.some((a) => !DIGEST_ALGORITHMS.includes(a)))
      throw new RangeError("algorithms must be a non-empty list of SHA-256 / MD5")
    this.algorithms = algorithms
    this.realmOf = options.realm ?? ((d) => d)
  }

  /** The digest realm of a domain. */
  realm(domain: string): string {
    return this.realmOf(domain)
  }

  /** Drops the replay history of expired nonces (call now and then). */
  sweep(): void {
    this.counts.sweep(this.options.clock.now())
  }

  /** Algorithms usable with an account: those offered for which it has a password or an HA1. */
  private algorithmsFor(account: SipAccount | undefined): DigestAlgorithm[] {
    if (!account) return [...this.algorithms]
    const secrets = [account, ...(account.extraCredentials ?? [])]
    if (secrets.some((s) => s.password !== undefined)) return [...this.algorithms]
    const usable = this.algorithms.filter((a) => secrets.some((s) => s.ha1?.[a] !== undefined))
    return usable.length > 0 ? usable : [...this.algorithms]
  }

  private reply(request: SipRequest, status: number, options: Parameters<typeof createResponse>[2] = {}): SipResponse {
    return createResponse(request, status, { toTag: generateTag(), ...options })
  }

  /** A 401 / 407 with one challenge per algorithm usable with `account` (all offered when unknown). */
  challenge(request: SipRequest, domain: string, account: SipAccount | undefined, kind: AuthKind, stale = false): SipResponse {
    const realm = this.realmOf(domain)
    const nonce = this.nonces.issue(realm)
    const h = HEADERS[kind]
    const headers: [string, string][] = this.algorithmsFor(account).map((algorithm) => {
      const value: AuthValue = {
        scheme: "Digest",
        params: [
          { name: "realm", value: realm, quoted: true },
          { name: "nonce", value: nonce, quoted: true },
          { name: "algorithm", value: algorithm, quoted: false },
          { name: "qop", value: "auth", quoted: true },
          ...(stale ? [{ name: "stale", value: "TRUE", quoted: false }] : []),
        ],
      }
      return [h.challenge, formatAuthValue(value)]
    })
    return this.reply(request, h.status, { headers })
  }

  private credentials(request: SipRequest, realm: string, kind: AuthKind): Credentials | "malformed" | undefined {
    for (const raw of request.headers.getAll(HEADERS[kind].credentials)) {
      const parsed = parseAuthValue(raw)
      if (!parsed.ok) return "malformed"
      const auth = parsed.value
      if (auth.scheme.toLowerCase() !== "digest" || authParam(auth, "realm") !== realm) continue
      const get = (name: string) => authParam(auth, name)
      const username = get("username")
      const nonce = get("nonce")
      const uri = get("uri")
      const response = get("response")
      if (username === undefined || nonce === undefined || uri === undefined || response === undefined) return "malformed"
      return {
        username, nonce, uri, response,
        algorithm: parseDigestAlgorithm(get("algorithm")),
        qop: get("qop"),
        nc: get("nc"),
        cnonce: get("cnonce"),
      }
    }
    return undefined
  }

  /** Whether the request carries credentials for the realm of `domain` (of either kind). */
  hasCredentials(request: SipRequest, domain: string, kind: AuthKind): boolean {
    return this.credentials(request, this.realmOf(domain), kind) !== undefined
  }

  /**
   * Checks the credentials of `request` for the account `username` in `domain`
   * (the AOR the request claims: To of a REGISTER, From of an INVITE). No
   * credentials or wrong ones → a new challenge; a stale nonce or a nonce count
   * seen before → a challenge with `stale=TRUE`; repeated failures → 403;
   * malformed credentials → 400; credentials of another user → 403. Never
   * rejects unless the account store does. Blocked accounts are the caller's
   * business (they authenticate, then get refused).
   */
  async authenticate(request: SipRequest, source: Source, domain: string, username: string, kind: AuthKind): Promise<AuthResult> {
    const now = this.options.clock.now()
    const realm = this.realmOf(domain)
    const lockKey = `${domain}\u0001${username}\u0001${source.address}`
    const refuse = (status: number, reason: string, events: ("auth-failed" | "locked-out")[] = []): AuthResult => ({
      ok: false, response: this.reply(request, status, { reason }), events,
    })
    if (this.failures.isLocked(lockKey, now)) return refuse(403, "Forbidden", ["locked-out"])

    const creds = this.credentials(request, realm, kind)
    if (creds === "malformed") return refuse(400, `Malformed ${HEADERS[kind].credentials} header`)
    const challenge = async (): Promise<AuthResult> => ({
      ok: false, response: this.challenge(request, domain, await this.options.accounts.find(domain, username), kind), events: [],
    })
    if (!creds) return challenge()
    if (creds.algorithm === undefined || !this.algorithms.includes(creds.algorithm)) return challenge()
    if (creds.qop?.toLowerCase() !== "auth" || creds.nc === undefined || !NC.test(creds.nc) || !creds.cnonce)
      return refuse(400, "Digest with qop=auth, nc and cnonce required")
    if (creds.username !== username)
      return refuse(403, kind === "www" ? "Username does not match the address-of-record" : "Username does not match the From address")
    const digestUri = parseUri(creds.uri)
    if (!digestUri.ok || digestUri.value.kind !== "sip") return refuse(400, "Invalid digest URI")
    if (this.options.strictDigestUri && (request.uri.kind !== "sip" || !sameUriTarget(digestUri.value, request.uri)))
      return refuse(400, "Digest URI does not match the Request-URI")

    const account = await this.options.accounts.find(domain, username)
    const algorithm = creds.algorithm
    // the password (or its HA1), then any extra credentials of the account (web softphone tokens)
    const ha1s = account
      ? [account, ...(account.extraCredentials ?? [])]
        .map((s) => s.ha1?.[algorithm] ?? (s.password !== undefined ? computeHa1(algorithm, username, realm, s.password) : undefined))
        .filter((h): h is string => h !== undefined)
      : []
    // an unknown user costs the same work as a known one (no timing difference to enumerate accounts by)
    const candidates = ha1s.length > 0 ? ha1s : [computeHa1(algorithm, username, realm, this.decoy)]
    let matched = false
    for (const ha1 of candidates) {
      const expected = computeDigestResponse({
        algorithm, ha1, method: request.method, uri: creds.uri, nonce: creds.nonce, qop: "auth", nc: creds.nc, cnonce: creds.cnonce,
      })
      // every candidate is checked: the time taken does not tell which one matched
      if (digestEquals(expected, creds.response)) matched = true
    }
    if (!account || ha1s.length === 0 || !matched) {
      if (this.failures.fail(lockKey, now)) return refuse(403, "Forbidden", ["auth-failed", "locked-out"])
      return { ok: false, response: this.challenge(request, domain, account, kind), events: ["auth-failed"] }
    }
    // the digest is right: an old or forged nonce, or a nonce count seen before, only asks for a fresh nonce
    const nonce = this.nonces.check(creds.nonce, realm)
    if (nonce.status !== "valid" || !this.counts.use(creds.nonce, Number.parseInt(creds.nc, 16), nonce.issuedAt))
      return { ok: false, response: this.challenge(request, domain, account, kind, true), events: [] }
    this.failures.succeed(lockKey)
    return { ok: true, account, algorithm }
  }

  /** Removes the credentials meant for us (our realms) before a request is forwarded (RFC 3261 §22.3). */
  stripCredentials(request: SipRequest, domain: string, kind: AuthKind = "proxy"): void {
    const name = HEADERS[kind].credentials
    const values = request.headers.getAll(name)
    if (values.length === 0) return
    const realm = this.realmOf(domain)
    const keep = values.filter((v) => {
      const p = parseAuthValue(v)
      return !(p.ok && authParam(p.value, "realm") === realm)
    })
    request.headers.delete(name)
    for (const v of keep) request.headers.append(name, v)
  }
}
