/**
 * The SIP message model (RFC 3261 §7): requests, responses, ordered header fields
 * with case-insensitive access, parameters, URIs, and the parse result shapes.
 */
import { headerKey, headerNameInfo } from "./names"

/** Result of the small parsers: never thrown, always returned. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value })
export const fail = <T = never>(reason: string): Outcome<T> => ({ ok: false, reason })

/**
 * Ordered `name[=value]` parameters (URI parameters, header parameters).
 * Names compare case-insensitively and keep their received spelling; a value is
 * `null` for a parameter without "=" (`;lr`). Values are kept as received: URI
 * parameter values still %-escaped, header parameter values with their quotes
 * (use `unquote` from the headers helpers for the text of a quoted value).
 */
export class SipParams implements Iterable<[string, string | null]> {
  private readonly list: [string, string | null][]

  constructor(init?: Iterable<readonly [string, string | null]>) {
    this.list = []
    if (init) for (const [n, v] of init) this.list.push([n, v])
  }

  private indexOf(name: string): number {
    const lower = name.toLowerCase()
    for (let i = 0; i < this.list.length; i++) if (this.list[i][0].toLowerCase() === lower) return i
    return -1
  }

  /** The value (`null` when the parameter has none), or `undefined` when absent. */
  get(name: string): string | null | undefined {
    const i = this.indexOf(name)
    return i < 0 ? undefined : this.list[i][1]
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0
  }

  /** Replaces the first parameter of that name, or appends one. */
  set(name: string, value: string | null = null): this {
    const i = this.indexOf(name)
    if (i < 0) this.list.push([name, value])
    else this.list[i] = [this.list[i][0], value]
    return this
  }

  /** Adds a parameter after the others, even when one of that name exists. */
  append(name: string, value: string | null = null): this {
    this.list.push([name, value])
    return this
  }

  /** Removes every parameter of that name. */
  delete(name: string): boolean {
    const lower = name.toLowerCase()
    const before = this.list.length
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i][0].toLowerCase() === lower) this.list.splice(i, 1)
    return this.list.length !== before
  }

  get size(): number {
    return this.list.length
  }

  entries(): [string, string | null][] {
    return this.list.map(([n, v]) => [n, v])
  }

  /** Visits every parameter in order, without copying. */
  forEach(visit: (name: string, value: string | null) => void): void {
    for (let i = 0; i < this.list.length; i++) visit(this.list[i][0], this.list[i][1])
  }

  [Symbol.iterator](): Iterator<[string, string | null]> {
    return this.entries()[Symbol.iterator]()
  }

  clone(): SipParams {
    return new SipParams(this.list)
  }

  /** `;name=value;flag` — the wire form (empty string when there are none). */
  toString(): string {
    let out = ""
    for (const [n, v] of this.list) out += v === null ? `;${n}` : `;${n}=${v}`
    return out
  }
}

/**
 * sip: and sips: URIs (RFC 3261 §19.1). `user`, `password`, parameter and header
 * values keep their %-escapes as received (compare with `unescapeUri`); `host` has
 * no brackets (an IPv6 address is written `2001:db8::1` here and `[2001:db8::1]` on the wire).
 */
export interface SipUri {
  readonly kind: "sip"
  scheme: "sip" | "sips"
  user?: string
  password?: string
  host: string
  port?: number
  /** uri-parameters: transport, user, method, ttl, maddr, lr, … */
  params: SipParams
  /** URI headers (`?name=value&…`), only allowed outside the Request-URI. */
  headers: SipParams
}

/** tel: URIs (RFC 3966): the number as written (visual separators kept) and its parameters. */
export interface TelUri {
  readonly kind: "tel"
  scheme: "tel"
  number: string
  params: SipParams
}

/** Any other absolute URI (`http:`, `urn:`, `isbn:` …): scheme in lower case, the rest opaque. */
export interface OtherUri {
  readonly kind: "other"
  scheme: string
  opaque: string
}

export type Uri = SipUri | TelUri | OtherUri

/** Package-internal: appends an entry whose canonical name and key are already known. */
export const APPEND_ENTRY: unique symbol = Symbol("appendEntry")

