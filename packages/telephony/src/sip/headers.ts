/**
 * Parsers and formatters for the structured header fields (RFC 3261 §20, §25):
 * comma lists, header parameters, name-addr / addr-spec (From, To, Contact,
 * Route …), Via, CSeq, Call-ID, Max-Forwards and the SIP Date.
 * Each parser takes one value (already unfolded, one element of a list) and
 * returns an `Outcome`; none throws.
 */
import { DIGIT, DQUOTE, TOKEN, WORD, all, is, isWs, parseDigits, quote, scan, scanQuoted, skipWs, unquote } from "./chars"
import { type Outcome, type Uri, SipParams, fail, ok } from "./message"
import { formatHost, formatUri, isIPv4, isIPv6, isValidHost, parseUri } from "./uri"

export { quote, unquote }

const SEMI = 59
const EQ = 61
const LT = 60
const GT = 62
const COMMA = 44
const COLON = 58
const SLASH = 47
const LBRACKET = 91

/**
 * Splits a list header value on the commas that separate its elements — not on
 * commas inside quoted strings or angle brackets. Elements come back trimmed;
 * empty elements are kept (as "") so callers can reject them.
 */
export const splitList = (value: string): string[] => {
  if (!value.includes(",")) return [value.trim()]
  const out: string[] = []
  let depth = 0
  let from = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === DQUOTE) {
      const q = scanQuoted(value, i)
      if (q < 0) break // unterminated: the rest is one element, its parser will object
      i = q - 1
    } else if (c === LT) depth++
    else if (c === GT) depth = depth > 0 ? depth - 1 : 0
    else if (c === COMMA && depth === 0) {
      out.push(value.slice(from, i).trim())
      from = i + 1
    }
  }
  out.push(value.slice(from).trim())
  return out
}

/**
 * Header parameters: *( SEMI generic-param ), SEMI = SWS ";" SWS, EQUAL = SWS "=" SWS,
 * gen-value = token / host / quoted-string (quotes kept in the stored value).
 * Starts at `i` (whitespace allowed) and returns the index where parameters end.
 */
export const parseHeaderParams = (s: string, i: number, end: number, params: SipParams): Outcome<number> => {
  while (true) {
    i = skipWs(s, i, end)
    if (i >= end || s.charCodeAt(i) !== SEMI) return ok(i)
    i = skipWs(s, i + 1, end)
    const ns = i
    i = scan(s, i, TOKEN, end)
    if (i === ns) return fail("empty or invalid parameter name")
    const name = s.slice(ns, i)
    let value: string | null = null
    const j = skipWs(s, i, end)
    if (j < end && s.charCodeAt(j) === EQ) {
      i = skipWs(s, j + 1, end)
      if (i >= end) return fail("missing parameter value")
      const c = s.charCodeAt(i)
      const vs = i
      if (c === DQUOTE) {
        i = scanQuoted(s, i, end)
        if (i < 0) return fail("unterminated quoted string in parameter")
      } else if (c === LBRACKET) {
        const close = s.indexOf("]", i)
        if (close < 0 || close >= end || !isIPv6(s, i + 1, close)) return fail("invalid IPv6 reference in parameter")
        i = close + 1
      } else {
        // token / host; ":" tolerated for unbracketed IPv6 (via-received)
        while (i < end && (is(s.charCodeAt(i), TOKEN) || s.charCodeAt(i) === COLON)) i++
        if (i === vs) return fail("invalid parameter value")
      }
      value = s.slice(vs, i)
    }
    params.append(name, value)
  }
}

/** A name-addr or addr-spec with its header parameters (From, To, Contact, Route, Refer-To …). */
export interface NameAddr {
  /** The display name as text (quotes and quoted-pairs resolved), if any. */
  displayName?: string
  uri: Uri
  /** Header parameters (tag, q, expires, lr is a URI parameter …), values as received. */
  params: SipParams
}

