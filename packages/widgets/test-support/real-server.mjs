// The real Switchboard server for the `*.real.wtr.ts` browser tests: `bun server/src/main.ts`
// on 127.0.0.1, a free port and a fresh temporary DATA_DIR (embedded PGlite, demo tenant),
// started once per wtr run on the first request for it and stopped — its data removed — when
// wtr stops. The wtr dev server proxies `/api/*`, `/health` and the `/api/v1/events` WebSocket
// upgrade to it, so the pages under test use it on their own origin, cookies included.
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import http from "node:http"
import net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

const PROXIED = (path) => path.startsWith("/api/") || path === "/health"

/**
 * @param {{ entry: string, cwd: string, password: string, bun?: string, startTimeoutMs?: number }} options
 */
export function realServer({ entry, cwd, password, bun = process.env.BUN_PATH || "bun", startTimeoutMs = 90_000 }) {
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let child
  let dataDir
  /** @type {Promise<{ port: number, origin: string }> | undefined} */
  let ready
  let output = ""

  const start = () => {
    if (ready) return ready
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-wtr-"))
    const env = { ...process.env, PORT: "0", HOST: "127.0.0.1", SIP_PORT: "0", DATA_DIR: dataDir, SWITCHBOARD_DEMO_PASSWORD: password }
    // The embedded database with the demo tenant, whatever the surrounding environment says.
    delete env.DATABASE_URL
    delete env.SWITCHBOARD_DEMO_DATA
    child = spawn(bun, [entry], { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the real server did not start in ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs)
      const onData = (chunk) => {
        output += chunk.toString()
        if (process.env.WTR_SERVER_LOG) process.stderr.write(`[server] ${chunk}`)
        const match = output.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/)
        if (match) {
          clearTimeout(timer)
          resolve({ origin: match[1], port: Number(match[2]) })
        }
      }
      child.stdout.on("data", onData)
      child.stderr.on("data", onData)
      child.on("error", (error) => {
        clearTimeout(timer)
        reject(new Error(`cannot run ${bun}: ${error.message}`))
      })
      child.on("exit", (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`the real server exited (${signal ?? code}):\n${output}`))
      })
    })
    ready.catch((error) => console.error(String(error?.message ?? error)))
    return ready
  }

  const stop = async () => {
    const proc = child
    child = undefined
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once("exit", resolve))
      proc.kill("SIGTERM")
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5000)
      await exited
      clearTimeout(timer)
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    dataDir = undefined
  }

  // Never leave the server behind, even when wtr is interrupted.
  process.once("exit", () => {
    if (child && child.exitCode === null) child.kill("SIGKILL")
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  /** Koa middleware of the dev server: `/api/*` and `/health` go to the real server. */
  const middleware = async (ctx, next) => {
    if (!PROXIED(ctx.path)) return next()
    let port
    try {
      ;({ port } = await start())
    } catch (error) {
      ctx.status = 502
      ctx.type = "application/problem+json"
      ctx.body = JSON.stringify({ title: "The real server is not running", status: 502, code: "bad_gateway", detail: String(error.message ?? error) })
      return
    }
    ctx.respond = false
    await new Promise((resolve) => {
      const upstream = http.request(
        { host: "127.0.0.1", port, method: ctx.req.method, path: ctx.req.url, headers: ctx.req.headers },
        (res) => {
          ctx.res.writeHead(res.statusCode ?? 502, res.statusMessage, res.rawHeaders)
          res.pipe(ctx.res)
          res.on("end", resolve)
          res.on("error", resolve)
        },
      )
      upstream.on("error", (error) => {
        if (!ctx.res.headersSent) ctx.res.writeHead(502, { "content-type": "text/plain" })
        ctx.res.end(`proxy error: ${error.message}`)
        resolve()
      })
      ctx.req.pipe(upstream)
    })
  }

  /**
   * A readers-writer lock over the demo users (admin, supervisor, operator), for test files that
   * run at the same time against the one server: a test that changes them (roles, groups,
   * disabled) holds it "exclusive" and puts them back before releasing; files that rely on them
   * as seeded hold it "shared". A waiting writer goes before new readers. Owners are ids the
   * pages choose; a hold lapses after `leaseMs` (wtr gives up on a test file by then anyway), so
   * a page that dies holding it does not block the rest of the run.
   */
  const leaseMs = 120_000
  /** @type {Map<string, number>} owner → when its share lapses */
  const readers = new Map()
  /** @type {{ owner: string, until: number } | undefined} */
  let writer
  /** @type {{ owner: string, until: number } | undefined} */
  let writerWaiting
  const acquire = (owner, mode) => {
    const now = Date.now()
    for (const [id, until] of readers) if (until < now) readers.delete(id)
    if (writer && writer.until < now) writer = undefined
    if (writerWaiting && writerWaiting.until < now) writerWaiting = undefined
    if (mode === "exclusive") {
      if (writer?.owner === owner) return true
      if (!writer && readers.size === 0 && (!writerWaiting || writerWaiting.owner === owner)) {
        writer = { owner, until: now + leaseMs }
        writerWaiting = undefined
        return true
      }
      if (!writerWaiting) writerWaiting = { owner, until: now + 5_000 }
      else if (writerWaiting.owner === owner) writerWaiting.until = now + 5_000 // still polling
      return false
    }
    if (readers.has(owner)) return true
    if (writer || writerWaiting) return false
    readers.set(owner, now + leaseMs)
    return true
  }
  const release = (owner) => {
    readers.delete(owner)
    if (writer?.owner === owner) writer = undefined
    if (writerWaiting?.owner === owner) writerWaiting = undefined
  }

  /**
   * Dev-server plugin: tunnels the events WebSocket to the server and stops it at the end. The
   * server starts on the first proxied request, so a run of the fake suite alone never starts it.
   * Its command `switchboard-demo-users` ({ op: "acquire" | "release", owner, mode }) is the lock
   * above; `acquire` answers at once whether it was granted (the page polls).
   */
  const plugin = {
    name: "switchboard-real-server",
    executeCommand({ command, payload }) {
      if (command !== "switchboard-demo-users") return undefined
      const owner = String(payload?.owner ?? "")
      if (!owner) throw new Error("switchboard-demo-users: an owner is required")
      if (payload?.op === "release") {
        release(owner)
        return true
      }
      return { granted: acquire(owner, payload?.mode === "exclusive" ? "exclusive" : "shared") }
    },
    serverStart({ server }) {
      server.on("upgrade", (req, socket, head) => {
        // the events socket and the softphone's SIP socket; anything else is the dev server's own
        if (!req.url?.startsWith("/api/v1/events") && !/^\/sip(\?|$)/.test(req.url ?? "")) return
        start().then(
          ({ port }) => {
            const upstream = net.connect(port, "127.0.0.1", () => {
              let raw = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`
              for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`
              upstream.write(`${raw}\r\n`)
              if (head?.length) upstream.write(head)
              socket.pipe(upstream)
              upstream.pipe(socket)
            })
            upstream.on("error", () => socket.destroy())
            socket.on("error", () => upstream.destroy())
            socket.on("close", () => upstream.destroy())
            upstream.on("close", () => socket.destroy())
          },
          () => socket.destroy(),
        )
      })
    },
    async serverStop() {
      await stop()
    },
  }

  return { middleware, plugin, start, stop }
}
