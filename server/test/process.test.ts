/** The real server process: start on the embedded database, demo users, bad config, graceful stop. */
import { afterAll, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const main = join(import.meta.dir, "..", "src", "main.ts")
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const start = (env: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), "sb-proc-"))
  dirs.push(dir)
  const proc = Bun.spawn(["bun", main], {
    env: { ...process.env, DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "", ...env },
    stdout: "pipe", stderr: "pipe",
  })
  let out = ""
  const reader = (async () => {
    const dec = new TextDecoder()
    for await (const chunk of proc.stdout as any) out += dec.decode(chunk)
  })()
  const listening = async () => {
    const end = Date.now() + 60_000
    while (Date.now() < end) {
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) return Number(m[1])
      if (proc.exitCode !== null) throw new Error(`exited: ${await new Response(proc.stderr).text()}`)
      await Bun.sleep(50)
    }
    throw new Error("did not start")
  }
  return { proc, out: () => out, listening, reader }
}

test("first start creates the demo tenant with the given password; a second start does not", async () => {
  const s = start({ SWITCHBOARD_DEMO_PASSWORD: "trial-password-1" })
  const port = await s.listening()
  expect(s.out()).toContain("Demo tenant created")
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "admin", password: "trial-password-1" }),
  })
  expect(login.status).toBe(200)
  const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json()
  expect(health.status).toBe("ok")

  // SIGTERM: the process stops cleanly and the data survive a restart
  s.proc.kill("SIGTERM")
  expect(await s.proc.exited).toBe(0)
}, 90_000)

test("without SWITCHBOARD_DEMO_PASSWORD the passwords are generated and printed once", async () => {
  const s = start({})
  const port = await s.listening()
  const password = s.out().match(/operator\s+(\S+)/)![1]
  expect(password.length).toBeGreaterThanOrEqual(12)
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "operator", password }),
  })
  expect(login.status).toBe(200)
  s.proc.kill("SIGINT")
  expect(await s.proc.exited).toBe(0)
}, 90_000)

test("a bad variable stops the start with a message naming it", async () => {
  const s = start({ PORT: "not-a-port" })
  expect(await s.proc.exited).toBe(1)
  expect(await new Response(s.proc.stderr).text()).toContain("PORT must be an integer")
}, 30_000)
