/**
 * URIs (RFC 3261 §19.1, §25; RFC 3966 for tel:; RFC 5118 for IPv6 references).
 * Hand-written scanners, linear in the input.
 */
import {
  ALPHA, DIGIT, HEX, HNV_UNRES, HOST, PARAM_UNRES, PASSWORD, SCHEME, TEL, UNRESERVED, USER_UNRES,
  escapedRun, is, parseDigits, scan,
} from "./chars"
import { type Outcome, type SipUri, type TelUri, type Uri, SipParams, fail, ok } from "./message"

const COLON = 58
const SEMI = 59
const QMARK = 63
const AMP = 38
const EQ = 61
const LBRACKET = 91

/** Dotted-quad IPv4 address (each part 1–3 digits, ≤ 255). */
export const isIPv4 = (s: string, from = 0, to = s.length): boolean => {
  let parts = 0
  let i = from
  while (true) {
    const start = i
    while (i < to && is(s.charCodeAt(i), DIGIT)) i++
    const len = i - start
    if (len < 1 || len > 3 || parseDigits(s, start, i, 255) < 0) return false
    parts++
    if (i === to) return parts === 4
    if (s.charCodeAt(i) !== 46 || parts === 4) return false
    i++
  }
}

/** IPv6 address in text form (RFC 4291 §2.2, with an optional trailing IPv4 part), no brackets. */
export const isIPv6 = (s: string, from = 0, to = s.length): boolean => {
  if (to - from < 2) return false
  let groups = 0
  let compressed = false
  let i = from
  if (s.charCodeAt(i) === COLON) {
    if (s.charCodeAt(i + 1) !== COLON) return false
    compressed = true
    i += 2
    if (i === to) return true
  }
  while (i < to) {
    const start = i
    while (i < to && is(s.charCodeAt(i), HEX)) i++
    const len = i - start
    if (i < to && s.charCodeAt(i) === 46) {
      // trailing dotted IPv4 counts as two groups and ends the address
      if (!isIPv4(s, start, to)) return false
      groups += 2
      i = to
      break
    }
    if (len < 1 || len > 4) return false
    groups++
    if (i === to) break
    if (s.charCodeAt(i) !== COLON) return false
    i++
    if (i < to && s.charCodeAt(i) === COLON) {
      if (compressed) return false
      compressed = true
      i++
      if (i === to) break
    } else if (i === to) return false
  }
  return compressed ? groups < 8 : groups === 8
}

/** host = hostname / IPv4address / IPv6reference — `s` without brackets for IPv6. */
const validHostName = (s: string, from: number, to: number): boolean => {
  if (from >= to) return false
  let digitsOnly = true
  let labelLen = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (!is(c, HOST)) return false
    if (c === 46) {
      if (labelLen === 0) return false
      labelLen = 0
    } else {
      labelLen++
      if (!is(c, DIGIT)) digitsOnly = false
    }
  }
  // all-numeric labels are only valid as an IPv4 address (a toplabel starts with a letter)
  if (digitsOnly) return isIPv4(s, from, to)
  return s.charCodeAt(from) !== 45
}

/** A host as written in sent-by, maddr or a URI: hostname, IPv4 address, or IPv6 address (without brackets). */
export const isValidHost = (host: string): boolean =>
  host.includes(":") ? isIPv6(host) : validHostName(host, 0, host.length)

/**
 * Parses host[:port] from s[i, end). Returns the index after it, or an error.
 * IPv6 references are given back without their brackets.
 */
