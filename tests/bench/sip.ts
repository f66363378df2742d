/**
 * SIP throughput, ours against Kamailio, in one run on the same machine: digest
 * registrations per second and call setups per second through a stateful proxy,
 * driven by SIPp over UDP on 127.0.0.1 with the same scenarios, users and
 * step-up method (packages/telephony/bench/sipp-steps.ts) for both servers.
 * Our SipServer runs in its own process (sip-target.ts) so that its CPU and
 * memory are read from /proc like Kamailio's. Kamailio gets a generated config
 * (kamailio.cfg): registrar + stateful proxy, digest from auth_db over db_text.
 * Prints each step, then a table: metric, ours, Kamailio, ratio, target.
 *
 * `bun tests/bench/sip.ts` (or `bun run bench`). BENCH_SIP_SECONDS: seconds per
 * step (default 3); BENCH_KAMAILIO_CHILDREN: Kamailio's UDP workers (default 4);
 * BENCH_KAMAILIO_SHM_MB: its shared memory (default 1024).
 */
import type { Subprocess } from "bun"
import { randomBytes } from "node:crypto"
import { spawnSync } from "node:child_process"
import dgram from "node:dgram"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { availableParallelism, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import {
  benchUser, callLoad, killSipps, type Load, registerLoad, startPhone, stepUp, USERS_DOMAIN, writeUsersCsv,
} from "../../packages/telephony/bench/sipp-steps"
import { computeHa1 } from "../../packages/telephony/src/registrar"
import { freePort, sippInfo } from "../../packages/telephony/test/support/sipp"

const SECONDS = Number(process.env.BENCH_SIP_SECONDS ?? 3)
const KAMAILIO_CHILDREN = Number(process.env.BENCH_KAMAILIO_CHILDREN ?? 4)
// tm keeps each transaction a few seconds after its final answer: with 256 MB Kamailio ran out of shared
// memory (and a worker crashed) near 2,500 calls/s, so it gets about what our server uses at its top rate
const KAMAILIO_SHM_MB = Number(process.env.BENCH_KAMAILIO_SHM_MB ?? 1024)
const USERS = 2000
// about ×1.4 apart; two bisecting steps after the first that fails refine the figure
const REGISTER_RATES = [1000, 2000, 3000, 4500, 6000, 8000, 10000, 13000, 16000, 20000]
const CALL_RATES = [200, 400, 700, 1000, 1400, 2000, 2800, 3600, 4500, 5500]
// a step that failed while other programs took this much CPU (1 = a core) is tried once more
const DISTURBED = 0.1
const ALICE = { username: "alice", password: "alice-pw" }
const BOB = { username: "bob", password: "bob-pw" }
const TARGET_SCRIPT = fileURLToPath(new URL("./sip-target.ts", import.meta.url))
const KAMAILIO_CFG = fileURLToPath(new URL("./kamailio.cfg", import.meta.url))
const KAMAILIO_MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules"

// ---------------------------------------------------------------------------------------------
// /proc: CPU and memory of a server's processes, measured from outside like any other program's

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100

const statFields = (pid: number): string[] | undefined => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8")
    // the command name is in parentheses and may hold spaces: fields start after the last ")"
    return s.slice(s.lastIndexOf(")") + 2).split(" ")
  } catch {
    return undefined
  }
}

/** CPU seconds (user + system) the processes have used so far. */
export const cpuSeconds = (pids: number[]): number =>
  pids.reduce((sum, pid) => {
    const f = statFields(pid)
    return f ? sum + (Number(f[11]) + Number(f[12])) / CLK_TCK : sum
  }, 0)

/** CPU seconds the whole machine has been busy (all cores; /proc/stat): what is not the server or SIPp is other work. */
const machineBusySeconds = (): number => {
  const f = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) / CLK_TCK
}

/** UDP datagrams the kernel dropped for want of socket buffer, machine-wide (loss on loopback means someone was too slow). */
const udpDrops = (): number => {
  const rows = readFileSync("/proc/net/snmp", "utf8").split("\n").filter((l) => l.startsWith("Udp:"))
  const names = rows[0]?.split(/\s+/) ?? []
  return Number(rows[1]?.split(/\s+/)[names.indexOf("RcvbufErrors")] ?? 0)
}

/** The direct children of a process. */
export const childrenOf = (pid: number): number[] =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => statFields(p)?.[1] === String(pid))

