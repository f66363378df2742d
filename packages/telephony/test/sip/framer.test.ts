import { describe, expect, test } from "bun:test"
import { CRLF_CRLF, type FramerEvent, SipStreamFramer, serializeMessage } from "../../src"
import { INVITE, REGISTER, concat, parseRequest, sip, text } from "./support"

const enc = new TextEncoder()

const MESSAGE = sip(
  [
    "MESSAGE sip:bob@biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/TCP client.example.com;branch=z9hG4bKm1",
    "Max-Forwards: 70",
    "From: <sip:alice@atlanta.example.com>;tag=a1",
    "To: <sip:bob@biloxi.example.com>",
    "Call-ID: m1",
    "CSeq: 1 MESSAGE",
    "Content-Type: text/plain",
    "Content-Length: 23",
  ],
  "body with\r\n\r\nblank line",
)

/** A summary of events that is easy to compare. */
const summary = (events: FramerEvent[]) =>
  events.map((e) =>
    e.type === "message"
      ? e.result.ok
        ? `message ${e.result.message.kind === "request" ? e.result.message.method : e.result.message.status} ${e.bytes.length}`
        : `bad ${e.result.error.code}`
      : e.type === "error"
        ? `error ${e.error.code}${e.fatal ? " fatal" : ""}`
        : e.type,
  )

const feed = (framer: SipStreamFramer, chunks: Uint8Array[]) => chunks.flatMap((c) => framer.push(c))

const STREAM = concat(INVITE, CRLF_CRLF, REGISTER, enc.encode("\r\n"), MESSAGE)
const EXPECTED = [`message INVITE ${INVITE.length}`, "ping", `message REGISTER ${REGISTER.length}`, `message MESSAGE ${MESSAGE.length}`]

