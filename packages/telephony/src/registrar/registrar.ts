/**
 * The registrar (RFC 3261 §10.3) with digest authentication (RFC 3261 §22,
 * RFC 8760): challenges offer SHA-256 then MD5 (configurable), qop="auth",
 * stateless HMAC nonces with `stale=TRUE` when expired, each nonce count
 * accepted once, 403 after repeated failures, 403 for blocked accounts; then
 * the bindings: several contacts, Expires header and parameter, Min-Expires
 * (423), "*" removal, refresh, q-values, and the flow each came over.
 */
import {
  type NameAddr, type SipRequest, type SipResponse, createResponse, formatSipDate, formatUri, generateTag, parseCSeq,
  parseContact, parseDeltaSeconds, readNameAddr, unescapeUri, unquote,
} from "../sip"
import type { Source, TransportLogger } from "../transport/types"
import type { SipAccount } from "./accounts"
import { DigestAuthenticator, type DigestAuthenticatorOptions } from "./authenticator"
import type { DigestAlgorithm } from "./digest"
import { type Binding, type ContactInput, type LocationService, aorOf } from "./location"

export interface RegistrarOptions extends Omit<DigestAuthenticatorOptions, "nonceSecret"> {
  location: LocationService
  /** HMAC key of the nonces (≥ 16 bytes). Instances serving the same phones share it. Not needed with `authenticator`. */
  nonceSecret?: string | Uint8Array
  /**
   * A digest authenticator shared with call routing (one nonce scheme, one replay
   * history, one failure count for REGISTER and INVITE). When given, the digest
   * options here (nonceSecret, nonceTtlMs, algorithms, realm, maxAuthFailures,
   * authFailureWindowMs, strictDigestUri) are its business and ignored.
   */
  authenticator?: DigestAuthenticator
  /** Shortest registration accepted, seconds (default 60); shorter → 423 with Min-Expires. */
  minExpires?: number
  /** Longest registration granted, seconds (default 3600); longer requests are shortened. */
  maxExpires?: number
  /** Registration time when the request names none, seconds (default 3600). */
  defaultExpires?: number
  logger?: TransportLogger
}

/** Why a REGISTER was refused or accepted: for logs, metrics and audits. */
export type RegisterEvent =
  | { type: "registered"; account: SipAccount; source: Source; bindings: Binding[]; algorithm: DigestAlgorithm }
  | { type: "auth-failed" | "locked-out"; domain: string; username: string; source: Source }
  | { type: "blocked"; account: SipAccount; source: Source }

const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/

export class Registrar {
  /** The digest authenticator (shared with call routing by the SIP server). */
  readonly authenticator: DigestAuthenticator
  private readonly minExpires: number
  private readonly maxExpires: number
  private readonly defaultExpires: number
  private readonly listeners = new Set<(event: RegisterEvent) => void>()

  constructor(private readonly options: RegistrarOptions) {
    if (options.authenticator) this.authenticator = options.authenticator
    else {
      if (options.nonceSecret === undefined) throw new TypeError("Registrar needs a nonceSecret or an authenticator")
      this.authenticator = new DigestAuthenticator({ ...options, nonceSecret: options.nonceSecret })
    }
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
    this.authenticator.sweep()
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

  private async process(request: SipRequest, source: Source): Promise<SipResponse> {
    const to = readNameAddr(request.headers.get("To") ?? "")
    if (!to.ok || to.value.uri.kind !== "sip" || !to.value.uri.user) return this.reply(request, 404, { reason: "Not Found" })
    const domain = to.value.uri.host.toLowerCase()
    const username = unescapeUri(to.value.uri.user)
    const result = await this.authenticator.authenticate(request, source, domain, username, "www")
    if (!result.ok) {
      for (const type of result.events) this.emit({ type, domain, username, source })
      return result.response
    }
    const account = result.account
    if (account.blocked) {
      this.emit({ type: "blocked", account, source })
      return this.reply(request, 403, { reason: "Forbidden" })
    }
    return this.bind(request, source, account, aorOf(domain, username), result.algorithm)
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


