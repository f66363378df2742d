/**
 * `bun run build` builds every package to ESM + .d.ts with working `exports`,
 * and the built packages import — and work — under Node 20 and under Bun.
 */
import { beforeAll, expect, test } from "bun:test"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dir, "..", "..")
const packages = ["core", "cases", "telephony", "dialer", "telemetry", "billing", "widgets"]

beforeAll(() => {
  const r = Bun.spawnSync(["bun", "run", "build"], { cwd: root, stdout: "inherit", stderr: "inherit" })
  if (r.exitCode !== 0) throw new Error("bun run build failed")
}, 600_000)

test.each(packages)("@org/%s has dist/index.js and dist/index.d.ts", (p) => {
  expect(existsSync(join(root, "packages", p, "dist", "index.js"))).toBe(true)
  expect(existsSync(join(root, "packages", p, "dist", "index.d.ts"))).toBe(true)
})

// Imports by package name from the server workspace, so `exports` resolution is exercised.
const script = `
const core = await import("@org/core/server")
const cases = await import("@org/cases/server")
const { Effect, ManagedRuntime } = await import("effect")
const rt = ManagedRuntime.make(core.Database.layer({ dataDir: "memory://" }))
const applied = await rt.runPromise(Effect.flatMap(Effect.service(core.Database), (d) =>
  Effect.promise(() => core.runMigrations(d.db, [core.coreMigrations, cases.casesMigrations]))))
await rt.dispose()
const problem = core.toProblem(new core.NotFound({ entity: "case" }), "ru")
console.log(JSON.stringify({ applied, title: problem.title, caseCreated: cases.caseCreated.topic }))
`
// every committed migration of core, then of cases, as the journals list them
const tagsOf = (p: string) =>
  (JSON.parse(readFileSync(join(root, "packages", p, "drizzle", "meta", "_journal.json"), "utf8")).entries as { tag: string }[]).map((e) => `${p}/${e.tag}`)
const expected = { applied: [...tagsOf("core"), ...tagsOf("cases")], title: "Не найдено", caseCreated: "case.created" }

test("the built packages import and run under Node", () => {
  const r = Bun.spawnSync(["node", "--input-type=module", "-e", script], { cwd: join(root, "server") })
  const out = r.stdout.toString().trim().split("\n").pop()!
  expect([r.exitCode, r.stderr.toString().slice(0, 500)]).toEqual([0, ""])
  expect(JSON.parse(out)).toEqual(expected)
  expect(Bun.spawnSync(["node", "--version"]).stdout.toString()).toMatch(/^v(2\d|[3-9]\d)\./)
}, 120_000)

test("the built files import and run under Bun", async () => {
  // Bun would prefer the source through the "bun" condition; import dist by path instead.
  const dist = (p: string, f: string) => join(root, "packages", p, "dist", f)
  const bunScript = script
    .replace('"@org/core/server"', JSON.stringify(dist("core", "server.js")))
    .replace('"@org/cases/server"', JSON.stringify(dist("cases", "server.js")))
  const r = Bun.spawnSync(["bun", "-e", bunScript], { cwd: join(root, "server") })
  expect([r.exitCode, r.stderr.toString().slice(0, 500)]).toEqual([0, ""])
  expect(JSON.parse(r.stdout.toString().trim().split("\n").pop()!)).toEqual(expected)
}, 120_000)

test.each(["telephony", "dialer", "telemetry", "billing"])("@org/%s imports under Node", (p) => {
  const code = `await import(${JSON.stringify(join(root, "packages", p, "dist", "index.js"))}); console.log("ok")`
  const r = Bun.spawnSync(["node", "--input-type=module", "-e", code], { cwd: root })
  expect([r.exitCode, r.stdout.toString().trim()]).toEqual([0, "ok"])
})
