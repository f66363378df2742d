/**
 * Robustness: thousands of random mutations of valid messages, random bytes and
 * hand-made pathological inputs. The parser must never throw (its safety net,
 * reason "Unparseable message", must never be reached), must return well-formed
 * results, and whatever it accepts must survive a round trip. Inputs are seeded:
 * a failure is reproducible.
 */
import { describe, expect, test } from "bun:test"
import {
  type ParseResult, SipStreamFramer, parseAuthValue, parseCSeq, parseContact, parseMessage, parseNameAddr, parseUri, parseVia,
  responseForParseError, serializeMessage, splitList,
} from "../../src"
import { INVITE, REGISTER, concat, roundTripProblem, sdp, sip } from "./support"

const enc = new TextEncoder()

/** mulberry32: small, fast, seedable. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const BASES = [
  INVITE,
  REGISTER,
  sip(
    [
      "SIP/2.0 401 Unauthorized",
      "Via: SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3;received=2001:db8::9:255;rport=5070",
      "To: <sip:bob@biloxi.example.com>;tag=37GkEhwl6",
      'From: "Bob, \\"the\\" builder" <sip:bob@biloxi.example.com>;tag=456248',
      "Call-ID: 843817637684230@998sdasdh09",
      "CSeq: 1826 REGISTER",
      'WWW-Authenticate: Digest realm="biloxi.example.com", qop="auth,auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE',
      "Content-Length: 0",
    ],
  ),
  sip(
    [
      "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0",
      "TO :",
      " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n",
      'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
      "  ;",
      "  tag = 98asjd8",
      "MaX-fOrWaRdS: 0068",
      "Call-ID: wsinv.ndaksdj@192.0.2.1",
      "Content-Length   : 150",
      "cseq: 0009",
      "  INVITE",
      "Via  : SIP  /   2.0",
      " /UDP",
      "    192.0.2.2;branch=390skdjuw",
      "Route:",
      " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>",
      "v:  SIP  / 2.0  / TCP     spindle.example.com   ;",
      "  branch  =   z9hG4bK9ikj8  ,",
      " SIP  /    2.0   / UDP  192.168.255.111   ; branch=",
      " z9hG4bK30239",
      'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
      "      newvalue ;",
      "  secondparam ; q = 0.33",
    ],
    sdp("192.0.2.3").replace("c=IN IP4 192.0.2.3", "c=IN IP4 192.0.2.4"),
  ),
  sip([
    "OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0",
    "To: sip:j_user@example.com",
    "From: caller<sip:caller@example.com>;tag=323",
    "Max-Forwards: 3",
    "Call-ID: semiuri.0ha0isndaksdj",
    "CSeq: 8 OPTIONS",
    "Contact: <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>, sip:+19725552222@gw1.example.net;unknownparam",
    "Accept: application/sdp, application/pkcs7-mime,",
    "        multipart/mixed, multipart/signed",
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw",
    "l: 0",
  ]),
]

const SPECIAL = Array.from(enc.encode('"<>\\,;:=%@[]?& \t\r\n/.+-*#~')).concat([0, 0x7f, 0xff, 0x80, 0xc3, 0xef])

const mutate = (base: Uint8Array, rnd: () => number): Uint8Array => {
  let b = base
  const int = (n: number) => Math.floor(rnd() * n)
  const rounds = 1 + int(5)
  for (let r = 0; r < rounds; r++) {
    const at = int(b.length + 1)
    switch (int(9)) {
      case 0: {
        // overwrite a byte with anything
        if (b.length === 0) break
        b = new Uint8Array(b)
        b[Math.min(at, b.length - 1)] = int(256)
        break
      }
      case 1: // insert a syntax-significant byte
        b = concat(b.subarray(0, at), Uint8Array.of(SPECIAL[int(SPECIAL.length)]), b.subarray(at))
        break
      case 2: {
        // delete a range
        const len = 1 + int(20)
        b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + len)))
        break
      }
      case 3: {
        // duplicate a range
        const len = 1 + int(40)
        b = concat(b.subarray(0, at + len > b.length ? b.length : at + len), b.subarray(at, Math.min(b.length, at + len)), b.subarray(Math.min(b.length, at + len)))
        break
      }
      case 4: // truncate
        b = b.subarray(0, at)
        break
      case 5: // fold here
        b = concat(b.subarray(0, at), enc.encode("\r\n "), b.subarray(at))
        break
      case 6: {
        // swap two lines
        const lines = new TextDecoder("latin1").decode(b).split("\r\n")
        const i = int(lines.length)
        const j = int(lines.length)
        ;[lines[i], lines[j]] = [lines[j], lines[i]]
        b = Uint8Array.from(lines.join("\r\n"), (c) => c.charCodeAt(0) & 0xff)
        break
      }
      case 7: // a run of one special byte
        b = concat(b.subarray(0, at), new Uint8Array(1 + int(64)).fill(SPECIAL[int(SPECIAL.length)]), b.subarray(at))
        break
      case 8: {
        // random bytes
        const junk = Uint8Array.from({ length: 1 + int(16) }, () => int(256))
        b = concat(b.subarray(0, at), junk, b.subarray(at))
        break
      }
    }
  }
  return b
}

const CODES = new Set([400, 416, 501, 505, 513])

/** The checks every result must pass; returns a problem or undefined. */
const check = (input: Uint8Array, r: ParseResult): string | undefined => {
  if (!r.ok) {
    if (r.error.reason === "Unparseable message") return "the safety net caught an exception"
    if (!CODES.has(r.error.code)) return `unexpected code ${r.error.code}`
    if (typeof r.error.isRequest !== "boolean") return "isRequest missing"
    if (r.error.partial && !r.error.isRequest) return "partial on a non-request"
    const res = responseForParseError(r.error)
    if (res) serializeMessage(res) // must not throw either
    return undefined
  }
  const m = r.message
  if (m.kind !== "request" && m.kind !== "response") return "bad kind"
  if (m.body.length > input.length) return "body longer than the input"
  // the typed helpers must cope with whatever the parser let through
  for (const [name, value] of m.headers) {
    parseNameAddr(value)
    parseVia(value)
    parseCSeq(value)
    parseContact(value)
    parseAuthValue(value)
    splitList(value)
    void name
  }
  return roundTripProblem(m)
}

