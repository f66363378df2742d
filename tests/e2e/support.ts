/** Real processes for end-to-end tests: the Switchboard server and Chromium. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium } from "playwright-core"

export const root = join(import.meta.dir, "..", "..")

/** Spawns a process and resolves once a line matches `ready` (the first group is returned). */
export const spawnUntil = async (cmd: string[], env: Record<string, string>, ready: RegExp, cwd = root) => {
  const proc = Bun.spawn(cmd, { cwd, env: { ...process.env, ...env }, stdout: "pipe", stderr: "inherit" })
  let out = ""
  const dec = new TextDecoder()
  for await (const chunk of proc.stdout as any) {
    out += dec.decode(chunk)
    const m = out.match(ready)
    if (m) return { proc, match: m[1], output: () => out }
  }
  throw new Error(`${cmd.join(" ")} ended before it was ready:\n${out}`)
}

export const startServer = async (password: string) => {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-e2e-"))
  const { proc, match } = await spawnUntil(
    ["bun", "server/src/main.ts"],
    { PORT: "0", HOST: "127.0.0.1", SIP_PORT: "0", DATA_DIR: dataDir, DATABASE_URL: "", SWITCHBOARD_DEMO_PASSWORD: password },
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  )
  return {
    base: match,
    stop: async () => {
      proc.kill("SIGTERM")
      await proc.exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const launchChromium = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  })

/** Logs in over the API and returns the session cookie header. */
export const apiLogin = async (base: string, login: string, password: string) => {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login, password }),
  })
  if (!res.ok) throw new Error(`login ${login}: ${res.status}`)
  return res.headers.get("set-cookie")!.split(";")[0]
}