export interface NameAddrOptions {
  /** Refuse the bare addr-spec form (Route, Record-Route, Path, Service-Route need `<…>`). */
  requireBrackets?: boolean
}

const parseBracketed = (s: string, i: number, end: number, displayName: string | undefined): Outcome<NameAddr> => {
  i++
  if (i >= end || isWs(s.charCodeAt(i))) return fail("whitespace or nothing after <")
  const close = s.indexOf(">", i)
  if (close < 0 || close >= end) return fail("missing >")
  if (isWs(s.charCodeAt(close - 1))) return fail("whitespace before >")
  const uri = parseUri(s.slice(i, close))
  if (!uri.ok) return uri
  const params = new SipParams()
  const p = parseHeaderParams(s, close + 1, end, params)
  if (!p.ok) return p
  if (p.value !== end) return fail("unexpected text after address")
  const na: NameAddr = { uri: uri.value, params }
  if (displayName !== undefined) na.displayName = displayName
  return ok(na)
}

/**
 * name-addr = [ display-name ] LAQUOT addr-spec RAQUOT, or a bare addr-spec;
 * followed by header parameters. In the bare form, parameters after the URI
 * belong to the header (RFC 3261 §20.10), and a URI with headers ("?") is refused.
 */
export const parseNameAddr = (value: string, options: NameAddrOptions = {}): Outcome<NameAddr> => {
  let end = value.length
  while (end > 0 && isWs(value.charCodeAt(end - 1))) end--
  let i = skipWs(value, 0, end)
  if (i >= end) return fail("empty address")
  if (value.charCodeAt(i) === DQUOTE) {
    const q = scanQuoted(value, i, end)
    if (q < 0) return fail("unterminated quoted string in display name")
    const name = unquote(value.slice(i, q))
    i = skipWs(value, q, end)
    if (i >= end || value.charCodeAt(i) !== LT) return fail("expected < after display name")
    return parseBracketed(value, i, end, name)
  }
  // *(token LWS) then "<", or an addr-spec
  let j = i
  while (j < end && (is(value.charCodeAt(j), TOKEN) || isWs(value.charCodeAt(j)))) j++
  if (j < end && value.charCodeAt(j) === LT) {
    const name = value.slice(i, j).trim()
    return parseBracketed(value, j, end, name === "" ? undefined : name)
  }
  if (options.requireBrackets) return fail("address must be enclosed in <>")
  let uriEnd = i
  while (uriEnd < end && !isWs(value.charCodeAt(uriEnd))) uriEnd++
  let at = value.indexOf("@", i)
  if (at >= uriEnd) at = -1
  const afterUser = at >= 0 ? at : i
  const semi = value.indexOf(";", afterUser)
  if (semi >= 0 && semi < uriEnd) uriEnd = semi
  const question = value.indexOf("?", afterUser)
  if (question >= 0 && question < uriEnd) return fail("a URI with headers must be enclosed in <>")
  const uri = parseUri(value.slice(i, uriEnd))
  if (!uri.ok) return uri
  const params = new SipParams()
  const p = parseHeaderParams(value, uriEnd, end, params)
  if (!p.ok) return p
  if (p.value !== end) return fail("unexpected text after address")
  return ok({ uri: uri.value, params })
}

/** `"Display" <uri>;params` — always the bracketed form, display name always quoted. */
export const formatNameAddr = (na: NameAddr): string => {
  const name = na.displayName !== undefined && na.displayName !== "" ? `${quote(na.displayName)} ` : ""
  return `${name}<${formatUri(na.uri)}>${na.params.toString()}`
}

/** Contact value: "*" (remove all bindings) or an address. */
export const parseContact = (value: string): Outcome<NameAddr | "*"> =>
  value.trim() === "*" ? ok("*" as const) : parseNameAddr(value)

