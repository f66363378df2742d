/**
 * REGISTER throughput of the SIP server: SIPp (UAC, digest via [authentication])
 * registers users from an injection file at increasing rates against the server
 * on 127.0.0.1 over UDP, each step for a few seconds. A step holds when fewer
 * than 1% of registrations fail and SIPp reached the rate asked. Prints each
 * step and the highest sustained rate. One registration = two REGISTER requests
 * (challenge, then credentials). Not a test. The server runs in this process;
 * tests/bench/sip.ts runs it in its own and compares it with Kamailio.
 *
 * Run: `bun bench/register.ts [seconds per step] [rate,rate,…]` (needs `sipp`).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InMemoryAccountStore, SipServer } from "../src/server"
import { freePort, sippInfo } from "../test/support/sipp"
import { USERS_DOMAIN, benchUser, killSipps, type Load, registerLoad, stepUp, writeUsersCsv } from "./sipp-steps"

const seconds = Number(process.argv[2] ?? 5)
const rates = (process.argv[3] ?? "250,500,1000,1500,2000,2500,3000,4000,5000,6000,8000").split(",").map(Number)
const USERS = 2000

const info = sippInfo()
if (!info.available) {
  console.error(`sipp is needed: ${info.why}`)
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), "register-bench-"))
const csv = writeUsersCsv(dir, USERS)
const accounts = new InMemoryAccountStore(
  Array.from({ length: USERS }, (_, i) => ({ tenantId: "bench", accountId: `a${i}`, domain: USERS_DOMAIN, ...benchUser(i) })),
)
const server = new SipServer({
  udp: { port: 0, receiveBufferSize: 8 << 20, sendBufferSize: 8 << 20 },
  tcp: false,
  accounts,
  // SIPp before 3.7 answers only the first challenge and knows only MD5
  registrar: info.sha256 ? {} : { algorithms: ["MD5", "SHA-256"] },
})
const { udp } = await server.start()
process.on("SIGINT", () => {
  killSipps(true)
  // a moment for the runtime to reap them
  setTimeout(() => process.exit(130), 200)
})

interface Step extends Load {
  serverCpu: number
  rssMb: number
  heapMb: number
  live: number
}

// one SIPp port for every step: the steps refresh the same bindings
const localPort = await freePort()

const step = async (rate: number): Promise<Step> => {
  const cpu0 = process.cpuUsage()
  const l = await registerLoad({ port: udp!.port, csv, rate, seconds, cwd: dir, localPort })
  const cpu = process.cpuUsage(cpu0)
  return {
    ...l,
    serverCpu: (cpu.user + cpu.system) / 1e6 / l.wall,
    rssMb: process.memoryUsage().rss / 1e6,
    // what the server holds right after the step: mostly answered REGISTERs kept 64*T1 for retransmissions (timer J)
    heapMb: (Bun.gc(true), process.memoryUsage().heapUsed / 1e6),
    live: server.transactions.size.server,
  }
}

console.log(`SIPp ${info.version}, ${USERS} users, ${seconds} s per step, server on udp 127.0.0.1:${udp!.port} (Bun ${Bun.version})`)
console.log("rate asked  registered  failed  achieved/s  REGISTER/s  server CPU  RSS MB  heap MB  transactions")
const { sustained } = await stepUp({
  rates,
  step,
  report: (s, held) =>
    console.log(
      `${String(s.rate).padStart(10)}  ${String(s.ok).padStart(10)}  ${String(s.failed).padStart(6)}  ${s.achieved.toFixed(0).padStart(10)}  ${(2 * s.achieved).toFixed(0).padStart(10)}  ${(100 * s.serverCpu).toFixed(0).padStart(9)}%  ${s.rssMb.toFixed(0).padStart(6)}  ${s.heapMb.toFixed(0).padStart(7)}  ${String(s.live).padStart(12)}${held ? "" : "  ← not sustained"}`,
    ),
})
console.log(`sustained: ${sustained} registrations/s = ${2 * sustained} REGISTER requests/s with < 1% failures (digest ${info.sha256 ? "SHA-256" : "MD5"}, UDP, loopback)`)
console.log(`location: ${server.location.size} bindings; transactions alive at the end: ${JSON.stringify(server.transactions.size)}`)
await server.stop()
rmSync(dir, { recursive: true, force: true })
