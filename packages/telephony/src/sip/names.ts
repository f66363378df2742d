/**
 * Header field names: canonical spelling, compact forms (RFC 3261 §7.3.3 and the
 * extensions that define one), and which fields are comma-separated lists.
 */

/** Compact form (one letter, case-insensitive) → full name. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: "Accept-Contact", // RFC 3841
  b: "Referred-By", // RFC 3892
  c: "Content-Type",
  d: "Request-Disposition", // RFC 3841
  e: "Content-Encoding",
  f: "From",
  i: "Call-ID",
  j: "Reject-Contact", // RFC 3841
  k: "Supported",
  l: "Content-Length",
  m: "Contact",
  n: "Identity-Info", // RFC 4474
  o: "Event", // RFC 6665
  r: "Refer-To", // RFC 3515
  s: "Subject",
  t: "To",
  u: "Allow-Events", // RFC 6665
  v: "Via",
  x: "Session-Expires", // RFC 4028
  y: "Identity", // RFC 8224
}

const KNOWN = [
  "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
  "Alert-Info", "Allow", "Allow-Events", "Authentication-Info", "Authorization", "Call-ID",
  "Call-Info", "Contact", "Content-Disposition", "Content-Encoding", "Content-ID",
  "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date", "Diversion", "Error-Info",
  "Event", "Expires", "Feature-Caps", "Flow-Timer", "From", "Geolocation", "History-Info",
  "Identity", "Identity-Info", "In-Reply-To", "Join", "Max-Breadth", "Max-Forwards",
  "MIME-Version", "Min-Expires", "Min-SE", "Organization", "P-Access-Network-Info",
  "P-Asserted-Identity", "P-Associated-URI", "P-Called-Party-ID", "P-Charging-Vector",
  "P-Preferred-Identity", "Path", "Priority", "Privacy", "Proxy-Authenticate",
  "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-Sub",
  "Refer-To", "Referred-By", "Reject-Contact", "Remote-Party-ID", "Replaces", "Reply-To",
  "Request-Disposition", "Require", "Resource-Priority", "Retry-After", "Route", "RSeq",
  "Security-Client", "Security-Server", "Security-Verify", "Server", "Service-Route",
  "Session-Expires", "SIP-ETag", "SIP-If-Match", "Subject", "Subscription-State", "Supported",
  "Target-Dialog", "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning",
  "WWW-Authenticate",
]

/**
 * Fields whose grammar is `x *(COMMA x)`: a line holding several values is split
 * into one entry per value. Every other field keeps its value whole — notably
 * WWW-Authenticate, Authorization, Proxy-Authenticate, Proxy-Authorization,
 * Authentication-Info (commas separate auth-params there), Date, Retry-After,
 * Subject, Server, User-Agent and every unknown extension header.
 */
const LISTS = [
  "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
  "Alert-Info", "Allow", "Allow-Events", "Call-Info", "Contact", "Content-Encoding",
  "Content-Language", "Diversion", "Error-Info", "History-Info", "In-Reply-To",
  "P-Asserted-Identity", "P-Associated-URI", "P-Preferred-Identity", "Path", "Proxy-Require",
  "Reason", "Record-Route", "Reject-Contact", "Request-Disposition", "Require",
  "Resource-Priority", "Route", "Security-Client", "Security-Server", "Security-Verify",
  "Service-Route", "Supported", "Unsupported", "Via", "Warning",
]

const canonical = new Map<string, string>()
for (const name of KNOWN) canonical.set(name.toLowerCase(), name)
for (const [letter, name] of Object.entries(COMPACT_FORMS)) canonical.set(letter, name)
const lists = new Set(LISTS.map((n) => n.toLowerCase()))

interface NameInfo {
  /** Canonical spelling (or the name as given when unknown). */
  name: string
  /** Lower-case canonical name: the look-up key. */
  key: string
}

// Spellings met so far of known names ("Via", "v", "VIA" …); bounded, unknown names are not kept.
const seen = new Map<string, NameInfo>()

const info = (name: string): NameInfo => {
  const hit = seen.get(name)
  if (hit !== undefined) return hit
  const lower = name.toLowerCase()
  const known = canonical.get(lower)
  if (known === undefined) return { name, key: lower }
  const found = { name: known, key: known.toLowerCase() }
  if (seen.size < 1024) seen.set(name, found)
  return found
}

/** The canonical spelling of a header name: "v" → "Via", "call-id" → "Call-ID"; unknown names unchanged. */
export const canonicalHeaderName = (name: string): string => info(name).name

/** The lookup key of a header name: lower-case canonical name (compact forms resolved). */
export const headerKey = (name: string): string => info(name).key

// Known names by length and lower-case first letter, to recognise a name in place (no substring, no allocation).
const byShape = new Map<number, { lower: string; info: NameInfo }[]>()
for (const [lower, name] of canonical) {
  const shape = lower.length * 128 + lower.charCodeAt(0)
  const list = byShape.get(shape) ?? []
  list.push({ lower, info: { name, key: name.toLowerCase() } })
  byShape.set(shape, list)
}

/** The known header name written in s[from, to), matched case-insensitively, if any. */
export const knownHeaderName = (s: string, from: number, to: number): Readonly<NameInfo> | undefined => {
  let first = s.charCodeAt(from)
  if (first >= 65 && first <= 90) first += 32
  const candidates = byShape.get((to - from) * 128 + first)
  if (candidates === undefined) return undefined
  outer: for (const c of candidates) {
    for (let i = 1; i < c.lower.length; i++) {
      let ch = s.charCodeAt(from + i)
      if (ch >= 65 && ch <= 90) ch += 32
      if (ch !== c.lower.charCodeAt(i)) continue outer
    }
    return c.info
  }
  return undefined
}

/** Both at once (one look-up). */
export const headerNameInfo = (name: string): Readonly<NameInfo> => info(name)

/** Whether values of this header (given by key) are split on top-level commas. */
export const isListHeader = (key: string): boolean => lists.has(key)