/** One Via value (RFC 3261 §20.42, rport from RFC 3581). */
export interface Via {
  protocolName: string
  protocolVersion: string
  /** Upper case: UDP, TCP, TLS, SCTP, WS, WSS or any extension. */
  transport: string
  /** sent-by host, IPv6 without brackets. */
  host: string
  port?: number
  /** All parameters in order (the source of truth for `formatVia`). */
  params: SipParams
  /** Read-only views of well-known parameters, taken when parsed. */
  branch?: string
  received?: string
  rport?: number | true
  maddr?: string
  ttl?: number
}

const readToken = (s: string, i: number, end: number): number => scan(s, i, TOKEN, end)

/** Parses one via-parm: sent-protocol LWS sent-by *( SEMI via-params ). */
export const parseVia = (value: string): Outcome<Via> => {
  const s = value
  let end = s.length
  while (end > 0 && isWs(s.charCodeAt(end - 1))) end--
  let i = skipWs(s, 0, end)
  const parts: string[] = []
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      i = skipWs(s, i, end)
      if (s.charCodeAt(i) !== SLASH) return fail("invalid Via protocol")
      i = skipWs(s, i + 1, end)
    }
    const start = i
    i = readToken(s, i, end)
    if (i === start) return fail("invalid Via protocol")
    parts.push(s.slice(start, i))
  }
  if (i >= end || !isWs(s.charCodeAt(i))) return fail("missing Via sent-by")
  i = skipWs(s, i, end)
  let host: string
  if (s.charCodeAt(i) === LBRACKET) {
    const close = s.indexOf("]", i)
    if (close < 0 || close >= end || !isIPv6(s, i + 1, close)) return fail("invalid Via host")
    host = s.slice(i + 1, close)
    i = close + 1
  } else {
    const start = i
    while (i < end && !isWs(s.charCodeAt(i)) && s.charCodeAt(i) !== SEMI && s.charCodeAt(i) !== COLON) i++
    host = s.slice(start, i)
    if (!validViaHost(host)) return fail("invalid Via host")
  }
  const via: Via = {
    protocolName: parts[0],
    protocolVersion: parts[1],
    transport: parts[2].toUpperCase(),
    host,
    params: new SipParams(),
  }
  const j = skipWs(s, i, end)
  if (j < end && s.charCodeAt(j) === COLON) {
    const ps = skipWs(s, j + 1, end)
    i = scan(s, ps, DIGIT, end)
    const port = parseDigits(s, ps, i, 65535)
    if (port < 0) return fail("invalid Via port")
    via.port = port
  }
  const p = parseHeaderParams(s, i, end, via.params)
  if (!p.ok) return p
  if (p.value !== end) return fail("unexpected text in Via")
  let problem: string | undefined
  via.params.forEach((name, raw) => {
    if (problem !== undefined) return
    const key = name.length <= 8 ? name.toLowerCase() : ""
    if (key === "branch") {
      if (raw === null || !all(raw, TOKEN)) problem = "invalid Via branch"
      else via.branch = raw
    } else if (key === "received") {
      const addr = raw !== null && raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw
      if (addr === null || !(isIPv4(addr) || isIPv6(addr))) problem = "invalid Via received"
      else via.received = addr
    } else if (key === "rport") {
      if (raw === null) via.rport = true
      else {
        const n = parseDigits(raw, 0, raw.length, 65535)
        if (n < 0) problem = "invalid Via rport"
        else via.rport = n
      }
    } else if (key === "maddr") {
      if (raw === null || !validViaHost(raw)) problem = "invalid Via maddr"
      else via.maddr = raw
    } else if (key === "ttl") {
      const n = raw === null ? -1 : parseDigits(raw, 0, raw.length, 255)
      if (n < 0) problem = "invalid Via ttl"
      else via.ttl = n
    }
  })
  if (problem !== undefined) return fail(problem)
  return ok(via)
}

const validViaHost = (host: string): boolean =>
  host.startsWith("[") && host.endsWith("]") ? isIPv6(host, 1, host.length - 1) : isValidHost(host)

