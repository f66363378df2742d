import { afterEach, describe, expect, test } from "bun:test"
import net from "node:net"
import { type SipMessage, type SipRequest, type Source, TcpTransport, createResponse } from "../../src/server"
import { TcpPeer, byCallId, request } from "../support/peers"

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time")
    await Bun.sleep(5)
  }
}

const start = async (options: ConstructorParameters<typeof TcpTransport>[0] = {}) => {
  const transport = new TcpTransport({ port: 0, ...options })
  open.push(transport)
  const local = await transport.listen()
  const received: { message: SipMessage; source: Source }[] = []
  const closed: string[] = []
  transport.onMessage((message, source) => void received.push({ message, source }))
  transport.onFlowClosed((flowId) => void closed.push(flowId))
  const connect = async () => {
    const peer = await TcpPeer.connect(local.port)
    open.push(peer)
    return peer
  }
  return { transport, local, received, closed, connect }
}

const enc = new TextEncoder()

describe("TCP transport", () => {
  test("frames the stream: split at every point and several in one chunk all arrive, with the connection's flow", async () => {
    const { received, connect } = await start()
    const peer = await connect()
    const bytes = enc.encode(request({ method: "OPTIONS", port: peer.port, transport: "TCP", callId: "t1", body: "hello" }))
    for (let i = 0; i < bytes.length; i += 7) {
      peer.send(bytes.subarray(i, i + 7))
      await Bun.sleep(0)
    }
    const two = request({ method: "OPTIONS", port: peer.port, transport: "TCP", callId: "t2" }) + request({ method: "OPTIONS", port: peer.port, transport: "TCP", callId: "t3" })
    peer.send(two)
    await until(() => received.length === 3)
    expect(received.map((r) => r.message.headers.get("Call-ID"))).toEqual(["t1", "t2", "t3"])
    expect(new TextDecoder().decode(received[0].message.body)).toBe("hello")
    expect(received[0].source).toMatchObject({ transport: "tcp", address: "127.0.0.1", port: peer.port })
    expect(received[0].source.flowId).toBe(received[2].source.flowId)
  })

  test("answers a CRLF CRLF ping with a CRLF pong (RFC 5626)", async () => {
    const { connect } = await start()
    const peer = await connect()
    peer.send("\r\n\r\n")
    await until(() => peer.inbox.pongs === 1)
  })

  test("responses go back over the request's connection (flowId)", async () => {
    const { transport, received, connect } = await start()
    const peer = await connect()
    peer.send(request({ method: "OPTIONS", port: 1, transport: "TCP", callId: "t4" }))
    await until(() => received.length === 1)
    const { message, source } = received[0]
    // the Via names port 1: only the flow can find the peer
    await transport.send(createResponse(message as SipRequest, 200, { toTag: "x" }), { transport: "tcp", address: "127.0.0.1", port: 1, flowId: source.flowId })
    const r = await peer.next(byCallId("t4"))
    expect(r.kind === "response" && r.status).toBe(200)
  })

  test("a malformed request is answered and the connection goes on; a framing error answers then closes", async () => {
    const { received, connect, closed } = await start()
    const peer = await connect()
    peer.send(request({ method: "OPTIONS", port: peer.port, transport: "TCP", callId: "bad1" }).replace("Max-Forwards: 70", "Max-Forwards: x"))
    expect((await peer.next(byCallId("bad1"))).kind).toBe("response")
    peer.send(request({ method: "OPTIONS", port: peer.port, transport: "TCP", callId: "good1" }))
    await until(() => received.length === 1)
    peer.send(request({ method: "OPTIONS", port: peer.port, transport: "TCP", callId: "bad2" }).replace("Content-Length: 0", "Content-Length: abc"))
    const r = await peer.next(byCallId("bad2"))
    expect(r.kind === "response" && r.status).toBe(400)
    await peer.closed
    await until(() => closed.length === 1)
  })

  test("garbage without an end of headers is cut off at the header limit, not buffered forever", async () => {
    const { connect, transport } = await start({ parse: { maxMessageSize: 4096 } })
    const peer = await connect()
    const junk = new Uint8Array(1024).fill(0x41)
    for (let i = 0; i < 8 && !peer.isClosed; i++) {
      peer.send(junk)
      await Bun.sleep(5)
    }
    await peer.closed
    await until(() => transport.connectionCount === 0)
  })

  test("sending to a peer without a connection opens one; flows that end are reported", async () => {
    const { transport, closed } = await start()
    const got: string[] = []
    const sockets: net.Socket[] = []
    const server = net.createServer((s) => {
      sockets.push(s)
      s.on("data", (d) => got.push(d.toString()))
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
    const port = (server.address() as net.AddressInfo).port
    const target = { transport: "tcp" as const, address: "127.0.0.1", port }
    await Promise.all([transport.send(enc.encode("PING-1"), target), transport.send(enc.encode("PING-2"), target)])
    await until(() => got.join("").includes("PING-2"))
    expect(transport.connectionCount).toBe(1) // both went over one connection
    // the peer hangs up: the flow is reported closed and forgotten
    for (const s of sockets) s.destroy()
    await until(() => closed.length === 1)
    expect(transport.connectionCount).toBe(0)
    server.close()
  })

  test("connecting where nobody listens rejects with a TransportError", async () => {
    const { transport } = await start({ connectTimeoutMs: 1000 })
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    await expect(transport.send(enc.encode("x"), { transport: "tcp", address: "127.0.0.1", port })).rejects.toThrow(/TCP connect/)
  })

  test("idle connections are closed; connections beyond the limit are refused", async () => {
    const { connect, transport } = await start({ idleTimeoutMs: 150, maxConnections: 2 })
    const a = await connect()
    const b = await connect()
    const c = await connect()
    await c.closed
    expect(transport.connectionCount).toBe(2)
    await Promise.all([a.closed, b.closed])
    await until(() => transport.connectionCount === 0)
  })
})
