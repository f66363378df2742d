/**
 * What the SIPp step benches share (bench/register.ts, bench/calls.ts and the
 * comparison with Kamailio in tests/bench/sip.ts): SIPp over UDP on 127.0.0.1
 * against a server's port, one rate for a few seconds per step, rates going up
 * until a step does not hold. A step holds when fewer than 1% of registrations
 * or calls failed, ≥ 99% of those asked succeeded and ≥ 90% of the asked rate
 * was reached — so SIPp being too slow to generate the load counts as a failure
 * too, and the figure is never above what was actually sustained.
 */
import type { Subprocess } from "bun"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort } from "../test/support/sipp"

export const scenario = (name: string): string => fileURLToPath(new URL(`../test/sipp/${name}`, import.meta.url))

const COMMON = ["-t", "u1", "-i", "127.0.0.1", "-nostdin", "-buff_size", String(8 << 20), "-max_socket", "64"]

// every SIPp still running, so that a bench can kill them all on SIGINT or in a finally
const live = new Set<Subprocess>()
let interrupted = false

/** Kills every SIPp this module started that is still running; with `forever`, refuses to start more (SIGINT). */
export const killSipps = (forever = false): void => {
  interrupted ||= forever
  for (const p of live) p.kill("SIGKILL")
}

export interface SippExit {
  output: string
  /** CPU seconds SIPp used (user + system). */
  cpuSeconds: number
}

export interface SippProcess {
  pid: number
  done: Promise<SippExit>
  /** SIGTERM, then SIGKILL after 3 s. */
  stop(): Promise<SippExit>
}

/** Starts SIPp (UDP, 127.0.0.1, large buffers) with a hard timeout. */
export const startSipp = (args: string[], o: { cwd: string; timeoutMs: number }): SippProcess => {
  if (interrupted) throw new Error("interrupted")
  const proc = Bun.spawn(["sipp", ...args, ...COMMON], { cwd: o.cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" })
  live.add(proc)
  const killer = setTimeout(() => proc.kill("SIGKILL"), o.timeoutMs)
  const done = (async (): Promise<SippExit> => {
    const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()])
    await proc.exited
    clearTimeout(killer)
    live.delete(proc)
    const usage = proc.resourceUsage()
    return { output: out + err, cpuSeconds: usage ? Number(usage.cpuTime.total) / 1e6 : Number.NaN }
  })()
  const stop = async () => {
    proc.kill("SIGTERM")
    await Promise.race([done, Bun.sleep(3000)])
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL")
    return done
  }
  return { pid: proc.pid, done, stop }
}

/** A counter of SIPp's final statistics screen ("Successful call", "Failed call"), cumulative column. */
export const sippCount = (output: string, name: string): number => {
  const line = output.split("\n").filter((l) => l.trimStart().startsWith(name)).pop()
  return Number.parseFloat(line?.split("|")[2] ?? "NaN")
}

/** One step: `rate` asked for `seconds`. */
export interface Load {
  rate: number
  asked: number
  ok: number
  failed: number
  /** Wall time of the SIPp run, s. */
  wall: number
  /** Successes per second of wall time. */
  achieved: number
  /** CPU seconds of the SIPp caller. */
  sippCpu: number
  output: string
}

export const holds = (l: Load): boolean => {
  const total = l.ok + l.failed
  return total > 0 && l.failed / total < 0.01 && l.ok >= 0.99 * l.asked && l.achieved >= 0.9 * l.rate
}

const load = async (rate: number, asked: number, args: string[], cwd: string, timeoutMs: number): Promise<Load> => {
  const t0 = performance.now()
  const { output, cpuSeconds } = await startSipp(args, { cwd, timeoutMs }).done
  const wall = (performance.now() - t0) / 1000
  const ok = sippCount(output, "Successful call")
  const failed = sippCount(output, "Failed call")
  const okN = Number.isNaN(ok) ? 0 : ok
  return { rate, asked, ok: okN, failed: Number.isNaN(failed) ? asked - okN : failed, wall, achieved: okN / wall, sippCpu: cpuSeconds, output }
}

export const USERS_DOMAIN = "switchboard.test"
/** Bench user i: `user<i>`, password `pw-<i>`. */
export const benchUser = (i: number) => ({ username: `user${i}`, password: `pw-${i}` })

/** The SIPp injection file of `n` bench users (register-users.xml reads user;password). */
export const writeUsersCsv = (dir: string, n: number): string => {
  const csv = join(dir, "users.csv")
  const lines = Array.from({ length: n }, (_, i) => benchUser(i)).map((u) => `${u.username};${u.password}`)
  writeFileSync(csv, `SEQUENTIAL\n${lines.join("\n")}\n`)
  return csv
}

/**
 * Digest registrations (REGISTER, 401, REGISTER with credentials, 200) of the
 * users in `csv`. Give every step the same `localPort`: the Contact then stays
 * the same and each step refreshes the users' bindings, as phones do — a new
 * port per step would add a binding per user and step until the registrar's
 * limit of contacts per AOR (10 in both servers) refuses them.
 */