describe("fuzz", () => {
  test("4000 mutations of valid messages: never throws, well-formed results, accepted ones round-trip", () => {
    const rnd = prng(20240611)
    let accepted = 0
    for (let i = 0; i < 4000; i++) {
      const input = mutate(BASES[i % BASES.length], rnd)
      const r = parseMessage(input)
      const problem = check(input, r)
      if (problem) throw new Error(`case ${i}: ${problem}\n${JSON.stringify(new TextDecoder().decode(input))}`)
      if (r.ok) accepted++
    }
    // the mutations are not all fatal: a good share still parses (and round-trips)
    expect(accepted).toBeGreaterThan(400)
  })

  test("random bytes, with and without a plausible start line", () => {
    const rnd = prng(99)
    const int = (n: number) => Math.floor(rnd() * n)
    for (let i = 0; i < 1500; i++) {
      const junk = Uint8Array.from({ length: int(3000) }, () => (i % 2 ? int(256) : SPECIAL[int(SPECIAL.length)]))
      const input = i % 3 === 0 ? concat(enc.encode("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"), junk) : junk
      const problem = check(input, parseMessage(input))
      if (problem) throw new Error(`case ${i}: ${problem}`)
    }
  })

  test("the framer takes mutated streams in random chunks without throwing", () => {
    const rnd = prng(4242)
    const int = (n: number) => Math.floor(rnd() * n)
    for (let i = 0; i < 300; i++) {
      const stream = concat(...Array.from({ length: 1 + int(4) }, (_, k) => (int(3) === 0 ? mutate(BASES[k % BASES.length], rnd) : BASES[k % BASES.length])))
      const framer = new SipStreamFramer({ maxMessageSize: 4096 })
      let offset = 0
      while (offset < stream.length && !framer.closed) {
        const n = 1 + int(300)
        for (const e of framer.push(stream.subarray(offset, offset + n))) {
          if (e.type === "message") {
            const problem = check(e.bytes, e.result)
            if (problem) throw new Error(`stream ${i}: ${problem}`)
          }
        }
        offset += n
      }
    }
  })

  test("header helpers and the URI parser never throw on mutated values", () => {
    const rnd = prng(7)
    const values = [
      '"A \\"b\\"" <sip:a:pw@[2001:db8::1]:5060;transport=tcp;lr?h=v&x=y>;tag=1;q=0.5',
      "SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK1;received=2001:db8::2;rport=5;maddr=[ff02::1];ttl=1",
      'Digest realm="r", nonce="n\\"x", qop="auth,auth-int", algorithm=MD5, stale=TRUE',
      "tel:+1-201-555-0123;ext=1;phone-context=example.com",
    ]
    for (let i = 0; i < 4000; i++) {
      const bytes = mutate(enc.encode(values[i % values.length]), rnd)
      const v = new TextDecoder().decode(bytes)
      parseNameAddr(v)
      parseVia(v)
      parseAuthValue(v)
      parseUri(v)
      parseCSeq(v)
      splitList(v)
    }
  })

  test("pathological inputs stay linear (no catastrophic backtracking)", () => {
    const head = "INVITE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
    const big = (n: number) => n * 7000
    const cases: Record<string, string> = {
      semicolons: head + `Contact: <sip:a@b>${";".repeat(big(1))}\r\n`,
      angles: head + `Contact: ${"<".repeat(big(1))}\r\n`,
      quotes: head + `Contact: ${'"'.repeat(big(1))}\r\n`,
      escapes: head + `Contact: "${"\\".repeat(big(1))}\r\n`,
      params: head + `Via: SIP/2.0/UDP h${";a=b".repeat(1700)}\r\n`,
      uriParams: `INVITE sip:a@b${";x".repeat(3000)} SIP/2.0\r\n`,
      brackets: head + `Contact: <sip:a@[${":".repeat(big(1))}]>\r\n`,
      commas: head + `Allow: ${",".repeat(big(1))}\r\n`,
      tokens: head + `From: ${"a ".repeat(3500)}<sip:x@y>\r\n`,
      folds: head + `Subject: a${"\r\n b".repeat(15000)}\r\n`,
      noColons: head + "x\r\n".repeat(20000),
      manyHeaders: head + "X: 1\r\n".repeat(10000),
      longStartLine: "A".repeat(60000) + "\r\n",
      percent: `INVITE sip:${"%".repeat(big(1))}@b SIP/2.0\r\n`,
      digits: head + `CSeq: ${"9".repeat(big(1))} INVITE\r\n`,
    }
    for (const [name, input] of Object.entries(cases)) {
      const bytes = enc.encode(input + "\r\n")
      let ms = Infinity
      for (let k = 0; k < 3; k++) {
        const started = performance.now()
        const problem = check(bytes, parseMessage(bytes))
        if (problem) throw new Error(`${name}: ${problem}`)
        ms = Math.min(ms, performance.now() - started)
      }
      // Not a speed goal (those live in bench/): a bound so generous that only
      // quadratic or exponential behaviour on these ~60 KB inputs (seconds) can
      // reach it, even on a loaded machine — linear parsing takes a few ms.
      if (ms > 250) throw new Error(`${name}: ${ms.toFixed(1)} ms per parse`)
    }
    // the same inputs through the framer, a byte at a time for the first 20 KB
    for (const input of Object.values(cases)) {
      const framer = new SipStreamFramer()
      const bytes = enc.encode(input)
      for (let i = 0; i < Math.min(bytes.length, 20000); i++) framer.push(bytes.subarray(i, i + 1))
      framer.push(bytes.subarray(20000))
    }
  })
})
