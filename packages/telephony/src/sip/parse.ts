/**
 * SIP message parser (RFC 3261 §7, §18.3, §25). Takes the bytes of one datagram
 * (UDP, a WebSocket message) or one frame cut by `SipStreamFramer`, and returns
 * `{ ok: true, message }` or `{ ok: false, error }` — it never throws.
 *
 * Header fields are split into lines, unfolded, their names canonicalised and
 * list values split; the fields every element relies on (Via, From, To, Call-ID,
 * CSeq, Max-Forwards, Content-Length, Contact, Route, Record-Route) are parsed
 * to validate them. Other fields are kept as text: see `headers.ts` for their parsers.
 */
import { BACKSLASH, CR, DQUOTE, HTAB, LF, TOKEN, isToken, isWs, parseDigits, scan, startsWithLower } from "./chars"
import { isCallId, parseCSeq, parseMaxForwards, parseNameAddr, splitList } from "./headers"
import { readNameAddr, readVia } from "./shared-parse"
import {
  APPEND_ENTRY, type ParseError, type ParseResult, type PartialRequest, type SipMessage, type Uri, SipHeaders,
} from "./message"
import { isListHeader, knownHeaderName } from "./names"
import { parseUri } from "./uri"

export interface ParseOptions {
  /** Largest message accepted, start line to end of body, in bytes (default 65535). Larger → 513. */
  maxMessageSize?: number
  /** Most header field values (after splitting comma lists) (default 256). More → 513. */
  maxHeaders?: number
  /** Longest start line or header field (folded lines together), in characters (default 8192). Longer → 513. */
  maxHeaderLineLength?: number
  /** Refuse requests without Max-Forwards (default true). `false` tolerates RFC 2543 peers. */
  requireMaxForwards?: boolean
  /** Accept Request-URIs of any scheme (default false: only sip, sips and tel; others → 416). */
  allowAnyRequestUriScheme?: boolean
}

export const DEFAULT_PARSE_OPTIONS: Required<ParseOptions> = {
  maxMessageSize: 65535,
  maxHeaders: 256,
  maxHeaderLineLength: 8192,
  requireMaxForwards: true,
  allowAnyRequestUriScheme: false,
}

/** Methods of RFC 3261 and the common extensions; others are "unknown" for the CSeq mismatch rule. */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
  "INFO", "REFER", "MESSAGE", "UPDATE",
])

const decoder = new TextDecoder("utf-8", { ignoreBOM: true })
const encoder = new TextEncoder()

/**
 * Looks for the empty line ending the header fields in b[from, to): LF LF or LF CR LF
 * (CRLF CRLF being the usual form; bare LF line ends are tolerated).
 * Returns the body offset, or -(p + 1) where p is where a later search must resume.
 */
export const findHeaderEnd = (b: Uint8Array, from: number, to: number): number => {
  let p = from
  while (p < to) {
    const lf = b.indexOf(LF, p)
    if (lf < 0 || lf >= to) return -(to + 1)
    if (lf + 1 >= to) return -(lf + 1)
    const n = b[lf + 1]
    if (n === LF) return lf + 2
    if (n === CR) {
      if (lf + 2 >= to) return -(lf + 1)
      if (b[lf + 2] === LF) return lf + 3
    }
    p = lf + 1
  }
  return -(to + 1)
}

/** The start line and header fields of a message, before its body is looked at. */
export interface Head {
  kind?: "request" | "response"
  method?: string
  uri?: Uri
  status?: number
  reason?: string
  isRequest: boolean
  headers: SipHeaders
  partial: PartialRequest
  /** The first problem met in the start line or the header fields. */
  error?: { code: number; reason: string }
  /** The Request-URI scheme is not sip/sips/tel (answer 416 if all else is fine). */
  unsupportedScheme?: boolean
}

const isCtl = (c: number) => (c < 0x20 && c !== HTAB) || c === 0x7f

/** No controls but HTAB, except escaped by a quoted-pair inside a quoted string. */
const charsValid = (v: string): boolean => {
  let quoted = false
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (quoted) {
      if (c === BACKSLASH) {
        i++
        if (i < v.length && (v.charCodeAt(i) === CR || v.charCodeAt(i) === LF)) return false
      } else if (c === DQUOTE) quoted = false
      else if (isCtl(c)) return false
    } else if (c === DQUOTE) quoted = true
    else if (isCtl(c)) return false
  }
  return true
}

