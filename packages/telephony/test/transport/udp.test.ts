import { afterEach, describe, expect, test } from "bun:test"
import { type SipMessage, type SipRequest, type Source, UdpTransport, createResponse, parseVia } from "../../src/server"
import { UdpPeer, byCallId, request } from "../support/peers"

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

const start = async (options: ConstructorParameters<typeof UdpTransport>[0] = {}) => {
  const transport = new UdpTransport({ port: 0, ...options })
  open.push(transport)
  const local = await transport.listen()
  const received: { message: SipMessage; source: Source }[] = []
  transport.onMessage((message, source) => void received.push({ message, source }))
  const peer = await UdpPeer.open()
  open.push(peer)
  return { transport, local, received, peer }
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time")
    await Bun.sleep(5)
  }
}

describe("UDP transport", () => {
  test("binds 127.0.0.1 on an ephemeral port and hands up messages with their flow", async () => {
    const { local, received, peer } = await start()
    expect(local.address).toBe("127.0.0.1")
    expect(local.port).toBeGreaterThan(0)
    peer.send(request({ method: "OPTIONS", port: peer.port, callId: "u1" }), local.port)
    await until(() => received.length === 1)
    const { message, source } = received[0]
    expect(message.kind).toBe("request")
    expect(source).toEqual({ transport: "udp", address: "127.0.0.1", port: peer.port, flowId: `udp:127.0.0.1:${peer.port}` })
  })

  test("stamps received (sent-by is not the source) and rport on the top Via only", async () => {
    const { local, received, peer } = await start()
    const text = request({ method: "OPTIONS", port: peer.port }).replace(
      /^Via: .*$/m,
      `Via: SIP/2.0/UDP phone.example.test:5999;branch=z9hG4bKtop;rport\r\nVia: SIP/2.0/UDP second.example.test;branch=z9hG4bK2`,
    )
    peer.send(text, local.port)
    await until(() => received.length === 1)
    const vias = received[0].message.headers.getAll("Via")
    expect(vias.length).toBe(2)
    const top = parseVia(vias[0])
    expect(top.ok && top.value.received).toBe("127.0.0.1")
    expect(top.ok && top.value.rport).toBe(peer.port)
    expect(vias[1]).toBe("SIP/2.0/UDP second.example.test;branch=z9hG4bK2")
  })

  test("sends to a target; a response goes back to the source port", async () => {
    const { transport, local, received, peer } = await start()
    peer.send(request({ method: "OPTIONS", port: peer.port, callId: "u2" }), local.port)
    await until(() => received.length === 1)
    const req = received[0].message as SipRequest
    await transport.send(createResponse(req, 200, { toTag: "x" }), { transport: "udp", address: "127.0.0.1", port: peer.port })
    const r = await peer.next(byCallId("u2"))
    expect(r.kind === "response" && r.status).toBe(200)
    // a host name is looked up
    await transport.send(createResponse(req, 202, { toTag: "x" }), { transport: "udp", address: "localhost", port: peer.port })
    const byName = await peer.next(byCallId("u2"))
    expect(byName.kind === "response" && byName.status).toBe(202)
  })

  test("malformed requests get 400 / 505 / 513 / 416 statelessly; a malformed ACK and responses get nothing", async () => {
    const { local, received, peer } = await start()
    const cases: [string, string, number][] = [
      ["m1", request({ method: "OPTIONS", port: peer.port, callId: "m1" }).replace("Max-Forwards: 70", "Max-Forwards: lots"), 400],
      ["m2", request({ method: "OPTIONS", port: peer.port, callId: "m2" }).replace("SIP/2.0\r\n", "SIP/3.0\r\n"), 505],
      ["m3", request({ method: "OPTIONS", port: peer.port, callId: "m3", headers: [`Subject: ${"x".repeat(9000)}`] }), 513],
      ["m4", request({ method: "OPTIONS", port: peer.port, callId: "m4", uri: "http://example.test/" }), 416],
      ["m5", request({ method: "OPTIONS", port: peer.port, callId: "m5" }).replace("Content-Length: 0", "Content-Length: 40"), 400],
    ]
    for (const [callId, text, status] of cases) {
      peer.send(text, local.port)
      const r = await peer.next(byCallId(callId))
      expect(r.kind === "response" && r.status).toBe(status)
      expect(r.headers.get("To")).toContain(";tag=")
    }
    peer.send(request({ method: "ACK", port: peer.port, callId: "m6" }).replace(/^CSeq: .*$/m, "CSeq: x ACK"), local.port)
    peer.send("SIP/2.0 200 OK\r\nVia: broken\r\n\r\n", local.port)
    peer.send(new Uint8Array([0, 1, 2, 3, 255, 254, 13, 10, 13, 10]), local.port)
    expect(await peer.inbox.silent(200)).toBe(true)
    expect(received.length).toBe(0)
  })

  test("a listener that throws does not stop the socket", async () => {
    const { transport, local, received, peer } = await start()
    transport.onMessage(() => {
      throw new Error("listener bug")
    })
    peer.send(request({ method: "OPTIONS", port: peer.port }), local.port)
    peer.send(request({ method: "OPTIONS", port: peer.port }), local.port)
    await until(() => received.length === 2)
  })

  test("the error-answer budget per address bounds what garbage can make us send", async () => {
    const { local, peer } = await start({ errorAnswersPerSecond: 5 })
    for (let i = 0; i < 50; i++) peer.send(request({ method: "OPTIONS", port: peer.port, callId: `b${i}` }).replace("Max-Forwards: 70", "Max-Forwards: lots"), local.port)
    await Bun.sleep(300)
    expect(peer.inbox.messages.length).toBeLessThanOrEqual(10) // 5 per second (a second boundary may pass)
    expect(peer.inbox.messages.length).toBeGreaterThanOrEqual(5)
  })

  test("sending without listening, or to a bad address, rejects instead of throwing", async () => {
    const t = new UdpTransport()
    await expect(t.send(new Uint8Array([1]), { transport: "udp", address: "127.0.0.1", port: 9 })).rejects.toThrow()
    const { transport } = await start()
    await expect(transport.send(new Uint8Array([1]), { transport: "udp", address: "not an address", port: 9 })).rejects.toThrow()
    await expect(transport.send(new Uint8Array([1]), { transport: "udp", address: "127.0.0.1", port: 0 })).rejects.toThrow()
  })
})
