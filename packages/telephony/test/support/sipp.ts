/**
 * Runs SIPp (apt: sip-tester) against a server on 127.0.0.1: a free local port,
 * a private working directory for its logs, a hard timeout so a hung SIPp never
 * hangs the suite.
 */
import { spawn, spawnSync } from "node:child_process"
import dgram from "node:dgram"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import net from "node:net"
import { tmpdir } from "node:os"
import { isAbsolute, join } from "node:path"
import { fileURLToPath } from "node:url"

export const SCENARIOS = fileURLToPath(new URL("../sipp/", import.meta.url))

export interface SippInfo {
  available: boolean
  version?: string
  /** SIPp 3.7 and later answer SHA-256 challenges; 3.6 only MD5 (and reads only the first challenge). */
  sha256: boolean
  why?: string
}

let info: SippInfo | undefined
export const sippInfo = (): SippInfo => {
  if (info) return info
  const r = spawnSync("sipp", ["-v"], { encoding: "utf8", timeout: 5000 })
  if (r.error) return (info = { available: false, sha256: false, why: `sipp not found (${r.error.message}); apt-get install -y sip-tester` })
  const m = /SIPp v(\d+)\.(\d+)(?:\.(\d+))?/.exec(`${r.stdout}${r.stderr}`)
  if (!m) return (info = { available: false, sha256: false, why: "could not read `sipp -v`" })
  const [major, minor] = [Number(m[1]), Number(m[2])]
  return (info = { available: true, version: m[0].slice(6), sha256: major > 3 || (major === 3 && minor >= 7) })
}

/** A port free for both UDP and TCP on 127.0.0.1 right now. */
export const freePort = async (): Promise<number> => {
  for (let attempt = 0; attempt < 20; attempt++) {
    const srv = net.createServer()
    const port = await new Promise<number>((resolve) => srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port)))
    const sock = dgram.createSocket("udp4")
    const ok = await new Promise<boolean>((resolve) => {
      sock.once("error", () => resolve(false))
      sock.bind(port, "127.0.0.1", () => resolve(true))
    })
    sock.close()
    await new Promise<void>((r) => srv.close(() => r()))
    if (ok) return port
  }
  throw new Error("no free port")
}

export interface SippRun {
  code: number | null
  /** The error log (-trace_err): why calls failed. */
  errors: string
  output: string
  timedOut: boolean
}

export interface SippOptions {
  /** A file in test/sipp/, or an absolute path. */
  scenario: string
  port: number
  /** SIPp's own port (-p); default: a free one. A UAS registered first and then run on the same port keeps its binding. */
  localPort?: number
  /** u1 (UDP), t1 (one TCP connection), tn (one TCP connection per call). */
  transport: "u1" | "t1" | "tn"
  args?: string[]
  timeoutMs?: number
}

/** Starts SIPp and resolves when it has exited (or was killed at the timeout). */
export const runSipp = async (o: SippOptions): Promise<SippRun> => (await startSipp(o)).done

/** Starts SIPp without waiting: `done` settles when it exits; `localPort` is its port. */
export const startSipp = async (o: SippOptions): Promise<{ localPort: number; done: Promise<SippRun> }> => {
  const dir = mkdtempSync(join(tmpdir(), "sipp-"))
  const localPort = o.localPort ?? (await freePort())
  const timeoutMs = o.timeoutMs ?? 20_000
  const scenario = isAbsolute(o.scenario) ? o.scenario : join(SCENARIOS, o.scenario)
  const args = [
    `127.0.0.1:${o.port}`, "-sf", scenario, "-t", o.transport, "-i", "127.0.0.1", "-p", String(localPort),
    "-m", "1", "-max_socket", "64", "-nostdin", "-timeout", `${Math.ceil(timeoutMs / 1000) - 2}s`, "-timeout_error", "-recv_timeout", "5000",
    "-trace_err", "-error_file", join(dir, "errors.log"), ...(o.args ?? []),
  ]
  const child = spawn("sipp", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout.on("data", (d) => (output += d))
  child.stderr.on("data", (d) => (output += d))
  let timedOut = false
  const killer = setTimeout(() => {
    timedOut = true
    child.kill("SIGKILL")
  }, timeoutMs)
  const done = new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c))).then((code) => {
    clearTimeout(killer)
    let errors = ""
    try {
      errors = readFileSync(join(dir, "errors.log"), "utf8")
    } catch {
      // no errors logged
    }
    rmSync(dir, { recursive: true, force: true })
    return { code, errors, output, timedOut }
  })
  return { localPort, done }
}

/** Why a run failed, for the assertion message. */
export const explain = (r: SippRun): string =>
  `sipp exit ${r.code}${r.timedOut ? " (killed: timeout)" : ""}\n${r.errors.slice(0, 3000)}\n${r.output.slice(-1500)}`
