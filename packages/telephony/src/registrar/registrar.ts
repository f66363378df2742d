/**
 * The registrar (RFC 3261 §10.3) with digest authentication (RFC 3261 §22,
 * RFC 8760): challenges offer SHA-256 then MD5 (configurable), qop="auth",
 * stateless HMAC nonces with `stale=TRUE` when expired, each nonce count
 * accepted once, 403 after repeated failures, 403 for blocked accounts; then
 * the bindings: several contacts, Expires header and parameter, Min-Expires
 * (423), "*" removal, refresh, q-values, and the flow each came over.
 */
import { randomBytes } from "node:crypto"
import {
  type AuthValue, type NameAddr, type SipRequest, type SipResponse, type SipUri, authParam, createResponse,
  formatAuthValue, formatSipDate, formatUri, generateTag, parseAuthValue, parseCSeq, parseContact, parseDeltaSeconds,
  parseNameAddr, parseUri, unescapeUri, unquote,
} from "../sip"
import type { Clock } from "../transaction/clock"
import type { Source, TransportLogger } from "../transport/types"
import type { AccountStore, SipAccount } from "./accounts"
import {
  DIGEST_ALGORITHMS, type DigestAlgorithm, computeDigestResponse, computeHa1, digestEquals, parseDigestAlgorithm,
} from "./digest"
import { AuthFailures } from "./failures"
import type { Binding, ContactInput, LocationService } from "./location"
import { NonceCounts, Nonces } from "./nonce"

export interface RegistrarOptions {
  accounts: AccountStore
  location: LocationService
  clock: Clock
  /** HMAC key of the nonces (≥ 16 bytes). Instances serving the same phones share it. */
  nonceSecret: string | Uint8Array
  /** Lifetime of a nonce (default 300 000 ms); older ones get `stale=TRUE`. */
  nonceTtlMs?: number
  /** Algorithms offered, one challenge each, in this order (default ["SHA-256", "MD5"]). */
  algorithms?: DigestAlgorithm[]
  /** The digest realm of a domain (default: the domain itself). */
  realm?: (domain: string) => string
  /** Shortest registration accepted, seconds (default 60); shorter → 423 with Min-Expires. */
  minExpires?: number
  /** Longest registration granted, seconds (default 3600); longer requests are shortened. */
  maxExpires?: number
  /** Registration time when the request names none, seconds (default 3600). */
  defaultExpires?: number
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
  logger?: TransportLogger
}

/** Why a REGISTER was refused or accepted: for logs, metrics and audits. */
export type RegisterEvent =
  | { type: "registered"; account: SipAccount; source: Source; bindings: Binding[]; algorithm: DigestAlgorithm }
  | { type: "auth-failed" | "locked-out"; domain: string; username: string; source: Source }
  | { type: "blocked"; account: SipAccount; source: Source }

type Credentials = {
  username: string
  realm: string
  nonce: string
  uri: string
  response: string
  algorithm: DigestAlgorithm | undefined
  qop: string | undefined
  nc: string | undefined
  cnonce: string | undefined
}

const NC = /^[0-9a-fA-F]{8}$/
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/

const sameUriTarget = (a: SipUri, b: SipUri): boolean =>
  a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 0) === (b.port ?? 0) && unescapeUri(a.user ?? "") === unescapeUri(b.user ?? "")

export class Registrar {
  private readonly nonces: Nonces
  private readonly counts: NonceCounts
  private readonly failures: AuthFailures
  private readonly algorithms: DigestAlgorithm[]
  private readonly realmOf: (domain: string) => string
  private readonly minExpires: number
  private readonly maxExpires: number
  private readonly defaultExpires: number
  private readonly listeners = new Set<(event: RegisterEvent) => void>()
  private readonly decoy = randomBytes(16).toString("hex")

  constructor(private readonly options: RegistrarOptions) {
    const now = () => options.clock.now()
    this.nonces = new Nonces({ secret: options.nonceSecret, ttlMs: options.nonceTtlMs, now })
    this.counts = new NonceCounts(this.nonces.ttlMs)
    this.failures = new AuthFailures(options.maxAuthFailures ?? 5, options.authFailureWindowMs ?? 300_000)
    this.algorithms = options.algorithms ?? [...DIGEST_ALGORITHMS]
    if (this.algorithms.length === 0 || this.algorithms.some((a) => !DIGEST_ALGORITHMS.includes(a)))
      throw new RangeError("algorithms must be a non-empty list of SHA-256 / MD5")
    this.realmOf = options.realm ?? ((d) => d)
    this.minExpires = options.minExpires ?? 60
    this.maxExpires = Math.max(this.minExpires, options.maxExpires ?? 3600)
    this.defaultExpires = Math.min(this.maxExpires, Math.max(this.minExpires, options.defaultExpires ?? 3600))
  }

