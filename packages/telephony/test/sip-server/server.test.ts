import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import {
  InMemoryAccountStore, type ListeningAddresses, type SipMessage, SipServer, type SipResponse, generateBranch, parseMessage, tagOf,
} from "../../src/server"
import { TcpPeer, UdpPeer, authorization, byCallId, challenges, request } from "../support/peers"

const DOMAIN = "switchboard.test"
let server: SipServer
let addr: ListeningAddresses
let udp: UdpPeer

beforeAll(async () => {
  server = new SipServer({
    udp: { port: 0 },
    tcp: { port: 0 },
    accounts: new InMemoryAccountStore([
      { tenantId: "t1", accountId: "a1", domain: DOMAIN, username: "alice", password: "wonderland" },
      { tenantId: "t1", accountId: "a2", domain: DOMAIN, username: "bob", password: "builder" },
    ]),
    timers: { T1: 50, T2: 200, T4: 250, D: 500 },
  })
  addr = await server.start()
  udp = await UdpPeer.open()
})

afterAll(async () => {
  udp.close()
  await server.stop()
})

const ask = async (spec: Omit<Parameters<typeof request>[0], "port">, peer: UdpPeer = udp): Promise<SipResponse> => {
  const callId = spec.callId ?? `c-${Math.random()}`
  peer.send(request({ ...spec, callId, port: peer.port }), addr.udp!.port)
  const m = await peer.next((x) => x.kind === "response" && x.headers.get("Call-ID") === callId && x.status >= 200)
  return m as SipResponse
}

const registerOver = async (
  send: (text: string) => void,
  next: (callId: string) => Promise<SipResponse>,
  o: { user: string; password: string; contact: string; transport: "UDP" | "TCP" | "WS"; port: number },
) => {
  const callId = `reg-${Math.random()}`
  const base = { method: "REGISTER", callId, transport: o.transport, port: o.port, to: `<sip:${o.user}@${DOMAIN}>`, from: `<sip:${o.user}@${DOMAIN}>` }
  send(request({ ...base, cseq: 1, headers: [`Contact: ${o.contact}`] }))
  const c = challenges(await next(callId))[1]
  send(
    request({
      ...base,
      cseq: 2,
      headers: [`Contact: ${o.contact}`, `Authorization: ${authorization({ username: o.user, password: o.password, realm: c.realm, nonce: c.nonce, uri: `sip:${DOMAIN}` })}`],
    }),
  )
  return next(callId)
}

const finalFor = (callId: string, status?: number) => (m: SipMessage) =>
  byCallId(callId)(m) && m.kind === "response" && (status === undefined ? m.status >= 200 : m.status === status)