/** `SIP/2.0/UDP host:port;params` from a Via (derived fields are ignored; `params` rules). */
export const formatVia = (via: Pick<Via, "transport" | "host" | "port" | "params"> & Partial<Pick<Via, "protocolName" | "protocolVersion">>): string =>
  `${via.protocolName ?? "SIP"}/${via.protocolVersion ?? "2.0"}/${via.transport} ${formatHost(via.host)}${via.port !== undefined ? `:${via.port}` : ""}${via.params.toString()}`

export interface CSeq {
  seq: number
  method: string
}

/** CSeq = 1*DIGIT LWS Method; the number must fit 32 bits unsigned. */
export const parseCSeq = (value: string): Outcome<CSeq> => {
  let end = value.length
  while (end > 0 && isWs(value.charCodeAt(end - 1))) end--
  let i = skipWs(value, 0, end)
  const ds = i
  i = scan(value, i, DIGIT, end)
  if (i === ds) return fail("invalid CSeq number")
  const seq = parseDigits(value, ds, i, 0xffffffff)
  if (seq < 0) return fail("CSeq number out of range")
  if (i >= end || !isWs(value.charCodeAt(i))) return fail("missing CSeq method")
  i = skipWs(value, i, end)
  const ms = i
  i = scan(value, i, TOKEN, end)
  if (i === ms || i !== end) return fail("invalid CSeq method")
  return ok({ seq, method: value.slice(ms, end) })
}

export const formatCSeq = (cseq: CSeq): string => `${cseq.seq} ${cseq.method}`

/** Call-ID = word [ "@" word ]. */
export const isCallId = (value: string): boolean => {
  const at = value.indexOf("@")
  const first = at < 0 ? value.length : at
  if (first === 0 || scan(value, 0, WORD, first) !== first) return false
  if (at < 0) return true
  return at + 1 < value.length && scan(value, at + 1, WORD) === value.length
}

/** Max-Forwards = 1*DIGIT, 0 to 255. */
export const parseMaxForwards = (value: string): Outcome<number> => {
  const v = value.trim()
  const n = parseDigits(v, 0, v.length, 255)
  return n < 0 ? fail("invalid Max-Forwards") : ok(n)
}

/** delta-seconds (Expires, Min-Expires, expires=, Retry-After): 1*DIGIT up to 2^32-1. */
export const parseDeltaSeconds = (value: string): Outcome<number> => {
  const v = value.trim()
  const n = parseDigits(v, 0, v.length, 0xffffffff)
  return n < 0 ? fail("invalid delta-seconds") : ok(n)
}

const WKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** SIP-date (RFC 3261 §20.17: rfc1123-date, always "GMT"), e.g. "Sat, 13 Nov 2010 23:29:00 GMT". */
export const parseSipDate = (value: string): Outcome<Date> => {
  const v = value.trim()
  // "Www, DD Mmm YYYY HH:MM:SS GMT" — fixed layout, 29 characters
  if (v.length !== 29 || v[3] !== "," || v[4] !== " " || v[7] !== " " || v[11] !== " " || v[16] !== " " || v[19] !== ":" || v[22] !== ":" || v[25] !== " ")
    return fail("invalid date")
  if (v.slice(26) !== "GMT") return fail("date must be in GMT")
  const wk = WKDAYS.indexOf(v.slice(0, 3))
  const month = MONTHS.indexOf(v.slice(8, 11))
  const num = (from: number, len: number) => parseDigits(v, from, from + len, 9999)
  const day = num(5, 2)
  const year = num(12, 4)
  const h = num(17, 2)
  const m = num(20, 2)
  const sec = num(23, 2)
  if (wk < 0 || month < 0 || day < 1 || day > 31 || year < 0 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
    return fail("invalid date")
  const date = new Date(Date.UTC(year, month, day, h, m, sec))
  if (date.getUTCDate() !== day) return fail("invalid date")
  return ok(date)
}

export const formatSipDate = (date: Date): string =>
  `${WKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`

