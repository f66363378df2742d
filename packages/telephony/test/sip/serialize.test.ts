import { describe, expect, test } from "bun:test"
import {
  SipHeaders, type SipRequest, createResponse, parseUri, serializeMessage, serializeToString, tagOf,
} from "../../src"
import { INVITE, REGISTER, parseRequest, parseResponse, roundTripProblem, sip, text } from "./support"

const enc = new TextEncoder()

describe("serializeMessage", () => {
  test("round trips: parse → serialize → parse is the same message", () => {
    for (const bytes of [INVITE, REGISTER]) {
      const m = parseRequest(bytes)
      expect(roundTripProblem(m)).toBeUndefined()
      // these were written canonically already: the bytes come back unchanged
      expect(text(serializeMessage(m))).toBe(text(bytes))
    }
  })

  test("canonical names, never compact forms, list values joined (Via one per line), CRLF everywhere", () => {
    const m = parseRequest(
      sip([
        "OPTIONS sip:a@example.com SIP/2.0",
        "v: SIP/2.0/UDP h1.example.com;branch=z9hG4bK1, SIP/2.0/UDP h2.example.com;branch=z9hG4bK2",
        "max-forwards: 70",
        "t: <sip:a@example.com>",
        "f: <sip:b@example.com>;tag=1",
        "i: abc",
        "cseq: 1 OPTIONS",
        "k: path, gruu",
        "www-authenticate: Digest realm=\"x\", nonce=\"y\"",
        "l: 0",
      ]),
    )
    expect(serializeToString(m)).toBe(
      "OPTIONS sip:a@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP h1.example.com;branch=z9hG4bK1\r\n" +
        "Via: SIP/2.0/UDP h2.example.com;branch=z9hG4bK2\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:a@example.com>\r\n" +
        "From: <sip:b@example.com>;tag=1\r\n" +
        "Call-ID: abc\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Supported: path, gruu\r\n" +
        'WWW-Authenticate: Digest realm="x", nonce="y"\r\n' +
        "Content-Length: 0\r\n\r\n",
    )
  })

  test("Content-Length always matches the body: replaced in place, duplicates dropped, added when missing", () => {
    const m = parseRequest(INVITE)
    m.body = enc.encode("changed body")
    m.headers.append("Content-Length", "999")
    const out = text(serializeMessage(m))
    expect(out.match(/Content-Length: /g)?.length).toBe(1)
    expect(out).toContain("Content-Type: application/sdp\r\nContent-Length: 12\r\n\r\nchanged body")
    m.headers.delete("Content-Length")
    expect(text(serializeMessage(m)).endsWith("Content-Length: 12\r\n\r\nchanged body")).toBe(true)
    m.body = new Uint8Array(0)
    expect(text(serializeMessage(m)).endsWith("Content-Length: 0\r\n\r\n")).toBe(true)
  })

  test("binary bodies are written byte for byte", () => {
    const m = parseRequest(INVITE)
    m.body = Uint8Array.from({ length: 256 }, (_, i) => i)
    const bytes = serializeMessage(m)
    expect(bytes.subarray(bytes.length - 256)).toEqual(m.body)
    expect(parseRequest(bytes).body).toEqual(m.body)
  })

  test("programming errors throw instead of writing a broken message", () => {
    const m = parseRequest(INVITE)
    m.headers.append("X-Injected", "a\r\nVia: evil")
    expect(() => serializeMessage(m)).toThrow(TypeError)
    const bad: SipRequest = { ...parseRequest(INVITE), method: "IN VITE" }
    expect(() => serializeMessage(bad)).toThrow(TypeError)
    const badName = parseRequest(INVITE)
    badName.headers.append("Bad Name", "x")
    expect(() => serializeMessage(badName)).toThrow(TypeError)
    expect(() => serializeMessage({ kind: "response", status: 1000, reason: "x", headers: new SipHeaders(), body: new Uint8Array() })).toThrow(TypeError)
  })

  test("a request built by hand", () => {
    const uri = parseUri("sip:bob@biloxi.example.com")
    if (!uri.ok) throw new Error(uri.reason)
    const req: SipRequest = {
      kind: "request",
      method: "MESSAGE",
      uri: uri.value,
      headers: new SipHeaders([
        ["Via", "SIP/2.0/TCP client.example.com;branch=z9hG4bK1;rport"],
        ["Max-Forwards", "70"],
        ["From", "<sip:alice@atlanta.example.com>;tag=a1"],
        ["To", "<sip:bob@biloxi.example.com>"],
        ["Call-ID", "m1"],
        ["CSeq", "1 MESSAGE"],
        ["Content-Type", "text/plain;charset=utf-8"],
      ]),
      body: enc.encode("Привет"),
    }
    const back = parseRequest(serializeMessage(req))
    expect(back.headers.get("Content-Length")).toBe("12")
    expect(text(back.body)).toBe("Привет")
  })
})

describe("createResponse (RFC 3261 §8.2.6)", () => {
  const invite = () => parseRequest(INVITE)

  test("copies Via (all, in order), From, To, Call-ID and CSeq; adds the To tag when asked", () => {
    const req = parseRequest(
      sip([
        "BYE sip:alice@pc33.atlanta.example.com SIP/2.0",
        "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1;received=192.0.2.1;rport=5060",
        "Max-Forwards: 69",
        "From: <sip:bob@biloxi.example.com>;tag=b1",
        "To: sip:alice@atlanta.example.com",
        "Call-ID: c1",
        "CSeq: 2 BYE",
        "Record-Route: <sip:proxy.example.com;lr>",
        "Content-Length: 0",
      ]),
    )
    const res = createResponse(req, 481, { toTag: "a9" })
    expect(serializeToString(res)).toBe(
      "SIP/2.0 481 Call/Transaction Does Not Exist\r\n" +
        "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1;received=192.0.2.1;rport=5060\r\n" +
        "From: <sip:bob@biloxi.example.com>;tag=b1\r\n" +
        "To: sip:alice@atlanta.example.com;tag=a9\r\n" +
        "Call-ID: c1\r\n" +
        "CSeq: 2 BYE\r\n" +
        "Content-Length: 0\r\n\r\n",
    )
    expect(parseResponse(serializeMessage(res)).status).toBe(481)
  })

  test("an existing To tag is kept; no tag unless asked", () => {
    const req = invite()
    expect(tagOf(createResponse(req, 180).headers.get("To"))).toBeUndefined()
    req.headers.set("To", "Bob <sip:bob@biloxi.example.com>;tag=existing")
    expect(tagOf(createResponse(req, 200, { toTag: "other" }).headers.get("To"))).toBe("existing")
  })

  test("100 Trying copies Timestamp; reason, extra headers and body", () => {
    const req = invite()
    req.headers.append("Timestamp", "54")
    expect(createResponse(req, 100).headers.get("Timestamp")).toBe("54")
    expect(createResponse(req, 180).headers.has("Timestamp")).toBe(false)
    const res = createResponse(req, 200, {
      reason: "Fine",
      toTag: "t",
      headers: [["Contact", "<sip:bob@192.0.2.4>"], ["Content-Type", "application/sdp"]],
      body: "v=0\r\n",
    })
    const back = parseResponse(serializeMessage(res))
    expect([back.status, back.reason, back.headers.get("Contact"), text(back.body)]).toEqual([200, "Fine", "<sip:bob@192.0.2.4>", "v=0\r\n"])
    expect(createResponse(req, 299).reason).toBe("Success")
  })
})
