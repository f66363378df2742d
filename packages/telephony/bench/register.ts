/**
 * REGISTER throughput of the SIP server: SIPp (UAC, digest via [authentication])
 * registers users from an injection file at increasing rates against the server
 * on 127.0.0.1 over UDP, each step for a few seconds. A step holds when fewer
 * than 1% of registrations fail and SIPp reached the rate asked. Prints each
 * step and the highest sustained rate. One registration = two REGISTER requests
 * (challenge, then credentials). Not a test.
 *
 * Run: `bun bench/register.ts [seconds per step] [rate,rate,…]` (needs `sipp`).
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { InMemoryAccountStore, SipServer } from "../src/server"
import { freePort, sippInfo } from "../test/support/sipp"

const SCENARIO = fileURLToPath(new URL("../test/sipp/register-users.xml", import.meta.url))
const seconds = Number(process.argv[2] ?? 5)
const rates = (process.argv[3] ?? "250,500,1000,1500,2000,2500,3000,4000,5000,6000,8000").split(",").map(Number)
const USERS = 2000

const info = sippInfo()
if (!info.available) {
  console.error(`sipp is needed: ${info.why}`)
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), "register-bench-"))
const csv = join(dir, "users.csv")
writeFileSync(csv, `SEQUENTIAL\n${Array.from({ length: USERS }, (_, i) => `user${i};pw-${i}`).join("\n")}\n`)

const accounts = new InMemoryAccountStore(
  Array.from({ length: USERS }, (_, i) => ({ tenantId: "bench", accountId: `a${i}`, domain: "switchboard.test", username: `user${i}`, password: `pw-${i}` })),
)
const server = new SipServer({
  udp: { port: 0, receiveBufferSize: 8 << 20, sendBufferSize: 8 << 20 },
  tcp: false,
  accounts,
  // SIPp before 3.7 answers only the first challenge and knows only MD5
  registrar: info.sha256 ? {} : { algorithms: ["MD5", "SHA-256"] },
})
const { udp } = await server.start()

interface Step {
  rate: number
  ok: number
  failed: number
  achieved: number
  serverCpu: number
  rssMb: number
  heapMb: number
  live: number
}

const field = (out: string, name: string): number => {
  const line = out.split("\n").filter((l) => l.trimStart().startsWith(name)).pop()
  const cells = line?.split("|") ?? []
  return Number.parseFloat(cells[2] ?? "NaN")
}

const step = async (rate: number): Promise<Step> => {
  const total = Math.round(rate * seconds)
  const args = [
    `127.0.0.1:${udp!.port}`, "-sf", SCENARIO, "-inf", csv, "-au", "[field0]", "-ap", "[field1]", "-t", "u1", "-i", "127.0.0.1", "-p", String(await freePort()),
    "-r", String(rate), "-m", String(total), "-l", String(Math.max(100, rate * 4)), "-recv_timeout", "4000",
    "-timeout", `${seconds + 20}s`, "-nostdin", "-buff_size", String(8 << 20), "-max_socket", "64",
  ]
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const child = spawn("sipp", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  child.stdout.on("data", (d) => (out += d))
  child.stderr.on("data", (d) => (out += d))
  const killer = setTimeout(() => child.kill("SIGKILL"), (seconds + 30) * 1000)
  await new Promise((r) => child.on("close", r))
  clearTimeout(killer)
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const ok = field(out, "Successful call")
  const failed = field(out, "Failed call")
  return {
    rate,
    ok: Number.isNaN(ok) ? 0 : ok,
    failed: Number.isNaN(failed) ? total : failed,
    achieved: (Number.isNaN(ok) ? 0 : ok) / wall,
    serverCpu: (cpu.user + cpu.system) / 1e6 / wall,
    rssMb: process.memoryUsage().rss / 1e6,
    // what the server holds right after the step: mostly answered REGISTERs kept 64*T1 for retransmissions (timer J)
    heapMb: (Bun.gc(true), process.memoryUsage().heapUsed / 1e6),
    live: server.transactions.size.server,
  }
}

console.log(`SIPp ${info.version}, ${USERS} users, ${seconds} s per step, server on udp 127.0.0.1:${udp!.port} (Bun ${Bun.version})`)
console.log("rate asked  registered  failed  achieved/s  REGISTER/s  server CPU  RSS MB  heap MB  transactions")
let sustained = 0
for (const rate of rates) {
  const s = await step(rate)
  const total = s.ok + s.failed
  const failRatio = total > 0 ? s.failed / total : 1
  const holds = failRatio < 0.01 && s.ok >= 0.99 * rate * seconds && s.achieved >= 0.9 * rate
  console.log(
    `${String(rate).padStart(10)}  ${String(s.ok).padStart(10)}  ${String(s.failed).padStart(6)}  ${s.achieved.toFixed(0).padStart(10)}  ${(2 * s.achieved).toFixed(0).padStart(10)}  ${(100 * s.serverCpu).toFixed(0).padStart(9)}%  ${s.rssMb.toFixed(0).padStart(6)}  ${s.heapMb.toFixed(0).padStart(7)}  ${String(s.live).padStart(12)}${holds ? "" : "  ← not sustained"}`,
  )
  if (!holds) break
  sustained = Math.max(sustained, Math.round(s.achieved))
  await Bun.sleep(1000)
}
console.log(`sustained: ${sustained} registrations/s = ${2 * sustained} REGISTER requests/s with < 1% failures (digest ${info.sha256 ? "SHA-256" : "MD5"}, UDP, loopback)`)
console.log(`location: ${server.location.size} bindings; transactions alive at the end: ${JSON.stringify(server.transactions.size)}`)
await server.stop()
rmSync(dir, { recursive: true, force: true })
