/**
 * Authentication header fields (RFC 3261 §20.7, §20.27, §20.28, §20.44, §25;
 * RFC 7235 / RFC 8760 for the general challenge/credentials form):
 * WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization,
 * and the bare auth-param list of Authentication-Info.
 */
import { DQUOTE, TOKEN, all, isWs, quote, scan, scanQuoted, skipWs, unquote } from "./chars"
import { type Outcome, fail, ok } from "./message"

const COMMA = 44
const EQ = 61

export interface AuthParam {
  /** As received; compare case-insensitively (`authParam` does). */
  name: string
  /** The value as text: quotes and quoted-pairs resolved. */
  value: string
  /** Whether it was (or must be) sent as a quoted-string. */
  quoted: boolean
}

/** A challenge or credentials: `Digest realm="x", nonce="y"` — or a token68 (`Basic dXNlcjpwdw==`). */
export interface AuthValue {
  scheme: string
  params: AuthParam[]
  token68?: string
}

const TOKEN68_EXTRA = "-._~+/"
const isToken68 = (s: string): boolean => {
  let i = 0
  while (i < s.length) {
    const c = s.charCodeAt(i)
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || TOKEN68_EXTRA.includes(s[i])) i++
    else break
  }
  if (i === 0) return false
  while (i < s.length && s.charCodeAt(i) === EQ) i++
  return i === s.length
}

/** auth-param *( COMMA auth-param ) in s[i, end); empty list elements are tolerated (RFC 7235 §7). */
export const parseAuthParams = (s: string, i = 0, end = s.length): Outcome<AuthParam[]> => {
  const params: AuthParam[] = []
  while (true) {
    i = skipWs(s, i, end)
    while (i < end && s.charCodeAt(i) === COMMA) i = skipWs(s, i + 1, end)
    if (i >= end) return ok(params)
    const ns = i
    i = scan(s, i, TOKEN, end)
    if (i === ns) return fail("invalid auth-param name")
    const name = s.slice(ns, i)
    i = skipWs(s, i, end)
    if (i >= end || s.charCodeAt(i) !== EQ) return fail("auth-param without value")
    i = skipWs(s, i + 1, end)
    if (i < end && s.charCodeAt(i) === DQUOTE) {
      const q = scanQuoted(s, i, end)
      if (q < 0) return fail("unterminated quoted string in auth-param")
      params.push({ name, value: unquote(s.slice(i, q)), quoted: true })
      i = q
    } else {
      const vs = i
      i = scan(s, i, TOKEN, end)
      if (i === vs) return fail("invalid auth-param value")
      params.push({ name, value: s.slice(vs, i), quoted: false })
    }
    i = skipWs(s, i, end)
    if (i < end && s.charCodeAt(i) !== COMMA) return fail("expected , between auth-params")
  }
}

/** Parses a WWW-Authenticate / Proxy-Authenticate / Authorization / Proxy-Authorization value. */
export const parseAuthValue = (value: string): Outcome<AuthValue> => {
  let end = value.length
  while (end > 0 && isWs(value.charCodeAt(end - 1))) end--
  let i = skipWs(value, 0, end)
  const ss = i
  i = scan(value, i, TOKEN, end)
  if (i === ss) return fail("missing auth scheme")
  const scheme = value.slice(ss, i)
  if (i === end) return ok({ scheme, params: [] })
  if (!isWs(value.charCodeAt(i))) return fail("invalid auth scheme")
  i = skipWs(value, i, end)
  const params = parseAuthParams(value, i, end)
  if (params.ok) return ok({ scheme, params: params.value })
  const rest = value.slice(i, end)
  if (isToken68(rest)) return ok({ scheme, params: [], token68: rest })
  return params
}

// Digest parameters that RFC 3261 / RFC 8760 always write as quoted-strings.
const ALWAYS_QUOTED = new Set(["realm", "nonce", "opaque", "domain", "username", "uri", "response", "cnonce", "nextnonce", "rspauth"])

/** The wire form of an auth value. A value that is not a token is always quoted. */
export const formatAuthValue = (auth: AuthValue): string => {
  if (auth.token68 !== undefined) return `${auth.scheme} ${auth.token68}`
  if (auth.params.length === 0) return auth.scheme
  return `${auth.scheme} ${formatAuthParams(auth.params)}`
}

export const formatAuthParams = (params: AuthParam[]): string =>
  params
    .map((p) => {
      const mustQuote = p.quoted || !all(p.value, TOKEN) || ALWAYS_QUOTED.has(p.name.toLowerCase())
      return `${p.name}=${mustQuote ? quote(p.value) : p.value}`
    })
    .join(", ")

/** The value of a parameter (first of that name, case-insensitive), as text. */
export const authParam = (auth: AuthValue | AuthParam[], name: string): string | undefined => {
  const lower = name.toLowerCase()
  const list = Array.isArray(auth) ? auth : auth.params
  for (const p of list) if (p.name.toLowerCase() === lower) return p.value
  return undefined
}

/**
 * Builds params from a record, quoting per the Digest conventions: `{ realm: "x", algorithm: "MD5" }`
 * gives `realm="x", algorithm=MD5`. (`qop` stays bare when it is a single token, as in credentials; a challenge's
 * `qop-options` are always quoted — set `quoted: true` on that param, or pass "auth,auth-int".)
 */
export const authParams = (record: Record<string, string>): AuthParam[] =>
  Object.entries(record).map(([name, value]) => ({ name, value, quoted: ALWAYS_QUOTED.has(name.toLowerCase()) || !all(value, TOKEN) }))
