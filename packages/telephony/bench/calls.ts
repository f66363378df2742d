/**
 * Call setup rate through the proxy: a SIPp caller (uac-call.xml: INVITE, 407,
 * ACK, INVITE with digest, 100/180/200, ACK, BYE, 200) → our server → a SIPp
 * phone registered as an account (register.xml, then uas-answer.xml on the
 * same port: 180, 200, ACK, BYE, 200), all over UDP on 127.0.0.1, at increasing
 * rates for a few seconds each. A step holds when fewer than 1% of calls fail
 * (SIPp's count and the server's call records agree) and SIPp reached the rate
 * asked. Prints each step and the highest sustained rate. Not a test. The server
 * runs in this process; tests/bench/sip.ts runs it in its own and compares it
 * with Kamailio.
 *
 * Run: `bun bench/calls.ts [seconds per step] [rate,rate,…]` (needs `sipp`).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type CallRecord, InMemoryAccountStore, InMemoryDialplan, SipServer } from "../src/server"
import { sippInfo } from "../test/support/sipp"
import { callLoad, killSipps, type Load, startPhone, stepUp } from "./sipp-steps"

const seconds = Number(process.argv[2] ?? 5)
const rates = (process.argv[3] ?? "100,200,300,400,500,600,800,1000,1200,1500").split(",").map(Number)

const info = sippInfo()
if (!info.available) {
  console.error(`sipp is needed: ${info.why}`)
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), "calls-bench-"))
const alice = { username: "alice", password: "alice-pw" }
const bob = { username: "bob", password: "bob-pw" }
const accounts = new InMemoryAccountStore(
  [alice, bob].map((u) => ({ tenantId: "bench", accountId: `acc-${u.username}`, domain: "switchboard.test", ...u })),
)
const server = new SipServer({
  udp: { port: 0, receiveBufferSize: 8 << 20, sendBufferSize: 8 << 20 },
  tcp: false,
  accounts,
  dialplan: new InMemoryDialplan().account("bench", "200", "acc-bob"),
  // SIPp before 3.7 answers only the first challenge and knows only MD5
  registrar: info.sha256 ? {} : { algorithms: ["MD5", "SHA-256"] },
})
const { udp } = await server.start()
process.on("SIGINT", () => {
  killSipps(true)
  // a moment for the runtime to reap them
  setTimeout(() => process.exit(130), 200)
})
const records = { answered: 0, other: 0, byDisposition: new Map<string, number>() }
server.calls.onEnded((r: CallRecord) => {
  if (r.disposition === "answered") records.answered++
  else records.other++
  records.byDisposition.set(r.disposition, (records.byDisposition.get(r.disposition) ?? 0) + 1)
})

// the phone: registers, then answers every call on the same port until the end
const { registered, output, phone } = await startPhone({ port: udp!.port, account: bob, cwd: dir, timeoutMs: (rates.length * (seconds + 30) + 60) * 1000 })
if (!registered || server.location.lookup("sip:bob@switchboard.test").length !== 1) {
  console.error(`the SIPp phone did not register:\n${output.slice(-2000)}`)
  process.exit(1)
}

interface Step extends Load {
  recordsAnswered: number
  recordsOther: number
  serverCpu: number
  rssMb: number
  heapMb: number
  transactions: string
  liveCalls: number
}

const step = async (rate: number): Promise<Step> => {
  const before = { answered: records.answered, other: records.other }
  const cpu0 = process.cpuUsage()
  const l = await callLoad({ port: udp!.port, caller: alice, dialled: "200", rate, seconds, cwd: dir })
  const cpu = process.cpuUsage(cpu0)
  // the last BYEs' records land right after SIPp's last 200
  for (let i = 0; i < 50 && records.answered + records.other - before.answered - before.other < l.asked; i++) await Bun.sleep(20)
  return {
    ...l,
    recordsAnswered: records.answered - before.answered,
    recordsOther: records.other - before.other,
    serverCpu: (cpu.user + cpu.system) / 1e6 / l.wall,
    rssMb: process.memoryUsage().rss / 1e6,
    heapMb: (Bun.gc(true), process.memoryUsage().heapUsed / 1e6),
    transactions: `${server.transactions.size.server}/${server.transactions.size.client}`,
    liveCalls: server.calls.size,
  }
}

console.log(`SIPp ${info.version}: caller → proxy (udp 127.0.0.1:${udp!.port}) → SIPp phone, ${seconds} s per step (Bun ${Bun.version})`)
console.log("  each call: INVITE, 407, ACK, INVITE (digest " + (info.sha256 ? "SHA-256" : "MD5") + "), 100, 180, 200, ACK, BYE, 200 — 10 messages in, 9 forwarded")
console.log("rate asked  answered  failed  achieved/s  CDR answered  CDR other  server CPU  RSS MB  heap MB  tx srv/cli  live calls")
const { sustained } = await stepUp({
  rates,
  step,
  extra: (s) => s.recordsAnswered >= 0.99 * s.asked,
  report: (s, held) =>
    console.log(
      `${String(s.rate).padStart(10)}  ${String(s.ok).padStart(8)}  ${String(s.failed).padStart(6)}  ${s.achieved.toFixed(0).padStart(10)}  ${String(s.recordsAnswered).padStart(12)}  ${String(s.recordsOther).padStart(9)}  ${(100 * s.serverCpu).toFixed(0).padStart(9)}%  ${s.rssMb.toFixed(0).padStart(6)}  ${s.heapMb.toFixed(0).padStart(7)}  ${s.transactions.padStart(10)}  ${String(s.liveCalls).padStart(10)}${held ? "" : "  ← not sustained"}`,
    ),
})
console.log(`sustained: ${sustained} call setups/s (INVITE…ACK then BYE) with < 1% failures, UDP, loopback; dispositions: ${JSON.stringify(Object.fromEntries(records.byDisposition))}`)
// what is left once every transaction has had its 64*T1 (32 s): nothing should be, or state leaks
await Bun.sleep(64 * server.transactions.timers.T1 + 6000)
Bun.gc(true)
console.log(
  `after ${((64 * server.transactions.timers.T1 + 6000) / 1000).toFixed(0)} s idle: transactions ${JSON.stringify(server.transactions.size)}, calls ${server.calls.size}, ` +
    `dialogs ${server.proxy.dialogs.size}, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
)
await phone!.stop()
await server.stop()
rmSync(dir, { recursive: true, force: true })