const parseHostPort = (
  s: string,
  i: number,
  end: number,
  stops: (c: number) => boolean,
): Outcome<{ host: string; port?: number; next: number }> => {
  let host: string
  if (s.charCodeAt(i) === LBRACKET) {
    const close = s.indexOf("]", i)
    if (close < 0 || close >= end || !isIPv6(s, i + 1, close)) return fail("invalid IPv6 reference")
    host = s.slice(i + 1, close)
    i = close + 1
  } else {
    const start = i
    while (i < end && s.charCodeAt(i) !== COLON && !stops(s.charCodeAt(i))) i++
    if (!validHostName(s, start, i)) return fail("invalid host")
    host = s.slice(start, i)
  }
  let port: number | undefined
  if (i < end && s.charCodeAt(i) === COLON) {
    const start = ++i
    i = scan(s, i, DIGIT, end)
    port = parseDigits(s, start, i, 65535)
    if (port < 0) return fail("invalid port")
  }
  return ok({ host, port, next: i })
}

/** The wire form of a host: IPv6 addresses get their brackets. */
export const formatHost = (host: string): string => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host)

const uriParamStop = (c: number) => c === SEMI || c === QMARK

/** uri-parameters: *( ";" pname [ "=" pvalue ] ), from s[i] === ";" up to "?" or `end`. */
const parseUriParams = (s: string, i: number, end: number, params: SipParams, nameBits: number): Outcome<number> => {
  while (i < end && s.charCodeAt(i) === SEMI) {
    const start = ++i
    while (i < end && s.charCodeAt(i) !== SEMI && s.charCodeAt(i) !== QMARK && s.charCodeAt(i) !== EQ) i++
    if (i === start || !escapedRun(s, start, i, nameBits)) return fail("invalid URI parameter")
    const name = s.slice(start, i)
    let value: string | null = null
    if (i < end && s.charCodeAt(i) === EQ) {
      const vs = ++i
      while (i < end && !uriParamStop(s.charCodeAt(i))) i++
      if (i === vs || !escapedRun(s, vs, i, PARAM_UNRES | UNRESERVED)) return fail("invalid URI parameter value")
      value = s.slice(vs, i)
    }
    params.append(name, value)
  }
  return ok(i)
}

const parseSipUri = (s: string, scheme: "sip" | "sips", i: number): Outcome<SipUri> => {
  const end = s.length
  const uri: SipUri = { kind: "sip", scheme, host: "", params: new SipParams(), headers: new SipParams() }
  // "@" appears nowhere else unescaped, so the first one ends the userinfo
  const at = s.indexOf("@", i)
  if (at >= 0) {
    let colon = s.indexOf(":", i)
    if (colon > at) colon = -1
    const userEnd = colon < 0 ? at : colon
    if (userEnd === i || !escapedRun(s, i, userEnd, UNRESERVED | USER_UNRES)) return fail("invalid user part")
    uri.user = s.slice(i, userEnd)
    if (colon >= 0) {
      if (!escapedRun(s, colon + 1, at, UNRESERVED | PASSWORD)) return fail("invalid password")
      uri.password = s.slice(colon + 1, at)
    }
    i = at + 1
  }
  if (i >= end) return fail("missing host")
  const hp = parseHostPort(s, i, end, uriParamStop)
  if (!hp.ok) return hp
  uri.host = hp.value.host
  if (hp.value.port !== undefined) uri.port = hp.value.port
  i = hp.value.next
  const params = parseUriParams(s, i, end, uri.params, PARAM_UNRES | UNRESERVED)
  if (!params.ok) return params
  i = params.value
  if (i < end && s.charCodeAt(i) === QMARK) {
    i++
    while (true) {
      const start = i
      while (i < end && s.charCodeAt(i) !== EQ && s.charCodeAt(i) !== AMP) i++
      if (i === start || i === end || s.charCodeAt(i) !== EQ || !escapedRun(s, start, i, HNV_UNRES | UNRESERVED))
        return fail("invalid URI header")
      const name = s.slice(start, i)
      const vs = ++i
      while (i < end && s.charCodeAt(i) !== AMP) i++
      if (!escapedRun(s, vs, i, HNV_UNRES | UNRESERVED)) return fail("invalid URI header value")
      uri.headers.append(name, s.slice(vs, i))
      if (i === end) break
      i++
    }
  }
  if (i !== end) return fail("unexpected character in URI")
  return ok(uri)
}

