import { describe, expect, test } from "bun:test"
import { type SipMessage, type SipRequest, type Source, WsTransport, createResponse, parseMessage } from "../../src/server"
import { request } from "../support/peers"

const socket = () => {
  const frames: string[] = []
  let closedWith: number | undefined
  return {
    frames,
    closedWith: () => closedWith,
    callbacks: {
      remoteAddress: "127.0.0.1",
      remotePort: 50123,
      send: (text: string) => void frames.push(text),
      close: (code?: number) => void (closedWith = code ?? 1000),
    },
  }
}

describe("WebSocket flows (RFC 7118)", () => {
  test("a text frame is one message, handed up with the ws flow; replies go back as text frames", async () => {
    const transport = new WsTransport()
    const received: { message: SipMessage; source: Source }[] = []
    transport.onMessage((message, source) => void received.push({ message, source }))
    const s = socket()
    const flow = transport.openFlow(s.callbacks)
    flow.receive(request({ method: "REGISTER", port: 0, transport: "WS", callId: "w1" }).replace("127.0.0.1:0", "df7jal23ls0d.invalid"))
    expect(received.length).toBe(1)
    expect(received[0].source).toEqual({ transport: "ws", address: "127.0.0.1", port: 50123, flowId: flow.flowId })
    // binary frames are read too
    flow.receive(new TextEncoder().encode(request({ method: "OPTIONS", port: 0, transport: "WS", callId: "w2" })))
    expect(received.length).toBe(2)
    await transport.send(createResponse(received[0].message as SipRequest, 200, { toTag: "t" }), { ...received[0].source })
    expect(s.frames.length).toBe(1)
    const r = parseMessage(s.frames[0])
    expect(r.ok && r.message.kind === "response" && r.message.status).toBe(200)
  })

  test("CRLF CRLF keep-alive gets a CRLF pong; malformed requests get their error answer", () => {
    const transport = new WsTransport()
    const s = socket()
    const flow = transport.openFlow(s.callbacks)
    flow.receive("\r\n\r\n")
    expect(s.frames).toEqual(["\r\n"])
    flow.receive(request({ method: "OPTIONS", port: 0, transport: "WS", callId: "w3" }).replace("SIP/2.0\r\n", "SIP/3.0\r\n"))
    const r = parseMessage(s.frames[1])
    expect(r.ok && r.message.kind === "response" && r.message.status).toBe(505)
    flow.receive(new Uint8Array([0xff, 0x00, 0x13]))
    expect(s.frames.length).toBe(2)
  })

  test("a closed flow is reported, forgotten, and cannot be sent to", async () => {
    const transport = new WsTransport()
    const closed: string[] = []
    transport.onFlowClosed((id) => void closed.push(id))
    const s = socket()
    const flow = transport.openFlow(s.callbacks)
    expect(transport.hasFlow(flow.flowId)).toBe(true)
    flow.closed()
    expect(closed).toEqual([flow.flowId])
    expect(transport.hasFlow(flow.flowId)).toBe(false)
    await expect(transport.send(new Uint8Array([65]), { transport: "ws", address: "127.0.0.1", port: 1, flowId: flow.flowId })).rejects.toThrow()
    flow.receive(request({ method: "OPTIONS", port: 0 })) // ignored, no throw
  })

  test("a socket whose send throws counts as closed; close() closes the socket", async () => {
    const transport = new WsTransport()
    const flow = transport.openFlow({
      remoteAddress: "127.0.0.1",
      remotePort: 1,
      send: () => {
        throw new Error("socket gone")
      },
      close: () => {},
    })
    await expect(transport.send(new Uint8Array([65]), { transport: "ws", address: "127.0.0.1", port: 1, flowId: flow.flowId })).rejects.toThrow()
    expect(flow.isOpen).toBe(false)
    const s = socket()
    const other = transport.openFlow(s.callbacks)
    await transport.close()
    expect(s.closedWith()).toBe(1001)
    expect(other.isOpen).toBe(false)
  })
})