/** A field of /proc/<pid>/status or smaps_rollup in KiB (VmRSS; Pss — shared pages split among their users). */
export const procKiB = (pid: number, field: "VmRSS" | "Pss"): number => {
  try {
    const text = readFileSync(`/proc/${pid}/${field === "Pss" ? "smaps_rollup" : "status"}`, "utf8")
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0)
  } catch {
    return 0
  }
}

// ---------------------------------------------------------------------------------------------
// The servers

export interface TargetStats {
  rss: number
  heapUsed: number
  bindings: number
  flows: number
  transactions: { server: number; client: number }
  calls: { answered: number; other: number }
}

export interface OurServer {
  pid: number
  udp: number
  ws?: number
  command(c: "stats" | "gc"): Promise<TargetStats>
  alive(): boolean
  stop(): Promise<void>
  kill(): void
}

/**
 * Starts sip-target.ts in a child process (its soft fd limit raised to the hard
 * one, for thousands of WebSockets) and waits for its ports.
 */
export const startOurServer = async (args: string[] = []): Promise<OurServer> => {
  const proc = Bun.spawn(["bash", "-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', "_", process.execPath, TARGET_SCRIPT, ...args], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  })
  const lines = (async function* () {
    const decoder = new TextDecoder()
    let pending = ""
    const reader = proc.stdout.getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      pending += decoder.decode(r.value, { stream: true })
      let nl: number
      while ((nl = pending.indexOf("\n")) >= 0) {
        yield pending.slice(0, nl)
        pending = pending.slice(nl + 1)
      }
    }
  })()
  const next = async (): Promise<string> => {
    const r = await lines.next()
    if (r.done) throw new Error(`our SIP server exited (${proc.exitCode ?? proc.signalCode})`)
    return r.value
  }
  const started = JSON.parse(await next()) as { pid: number; udp: number; ws?: number }
  let queue = Promise.resolve() as Promise<unknown>
  return {
    ...started,
    // one command at a time: answers come back in order on one stream
    command: (c) => {
      const answer = queue.then(async () => {
        proc.stdin.write(`${c}\n`)
        proc.stdin.flush()
        return JSON.parse(await next()) as TargetStats
      })
      queue = answer.catch(() => undefined)
      return answer
    },
    stop: async () => {
      proc.stdin.end()
      await Promise.race([proc.exited, Bun.sleep(5000)])
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL")
    },
    alive: () => proc.exitCode === null && proc.signalCode === null,
    kill: () => proc.kill("SIGKILL"),
  }
}

interface Target {
  name: string
  port: number
  /** The server's processes (Kamailio: the main one and its workers). */
  pids: number[]
  alive(): boolean
  /** Before its memory is read (ours: a full GC, so that garbage not yet collected does not count); what it still holds. */
  settle(): Promise<string | undefined>
  stop(): Promise<void>
  kill(): void
  /** Where its log goes, shown when it dies. */
  log?: string
}


/** "kamailio 5.6.3", or undefined when it is not installed. */
export const kamailioVersion = (): string | undefined => {
  const r = spawnSync("kamailio", ["-v"], { encoding: "utf8", timeout: 5000 })
  if (r.error || r.status !== 0) return undefined
  return /version: (kamailio \S+)/.exec(r.stdout)?.[1] ?? "kamailio (unknown version)"
}

/** Answers when the server at `port` answers an OPTIONS: it is listening and routing. */
const waitForSip = async (port: number, timeoutMs: number): Promise<boolean> => {
  const sock = dgram.createSocket("udp4")
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()))
  const local = sock.address().port
  let answered = false
  sock.on("message", () => (answered = true))
  const deadline = Date.now() + timeoutMs
  for (let i = 1; !answered && Date.now() < deadline; i++) {
    const options = [
      `OPTIONS sip:127.0.0.1:${port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-probe-${i};rport`, "Max-Forwards: 70",
      `From: <sip:probe@127.0.0.1>;tag=probe${i}`, `To: <sip:127.0.0.1:${port}>`, `Call-ID: probe-${i}-${process.pid}`, `CSeq: ${i} OPTIONS`,
      "Content-Length: 0", "", "",
    ].join("\r\n")
    sock.send(options, port, "127.0.0.1")
    await Bun.sleep(200)
  }
  sock.close()
  return answered
}