/** "SIP/2.0" → "ok"; "SIP/7.0" → "unsupported"; anything else → "invalid". */
const checkVersion = (v: string): "ok" | "unsupported" | "invalid" => {
  if (!startsWithLower(v, 0, "sip/")) return "invalid"
  const dot = v.indexOf(".", 4)
  if (dot < 0 || parseDigits(v, 4, dot, 1e6) < 0 || parseDigits(v, dot + 1, v.length, 1e6) < 0) return "invalid"
  return v.length === 7 && v[4] === "2" && v[6] === "0" ? "ok" : "unsupported"
}

const parseStartLine = (head: Head, line: string, opts: Required<ParseOptions>): void => {
  const setError = (code: number, reason: string) => {
    head.error ??= { code, reason }
  }
  if (startsWithLower(line, 0, "sip/")) {
    const sp = line.indexOf(" ")
    const version = checkVersion(sp < 0 ? line : line.slice(0, sp))
    if (version === "invalid" || sp < 0) return setError(400, "Invalid status line")
    if (version === "unsupported") return setError(505, "Version Not Supported")
    const status = parseDigits(line, sp + 1, sp + 4, 999)
    if (line.length > sp + 4 && line.charCodeAt(sp + 4) !== 32) return setError(400, "Invalid status code")
    if (status < 100 || status > 699) return setError(400, "Invalid status code")
    const reason = line.length > sp + 5 ? line.slice(sp + 5) : ""
    for (let i = 0; i < reason.length; i++) if (isCtl(reason.charCodeAt(i))) return setError(400, "Invalid reason phrase")
    head.kind = "response"
    head.status = status
    head.reason = reason
    return
  }
  const sp1 = line.indexOf(" ")
  const method = sp1 > 0 ? line.slice(0, sp1) : ""
  if (!isToken(method)) return setError(400, "Invalid start line")
  head.isRequest = true
  head.partial.method = method
  for (let i = 0; i < line.length; i++) if (isCtl(line.charCodeAt(i))) return setError(400, "Invalid character in request line")
  const sp2 = line.lastIndexOf(" ")
  if (sp2 === sp1) return setError(400, "Invalid request line")
  const version = checkVersion(line.slice(sp2 + 1))
  if (version === "invalid") return setError(400, "Invalid request line")
  if (version === "unsupported") return setError(505, "Version Not Supported")
  const uriText = line.slice(sp1 + 1, sp2)
  if (uriText === "" || uriText.includes(" ") || uriText.includes("\t")) return setError(400, "Invalid request line")
  const uri = parseUri(uriText)
  if (!uri.ok) return setError(400, "Invalid Request-URI")
  if (uri.value.kind === "sip" && uri.value.headers.size > 0) return setError(400, "Request-URI must not contain headers")
  if (uri.value.kind === "other" && !opts.allowAnyRequestUriScheme) head.unsupportedScheme = true
  head.kind = "request"
  head.method = method
  head.uri = uri.value
}

// Values of these may not be empty list elements: their parsers would refuse them anyway.
const STRICT_LISTS = new Set(["via", "contact", "route", "record-route"])

