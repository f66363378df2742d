/**
 * Parse rate of the SIP message layer: messages per second for a typical INVITE
 * (with SDP) and REGISTER (with digest credentials), plus serialisation and
 * stream framing, per CPU second of one core. Not a test: prints figures.
 * Run: `bun bench/parse.ts` (or `npx tsx bench/parse.ts` for Node).
 */
import { SipStreamFramer, parseMessage, serializeMessage } from "../src"

const enc = new TextEncoder()
const crlf = (lines: string[], body = "") => enc.encode(lines.join("\r\n") + "\r\n\r\n" + body)

const SDP =
  "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\ns=-\r\nc=IN IP4 192.0.2.101\r\nt=0 0\r\n" +
  "m=audio 49172 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n"

const INVITE = crlf(
  [
    "INVITE sip:bob@biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK776asdhds;rport",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:alice@192.0.2.101:5060;transport=udp>",
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, INFO, UPDATE",
    "Supported: replaces, timer, 100rel",
    "User-Agent: Softphone/5.1",
    "Content-Type: application/sdp",
    `Content-Length: ${enc.encode(SDP).length}`,
  ],
  SDP,
)

const REGISTER = crlf([
  "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds7;rport",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
  "Call-ID: 843817637684230@998sdasdh09",
  "CSeq: 1826 REGISTER",
  "Contact: <sip:bob@192.0.2.4:5060;transport=udp>;expires=3600",
  'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="245f23415f11432b3434341c022", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"',
  "Expires: 3600",
  "User-Agent: Softphone/5.1",
  "Content-Length: 0",
])

/** CPU time of this process in ms (user + system): unlike wall time, barely moved by other load on the machine. */
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * Best of 10 rounds of ~150 ms CPU time. Rates are per CPU second of this
 * (single-threaded) process. `perCall` messages are handled per call.
 */
const rate = (name: string, bytes: number, fn: () => void, perCall = 1) => {
  for (let i = 0; i < 20_000; i++) fn() // warm up the JIT
  let best = 0
  for (let round = 0; round < 10; round++) {
    let n = 0
    const started = cpuMs()
    let elapsed = 0
    while (elapsed < 150) {
      for (let i = 0; i < 1_000; i++) fn()
      n += 1_000 * perCall
      elapsed = cpuMs() - started
    }
    best = Math.max(best, (n / elapsed) * 1000)
  }
  console.log(`${name.padEnd(36)} ${Math.round(best).toLocaleString("en").padStart(10)} msg/s  ${((best * bytes) / 1e6).toFixed(1).padStart(6)} MB/s`)
}

const ok = (b: Uint8Array) => {
  const r = parseMessage(b)
  if (!r.ok) throw new Error(r.error.reason)
  return r.message
}

console.log(`runtime: ${typeof Bun !== "undefined" ? `Bun ${Bun.version}` : `Node ${process.version}`}`)
console.log(`INVITE ${INVITE.length} bytes, REGISTER ${REGISTER.length} bytes`)
rate("parse INVITE", INVITE.length, () => ok(INVITE))
rate("parse REGISTER", REGISTER.length, () => ok(REGISTER))
const invite = ok(INVITE)
const register = ok(REGISTER)
rate("serialize INVITE", INVITE.length, () => serializeMessage(invite))
rate("serialize REGISTER", REGISTER.length, () => serializeMessage(register))
const stream = new Uint8Array(INVITE.length + REGISTER.length)
stream.set(INVITE)
stream.set(REGISTER, INVITE.length)
const framer = new SipStreamFramer()
rate(
  "frame+parse INVITE+REGISTER (TCP)",
  stream.length / 2,
  () => {
    framer.push(stream.subarray(0, 700))
    framer.push(stream.subarray(700))
  },
  2,
)