interface Entry {
  name: string
  key: string
  value: string
}

/**
 * Header fields in message order. Names are canonicalised ("v" → "Via",
 * "call-id" → "Call-ID"); look-ups are case-insensitive and accept compact forms.
 * A field that held several comma-separated values is one entry per value.
 */
export class SipHeaders implements Iterable<[string, string]> {
  private readonly list: Entry[] = []

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init) for (const [n, v] of init) this.append(n, v)
  }

  /** The first value of that field. */
  get(name: string): string | undefined {
    const key = headerKey(name)
    for (const e of this.list) if (e.key === key) return e.value
    return undefined
  }

  /** Every value of that field, in order. */
  getAll(name: string): string[] {
    const key = headerKey(name)
    const out: string[] = []
    for (const e of this.list) if (e.key === key) out.push(e.value)
    return out
  }

  has(name: string): boolean {
    const key = headerKey(name)
    for (const e of this.list) if (e.key === key) return true
    return false
  }

  count(name: string): number {
    const key = headerKey(name)
    let n = 0
    for (const e of this.list) if (e.key === key) n++
    return n
  }

  /** Adds a value after every other field. */
  append(name: string, value: string): this {
    const info = headerNameInfo(name)
    this.list.push({ name: info.name, key: info.key, value })
    return this
  }

  [APPEND_ENTRY](name: string, key: string, value: string): void {
    this.list.push({ name, key, value })
  }

  /** Adds a value before the first value of the same field (or first of all): how a proxy adds its Via. */
  prepend(name: string, value: string): this {
    const { name: canonical, key } = headerNameInfo(name)
    let at = this.list.findIndex((e) => e.key === key)
    if (at < 0) at = 0
    this.list.splice(at, 0, { name: canonical, key, value })
    return this
  }

  /** Replaces every value of that field by one value, where the first one stood (or at the end). */
  set(name: string, value: string): this {
    const { name: canonical, key } = headerNameInfo(name)
    const at = this.list.findIndex((e) => e.key === key)
    if (at < 0) return this.append(name, value)
    this.list[at] = { name: canonical, key, value }
    for (let i = this.list.length - 1; i > at; i--) if (this.list[i].key === key) this.list.splice(i, 1)
    return this
  }

  /** Replaces the first value of that field where it stands; false when there is none. */
  replaceFirst(name: string, value: string): boolean {
    const key = headerKey(name)
    for (const e of this.list) if (e.key === key) {
      e.value = value
      return true
    }
    return false
  }

  /** Removes every value of that field. */
  delete(name: string): boolean {
    const key = headerKey(name)
    const before = this.list.length
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].key === key) this.list.splice(i, 1)
    return this.list.length !== before
  }

  /** Number of entries (values), all fields together. */
  get size(): number {
    return this.list.length
  }

  entries(): [string, string][] {
    return this.list.map((e) => [e.name, e.value])
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]()
  }

  clone(): SipHeaders {
    const copy = new SipHeaders()
    for (const e of this.list) copy.list.push({ ...e })
    return copy
  }
}

export interface SipRequest {
  readonly kind: "request"
  /** Case-sensitive method token: "INVITE", "REGISTER", or any extension. */
  method: string
  uri: Uri
  headers: SipHeaders
  body: Uint8Array
}

export interface SipResponse {
  readonly kind: "response"
  status: number
  reason: string
  headers: SipHeaders
  body: Uint8Array
}

export type SipMessage = SipRequest | SipResponse

/**
 * What could be read of a request that failed to parse, as raw header values:
 * enough to answer it statelessly (`responseForParseError`). Present when the
 * start line looks like a request, whatever else is wrong.
 */
export interface PartialRequest {
  method?: string
  via: string[]
  from?: string
  to?: string
  callId?: string
  cseq?: string
}

export interface ParseError {
  /** The status an element answers a request with: 400, 416, 501, 505 or 513. */
  code: number
  /** Short English explanation, fit for a reason phrase (never echoes input). */
  reason: string
  /** The start line looked like a request (so a response may be owed). */
  isRequest?: boolean
  partial?: PartialRequest
}

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: ParseError }