/** Parses the start line and header fields of the decoded header section. */
export const parseHead = (text: string, opts: Required<ParseOptions>): Head => {
  const head: Head = { isRequest: false, headers: new SipHeaders(), partial: { via: [] } }
  const setError = (code: number, reason: string) => {
    head.error ??= { code, reason }
  }
  const end = text.length
  let lf = text.indexOf("\n")
  let lineEnd = lf < 0 ? end : lf
  const startLine = text.slice(0, lineEnd > 0 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd)
  if (startLine.length > opts.maxHeaderLineLength) {
    setError(513, "Message Too Large")
    head.isRequest = !startsWithLower(startLine, 0, "sip/")
  } else parseStartLine(head, startLine, opts)

  let nameStart = 0
  let nameEnd = 0
  // the value's pieces: the first line's text, then each continuation line's (folds become one SP)
  let parts: string[] = []
  let rawLength = 0
  let pending = false
  let entries = 0
  let stop = false

  const flush = () => {
    pending = false
    if (rawLength > opts.maxHeaderLineLength) return setError(513, "Message Too Large")
    let v = ""
    for (const part of parts) {
      let e = part.length
      while (e > 0 && isWs(part.charCodeAt(e - 1))) e--
      if (e === 0) continue
      v = v === "" ? part.slice(0, e) : `${v} ${part.slice(0, e)}`
    }
    if (!charsValid(v)) return setError(400, "Invalid character in header field")
    const known = knownHeaderName(text, nameStart, nameEnd)
    const name = known ? known.name : text.slice(nameStart, nameEnd)
    const key = known ? known.key : name.toLowerCase()
    const values = isListHeader(key) && v !== "" ? splitList(v) : [v]
    for (const item of values) {
      if (item === "" && values.length > 1) {
        if (STRICT_LISTS.has(key)) setError(400, "Empty value in a header field list")
        continue
      }
      if (++entries > opts.maxHeaders) {
        stop = true
        return setError(513, "Message Too Large")
      }
      head.headers[APPEND_ENTRY](name, key, item)
      switch (key) {
        case "via":
          head.partial.via.push(item)
          break
        case "from":
          head.partial.from ??= item
          break
        case "to":
          head.partial.to ??= item
          break
        case "call-id":
          head.partial.callId ??= item
          break
        case "cseq":
          head.partial.cseq ??= item
          break
      }
    }
  }

  let pos = lf < 0 ? end : lf + 1
  while (pos < end && !stop) {
    lf = text.indexOf("\n", pos)
    lineEnd = lf < 0 ? end : lf
    let stripEnd = lineEnd
    if (stripEnd > pos && text.charCodeAt(stripEnd - 1) === CR) stripEnd--
    const first = text.charCodeAt(pos)
    if (first === 32 || first === HTAB) {
      // folded continuation: CRLF + whitespace is one SP
      if (!pending) setError(400, "Header field continuation without a field")
      else {
        let s = pos
        while (s < stripEnd && isWs(text.charCodeAt(s))) s++
        rawLength += stripEnd - pos
        // past the limit nothing more is kept: flush() reports it
        if (s < stripEnd && rawLength <= opts.maxHeaderLineLength) parts.push(text.slice(s, stripEnd))
      }
    } else if (stripEnd > pos) {
      if (pending) flush()
      let colon = pos
      while (colon < stripEnd && text.charCodeAt(colon) !== 58) colon++
      if (colon >= stripEnd) setError(400, "Header field without a colon")
      else {
        let ne = colon
        while (ne > pos && isWs(text.charCodeAt(ne - 1))) ne--
        if (ne === pos || scan(text, pos, TOKEN, ne) !== ne) setError(400, "Invalid header field name")
        else {
          let vs = colon + 1
          while (vs < stripEnd && isWs(text.charCodeAt(vs))) vs++
          nameStart = pos
          nameEnd = ne
          parts = [text.slice(vs, stripEnd)]
          rawLength = stripEnd - pos
          pending = true
        }
      }
    }
    pos = lf < 0 ? end : lf + 1
  }
  if (pending && !stop) flush()
  return head
}

/** Content-Length of the head: its number, `undefined` when absent, or why it is unusable. */
export const contentLengthOf = (head: Head): { ok: true; value: number | undefined } | { ok: false; reason: string } => {
  let n: number | undefined
  for (const raw of head.headers.getAll("Content-Length")) {
    const v = raw.trim()
    const parsed = parseDigits(v, 0, v.length, Number.MAX_SAFE_INTEGER)
    if (parsed < 0) return { ok: false, reason: "Invalid Content-Length" }
    if (n !== undefined && n !== parsed) return { ok: false, reason: "Conflicting Content-Length values" }
    n = parsed
  }
  return { ok: true, value: n }
}

const failure = (head: Head, code: number, reason: string): ParseResult => {
  const error: ParseError = { code, reason, isRequest: head.isRequest }
  if (head.isRequest) error.partial = head.partial
  return { ok: false, error }
}

/** The mandatory header fields and the ones this layer relies on; the first problem found. */
const validate = (head: Head, opts: Required<ParseOptions>): { code: number; reason: string } | undefined => {
  const h = head.headers
  const bad = (reason: string) => ({ code: 400, reason })
  const vias = h.getAll("Via")
  if (vias.length === 0) return bad("Missing Via header")
  for (const v of vias) if (!readVia(v).ok) return bad("Invalid Via header")
  for (const name of ["From", "To"]) {
    const values = h.getAll(name)
    if (values.length === 0) return bad(`Missing ${name} header`)
    if (values.length > 1) return bad(`Multiple ${name} headers`)
    if (!readNameAddr(values[0]).ok) return bad(`Invalid ${name} header`)
  }
  const callIds = h.getAll("Call-ID")
  if (callIds.length === 0) return bad("Missing Call-ID header")
  if (callIds.length > 1) return bad("Multiple Call-ID headers")
  if (!isCallId(callIds[0])) return bad("Invalid Call-ID header")
  const cseqs = h.getAll("CSeq")
  if (cseqs.length === 0) return bad("Missing CSeq header")
  if (cseqs.length > 1) return bad("Multiple CSeq headers")
  const cseq = parseCSeq(cseqs[0])
  if (!cseq.ok) return bad("Invalid CSeq header")
  if (head.kind === "request") {
    const mfs = h.getAll("Max-Forwards")
    if (mfs.length === 0 && opts.requireMaxForwards) return bad("Missing Max-Forwards header")
    if (mfs.length > 1) return bad("Multiple Max-Forwards headers")
    if (mfs.length === 1 && !parseMaxForwards(mfs[0]).ok) return bad("Invalid Max-Forwards header")
  }
  const contacts = h.getAll("Contact")
  for (const c of contacts) {
    const star = c.trim() === "*"
    if (!star && !readNameAddr(c).ok) return bad("Invalid Contact header")
    if (star && contacts.length > 1) return bad("Contact * must stand alone")
  }
  for (const name of ["Route", "Record-Route"])
    for (const r of h.getAll(name)) if (!parseNameAddr(r, { requireBrackets: true }).ok) return bad(`Invalid ${name} header`)
  if (head.kind === "request" && cseq.value.method !== head.method) {
    // RFC 4475 §3.1.2.17–18: 400, or 501 when the method itself is unknown
    return { code: KNOWN_METHODS.has(head.method!) ? 400 : 501, reason: "CSeq method does not match the request method" }
  }
  return undefined
}