  /** Listens to registrations, failures and refusals. */
  onEvent(listener: (event: RegisterEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(event: RegisterEvent): void {
    for (const l of this.listeners) {
      try {
        l(event)
      } catch (error) {
        this.options.logger?.warn?.("registrar listener threw", error)
      }
    }
  }

  /** Drops the replay history of expired nonces (the server calls it now and then). */
  sweep(): void {
    this.counts.sweep(this.options.clock.now())
  }

  /**
   * Answers one REGISTER. Never rejects: a failing account store gives
   * 503 with Retry-After (phones back off or fail over to another registrar).
   */
  async handle(request: SipRequest, source: Source): Promise<SipResponse> {
    try {
      return await this.process(request, source)
    } catch (error) {
      this.options.logger?.warn?.("REGISTER failed", error)
      return this.reply(request, 503, { headers: [["Retry-After", "5"]] })
    }
  }

  private reply(request: SipRequest, status: number, options: Parameters<typeof createResponse>[2] = {}): SipResponse {
    return createResponse(request, status, { toTag: generateTag(), ...options })
  }

  private challenge(request: SipRequest, realm: string, algorithms: DigestAlgorithm[], stale = false): SipResponse {
    const nonce = this.nonces.issue(realm)
    const headers: [string, string][] = algorithms.map((algorithm) => {
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
      return ["WWW-Authenticate", formatAuthValue(value)]
    })
    return this.reply(request, 401, { headers })
  }

  /** Algorithms usable with an account: those we offer for which it has a password or an HA1. */
  private algorithmsFor(account: SipAccount | undefined): DigestAlgorithm[] {
    if (!account || account.password !== undefined) return this.algorithms
    const usable = this.algorithms.filter((a) => account.ha1?.[a] !== undefined)
    return usable.length > 0 ? usable : this.algorithms
  }

  private credentials(request: SipRequest, realm: string): Credentials | "malformed" | undefined {
    for (const raw of request.headers.getAll("Authorization")) {
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
        username, realm, nonce, uri, response,
        algorithm: parseDigestAlgorithm(get("algorithm")),
        qop: get("qop"),
        nc: get("nc"),
        cnonce: get("cnonce"),
      }
    }
    return undefined
  }

  private async process(request: SipRequest, source: Source): Promise<SipResponse> {
    const now = this.options.clock.now()
    const to = parseNameAddr(request.headers.get("To") ?? "")
    if (!to.ok || to.value.uri.kind !== "sip" || !to.value.uri.user) return this.reply(request, 404, { reason: "Not Found" })
    const domain = to.value.uri.host.toLowerCase()
    const username = unescapeUri(to.value.uri.user)
    const realm = this.realmOf(domain)
    const lockKey = `${domain}\u0001${username}\u0001${source.address}`
    if (this.failures.isLocked(lockKey, now)) {
      this.emit({ type: "locked-out", domain, username, source })
      return this.reply(request, 403, { reason: "Forbidden" })
    }

    const creds = this.credentials(request, realm)
    if (creds === "malformed") return this.reply(request, 400, { reason: "Malformed Authorization header" })
    if (!creds) return this.challenge(request, realm, this.algorithmsFor(await this.options.accounts.find(domain, username)))
    if (creds.algorithm === undefined || !this.algorithms.includes(creds.algorithm))
      return this.challenge(request, realm, this.algorithmsFor(await this.options.accounts.find(domain, username)))
    if (creds.qop?.toLowerCase() !== "auth" || creds.nc === undefined || !NC.test(creds.nc) || !creds.cnonce)
      return this.reply(request, 400, { reason: "Digest with qop=auth, nc and cnonce required" })
    if (creds.username !== username) return this.reply(request, 403, { reason: "Username does not match the address-of-record" })
    const digestUri = parseUri(creds.uri)
    if (!digestUri.ok || digestUri.value.kind !== "sip") return this.reply(request, 400, { reason: "Invalid digest URI" })
    if (this.options.strictDigestUri && (request.uri.kind !== "sip" || !sameUriTarget(digestUri.value, request.uri)))
      return this.reply(request, 400, { reason: "Digest URI does not match the Request-URI" })

    const account = await this.options.accounts.find(domain, username)
    const algorithm = creds.algorithm
    const ha1 = account
      ? (account.ha1?.[algorithm] ?? (account.password !== undefined ? computeHa1(algorithm, username, realm, account.password) : undefined))
      : undefined
    // an unknown user costs the same work as a known one (no timing difference to enumerate accounts by)
    const expected = computeDigestResponse({
      algorithm, ha1: ha1 ?? computeHa1(algorithm, username, realm, this.decoy), method: request.method, uri: creds.uri,
      nonce: creds.nonce, qop: "auth", nc: creds.nc, cnonce: creds.cnonce,
    })
    if (!account || ha1 === undefined || !digestEquals(expected, creds.response)) {
      this.emit({ type: "auth-failed", domain, username, source })
      if (this.failures.fail(lockKey, now)) {
        this.emit({ type: "locked-out", domain, username, source })
        return this.reply(request, 403, { reason: "Forbidden" })
      }
      return this.challenge(request, realm, this.algorithmsFor(account))
    }
    // the digest is right: an old or forged nonce, or a nonce count seen before, only asks for a fresh nonce
    const nonce = this.nonces.check(creds.nonce, realm)
    if (nonce.status !== "valid" || !this.counts.use(creds.nonce, Number.parseInt(creds.nc, 16), nonce.issuedAt))
      return this.challenge(request, realm, this.algorithmsFor(account), true)
    this.failures.succeed(lockKey)
    if (account.blocked) {
      this.emit({ type: "blocked", account, source })
      return this.reply(request, 403, { reason: "Forbidden" })
    }
    return this.bind(request, source, account, `sip:${username}@${domain}`, algorithm)
  }

  private bind(request: SipRequest, source: Source, account: SipAccount, aor: string, algorithm: DigestAlgorithm): SipResponse {
    const callId = request.headers.get("Call-ID") ?? ""
    const cseq = parseCSeq(request.headers.get("CSeq") ?? "")
    if (!cseq.ok) return this.reply(request, 400, { reason: "Invalid CSeq" })
    const expiresHeader = request.headers.get("Expires")
    let headerExpires: number | undefined
    if (expiresHeader !== undefined) {
      const e = parseDeltaSeconds(expiresHeader)
      if (!e.ok) return this.reply(request, 400, { reason: "Invalid Expires" })
      headerExpires = e.value
    }
    const rawContacts = request.headers.getAll("Contact")
    const supported = request.headers.getAll("Supported").map((s) => s.trim().toLowerCase())
    const context = {
      tenantId: account.tenantId,
      accountId: account.accountId,
      callId,
      cseq: cseq.value.seq,
      flow: source,
      path: request.headers.getAll("Path"),
      userAgent: request.headers.get("User-Agent"),
    }

    let contacts: ContactInput[] | "*" | undefined
    if (rawContacts.length > 0) {
      const first = parseContact(rawContacts[0])
      if (first.ok && first.value === "*") {
        if (rawContacts.length !== 1 || headerExpires !== 0) return this.reply(request, 400, { reason: "Contact * needs Expires: 0" })
        contacts = "*"
      } else {
        contacts = []
        for (const raw of rawContacts) {
          const c = parseContact(raw)
          if (!c.ok || c.value === "*") return this.reply(request, 400, { reason: "Invalid Contact" })
          const input = this.contactInput(c.value, headerExpires)
          if (typeof input === "string") return this.reply(request, 400, { reason: input })
          if (input.expires > 0 && input.expires < this.minExpires)
            return this.reply(request, 423, { headers: [["Min-Expires", String(this.minExpires)]] })
          input.expires = Math.min(input.expires, this.maxExpires)
          contacts.push(input)
        }
      }
    }

    let bindings: Binding[]
    if (contacts === undefined) bindings = this.options.location.lookup(aor)
    else {
      const result = this.options.location.update(aor, context, contacts)
      if (!result.ok) return this.reply(request, result.status, { reason: result.reason })
      bindings = result.bindings
    }
    this.emit({ type: "registered", account, source, bindings, algorithm })

    const now = this.options.clock.now()
    const headers: [string, string][] = []
    let outbound = false
    for (const b of bindings) {
      let value = `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`
      if (b.q !== 1) value += `;q=${b.q}`
      if (b.instanceId !== undefined) value += `;+sip.instance="<${b.instanceId}>"`
      if (b.regId !== undefined) {
        value += `;reg-id=${b.regId}`
        if (b.flow.flowId === source.flowId) outbound = true
      }
      headers.push(["Contact", value])
    }
    if (outbound && supported.includes("outbound")) headers.push(["Require", "outbound"])
    for (const p of context.path) headers.push(["Path", p])
    headers.push(["Date", formatSipDate(new Date())])
    return this.reply(request, 200, { headers })
  }

  private contactInput(na: NameAddr, headerExpires: number | undefined): ContactInput | string {
    if (na.uri.kind !== "sip") return "Contact must be a sip or sips URI"
    const p = na.params
    const rawExpires = p.get("expires")
    let expires = headerExpires ?? this.defaultExpires
    if (rawExpires !== undefined) {
      const e = rawExpires === null ? undefined : parseDeltaSeconds(unquote(rawExpires))
      if (!e?.ok) return "Invalid expires parameter"
      expires = e.value
    }
    let q = 1
    const rawQ = p.get("q")
    if (rawQ !== undefined) {
      if (rawQ === null || !QVALUE.test(rawQ)) return "Invalid q parameter"
      q = Number(rawQ)
    }
    const input: ContactInput = { contact: formatUri(na.uri), uri: na.uri, q, expires }
    const instance = p.get("+sip.instance")
    if (typeof instance === "string") input.instanceId = unquote(instance).replace(/^<(.*)>$/, "$1")
    const regId = p.get("reg-id")
    if (typeof regId === "string") {
      const n = Number(regId)
      if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) return "Invalid reg-id parameter"
      if (input.instanceId !== undefined) input.regId = n
    }
    return input
  }
}


