/**
 * Call setup rate through the proxy: a SIPp caller (uac-call.xml: INVITE, 407,
 * ACK, INVITE with digest, 100/180/200, ACK, BYE, 200) → our server → a SIPp
 * phone registered as an account (register.xml, then uas-answer.xml on the
 * same port: 180, 200, ACK, BYE, 200), all over UDP on 127.0.0.1, at increasing
 * rates for a few seconds each. A step holds when fewer than 1% of calls fail
 * (SIPp's count and the server's call records agree) and SIPp reached the rate
 * asked. Prints each step and the highest sustained rate. Not a test.
 *
 * Run: `bun bench/calls.ts [seconds per step] [rate,rate,…]` (needs `sipp`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type CallRecord, InMemoryAccountStore, InMemoryDialplan, SipServer } from "../src/server"
import { freePort, sippInfo } from "../test/support/sipp"

const scenario = (name: string) => fileURLToPath(new URL(`../test/sipp/${name}`, import.meta.url))
const seconds = Number(process.argv[2] ?? 5)
const rates = (process.argv[3] ?? "100,200,300,400,500,600,800,1000,1200,1500").split(",").map(Number)

const info = sippInfo()
if (!info.available) {
  console.error(`sipp is needed: ${info.why}`)
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), "calls-bench-"))
const accounts = new InMemoryAccountStore(
  ["alice", "bob"].map((u) => ({ tenantId: "bench", accountId: `acc-${u}`, domain: "switchboard.test", username: u, password: `${u}-pw` })),
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
const records = { answered: 0, other: 0, byDisposition: new Map<string, number>() }
server.calls.onEnded((r: CallRecord) => {
  if (r.disposition === "answered") records.answered++
  else records.other++
  records.byDisposition.set(r.disposition, (records.byDisposition.get(r.disposition) ?? 0) + 1)
})

const run = (args: string[], timeoutMs: number): { child: ChildProcess; done: Promise<string> } => {
  const child = spawn("sipp", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  child.stdout!.on("data", (d) => (out += d))
  child.stderr!.on("data", (d) => (out += d))
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
  const done = new Promise<string>((resolve) =>
    child.on("close", () => {
      clearTimeout(killer)
      resolve(out)
    }),
  )
  return { child, done }
}

const common = ["-t", "u1", "-i", "127.0.0.1", "-nostdin", "-buff_size", String(8 << 20), "-max_socket", "64"]

// the phone: registers, then answers every call on the same port until the end
const phonePort = await freePort()
const reg = await run(
  [`127.0.0.1:${udp!.port}`, "-sf", scenario("register.xml"), "-p", String(phonePort), "-m", "1", "-s", "bob", "-au", "bob", "-ap", "bob-pw", ...common],
  15_000,
).done
if (server.location.lookup("sip:bob@switchboard.test").length !== 1) {
  console.error(`the SIPp phone did not register:\n${reg.slice(-2000)}`)
  process.exit(1)
}
const phone = run(
  [`127.0.0.1:${udp!.port}`, "-sf", scenario("uas-answer.xml"), "-p", String(phonePort), "-s", "bob", "-d", "0", "-recv_timeout", "10000", ...common],
  (rates.length * (seconds + 30) + 60) * 1000,
)
await Bun.sleep(500)

interface Step {
  rate: number
  ok: number
  failed: number
  achieved: number
  recordsAnswered: number
  recordsOther: number
  serverCpu: number
  rssMb: number
  heapMb: number
  transactions: string
  liveCalls: number
}

const field = (out: string, name: string): number => {
  const line = out.split("\n").filter((l) => l.trimStart().startsWith(name)).pop()
  const cells = line?.split("|") ?? []
  return Number.parseFloat(cells[2] ?? "NaN")
}

const step = async (rate: number): Promise<Step> => {
  const total = Math.round(rate * seconds)
  const before = { answered: records.answered, other: records.other }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const out = await run(
    [
      `127.0.0.1:${udp!.port}`, "-sf", scenario("uac-call.xml"), "-p", String(await freePort()), "-s", "200", "-key", "caller", "alice",
      "-au", "alice", "-ap", "alice-pw", "-d", "0", "-r", String(rate), "-m", String(total), "-l", String(Math.max(200, rate * 2)),
      "-recv_timeout", "8000", "-timeout", `${seconds + 25}s`, ...common,
    ],
    (seconds + 30) * 1000,
  ).done
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  // the last BYEs' records land right after SIPp's last 200
  for (let i = 0; i < 50 && records.answered + records.other - before.answered - before.other < total; i++) await Bun.sleep(20)
  const ok = field(out, "Successful call")
  const failed = field(out, "Failed call")
  return {
    rate,
    ok: Number.isNaN(ok) ? 0 : ok,
    failed: Number.isNaN(failed) ? total : failed,
    achieved: (Number.isNaN(ok) ? 0 : ok) / wall,
    recordsAnswered: records.answered - before.answered,
    recordsOther: records.other - before.other,
    serverCpu: (cpu.user + cpu.system) / 1e6 / wall,
    rssMb: process.memoryUsage().rss / 1e6,
    heapMb: (Bun.gc(true), process.memoryUsage().heapUsed / 1e6),
    transactions: `${server.transactions.size.server}/${server.transactions.size.client}`,
    liveCalls: server.calls.size,
  }
}

console.log(`SIPp ${info.version}: caller → proxy (udp 127.0.0.1:${udp!.port}) → SIPp phone, ${seconds} s per step (Bun ${Bun.version})`)
console.log("  each call: INVITE, 407, ACK, INVITE (digest " + (info.sha256 ? "SHA-256" : "MD5") + "), 100, 180, 200, ACK, BYE, 200 — 10 messages in, 9 forwarded")
console.log("rate asked  answered  failed  achieved/s  CDR answered  CDR other  server CPU  RSS MB  heap MB  tx srv/cli  live calls")
let sustained = 0
for (const rate of rates) {
  const s = await step(rate)
  const total = s.ok + s.failed
  const failRatio = total > 0 ? s.failed / total : 1
  const holds = failRatio < 0.01 && s.ok >= 0.99 * rate * seconds && s.achieved >= 0.9 * rate && s.recordsAnswered >= 0.99 * rate * seconds
  console.log(
    `${String(rate).padStart(10)}  ${String(s.ok).padStart(8)}  ${String(s.failed).padStart(6)}  ${s.achieved.toFixed(0).padStart(10)}  ${String(s.recordsAnswered).padStart(12)}  ${String(s.recordsOther).padStart(9)}  ${(100 * s.serverCpu).toFixed(0).padStart(9)}%  ${s.rssMb.toFixed(0).padStart(6)}  ${s.heapMb.toFixed(0).padStart(7)}  ${s.transactions.padStart(10)}  ${String(s.liveCalls).padStart(10)}${holds ? "" : "  ← not sustained"}`,
  )
  if (!holds) break
  sustained = Math.max(sustained, Math.round(s.achieved))
  await Bun.sleep(1000)
}
console.log(`sustained: ${sustained} call setups/s (INVITE…ACK then BYE) with < 1% failures, UDP, loopback; dispositions: ${JSON.stringify(Object.fromEntries(records.byDisposition))}`)
// what is left once every transaction has had its 64*T1 (32 s): nothing should be, or state leaks
await Bun.sleep(64 * server.transactions.timers.T1 + 6000)
Bun.gc(true)
console.log(
  `after ${((64 * server.transactions.timers.T1 + 6000) / 1000).toFixed(0)} s idle: transactions ${JSON.stringify(server.transactions.size)}, calls ${server.calls.size}, ` +
    `dialogs ${server.proxy.dialogs.size}, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
)
phone.child.kill("SIGTERM")
await Promise.race([phone.done, Bun.sleep(3000)])
if (phone.child.exitCode === null) phone.child.kill("SIGKILL")
await server.stop()
rmSync(dir, { recursive: true, force: true })