/** Kamailio with the generated config: db_text tables with HA1 of the same users and passwords. */
const startKamailio = async (parent: string, children: number, shmMb: number): Promise<Target> => {
  const dir = mkdtempSync(join(parent, "kamailio-"))
  const db = join(dir, "db")
  const run = join(dir, "run")
  mkdirSync(db)
  mkdirSync(run)
  writeFileSync(join(db, "version"), "id(int,auto) table_name(string) table_version(int)\n0:subscriber:7\n")
  const users = [...Array.from({ length: USERS }, (_, i) => benchUser(i)), ALICE, BOB]
  const realm = USERS_DOMAIN
  writeFileSync(
    join(db, "subscriber"),
    "id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string)\n" +
      users
        .map((u, i) => `${i + 1}:${u.username}:${USERS_DOMAIN}:${u.password}:${computeHa1("MD5", u.username, realm, u.password)}:${computeHa1("MD5", `${u.username}@${USERS_DOMAIN}`, realm, u.password)}`)
        .join("\n") + "\n",
  )
  const port = await freePort()
  const cfg = join(dir, "kamailio.cfg")
  const fill: Record<string, string> = {
    CHILDREN: String(children), PORT: String(port), MODULES: KAMAILIO_MODULES, SECRET: randomBytes(16).toString("hex"), DBDIR: db,
  }
  writeFileSync(cfg, readFileSync(KAMAILIO_CFG, "utf8").replace(/@@(\w+)@@/g, (_, k: string) => fill[k] ?? ""))
  const log = join(dir, "kamailio.log")
  const proc: Subprocess = Bun.spawn(
    ["kamailio", "-f", cfg, "-DD", "-E", "-m", String(shmMb), "-M", "16", "-Y", run, "-P", join(run, "kamailio.pid"), "-n", String(children)],
    { stdin: "ignore", stdout: "ignore", stderr: Bun.file(log) },
  )
  let pids = [proc.pid]
  const commOf = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim()
    } catch {
      return ""
    }
  }
  // the last resort when SIGTERM did not stop it
  const kill = () => {
    for (const pid of pids) {
      // the pid of a worker that is gone may belong to another program by now
      if (commOf(pid) !== "kamailio" || statFields(pid)?.[0] === "Z") continue
      try {
        process.kill(pid, "SIGKILL")
      } catch {
        // gone meanwhile
      }
    }
  }
  if (!(await waitForSip(port, 10_000))) {
    kill()
    throw new Error(`Kamailio did not answer on udp 127.0.0.1:${port}:\n${readFileSync(log, "utf8").slice(-2000)}`)
  }
  pids = [proc.pid, ...childrenOf(proc.pid)]
  return {
    name: "Kamailio",
    port,
    pids,
    kill,
    // a worker that crashes takes the main process and the others down with it
    alive: () => proc.exitCode === null && proc.signalCode === null,
    settle: async () => undefined,
    log,
    stop: async () => {
      // the main process stops its workers
      proc.kill("SIGTERM")
      await Promise.race([proc.exited, Bun.sleep(5000)])
      kill()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The measurement: the same ladders for both servers

interface Figures {
  registrations: number
  calls: number
  /** Server CPU (1 = one core) at the highest step that held, per measure. */
  registerCpu: number
  callCpu: number
  /** PSS right after the call steps (ours after a full GC). */
  memoryMiB: number
  memoryNote?: string
}

interface Measured extends Load {
  serverCpu: number
  sippCpuShare: number
  /** CPU of everything else on the machine meanwhile (other programs spoil a step). */
  otherCpu: number
  udpDrops: number
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`
// set on SIGINT/SIGTERM: the step cut short then is not reported
let stopping = false

/**
 * Both ladders, each on a freshly started server: what one ladder leaves
 * behind (our server keeps finished UDP transactions 32 s) must not weigh on
 * the other.
 */
const measure = async (start: () => Promise<Target>, running: Set<Target>, dir: string, csv: string): Promise<Figures> => {
  const line = (t: Target, what: string) => (s: Measured, held: boolean) => {
    if (stopping) return
    console.log(
      `  ${t.name.padEnd(9)} ${what.padEnd(9)} ${String(s.rate).padStart(6)}/s ${String(s.ok).padStart(7)} ok ${String(s.failed).padStart(5)} failed ` +
        `${s.achieved.toFixed(0).padStart(6)}/s  CPU: server ${pct(s.serverCpu).padStart(4)}, SIPp ${pct(s.sippCpuShare).padStart(4)}, other ${pct(s.otherCpu).padStart(4)}; ` +
        `UDP drops ${String(s.udpDrops).padStart(5)}${held ? "" : "  ← not sustained"}`,
    )
  }
  const withCpu = async (t: Target, run: () => Promise<Load>, extraPids: number[] = []): Promise<Measured> => {
    const server0 = cpuSeconds(t.pids)
    const extra0 = cpuSeconds(extraPids)
    const machine0 = machineBusySeconds()
    const drops0 = udpDrops()
    const l = await run()
    if (!t.alive()) throw new Error(`${t.name} died during the step at ${l.rate}/s${t.log ? `:\n${readFileSync(t.log, "utf8").slice(-1500)}` : ""}`)
    const server = cpuSeconds(t.pids) - server0
    const sipp = l.sippCpu + cpuSeconds(extraPids) - extra0
    return {
      ...l,
      serverCpu: server / l.wall,
      sippCpuShare: sipp / l.wall,
      otherCpu: Math.max(0, machineBusySeconds() - machine0 - server - sipp) / l.wall,
      udpDrops: udpDrops() - drops0,
    }
  }
  const ladder = { refine: 2, retry: (s: Measured) => s.otherCpu > DISTURBED }
  const top = (r: { sustained: number; steps: Measured[] }) => ({
    rate: r.sustained,
    cpu: r.steps.find((s) => Math.round(s.achieved) === r.sustained)?.serverCpu ?? 0,
  })
  const fresh = async <T>(f: (t: Target) => Promise<T>): Promise<T> => {
    const t = await start()
    running.add(t)
    try {
      return await f(t)
    } finally {
      await t.stop()
      running.delete(t)
    }
  }

  const reg = await fresh(async (t) => {
    // one SIPp port for every step: the steps refresh the same bindings
    const localPort = await freePort()
    return top(
      await stepUp({
        ...ladder,
        rates: REGISTER_RATES,
        step: (rate) => withCpu(t, () => registerLoad({ port: t.port, csv, rate, seconds: SECONDS, cwd: dir, localPort })),
        report: line(t, "REGISTER"),
      }),
    )
  })
  return fresh(async (t) => {
    const { registered, output, phone } = await startPhone({ port: t.port, account: BOB, cwd: dir, timeoutMs: 600_000 })
    if (!registered || !phone) throw new Error(`the SIPp phone did not register with ${t.name}:\n${output.slice(-2000)}`)
    try {
      const calls = top(
        await stepUp({
          ...ladder,
          rates: CALL_RATES,
          step: (rate) => withCpu(t, () => callLoad({ port: t.port, caller: ALICE, dialled: "200", rate, seconds: SECONDS, cwd: dir }), [phone.pid]),
          report: line(t, "calls"),
        }),
      )
      return {
        registrations: reg.rate,
        registerCpu: reg.cpu,
        calls: calls.rate,
        callCpu: calls.cpu,
        memoryNote: await t.settle(),
        memoryMiB: t.pids.reduce((sum, pid) => sum + procKiB(pid, "Pss"), 0) / 1024,
      }
    } finally {
      await phone.stop()
    }
  })
}

/** Our server as a Target: sip-target.ts in its own process, once it answers OPTIONS. */
const startOurs = async (): Promise<Target> => {
  const started = await startOurServer(["--users", String(USERS)])
  if (!(await waitForSip(started.udp, 10_000))) {
    started.kill()
    throw new Error("our SIP server does not answer OPTIONS")
  }
  return {
    name: "ours",
    port: started.udp,
    pids: [started.pid],
    alive: started.alive,
    settle: async () => {
      const s = await started.command("gc")
      return `ours still held ${s.transactions.server + s.transactions.client} transactions (kept 32 s after their end, RFC 3261 timers J and K) and ${s.bindings} bindings`
    },
    stop: started.stop,
    kill: started.kill,
  }
}

const printTable = (ours: Figures, kam: Figures | undefined, kamailio: string) => {
  const rows: [string, number, number | undefined, string, string][] = [
    ["digest registrations/s (2 REGISTER each)", ours.registrations, kam?.registrations, "≥ 1000", "ratio ≥ 0.5"],
    ["  = REGISTER requests/s", 2 * ours.registrations, kam && 2 * kam.registrations, "≥ 1000", ""],
    ["call setups/s (INVITE 407 INVITE … BYE)", ours.calls, kam?.calls, "≥ 300", "ratio ≥ 0.5"],
  ]
  console.log(`\n${"metric".padEnd(42)} ${"ours".padStart(7)} ${"Kamailio".padStart(9)} ${"ratio".padStart(6)}  target`)
  for (const [metric, o, k, target, ratioTarget] of rows) {
    const ratio = k ? o / k : undefined
    const met = o >= Number(target.replace(/\D/g, "")) && (ratioTarget === "" || ratio === undefined || ratio >= 0.5)
    console.log(
      `${metric.padEnd(42)} ${String(o).padStart(7)} ${(k === undefined ? "—" : String(k)).padStart(9)} ${(ratio === undefined ? "—" : ratio.toFixed(2)).padStart(6)}  ` +
        `${target}${ratioTarget ? `, ${ratioTarget}` : ""}: ${met ? "met" : "NOT met"}`,
    )
  }
  const info = (metric: string, o: string, k: string | undefined, ratio?: number) =>
    console.log(`${metric.padEnd(42)} ${o.padStart(7)} ${(k ?? "—").padStart(9)} ${(ratio === undefined || !Number.isFinite(ratio) ? "" : ratio.toFixed(2)).padStart(6)}`)
  const cpu = (f: Figures | undefined, k: "registerCpu" | "callCpu") => (f ? pct(f[k]) : undefined)
  // per CPU-second: what each costs, apart from how many cores a server can use
  const perCpu = (n: number, c: number) => (c > 0 ? n / c : 0)
  info("server CPU at the top REGISTER step", cpu(ours, "registerCpu")!, cpu(kam, "registerCpu"))
  info("server CPU at the top call step", cpu(ours, "callCpu")!, cpu(kam, "callCpu"))
  const regPerCpu = [perCpu(ours.registrations, ours.registerCpu), kam && perCpu(kam.registrations, kam.registerCpu)] as const
  const callPerCpu = [perCpu(ours.calls, ours.callCpu), kam && perCpu(kam.calls, kam.callCpu)] as const
  info("registrations per server CPU-second", regPerCpu[0].toFixed(0), regPerCpu[1]?.toFixed(0), regPerCpu[1] ? regPerCpu[0] / regPerCpu[1] : undefined)
  info("call setups per server CPU-second", callPerCpu[0].toFixed(0), callPerCpu[1]?.toFixed(0), callPerCpu[1] ? callPerCpu[0] / callPerCpu[1] : undefined)
  info("memory right after the call steps (PSS MiB)", ours.memoryMiB.toFixed(0), kam?.memoryMiB.toFixed(0))
  if (ours.memoryNote) console.log(`(${ours.memoryNote})`)
  console.log(`(${kamailio}; 100% CPU = one core; SIPp shares the same ${availableParallelism()} cores)`)
}

/** Runs the comparison; Kamailio is skipped with a message when it is not installed. */
export const runSipBench = async (): Promise<void> => {
  const info = sippInfo()
  console.log(`\nSIP: our server vs Kamailio — SIPp over UDP on 127.0.0.1, ${SECONDS} s per step`)
  if (!info.available) {
    console.log(`SIP bench skipped: ${info.why}`)
    return
  }
  const version = kamailioVersion()
  console.log(`SIPp ${info.version}; Bun ${Bun.version}; ${USERS} users; digest MD5 (SIPp 3.6 knows no other)`)
  console.log(
    version
      ? `${version}: ${KAMAILIO_CHILDREN} UDP workers, ${KAMAILIO_SHM_MB} MB shared memory, registrar + tm proxy, auth_db over db_text`
      : "Kamailio: skipped — `kamailio` is not installed (apt-get install kamailio); only our figures follow",
  )
  // the figures only mean something on an otherwise idle machine: say how idle it was
  console.log(`load average before: ${loadavg()[0]!.toFixed(2)} (1 min)`)
  const dir = mkdtempSync(join(tmpdir(), "sip-bench-"))
  const running = new Set<Target>()
  const onSignal = () => {
    stopping = true
    killSipps(true)
    // stopped, not killed: Kamailio's main process then reaps its workers, and we reap what we started
    void Promise.race([Promise.allSettled([...running].map((r) => r.stop())), Bun.sleep(6000)]).then(() => {
      for (const r of running) r.kill()
      rmSync(dir, { recursive: true, force: true })
      process.exit(130)
    })
  }
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  try {
    const csv = writeUsersCsv(dir, USERS)
    const oursFigures = await measure(startOurs, running, dir, csv)
    let kamFigures: Figures | undefined
    if (version) {
      try {
        kamFigures = await measure(() => startKamailio(dir, KAMAILIO_CHILDREN, KAMAILIO_SHM_MB), running, dir, csv)
      } catch (error) {
        console.log(`Kamailio's figures are missing: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    printTable(oursFigures, kamFigures, version ?? "Kamailio skipped")
    console.log(`load average after: ${loadavg()[0]!.toFixed(2)} (1 min; SIPp and the servers included)`)
  } finally {
    for (const r of running) r.kill()
    killSipps()
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  await runSipBench()
  process.exit(0)
}
