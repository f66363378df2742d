import { expect } from "bun:test"
import {
  type ParseError, type ParseOptions, type SipMessage, type SipRequest, type SipResponse, formatUri, parseMessage,
  serializeMessage,
} from "../../src"

const encoder = new TextEncoder()

/** Lines joined by CRLF, ending with the empty line, then the body. */
export const sip = (lines: string[], body: string | Uint8Array = ""): Uint8Array => {
  const head = encoder.encode(lines.join("\r\n") + "\r\n\r\n")
  const tail = typeof body === "string" ? encoder.encode(body) : body
  const out = new Uint8Array(head.length + tail.length)
  out.set(head)
  out.set(tail, head.length)
  return out
}

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The SDP body the RFC 4475 messages share. */
export const sdp = (ip: string, t = "0 0") =>
  `v=0\r\no=mhandley 29739 7272939 IN IP4 ${ip}\r\ns=-\r\nc=IN IP4 ${ip}\r\nt=${t}\r\nm=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n`

const startLine = (m: SipMessage) => (m.kind === "request" ? `${m.method} ${formatUri(m.uri)}` : `${m.status} ${m.reason}`)
const withoutLength = (m: SipMessage) => m.headers.entries().filter(([n]) => n !== "Content-Length")

/**
 * parse → serialize → parse gives the same message, and serializing that again
 * gives the same bytes. Returns why not, or undefined.
 */
export const roundTripProblem = (m1: SipMessage, options?: ParseOptions): string | undefined => {
  const b1 = serializeMessage(m1)
  const r2 = parseMessage(b1, { ...options, maxMessageSize: Math.max(options?.maxMessageSize ?? 65535, b1.length) })
  if (!r2.ok) return `re-parse failed: ${r2.error.code} ${r2.error.reason}`
  const m2 = r2.message
  if (startLine(m1) !== startLine(m2)) return "start line differs"
  if (JSON.stringify(withoutLength(m1)) !== JSON.stringify(withoutLength(m2))) return "header fields differ"
  if (m2.headers.getAll("Content-Length").join() !== String(m1.body.length)) return "Content-Length wrong"
  if (m1.body.length !== m2.body.length || m1.body.some((b, i) => b !== m2.body[i])) return "body differs"
  const b2 = serializeMessage(m2)
  if (b1.length !== b2.length || b1.some((b, i) => b !== b2[i])) return "second serialization differs"
  return undefined
}

/** Parses a message that must be valid — and checks it survives a round trip (every test does, so). */
export const parseOk = (input: Uint8Array | string, options?: ParseOptions): SipMessage => {
  const r = parseMessage(input, options)
  if (!r.ok) throw new Error(`expected a message, got ${r.error.code} ${r.error.reason}`)
  const problem = roundTripProblem(r.message, options)
  if (problem) throw new Error(`round trip: ${problem}`)
  return r.message
}

export const parseRequest = (input: Uint8Array | string, options?: ParseOptions): SipRequest => {
  const m = parseOk(input, options)
  expect(m.kind).toBe("request")
  return m as SipRequest
}

export const parseResponse = (input: Uint8Array | string, options?: ParseOptions): SipResponse => {
  const m = parseOk(input, options)
  expect(m.kind).toBe("response")
  return m as SipResponse
}

export const parseErr = (input: Uint8Array | string, options?: ParseOptions): ParseError => {
  const r = parseMessage(input, options)
  if (r.ok) throw new Error(`expected an error, got a ${r.message.kind}`)
  return r.error
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b)

/** A typical INVITE with SDP, as phones send them. */
export const INVITE = sip(
  [
    "INVITE sip:bob@biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    'From: "Alice A." <sip:alice@atlanta.example.com>;tag=1928301774',
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>",
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY",
    "Supported: replaces, timer",
    "User-Agent: Switchboard-Test/1.0",
    "Content-Type: application/sdp",
    "Content-Length: 150",
  ],
  sdp("192.0.2.1"),
)

/** A typical REGISTER with digest credentials. */
export const REGISTER = sip([
  "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/TCP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;rport",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
  "Call-ID: 843817637684230@998sdasdh09",
  "CSeq: 1826 REGISTER",
  'Contact: <sip:bob@192.0.2.4:5060;transport=tcp>;expires=7200;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1',
  'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="245f23415f11432b3434341c022", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"',
  "Expires: 7200",
  "Content-Length: 0",
])
