import { describe, expect, test } from "bun:test"
import {
  OwnAddresses, type SipRequest, consumeOwnRoutes, formatUri, isLooped, loopHash, parseMessage, proxyBranch, statelessBranch, uriTarget,
  parseUri,
} from "../../src/server"
import { request } from "../support/peers"

const own = new OwnAddresses(() => ({ udp: { host: "127.0.0.1", port: 5060 }, tcp: { host: "127.0.0.1", port: 5061 }, ws: { host: "127.0.0.1", port: 0 } }))

const parse = (text: string): SipRequest => {
  const r = parseMessage(text)
  if (!r.ok || r.message.kind !== "request") throw new Error("bad request")
  return r.message
}

describe("forwarding helpers", () => {
  test("our Record-Route per transport carries lr; our Via has rport over UDP only", () => {
    expect(own.recordRoute("udp")).toBe("<sip:127.0.0.1:5060;transport=udp;lr>")
    expect(own.recordRoute("tcp")).toBe("<sip:127.0.0.1:5061;transport=tcp;lr>")
    expect(own.recordRoute("ws")).toBe("<sip:127.0.0.1;transport=ws;lr>")
    expect(own.via("udp", "z9hG4bKx")).toBe("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx;rport")
    expect(own.via("ws", "z9hG4bKx")).toBe("SIP/2.0/WS 127.0.0.1;branch=z9hG4bKx")
  })

  test("our Route entries are popped (both after a double Record-Route), a foreign one stays; a strict router's Request-URI is fixed", () => {
    const r = parse(request({
      method: "BYE", port: 6000, uri: "sip:bob@127.0.0.1:7000",
      headers: ["Route: <sip:127.0.0.1:5061;transport=tcp;lr>", "Route: <sip:127.0.0.1;transport=ws;lr>", "Route: <sip:10.0.0.9;lr>"],
    }))
    expect(consumeOwnRoutes(r, own)).toBe(2)
    expect(r.headers.getAll("Route")).toEqual(["<sip:10.0.0.9;lr>"])
    // a Request-URI that is our Record-Route: the previous hop routes strictly, the real target is the last Route
    const strict = parse(request({ method: "BYE", port: 6000, uri: "sip:127.0.0.1:5060;transport=udp;lr", headers: ["Route: <sip:bob@127.0.0.1:7000>"] }))
    expect(consumeOwnRoutes(strict, own)).toBe(0)
    expect(formatUri(strict.uri)).toBe("sip:bob@127.0.0.1:7000")
    expect(strict.headers.getAll("Route")).toEqual([])
    // a user part means it is someone's address, not our route
    expect(own.isOurUri((parseUri("sip:bob@127.0.0.1:5060") as { value: SipRequest["uri"] }).value)).toBe(false)
  })

  test("loop hash: the same request hashes the same; a new Request-URI (a spiral) hashes differently; our Via with it means a loop", () => {
    const text = request({ method: "INVITE", port: 6000, uri: "sip:200@x.test", callId: "loop-1", fromTag: "f", branch: "z9hG4bKabc" })
    const a = parse(text)
    const h = loopHash(a, formatUri(a.uri))
    expect(loopHash(parse(text), formatUri(a.uri))).toBe(h)
    expect(loopHash(a, "sip:bob@127.0.0.1:7000")).not.toBe(h)
    expect(isLooped(a, h, own)).toBe(false)
    a.headers.prepend("Via", `SIP/2.0/UDP 127.0.0.1:5060;branch=${proxyBranch(h)}`)
    expect(isLooped(a, h, own)).toBe(true)
    expect(isLooped(a, loopHash(a, "sip:other@x.test"), own)).toBe(false)
    // someone else's Via with our branch shape is not ours
    const b = parse(text)
    b.headers.prepend("Via", `SIP/2.0/UDP 10.1.1.1:5060;branch=${proxyBranch(h)}`)
    expect(isLooped(b, h, own)).toBe(false)
    expect(statelessBranch("seed")).toBe(statelessBranch("seed"))
    expect(statelessBranch("seed")).not.toBe(statelessBranch("seed2"))
  })

  test("the next hop of a URI: IP literals and localhost, transport and port; no DNS, no TLS", () => {
    const t = (u: string) => uriTarget((parseUri(u) as { value: SipRequest["uri"] }).value)
    expect(t("sip:127.0.0.1")).toEqual({ transport: "udp", address: "127.0.0.1", port: 5060 })
    expect(t("sip:bob@localhost:5070;transport=TCP")).toEqual({ transport: "tcp", address: "127.0.0.1", port: 5070 })
    expect(t("sip:x@example.com;maddr=127.0.0.2")).toEqual({ transport: "udp", address: "127.0.0.2", port: 5060 })
    expect(t("sip:example.com")).toBeUndefined()
    expect(t("sips:127.0.0.1")).toBeUndefined()
    expect(t("sip:127.0.0.1;transport=ws")).toBeUndefined()
  })
})
