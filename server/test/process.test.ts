/** The real server process: start on the embedded database, demo users, bad config, graceful stop. */
import { afterAll, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const main = join(import.meta.dir, "..", "src", "main.ts")
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const start = (env: Record<string, string>, dir = mkdtempSync(join(tmpdir(), "sb-proc-"))) => {
  dirs.push(dir)
  const proc = Bun.spawn(["bun", main], {
    env: { ...process.env, DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", SIP_PORT: "0", DATABASE_URL: "", ...env },
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
  return { proc, out: () => out, listening, reader, dir }
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

  const made = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
    method: "POST", headers: { "content-type": "application/json", cookie: login.headers.get("set-cookie")!.split(";")[0] },
    body: JSON.stringify({ title: "kept across restarts" }),
  })
  expect(made.status).toBe(201)

  // SIGTERM: the process stops cleanly; the data survive a restart, and no second demo tenant appears
  s.proc.kill("SIGTERM")
  expect(await s.proc.exited).toBe(0)
  const again = start({ SWITCHBOARD_DEMO_PASSWORD: "other-password-2" }, s.dir)
  const port2 = await again.listening()
  expect(again.out()).not.toContain("Demo tenant created")
  const relog = await fetch(`http://127.0.0.1:${port2}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "admin", password: "trial-password-1" }),
  })
  expect(relog.status).toBe(200)
  const list = await (await fetch(`http://127.0.0.1:${port2}/api/v1/cases`, { headers: { cookie: relog.headers.get("set-cookie")!.split(";")[0] } })).json()
  expect(list.items.map((c: any) => c.title)).toContain("kept across restarts")
  again.proc.kill("SIGTERM")
  expect(await again.proc.exited).toBe(0)
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

test.skipIf(!process.env.TEST_DATABASE_URL)("a migration problem stops the start with a clear message", async () => {
  const { createTestDatabase } = await import("@org/core/testing")
  const postgres = (await import("postgres")).default
  const tdb = await createTestDatabase()
  try {
    // A database whose record says core/0000_init was applied with other contents.
    const sql = postgres(tdb.url!, { max: 1, onnotice: () => {} })
    await sql`create schema switchboard`
    await sql`create table switchboard.migrations (package text, tag text, hash text, applied_at timestamptz default now(), primary key (package, tag))`
    await sql`insert into switchboard.migrations (package, tag, hash) values ('core', '0000_init', 'tampered')`
    await sql.end()
    const s = start({ DATABASE_URL: tdb.url! })
    expect(await s.proc.exited).toBe(1)
    const stderr = await new Response(s.proc.stderr).text()
    expect(stderr).toContain("Switchboard cannot start")
    expect(stderr).toContain("core/0000_init was changed after it was applied")
  } finally {
    await tdb.drop()
  }
}, 60_000)

test("nothing committed is lost when the process is killed (embedded database)", async () => {
  const s = start({ SWITCHBOARD_DEMO_PASSWORD: "trial-password-1" })
  const port = await s.listening()
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "operator", password: "trial-password-1" }),
  })
  const cookie = login.headers.get("set-cookie")!.split(";")[0]
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
      method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ title: `committed ${i}` }),
    })
    expect(r.status).toBe(201)
  }
  s.proc.kill("SIGKILL")
  await s.proc.exited
  const again = start({}, s.dir)
  const port2 = await again.listening()
  const list = await (await fetch(`http://127.0.0.1:${port2}/api/v1/cases?limit=200`, { headers: { cookie } })).json()
  expect(list.items.map((c: any) => c.title).filter((t: string) => t.startsWith("committed")).sort()).toEqual(
    ["committed 0", "committed 1", "committed 2", "committed 3", "committed 4"],
  )
  again.proc.kill("SIGTERM")
  await again.proc.exited
}, 90_000)