describe("SipServer core", () => {
  test("OPTIONS → 200 with Allow, Accept, Supported and Server", async () => {
    const r = await ask({ method: "OPTIONS" })
    expect(r.status).toBe(200)
    expect(r.headers.getAll("Allow")).toEqual(["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "INFO", "UPDATE", "REFER", "NOTIFY", "MESSAGE", "PRACK"])
    expect(r.headers.get("Accept")).toBe("application/sdp")
    expect(r.headers.getAll("Supported")).toContain("outbound")
    expect(r.headers.get("Server")).toBe("Switchboard")
    expect(tagOf(r.headers.get("To"))).toBeDefined()
  })

  test("unknown method → 501; known but not served → 405; dialog methods without dialog → 481", async () => {
    const unknown = await ask({ method: "FROBNICATE" })
    expect(unknown.status).toBe(501)
    expect(unknown.headers.getAll("Allow")).toContain("REGISTER")
    expect((await ask({ method: "SUBSCRIBE" })).status).toBe(405)
    expect((await ask({ method: "PUBLISH" })).status).toBe(405)
    expect((await ask({ method: "BYE", to: "<sip:alice@switchboard.test>;tag=gone" })).status).toBe(481)
    expect((await ask({ method: "CANCEL" })).status).toBe(481)
  })

  test("Require with an unknown extension → 420 with Unsupported", async () => {
    const r = await ask({ method: "OPTIONS", headers: ["Require: 100rel, path"] })
    expect(r.status).toBe(420)
    expect(r.headers.get("Unsupported")).toBe("100rel")
  })

  test("INVITE: 407 until the caller authenticates; then 404 for unknown numbers, 480 for known ones; the failure is retransmitted until the ACK", async () => {
    const challenge = await ask({ method: "INVITE", uri: `sip:bob@${DOMAIN}` })
    expect(challenge.status).toBe(407)
    const c = challenge.headers.getAll("Proxy-Authenticate")
    expect(c.length).toBe(2)
    const nonce = /nonce="([^"]+)"/.exec(c[1])![1]
    const auth = (uri: string, nc: number) =>
      `Proxy-Authorization: ${authorization({ username: "alice", password: "wonderland", realm: DOMAIN, nonce, uri, method: "INVITE", nc })}`
    expect((await ask({ method: "INVITE", uri: `sip:nobody@${DOMAIN}`, headers: [auth(`sip:nobody@${DOMAIN}`, 1)] })).status).toBe(404)
    const callId = "inv-known"
    const branch = generateBranch()
    udp.send(request({ method: "INVITE", uri: `sip:bob@${DOMAIN}`, callId, branch, port: udp.port, headers: [auth(`sip:bob@${DOMAIN}`, 2)] }), addr.udp!.port)
    const r = (await udp.next(finalFor(callId, 480))) as SipResponse
    // timer G: the 480 comes again (T1 = 50 ms) while no ACK is sent
    await udp.next(finalFor(callId, 480), 500)
    const ack = request({ method: "ACK", uri: `sip:bob@${DOMAIN}`, callId, branch, port: udp.port, to: r.headers.get("To")! })
    udp.send(ack, addr.udp!.port)
    await Bun.sleep(60)
    udp.inbox.messages.splice(0) // a retransmission may have crossed the ACK
    expect(await udp.inbox.silent(400, byCallId(callId))).toBe(true)
  })

  test("REGISTER with digest over UDP; a retransmitted REGISTER gets the same answer from the transaction", async () => {
    const peer = await UdpPeer.open()
    try {
      const callId = "reg-retrans"
      const base = { method: "REGISTER", callId, port: peer.port, to: `<sip:alice@${DOMAIN}>`, from: `<sip:alice@${DOMAIN}>` }
      peer.send(request({ ...base, cseq: 1 }), addr.udp!.port)
      const c = challenges(await peer.next(byCallId(callId)))[0]
      const text = request({
        ...base,
        cseq: 2,
        branch: generateBranch(),
        headers: [
          `Contact: <sip:alice@127.0.0.1:${peer.port}>`,
          `Authorization: ${authorization({ username: "alice", password: "wonderland", realm: c.realm, nonce: c.nonce, uri: `sip:${DOMAIN}`, algorithm: "SHA-256" })}`,
        ],
      })
      peer.send(text, addr.udp!.port)
      const first = (await peer.next(byCallId(callId))) as SipResponse
      peer.send(text, addr.udp!.port) // same branch: absorbed, the 200 is resent (no nonce-count replay)
      const again = (await peer.next(byCallId(callId))) as SipResponse
      expect([first.status, again.status]).toEqual([200, 200])
      expect(again.headers.get("To")).toBe(first.headers.get("To"))
      const b = server.location.lookup(`sip:alice@${DOMAIN}`).find((x) => x.flow.port === peer.port)
      expect(b?.flow).toMatchObject({ transport: "udp", address: "127.0.0.1", port: peer.port })
    } finally {
      peer.close()
    }
  })

  test("REGISTER over TCP binds the connection's flow; answers come back over it", async () => {
    const peer = await TcpPeer.connect(addr.tcp!.port)
    try {
      const r = await registerOver(
        (t) => peer.send(t),
        async (callId) => (await peer.next(finalFor(callId))) as SipResponse,
        { user: "bob", password: "builder", contact: `<sip:bob@127.0.0.1:${peer.port};transport=tcp>`, transport: "TCP", port: peer.port },
      )
      expect(r.status).toBe(200)
      const b = server.location.lookup(`sip:bob@${DOMAIN}`)[0]
      expect(b.flow.transport).toBe("tcp")
      expect(server.transports.hasFlow(b.flow)).toBe(true)
    } finally {
      peer.close()
    }
  })

  test("REGISTER over a WebSocket flow; the binding goes when the socket closes", async () => {
    const waiters: ((s: SipResponse) => void)[] = []
    const flow = server.ws.openFlow({
      remoteAddress: "127.0.0.1",
      remotePort: 61000,
      send: (t) => {
        const m = parseMessage(t)
        if (m.ok && m.message.kind === "response" && m.message.status >= 200) waiters.shift()?.(m.message)
      },
      close: () => {},
    })
    const r = await registerOver(
      (t) => flow.receive(t),
      () => new Promise((resolve) => waiters.push(resolve)),
      { user: "alice", password: "wonderland", contact: "<sip:ws-alice@x1y2.invalid;transport=ws>", transport: "WS", port: 61000 },
    )
    expect(r.status).toBe(200)
    const aor = `sip:alice@${DOMAIN}`
    expect(server.location.lookup(aor).some((b) => b.flow.flowId === flow.flowId)).toBe(true)
    flow.closed()
    expect(server.location.lookup(aor).some((b) => b.flow.flowId === flow.flowId)).toBe(false)
  })

  test("start() again is harmless; a taken port fails start() and releases what was bound", async () => {
    expect(await server.start()).toEqual(addr)
    const clash = new SipServer({ udp: { port: addr.udp!.port }, tcp: { port: 0 }, accounts: new InMemoryAccountStore() })
    await expect(clash.start()).rejects.toThrow()
    await clash.stop()
  })
})
