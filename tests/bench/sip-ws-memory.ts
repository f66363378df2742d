/**
 * Memory of idle WebSocket registrations: our SIP server in its own process
 * (sip-target.ts --ws: Bun.serve with /sip wired to `server.ws.openFlow` like
 * server/src/app.ts), then a load process opens BENCH_SIP_WS_N (5,000)
 * WebSockets with the subprotocol "sip" to 127.0.0.1 and REGISTERs each with
 * digest, then leaves them idle. The server's resident memory (VmRSS from
 * /proc, after a full GC) before and after gives the cost per registration.
 * Target: ≤ 500 MiB with 5,000 registrations.
 *
 * `bun tests/bench/sip-ws-memory.ts` (or `bun run bench`). The load process is
 * this file run with `--load <url> <count>`.
 */
import { randomBytes } from "node:crypto"
import { fileURLToPath } from "node:url"
import { benchUser, USERS_DOMAIN } from "../../packages/telephony/bench/sipp-steps"
import { computeDigestResponse, computeHa1 } from "../../packages/telephony/src/registrar"
import { authParam, parseAuthValue } from "../../packages/telephony/src/sip"
import { procKiB, startOurServer } from "./sip"

const N = Number(process.env.BENCH_SIP_WS_N ?? 5000)
const TARGET_MIB = 500
// registrations in flight at once: enough to be quick, few enough not to look like a flood
const CONCURRENCY = 100

// ---------------------------------------------------------------------------------------------
// The load process: a phone per WebSocket, registering like sip.js does

const hex = (bytes: number) => randomBytes(bytes).toString("hex")

/** Opens a WebSocket and registers bench user `i` over it (digest); resolves with the idle socket. */
const registerOne = (url: string, i: number): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const { username, password } = benchUser(i)
    const host = `${hex(6)}.invalid`
    const callId = hex(12)
    const tag = hex(6)
    let cseq = 0
    const ws = new WebSocket(url, "sip")
    const timer = setTimeout(() => fail("no answer within 15 s"), 15_000)
    const fail = (why: string) => {
      clearTimeout(timer)
      ws.close()
      reject(new Error(`user${i}: ${why}`))
    }
    const register = (authorization?: string) =>
      ws.send(
        [
          "REGISTER sip:switchboard.test SIP/2.0", `Via: SIP/2.0/WS ${host};branch=z9hG4bK${hex(8)}`, "Max-Forwards: 70",
          `To: <sip:${username}@${USERS_DOMAIN}>`, `From: <sip:${username}@${USERS_DOMAIN}>;tag=${tag}`, `Call-ID: ${callId}`,
          `CSeq: ${++cseq} REGISTER`, `Contact: <sip:${hex(4)}@${host};transport=ws>;expires=3600`,
          ...(authorization ? [`Authorization: ${authorization}`] : []), "Expires: 3600", "Content-Length: 0", "", "",
        ].join("\r\n"),
      )
    ws.onopen = () => register()
    ws.onerror = () => fail("WebSocket error")
    ws.onclose = (e) => fail(`WebSocket closed (${e.code})`)
    ws.onmessage = (e) => {
      const text = String(e.data)
      const status = Number(text.slice(8, 11))
      if (status === 200) {
        clearTimeout(timer)
        // idle from now on: the server has nothing to send, and any close is counted by the parent's RSS anyway
        ws.onclose = null
        ws.onerror = null
        ws.onmessage = null
        return resolve(ws)
      }
      if (status !== 401 || cseq > 1) return fail(`answer ${text.split("\r\n", 1)[0]}`)
      // the first challenge, whatever algorithm it names
      const header = /^WWW-Authenticate:\s*(.+)$/im.exec(text)?.[1]
      const challenge = header ? parseAuthValue(header.trim()) : undefined
      if (!challenge?.ok) return fail("no digest challenge")
      const realm = authParam(challenge.value, "realm") ?? USERS_DOMAIN
      const nonce = authParam(challenge.value, "nonce") ?? ""
      const opaque = authParam(challenge.value, "opaque")
      const algorithm = (authParam(challenge.value, "algorithm") ?? "MD5").toUpperCase() === "SHA-256" ? "SHA-256" : "MD5"
      const uri = "sip:switchboard.test"
      const cnonce = hex(8)
      const nc = "00000001"
      const response = computeDigestResponse({
        algorithm, ha1: computeHa1(algorithm, username, realm, password), method: "REGISTER", uri, nonce, qop: "auth", nc, cnonce,
      })
      register(
        `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, ` +
          `qop=auth, nc=${nc}, cnonce="${cnonce}"${opaque ? `, opaque="${opaque}"` : ""}`,
      )
    }
  })

