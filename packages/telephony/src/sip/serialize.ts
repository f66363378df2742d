/**
 * Writing messages (RFC 3261 §7): canonical header names (never compact forms),
 * CRLF line ends, Content-Length always equal to the body; and building
 * responses to requests (RFC 3261 §8.2.6).
 */
import { isToken } from "./chars"
import { readNameAddr, tagOf } from "./shared-parse"
import { generateTag } from "./ids"
import { type ParseError, type SipMessage, type SipRequest, type SipResponse, SipHeaders } from "./message"
import { canonicalHeaderName, isListHeader } from "./names"
import { reasonPhrase } from "./status"
import { formatUri } from "./uri"

const encoder = new TextEncoder()
const EMPTY = new Uint8Array(0)

/** Joined list lines stop growing here (RFC 5322's 998 is a fine rule of thumb). */
const MAX_JOINED_LINE = 998

const hasLineBreak = (s: string) => s.includes("\r") || s.includes("\n")

/** The start line, without CRLF. Throws a TypeError on values that cannot be written. */
export const formatStartLine = (msg: SipMessage): string => {
  if (msg.kind === "request") {
    if (!isToken(msg.method)) throw new TypeError(`invalid SIP method ${JSON.stringify(msg.method)}`)
    const uri = formatUri(msg.uri)
    if (/[\s<>]/.test(uri)) throw new TypeError("Request-URI contains whitespace or angle brackets")
    return `${msg.method} ${uri} SIP/2.0`
  }
  if (!Number.isInteger(msg.status) || msg.status < 100 || msg.status > 699) throw new TypeError(`invalid status code ${msg.status}`)
  if (hasLineBreak(msg.reason)) throw new TypeError("reason phrase contains CR or LF")
  return `SIP/2.0 ${msg.status} ${msg.reason}`
}

/**
 * The bytes of a message. Header fields are written in order under their
 * canonical names; neighbouring values of a list field share one line
 * ("Allow: INVITE, ACK") except Via, one per line; Content-Length is written with the body's
 * length where the first one stood (or last). Throws a TypeError for a header
 * name that is not a token or a value holding CR/LF — a programming error, never
 * something a parsed message can contain.
 */
export const serializeMessage = (msg: SipMessage): Uint8Array => {
  const body = msg.body ?? EMPTY
  let out = formatStartLine(msg) + "\r\n"
  let lengthWritten = false
  let open = "" // the list header whose line is still open for more values
  let lineLength = 0
  for (const [rawName, value] of msg.headers) {
    const name = canonicalHeaderName(rawName)
    if (!isToken(name)) throw new TypeError(`invalid header name ${JSON.stringify(rawName)}`)
    if (hasLineBreak(value)) throw new TypeError(`header ${name} contains CR or LF`)
    if (name === open && value !== "" && lineLength + value.length < MAX_JOINED_LINE) {
      out += `, ${value}`
      lineLength += value.length + 2
      continue
    }
    if (open) out += "\r\n"
    open = ""
    if (name === "Content-Length") {
      if (!lengthWritten) out += `Content-Length: ${body.length}\r\n`
      lengthWritten = true
      continue
    }
    out += `${name}: ${value}`
    lineLength = name.length + 2 + value.length
    const key = name.toLowerCase()
    if (value !== "" && key !== "via" && isListHeader(key)) open = name
    else out += "\r\n"
  }
  if (open) out += "\r\n"
  if (!lengthWritten) out += `Content-Length: ${body.length}\r\n`
  out += "\r\n"
  const head = encoder.encode(out)
  if (body.length === 0) return head
  const bytes = new Uint8Array(head.length + body.length)
  bytes.set(head, 0)
  bytes.set(body, head.length)
  return bytes
}

/** The message as text (the body decoded as UTF-8): for logs and tests. */
export const serializeToString = (msg: SipMessage): string => new TextDecoder().decode(serializeMessage(msg))

export interface ResponseOptions {
  /** Reason phrase (default: the standard one for the code). */
  reason?: string
  /** Tag to add to To when the request's To has none (a UAS answering outside a dialog). */
  toTag?: string
  /** More header fields, after the copied ones. */
  headers?: Iterable<readonly [string, string]>
  body?: Uint8Array | string
}

const withTag = (to: string, tag: string | undefined): string =>
  tag !== undefined && readNameAddr(to).ok && tagOf(to) === undefined ? `${to};tag=${tag}` : to

/**
 * A response to `request` (RFC 3261 §8.2.6.2): Via values in order, From, To
 * (with `toTag` added when it had none), Call-ID and CSeq copied; for 100 the
 * Timestamp too (§8.2.6.1).
 */
export const createResponse = (request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse => {
  const h = new SipHeaders()
  for (const v of request.headers.getAll("Via")) h.append("Via", v)
  const from = request.headers.get("From")
  if (from !== undefined) h.append("From", from)
  const to = request.headers.get("To")
  if (to !== undefined) h.append("To", withTag(to, options.toTag))
  const callId = request.headers.get("Call-ID")
  if (callId !== undefined) h.append("Call-ID", callId)
  const cseq = request.headers.get("CSeq")
  if (cseq !== undefined) h.append("CSeq", cseq)
  if (status === 100) for (const t of request.headers.getAll("Timestamp")) h.append("Timestamp", t)
  if (options.headers) for (const [n, v] of options.headers) h.append(n, v)
  const body = typeof options.body === "string" ? encoder.encode(options.body) : (options.body ?? EMPTY)
  return { kind: "response", status, reason: options.reason ?? reasonPhrase(status), headers: h, body }
}

/**
 * The stateless answer to a request that failed to parse, built from what could
 * be read of it (`error.partial`): status `error.code`, reason `error.reason`,
 * a To tag added (generated unless given). `undefined` when no answer is possible
 * or allowed: not a request, no Via to send it by, or an ACK (never answered).
 */
export const responseForParseError = (error: ParseError, options: { toTag?: string } = {}): SipResponse | undefined => {
  const p = error.partial
  if (!error.isRequest || !p || p.via.length === 0 || p.method === "ACK") return undefined
  const h = new SipHeaders()
  for (const v of p.via) h.append("Via", v)
  if (p.from !== undefined) h.append("From", p.from)
  if (p.to !== undefined) h.append("To", withTag(p.to, options.toTag ?? generateTag()))
  if (p.callId !== undefined) h.append("Call-ID", p.callId)
  if (p.cseq !== undefined) h.append("CSeq", p.cseq)
  return { kind: "response", status: error.code, reason: error.reason, headers: h, body: EMPTY }
}
