/**
 * Real peers: SIPp (sip-tester) registering with digest over UDP and TCP, a
 * wrong password (401 … then 403), and malformed-message suites over UDP and
 * TCP after which a valid OPTIONS still gets 200. Skipped, with the reason,
 * when `sipp` is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import {
  type DigestAlgorithm, InMemoryAccountStore, type ListeningAddresses, type RegisterEvent, SipServer, type TcpTransport,
} from "../../src/server"
import { explain, runSipp, sippInfo } from "../support/sipp"

const sipp = sippInfo()
if (!sipp.available) console.warn(`SKIPPING SIPp tests: ${sipp.why}`)
const describeSipp = sipp.available ? describe : describe.skip

const DOMAIN = "switchboard.test"
const accounts = new InMemoryAccountStore(
  ["alice", "bob", "carol", "dave"].map((username) => ({ tenantId: "t1", accountId: `acc-${username}`, domain: DOMAIN, username, password: `${username}-pw` })),
)

const startServer = async (algorithms?: DigestAlgorithm[]) => {
  const server = new SipServer({
    udp: { port: 0 },
    tcp: { port: 0 },
    accounts,
    registrar: { maxAuthFailures: 3, authFailureWindowMs: 60_000, ...(algorithms ? { algorithms } : {}) },
  })
  return { server, addr: await server.start() }
}

describeSipp(`SIPp${sipp.version ? ` ${sipp.version}` : ""} against the server on 127.0.0.1`, () => {
  // SIPp before 3.7 knows MD5 only and answers the first challenge it finds: offer MD5 first to it.
  const order: DigestAlgorithm[] | undefined = sipp.sha256 ? undefined : ["MD5", "SHA-256"]
  let server: SipServer
  let addr: ListeningAddresses
  const events: RegisterEvent[] = []

  beforeAll(async () => {
    ;({ server, addr } = await startServer(order))
    server.registrar.onEvent((e) => void events.push(e))
    if (!sipp.sha256) console.warn(`SIPp ${sipp.version} has no SHA-256 digest: its server offers MD5 first (both challenges still sent)`)
  })
  afterAll(() => server.stop())

  for (const [transport, mode] of [["UDP", "u1"], ["TCP", "t1"]] as const) {
    test(`REGISTER with digest over ${transport}: 401, then 200 and a binding over SIPp's ${transport} flow`, async () => {
      const user = transport === "UDP" ? "alice" : "bob"
      const port = transport === "UDP" ? addr.udp!.port : addr.tcp!.port
      const r = await runSipp({ scenario: "register.xml", port, transport: mode, args: ["-s", user, "-au", user, "-ap", `${user}-pw`] })
      expect(r.code, explain(r)).toBe(0)
      const bindings = server.location.lookup(`sip:${user}@${DOMAIN}`)
      expect(bindings.length).toBe(1)
      expect(bindings[0].flow.transport).toBe(transport.toLowerCase() as "udp" | "tcp")
      expect(bindings[0].contact).toContain(`transport=${transport}`)
      // SIPp answered the first challenge: SHA-256 when it can (≥ 3.7), else MD5 (offered first to it)
      const registered = events.find((e) => e.type === "registered" && e.account.username === user)
      expect(registered?.type === "registered" && registered.algorithm).toBe(sipp.sha256 ? "SHA-256" : "MD5")
    }, 30_000)
  }

  for (const [transport, mode] of [["UDP", "u1"], ["TCP", "t1"]] as const) {
    test(`wrong password over ${transport}: 401, 401, 401, then 403`, async () => {
      const user = transport === "UDP" ? "carol" : "dave"
      const port = transport === "UDP" ? addr.udp!.port : addr.tcp!.port
      const r = await runSipp({ scenario: "register-wrong-password.xml", port, transport: mode, args: ["-s", user, "-au", user, "-ap", "not-the-password"] })
      expect(r.code, explain(r)).toBe(0)
      expect(server.location.lookup(`sip:${user}@${DOMAIN}`)).toEqual([])
      const mine = events.filter((e) => e.type !== "registered" && e.type !== "blocked" && e.username === user).map((e) => e.type)
      expect(mine).toEqual(["auth-failed", "auth-failed", "auth-failed", "locked-out"])
    }, 30_000)
  }

  test("malformed messages over UDP (unknown method, bad header, SIP/3.0, huge header, truncated, bad Content-Length, binary), then OPTIONS → 200", async () => {
    const r = await runSipp({ scenario: "malformed-udp.xml", port: addr.udp!.port, transport: "u1" })
    expect(r.code, explain(r)).toBe(0)
    const after = await runSipp({ scenario: "options.xml", port: addr.udp!.port, transport: "u1" })
    expect(after.code, explain(after)).toBe(0)
  }, 30_000)

  test("malformed messages over TCP: answered on the same connection, a framing error closes it; a truncated message is dropped; then OPTIONS → 200", async () => {
    const r = await runSipp({ scenario: "malformed-tcp.xml", port: addr.tcp!.port, transport: "tn" })
    expect(r.code, explain(r)).toBe(0)
    const truncated = await runSipp({ scenario: "truncated-tcp.xml", port: addr.tcp!.port, transport: "tn" })
    expect(truncated.code, explain(truncated)).toBe(0)
    const after = await runSipp({ scenario: "options.xml", port: addr.tcp!.port, transport: "tn" })
    expect(after.code, explain(after)).toBe(0)
    // nothing is held: every connection SIPp opened is gone
    const tcp = server.transports.get("tcp") as TcpTransport
    for (let i = 0; i < 100 && tcp.connectionCount > 0; i++) await Bun.sleep(20)
    expect(tcp.connectionCount).toBe(0)
  }, 30_000)
})

describeSipp("SIPp and the default challenge order (SHA-256 first)", () => {
  test.skipIf(!sipp.sha256)("SIPp ≥ 3.7 registers against SHA-256-first challenges", async () => {
    const { server, addr } = await startServer()
    try {
      const r = await runSipp({ scenario: "register.xml", port: addr.udp!.port, transport: "u1", args: ["-s", "alice", "-au", "alice", "-ap", "alice-pw"] })
      expect(r.code, explain(r)).toBe(0)
    } finally {
      await server.stop()
    }
  }, 30_000)
})
