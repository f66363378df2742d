import { describe, expect, test } from "bun:test"
import { parseMessage, parseVia, readNameAddr, readVia, tagOf } from "../../src/sip"
import { stampVia } from "../../src/transport/ingress"
import type { Source } from "../../src/transport/types"

const request = (via: string) => {
  const parsed = parseMessage(
    `OPTIONS sip:x@example.com SIP/2.0\r\nVia: ${via}\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKlower\r\n` +
      `From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
  )
  if (!parsed.ok || parsed.message.kind !== "request") throw new Error("test request does not parse")
  return parsed.message
}
const from = (address: string, port: number): Source => ({ transport: "udp", address, port, flowId: `udp:${address}:${port}` })

describe("the received/rport stamp and the shared parse results", () => {
  const cases: [string, Source][] = [
    ["SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport", from("127.0.0.1", 5070)],
    ["SIP/2.0/UDP phone.example.com;branch=z9hG4bKb", from("192.0.2.4", 40000)],
    ["SIP/2.0/UDP 10.0.0.1:5060;rport=1234;received=10.0.0.2;branch=z9hG4bKc", from("198.51.100.7", 5999)],
    ["SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKd;maddr=224.2.0.1;ttl=16", from("2001:db8::2", 61000)],
    ["sip / 2.0 / udp 127.0.0.1 ; branch = z9hG4bKe ; rport", from("127.0.0.1", 5080)],
  ]
  for (const [via, source] of cases) {
    test(`what the layer reads after the stamp is what the stamped value parses to: ${via}`, () => {
      const r = request(via)
      expect(stampVia(r, source)).toBe(true)
      const stamped = r.headers.get("Via")!
      const fresh = parseVia(stamped)
      expect(fresh.ok).toBe(true)
      expect(readVia(stamped)).toEqual(fresh)
      if (!fresh.ok) return
      // a value the client put in rport stays (only a bare rport or none is stamped)
      expect(fresh.value.rport).toBe(via.includes("rport=1234") ? 1234 : source.port)
      // the other Vias stay as they were, in order
      expect(r.headers.getAll("Via")[1]).toBe("SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKlower")
    })
  }

  test("stamping leaves the shared parse of the original value unchanged", () => {
    const via = "SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bKf;rport"
    const before = structuredClone(parseVia(via))
    const shared = readVia(via)
    stampVia(request(via), from("127.0.0.2", 5091))
    expect(readVia(via)).toBe(shared)
    expect(JSON.stringify(readVia(via))).toEqual(JSON.stringify(before))
  })

  test("shared name-addr results: one parse object per value, tags read from it", () => {
    const to = '"Bob" <sip:bob@example.com>;tag=abc'
    expect(readNameAddr(to)).toBe(readNameAddr(to))
    expect(tagOf(to)).toBe("abc")
    expect(tagOf("<sip:bob@example.com>")).toBeUndefined()
    expect(readNameAddr("<sip:bob@example.com").ok).toBe(false)
  })
})