export const registerLoad = async (o: {
  port: number; csv: string; rate: number; seconds: number; cwd: string; localPort?: number
}): Promise<Load> => {
  const asked = Math.round(o.rate * o.seconds)
  const args = [
    `127.0.0.1:${o.port}`, "-sf", scenario("register-users.xml"), "-inf", o.csv, "-au", "[field0]", "-ap", "[field1]",
    "-p", String(o.localPort ?? (await freePort())), "-r", String(o.rate), "-m", String(asked), "-l", String(Math.max(100, o.rate * 4)),
    "-recv_timeout", "4000", "-timeout", `${o.seconds + 20}s`,
  ]
  return load(o.rate, asked, args, o.cwd, (o.seconds + 30) * 1000)
}

/**
 * Calls through the proxy (uac-call.xml: INVITE, 407, ACK, INVITE with digest,
 * 100/180/200, ACK, BYE, 200), the caller an account, to a number `dialled`.
 */
export const callLoad = async (o: {
  port: number; caller: { username: string; password: string }; dialled: string; rate: number; seconds: number; cwd: string
}): Promise<Load> => {
  const asked = Math.round(o.rate * o.seconds)
  const args = [
    `127.0.0.1:${o.port}`, "-sf", scenario("uac-call.xml"), "-p", String(await freePort()), "-s", o.dialled, "-key", "caller", o.caller.username,
    "-au", o.caller.username, "-ap", o.caller.password, "-d", "0", "-r", String(o.rate), "-m", String(asked),
    "-l", String(Math.max(200, o.rate * 2)), "-recv_timeout", "8000", "-timeout", `${o.seconds + 25}s`,
  ]
  return load(o.rate, asked, args, o.cwd, (o.seconds + 30) * 1000)
}

/**
 * A SIPp phone: registers the account (register.xml) and then answers every
 * call on the same port (uas-answer.xml) until stopped. `registered` is false
 * when the registration failed (the phone is then not started).
 */
export const startPhone = async (o: {
  port: number; account: { username: string; password: string }; cwd: string; timeoutMs: number
}): Promise<{ registered: boolean; output: string; phone?: SippProcess }> => {
  const localPort = await freePort()
  const user = o.account.username
  const reg = await startSipp(
    [`127.0.0.1:${o.port}`, "-sf", scenario("register.xml"), "-p", String(localPort), "-m", "1", "-s", user, "-au", user, "-ap", o.account.password],
    { cwd: o.cwd, timeoutMs: 15_000 },
  ).done
  if (sippCount(reg.output, "Successful call") !== 1) return { registered: false, output: reg.output }
  const phone = startSipp(
    [`127.0.0.1:${o.port}`, "-sf", scenario("uas-answer.xml"), "-p", String(localPort), "-s", user, "-d", "0", "-recv_timeout", "10000"],
    { cwd: o.cwd, timeoutMs: o.timeoutMs },
  )
  // SIPp binds its port a moment after it starts
  await Bun.sleep(500)
  return { registered: true, output: reg.output, phone }
}

/**
 * Runs `step` at each rate in turn until one does not hold (`holds`, and
 * `extra` when given) — a step that did not hold is tried once more when
 * `retry` says so (e.g. other programs took CPU meanwhile); then `refine` more
 * steps bisect between the last rate that held and the first that did not.
 * Returns the highest achieved rate of the steps that held.
 */
export const stepUp = async <S extends Load>(o: {
  rates: number[]
  step: (rate: number) => Promise<S>
  report: (s: S, held: boolean) => void
  extra?: (s: S) => boolean
  refine?: number
  retry?: (s: S) => boolean
  pauseMs?: number
}): Promise<{ sustained: number; steps: S[] }> => {
  const steps: S[] = []
  let sustained = 0
  let lastHeld: number | undefined
  let pause = 0
  const run = async (rate: number, again = false): Promise<boolean> => {
    await Bun.sleep(pause)
    const s = await o.step(rate)
    const held = holds(s) && (o.extra?.(s) ?? true)
    o.report(s, held)
    steps.push(s)
    if (held) sustained = Math.max(sustained, Math.round(s.achieved))
    // an overloaded server drains its backlog (retransmissions, timers) before the next step
    pause = held ? (o.pauseMs ?? 1000) : 3000
    return held || (again && o.retry?.(s) === true ? run(rate) : false)
  }
  for (const rate of o.rates) {
    const held = await run(rate, true)
    if (held) {
      lastHeld = rate
      continue
    }
    let [lo, hi] = [lastHeld ?? 0, rate]
    for (let i = 0; lastHeld !== undefined && i < (o.refine ?? 0); i++) {
      const mid = Math.round((lo + hi) / 2 / 10) * 10
      if (mid <= lo || mid >= hi) break
      if (await run(mid, true)) lo = mid
      else hi = mid
    }
    break
  }
  return { sustained, steps }
}
