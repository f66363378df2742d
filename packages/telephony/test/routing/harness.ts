import {
  type CallRecord, type CallTracker, InMemoryAccountStore, InMemoryDialplan, type ListeningAddresses, type RoutingPolicy, type SipAccount,
  SipServer, contactKey,
} from "../../src/server"
import { DOMAIN, TestUa, type Wire, tcpWire, udpWire, wsWire } from "../support/ua"

export { DOMAIN }
export const TENANT = "t1"

export const account = (username: string, extra: Partial<SipAccount> = {}): SipAccount => ({
  tenantId: TENANT, accountId: `acc-${username}`, domain: DOMAIN, username, password: `${username}-pw`, ...extra,
})

export interface Harness {
  server: SipServer
  addr: ListeningAddresses
  accounts: InMemoryAccountStore
  dialplan: InMemoryDialplan
  calls: CallTracker
  records: CallRecord[]
  /** A UA over UDP, TCP or WebSocket, registered unless `register: false`. */
  ua(user: string, o?: { transport?: "UDP" | "TCP" | "WS"; register?: boolean; password?: string }): Promise<TestUa>
  /** The record of a call, once it ended. */
  record(callId: string, timeoutMs?: number): Promise<CallRecord>
  /** Closes every UA and removes every binding (between tests). */
  reset(): void
  stop(): Promise<void>
}

export const USERS = ["alice", "bob", "carol", "dave", "erin", "frank"]

export const startHarness = async (o: { policy?: RoutingPolicy; accounts?: SipAccount[] } = {}): Promise<Harness> => {
  const accounts = new InMemoryAccountStore(o.accounts ?? USERS.map((u) => account(u)))
  const dialplan = new InMemoryDialplan()
  const server = new SipServer({
    udp: { port: 0 },
    tcp: { port: 0 },
    accounts,
    dialplan,
    routing: o.policy,
    // short timers: failures are retransmitted fast, transactions end fast
    timers: { T1: 50, T2: 400, T4: 500, D: 500 },
    registrar: { algorithms: ["MD5", "SHA-256"] },
  })
  const addr = await server.start()
  const records: CallRecord[] = []
  server.calls.onEnded((r) => void records.push(r))
  const uas: TestUa[] = []
  const h: Harness = {
    server, addr, accounts, dialplan, calls: server.calls, records,
    async ua(user, uo = {}) {
      const t = uo.transport ?? "UDP"
      const wire: Wire = t === "UDP" ? await udpWire(addr.udp!.port) : t === "TCP" ? await tcpWire(addr.tcp!.port) : wsWire(server)
      const ua = new TestUa(wire, user, uo.password ?? `${user}-pw`, t === "TCP" ? addr.tcp!.port : addr.udp!.port)
      uas.push(ua)
      if (uo.register !== false) {
        const r = await ua.register()
        if (r.status !== 200) throw new Error(`${user} could not register: ${r.status}`)
      }
      return ua
    },
    async record(callId, timeoutMs = 3000) {
      const until = Date.now() + timeoutMs
      while (Date.now() < until) {
        const r = records.find((x) => x.callId === callId)
        if (r) return r
        await Bun.sleep(5)
      }
      throw new Error(`no call record for ${callId}`)
    },
    reset() {
      for (const u of uas.splice(0)) u.close()
      for (const b of server.location.all()) server.location.remove(b.aor, contactKey(b))
    },
    async stop() {
      for (const u of uas) u.close()
      await server.stop()
    },
  }
  return h
}