const loadMain = async (url: string, count: number) => {
  const sockets: WebSocket[] = []
  const errors: string[] = []
  const t0 = performance.now()
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      try {
        sockets.push(await registerOne(url, i))
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error))
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  console.log(JSON.stringify({ registered: sockets.length, failed: errors.length, firstError: errors[0], seconds: (performance.now() - t0) / 1000 }))
  // idle until the parent closes our stdin
  const stdin = Bun.stdin.stream().getReader()
  while (!(await stdin.read()).done);
  process.exit(0)
}

// ---------------------------------------------------------------------------------------------
// The measurement

const mib = (kib: number) => (kib / 1024).toFixed(1)

/** Prints the server's RSS before and after `count` idle WebSocket registrations. */
export const runSipWsMemoryBench = async (count = N): Promise<void> => {
  console.log(`\nSIP over WebSocket: resident memory of our server with ${count.toLocaleString("en")} idle registrations (Bun ${Bun.version})`)
  const server = await startOurServer(["--users", String(count), "--ws"])
  let load: { kill(): void; stop(): Promise<void> } | undefined
  const onSignal = () => {
    load?.kill()
    void Promise.race([server.stop(), Bun.sleep(3000)]).then(() => {
      server.kill()
      process.exit(130)
    })
  }
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  try {
    // let start-up allocations settle before the baseline
    await Bun.sleep(500)
    const before = await server.command("gc")
    const rssBefore = procKiB(server.pid, "VmRSS")
    const self = fileURLToPath(import.meta.url)
    const proc = Bun.spawn(
      ["bash", "-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', "_", process.execPath, self, "--load", `ws://127.0.0.1:${server.ws}/sip`, String(count)],
      { stdin: "pipe", stdout: "pipe", stderr: "inherit" },
    )
    load = {
      kill: () => proc.kill("SIGKILL"),
      // closing its stdin ends it; it is killed if that does not
      stop: async () => {
        proc.stdin.end()
        await Promise.race([proc.exited, Bun.sleep(3000)])
        proc.kill("SIGKILL")
      },
    }
    const reader = proc.stdout.getReader()
    let line = ""
    while (!line.includes("\n")) {
      const r = await reader.read()
      if (r.done) throw new Error(`the load process exited (${await proc.exited})`)
      line += new TextDecoder().decode(r.value)
    }
    const result = JSON.parse(line.split("\n")[0]!) as {
      registered: number; failed: number; firstError?: string; seconds: number
    }
    // the registrations' transactions end at once on a reliable transport; give timers a moment anyway
    await Bun.sleep(2000)
    await server.command("gc")
    const after = await server.command("gc")
    const rssAfter = procKiB(server.pid, "VmRSS")
    const perKiB = (rssAfter - rssBefore) / Math.max(1, result.registered)
    console.log(
      `registered ${result.registered} of ${count} in ${result.seconds.toFixed(1)} s (${CONCURRENCY} at a time)` +
        `${result.failed ? `, ${result.failed} failed (first: ${result.firstError})` : ""}; ` +
        `server: ${after.bindings} bindings, ${after.flows} WebSocket flows, transactions ${JSON.stringify(after.transactions)}`,
    )
    console.log(`${"".padEnd(34)} ${"RSS MiB".padStart(8)} ${"JS heap MiB".padStart(12)}`)
    console.log(`${"before (started, after a GC)".padEnd(34)} ${mib(rssBefore).padStart(8)} ${(before.heapUsed / 2 ** 20).toFixed(1).padStart(12)}`)
    console.log(`${`with ${count} idle registrations, GC`.padEnd(34)} ${mib(rssAfter).padStart(8)} ${(after.heapUsed / 2 ** 20).toFixed(1).padStart(12)}`)
    console.log(
      `per registration: ${perKiB.toFixed(1)} KiB RSS, ${((after.heapUsed - before.heapUsed) / 1024 / Math.max(1, result.registered)).toFixed(1)} KiB JS heap; ` +
        `target ≤ ${TARGET_MIB} MiB with ${count}: ${rssAfter / 1024 <= TARGET_MIB && result.registered === count ? "met" : "NOT met"}`,
    )
  } finally {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
    await load?.stop()
    await server.stop()
  }
}

if (import.meta.main) {
  const at = process.argv.indexOf("--load")
  if (at > 0) await loadMain(process.argv[at + 1]!, Number(process.argv[at + 2]))
  else {
    await runSipWsMemoryBench()
    process.exit(0)
  }
}
