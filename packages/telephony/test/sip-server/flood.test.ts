import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { InMemoryAccountStore, type ListeningAddresses, SipServer } from "../../src/server"
import { TcpPeer, UdpPeer, byCallId, request } from "../support/peers"

const FLOOD = fileURLToPath(new URL("../support/flood.ts", import.meta.url))
let server: SipServer
let addr: ListeningAddresses
let malformed = 0

beforeAll(async () => {
  server = new SipServer({
    udp: { port: 0, receiveBufferSize: 4 << 20 },
    tcp: { port: 0 },
    accounts: new InMemoryAccountStore(),
    logger: { debug: (m) => void (m.startsWith("malformed") && malformed++) },
  })
  addr = await server.start()
})
afterAll(() => server.stop())

/** Runs the flood script; resolves with what it reports having sent. */
const flood = (mode: "udp" | "tcp", port: number, ms: number) =>
  new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [FLOOD, mode, String(port), String(ms)], { stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    const kill = setTimeout(() => child.kill("SIGKILL"), ms + 10_000)
    child.on("exit", (code) => {
      clearTimeout(kill)
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`flood exited ${code}`))
    })
  })

/** OPTIONS every 50 ms, each retransmitted every 100 ms until answered (as a UA does); the answer delays. */
const probe = async (send: (text: string) => void, next: (callId: string, ms: number) => Promise<unknown>, port: number, transport: "UDP" | "TCP", count: number) => {
  const delays: number[] = []
  for (let i = 0; i < count; i++) {
    const callId = `probe-${transport}-${i}-${Math.random()}`
    const text = request({ method: "OPTIONS", port, transport, callId })
    const t0 = performance.now()
    const answered = next(callId, 3000)
    send(text)
    const resend = transport === "UDP" ? setInterval(() => send(text), 100) : undefined
    try {
      await answered
      delays.push(performance.now() - t0)
    } finally {
      clearInterval(resend)
    }
    await Bun.sleep(50)
  }
  return delays
}

describe("a flood of garbage does not stall other traffic", () => {
  test("UDP: OPTIONS keep being answered while another process sends garbage datagrams", async () => {
    const peer = await UdpPeer.open()
    try {
      const before = malformed
      const flooding = flood("udp", addr.udp!.port, 2500)
      await Bun.sleep(300)
      const delays = await probe((t) => peer.send(t, addr.udp!.port), (id, ms) => peer.next(byCallId(id), ms), peer.port, "UDP", 20)
      const sent = await flooding
      expect(delays.length).toBe(20)
      expect(sent).toBeGreaterThan(10_000)
      expect(malformed - before).toBeGreaterThan(5_000) // the garbage did reach the server meanwhile
      console.log(`UDP flood: ${sent} datagrams sent, ${malformed - before} read as malformed; OPTIONS answered in max ${Math.max(...delays).toFixed(1)} ms`)
    } finally {
      peer.close()
    }
  }, 20_000)

  test("TCP: garbage connections are cut off while another connection's OPTIONS are answered", async () => {
    const peer = await TcpPeer.connect(addr.tcp!.port)
    try {
      const flooding = flood("tcp", addr.tcp!.port, 2500)
      await Bun.sleep(300)
      const delays = await probe((t) => peer.send(t), (id, ms) => peer.next(byCallId(id), ms), peer.port, "TCP", 20)
      const bytes = await flooding
      expect(delays.length).toBe(20)
      expect(bytes).toBeGreaterThan(1_000_000)
      console.log(`TCP flood: ${(bytes / 1e6).toFixed(1)} MB of garbage; OPTIONS answered in max ${Math.max(...delays).toFixed(1)} ms`)
    } finally {
      peer.close()
    }
  }, 20_000)
})