const parseTelUri = (s: string, i: number): Outcome<TelUri> => {
  const end = s.length
  const start = i
  while (i < end && s.charCodeAt(i) !== SEMI) i++
  if (i === start) return fail("empty telephone number")
  let digits = 0
  for (let j = start; j < i; j++) {
    const c = s.charCodeAt(j)
    if (!is(c, TEL)) return fail("invalid telephone number")
    if (c === 43 && j !== start) return fail("invalid telephone number")
    if (is(c, HEX) || c === 42 || c === 35) digits++
  }
  if (digits === 0) return fail("invalid telephone number")
  const uri: TelUri = { kind: "tel", scheme: "tel", number: s.slice(start, i), params: new SipParams() }
  const params = parseUriParams(s, i, end, uri.params, PARAM_UNRES | UNRESERVED)
  if (!params.ok) return params
  if (params.value !== end) return fail("unexpected character in tel URI")
  return ok(uri)
}

/**
 * Parses an absolute URI: sip:, sips:, tel: in full, any other scheme as opaque text.
 * `s` is exactly the URI (no surrounding whitespace, no angle brackets).
 */
export const parseUri = (s: string): Outcome<Uri> => {
  const colon = s.indexOf(":")
  if (colon < 1 || !is(s.charCodeAt(0), ALPHA) || scan(s, 1, SCHEME, colon) !== colon) return fail("invalid URI scheme")
  const scheme = s.slice(0, colon).toLowerCase()
  if (scheme === "sip" || scheme === "sips") return parseSipUri(s, scheme, colon + 1)
  if (scheme === "tel") return parseTelUri(s, colon + 1)
  if (colon + 1 === s.length) return fail("empty URI")
  for (let i = colon + 1; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // uric: printable ASCII without SP, DQUOTE, "<", ">", "\", "^", "`", "{", "|", "}"
    if (c <= 32 || c >= 127 || c === 34 || c === 60 || c === 62 || c === 92 || c === 94 || c === 96 || (c >= 123 && c <= 125))
      return fail("invalid character in URI")
  }
  return ok({ kind: "other", scheme, opaque: s.slice(colon + 1) })
}

/** The wire form of a URI. */
export const formatUri = (uri: Uri): string => {
  switch (uri.kind) {
    case "sip": {
      let out = `${uri.scheme}:`
      if (uri.user !== undefined) out += uri.password !== undefined ? `${uri.user}:${uri.password}@` : `${uri.user}@`
      out += formatHost(uri.host)
      if (uri.port !== undefined) out += `:${uri.port}`
      out += uri.params.toString()
      if (uri.headers.size > 0) out += "?" + uri.headers.entries().map(([n, v]) => `${n}=${v ?? ""}`).join("&")
      return out
    }
    case "tel":
      return `tel:${uri.number}${uri.params.toString()}`
    case "other":
      return `${uri.scheme}:${uri.opaque}`
  }
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true })
const encoder = new TextEncoder()

/** Resolves %HH escapes (as UTF-8; invalid sequences become U+FFFD): "%75se%72" → "user". */
export const unescapeUri = (s: string): string => {
  if (!s.includes("%")) return s
  const out: number[] = []
  let from = 0
  for (let i = 0; i + 2 < s.length; i++) {
    if (s.charCodeAt(i) === 37 && is(s.charCodeAt(i + 1), HEX) && is(s.charCodeAt(i + 2), HEX)) {
      if (i > from) for (const b of encoder.encode(s.slice(from, i))) out.push(b)
      out.push(parseInt(s.slice(i + 1, i + 3), 16))
      i += 2
      from = i + 1
    }
  }
  if (from < s.length) for (const b of encoder.encode(s.slice(from))) out.push(b)
  return utf8.decode(Uint8Array.from(out))
}