/**
 * Completes a message from its head and the bytes after the header section.
 * `bodyStart` is the offset of the body in `bytes`; `available` how many bytes
 * the datagram or frame holds in all. Without Content-Length the body is the
 * rest (RFC 3261 §18.3 for datagrams); bytes beyond Content-Length are dropped.
 */
export const finishMessage = (
  head: Head,
  bytes: Uint8Array,
  messageStart: number,
  bodyStart: number,
  available: number,
  opts: Required<ParseOptions>,
): ParseResult => {
  if (head.error) return failure(head, head.error.code, head.error.reason)
  const invalid = validate(head, opts)
  if (invalid) return failure(head, invalid.code, invalid.reason)
  const cl = contentLengthOf(head)
  if (!cl.ok) return failure(head, 400, cl.reason)
  const bodyEnd = cl.value === undefined ? available : bodyStart + cl.value
  if (bodyEnd - messageStart > opts.maxMessageSize) return failure(head, 513, "Message Too Large")
  if (bodyEnd > available) return failure(head, 400, "Content-Length larger than the message")
  if (head.unsupportedScheme) return failure(head, 416, "Unsupported URI Scheme")
  const body = bytes.slice(bodyStart, bodyEnd)
  const message: SipMessage =
    head.kind === "request"
      ? { kind: "request", method: head.method!, uri: head.uri!, headers: head.headers, body }
      : { kind: "response", status: head.status!, reason: head.reason!, headers: head.headers, body }
  return { ok: true, message }
}

export const resolveOptions = (options?: ParseOptions): Required<ParseOptions> =>
  options ? { ...DEFAULT_PARSE_OPTIONS, ...options } : DEFAULT_PARSE_OPTIONS

/** Decodes the header section b[start, end) (UTF-8, invalid bytes become U+FFFD). */
export const decodeHeaderSection = (b: Uint8Array, start: number, end: number): string => decoder.decode(b.subarray(start, end))

const parseUnsafe = (bytes: Uint8Array, opts: Required<ParseOptions>): ParseResult => {
  const len = bytes.length
  let start = 0
  while (start < len && (bytes[start] === CR || bytes[start] === LF)) start++
  if (start === len) return { ok: false, error: { code: 400, reason: "Empty message", isRequest: false } }
  const limit = Math.min(len, start + opts.maxMessageSize)
  const bodyStart = findHeaderEnd(bytes, start, limit)
  if (bodyStart < 0) {
    const head = parseHead(decodeHeaderSection(bytes, start, limit), opts)
    if (len - start > opts.maxMessageSize) return failure(head, 513, "Message Too Large")
    return failure(head, 400, "Incomplete message: no empty line after the header fields")
  }
  // the header text ends with the last header line's LF (the empty line is not part of it)
  const headerEnd = bytes[bodyStart - 2] === CR ? bodyStart - 2 : bodyStart - 1
  const head = parseHead(decodeHeaderSection(bytes, start, headerEnd), opts)
  return finishMessage(head, bytes, start, bodyStart, len, opts)
}

/**
 * Parses one SIP message from a datagram (or one complete frame). A string is
 * taken as UTF-8. Leading CRLFs are skipped (RFC 3261 §7.5); without
 * Content-Length the body is the rest of the datagram; a Content-Length larger
 * than the bytes available is an error. Never throws.
 */
export const parseMessage = (input: Uint8Array | string, options?: ParseOptions): ParseResult => {
  try {
    const bytes = typeof input === "string" ? encoder.encode(input) : input
    return parseUnsafe(bytes, resolveOptions(options))
  } catch {
    // A safety net only: the fuzz tests assert it is never reached.
    return { ok: false, error: { code: 400, reason: "Unparseable message", isRequest: false } }
  }
}