describe("SipStreamFramer", () => {
  test("several messages and a keep-alive in one chunk", () => {
    const framer = new SipStreamFramer()
    const events = framer.push(STREAM)
    expect(summary(events)).toEqual(EXPECTED)
    expect(framer.buffered).toBe(0)
    const first = events[0]
    expect(first.type === "message" && first.bytes).toEqual(INVITE)
    const last = events[3]
    expect(last.type === "message" && last.result.ok && text(last.result.message.body)).toBe("body with\r\n\r\nblank line")
  })

  test("split at every byte boundary, the same events come out", () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const events = feed(new SipStreamFramer(), [STREAM.subarray(0, cut), STREAM.subarray(cut)])
      const s = summary(events)
      if (s.join("|") !== EXPECTED.join("|")) throw new Error(`cut at ${cut}: ${s.join(", ")}`)
    }
  })

  test("fed one byte at a time, the same events come out", () => {
    const chunks = Array.from(STREAM, (b) => Uint8Array.of(b))
    const framer = new SipStreamFramer()
    expect(summary(feed(framer, chunks))).toEqual(EXPECTED)
    expect(framer.buffered).toBe(0)
  })

  test("three random splits many times over", () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    for (let i = 0; i < 500; i++) {
      const cuts = [rand(STREAM.length), rand(STREAM.length), rand(STREAM.length)].sort((a, b) => a - b)
      const chunks = [STREAM.subarray(0, cuts[0]), STREAM.subarray(cuts[0], cuts[1]), STREAM.subarray(cuts[1], cuts[2]), STREAM.subarray(cuts[2])]
      expect(summary(feed(new SipStreamFramer(), chunks))).toEqual(EXPECTED)
    }
  })

  test("the framed messages are copies: reusing the input buffer does not change them", () => {
    const buf = new Uint8Array(MESSAGE)
    const events = new SipStreamFramer().push(buf)
    buf.fill(0)
    const e = events[0]
    expect(e.type === "message" && e.result.ok && serializeMessage(e.result.message)).toEqual(MESSAGE)
  })

  describe("keep-alives (RFC 5626 §3.5.1)", () => {
    test("CRLF CRLF is a ping, even split in two", () => {
      const framer = new SipStreamFramer()
      expect(summary(framer.push(enc.encode("\r\n")))).toEqual([])
      expect(summary(framer.push(enc.encode("\r\n")))).toEqual(["ping"])
      expect(summary(framer.push(enc.encode("\r\n\r\n\r\n\r\n")))).toEqual(["ping", "ping"])
      expect(framer.buffered).toBe(0)
    })

    test("a lone CRLF before a message is skipped (RFC 3261 §7.5)", () => {
      const framer = new SipStreamFramer()
      expect(summary(feed(framer, [enc.encode("\r\n"), INVITE]))).toEqual([`message INVITE ${INVITE.length}`])
      expect(summary(framer.push(concat(enc.encode("\r\n\r\n\r\n"), INVITE)))).toEqual(["ping", `message INVITE ${INVITE.length}`])
    })

    test("as a client every CRLF is a pong", () => {
      const framer = new SipStreamFramer({ keepalive: "client" })
      expect(summary(framer.push(enc.encode("\r\n")))).toEqual(["pong"])
      expect(summary(framer.push(concat(enc.encode("\r\n"), INVITE)))).toEqual(["pong", `message INVITE ${INVITE.length}`])
    })
  })

  describe("errors", () => {
    test("no empty line within the header limit: fatal, and the framer stops", () => {
      const framer = new SipStreamFramer({ maxHeaderBytes: 1024 })
      expect(framer.push(enc.encode("INVITE sip:a@b SIP/2.0\r\n"))).toEqual([])
      const events = framer.push(enc.encode(`X-Junk: ${"a".repeat(2000)}\r\n`))
      expect(summary(events)).toEqual(["error 513 fatal"])
      expect(framer.closed).toBe(true)
      expect(framer.push(INVITE)).toEqual([])
      // binary garbage without line breaks ends the same way
      const g = new SipStreamFramer({ maxHeaderBytes: 4096 })
      expect(summary(g.push(Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 9)))).toEqual(["error 513 fatal"])
    })

    test("bad Content-Length: fatal, with what is needed for a 400", () => {
      for (const cl of ["-1", "five", "3, 3"]) {
        const msg = text(MESSAGE).replace("Content-Length: 23", `Content-Length: ${cl}`)
        const events = new SipStreamFramer().push(enc.encode(msg))
        expect(summary(events)).toEqual(["error 400 fatal"])
        const e = events[0]
        expect(e.type === "error" && e.error.partial?.callId).toBe("m1")
      }
    })

    test("an oversized message is skipped whole (513) and framing goes on", () => {
      const big = sip(text(MESSAGE).split("\r\n").slice(0, 8).concat("Content-Length: 5000"), "x".repeat(5000))
      const framer = new SipStreamFramer({ maxMessageSize: 2048 })
      const events = feed(framer, [big.subarray(0, 1000), big.subarray(1000, 3000), concat(big.subarray(3000), REGISTER)])
      expect(summary(events)).toEqual(["error 513", `message REGISTER ${REGISTER.length}`])
      const e = events[0]
      expect(e.type === "error" && e.error.isRequest && e.error.partial?.cseq).toBe("1 MESSAGE")
    })

    test("a message with bad header fields but sound framing is reported and framing goes on", () => {
      const bad = enc.encode(text(MESSAGE).replace("Call-ID: m1\r\n", ""))
      const events = new SipStreamFramer().push(concat(bad, REGISTER))
      expect(summary(events)).toEqual(["bad 400", `message REGISTER ${REGISTER.length}`])
    })

    test("without Content-Length on a stream the body is empty", () => {
      const noLength = enc.encode(text(REGISTER).replace("Content-Length: 0\r\n", ""))
      const events = new SipStreamFramer().push(concat(noLength, INVITE))
      expect(summary(events)).toEqual([`message REGISTER ${noLength.length}`, `message INVITE ${INVITE.length}`])
    })

    test("bare-LF messages frame too", () => {
      const lf = enc.encode(text(MESSAGE).replace(/\r\n/g, "\n").replace("Content-Length: 23", "Content-Length: 21"))
      const events = new SipStreamFramer().push(concat(lf, INVITE))
      expect(summary(events)).toEqual([`message MESSAGE ${lf.length}`, `message INVITE ${INVITE.length}`])
    })
  })

  test("a long run of messages in random chunk sizes keeps its buffer small", () => {
    const framer = new SipStreamFramer()
    const one = concat(INVITE, REGISTER)
    let count = 0
    let offset = 0
    const stream = concat(...Array(200).fill(one))
    while (offset < stream.length) {
      const n = 1 + ((offset * 31) % 700)
      for (const e of framer.push(stream.subarray(offset, offset + n))) if (e.type === "message" && e.result.ok) count++
      offset += n
    }
    expect(count).toBe(400)
    expect(framer.buffered).toBe(0)
    expect(parseRequest(REGISTER).method).toBe("REGISTER")
  })
})
