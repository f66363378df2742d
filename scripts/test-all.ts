/**
 * Runs every test suite and ends with one line of its own: `N passed, N failed`.
 *  - unit and integration tests (bun test) on PGlite, and again on PostgreSQL
 *    when TEST_DATABASE_URL is set;
 *  - widget tests in Chromium (@web/test-runner);
 *  - the type check of every package;
 *  - the build check (every package builds and imports under Node and Bun);
 *  - the end-to-end test (real server, console driven in Chromium).
 * `bun scripts/test-all.ts unit` (or typecheck, widgets, build, e2e) runs one group.
 */
import { readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dir, "..")
type Result = { name: string; passed: number; failed: number; seconds: number }

const bunTestCounts = (output: string, exitCode: number) => {
  const num = (re: RegExp) => Number(output.match(re)?.[1] ?? 0)
  const passed = num(/^\s*(\d+) pass$/m)
  let failed = num(/^\s*(\d+) fail$/m) + num(/^\s*(\d+) errors?$/m)
  // A crash before the summary still counts as a failure.
  if (exitCode !== 0 && failed === 0) failed = 1
  return { passed, failed }
}

const exec = async (cmd: string[], cwd: string, env: Record<string, string | undefined> = {}) => {
  const proc = Bun.spawn(cmd, { cwd: join(root, cwd), env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" })
  let output = ""
  const pump = async (stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream) => {
    const dec = new TextDecoder()
    for await (const chunk of stream) {
      const text = dec.decode(chunk)
      output += text
      sink.write(text)
    }
  }
  await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)])
  return { output, exitCode: await proc.exited }
}

const bunTest = (name: string, cwd: string, env: Record<string, string | undefined> = {}) => async (): Promise<Result> => {
  const started = performance.now()
  const { output, exitCode } = await exec(["bun", "test", "--timeout", "60000"], cwd, env)
  return { name, ...bunTestCounts(output, exitCode), seconds: (performance.now() - started) / 1000 }
}

const widgets = async (): Promise<Result> => {
  const started = performance.now()
  const summary = join(root, "packages/widgets/.wtr-summary.json")
  rmSync(summary, { force: true })
  const { exitCode } = await exec(["bun", "run", "test:wtr"], "packages/widgets")
  let counts = { passed: 0, failed: 1 }
  try {
    counts = JSON.parse(readFileSync(summary, "utf8"))
    if (exitCode !== 0 && counts.failed === 0) counts.failed = 1
  } catch {
    console.error("widget tests wrote no summary")
  }
  return { name: "widgets (Chromium)", passed: counts.passed, failed: counts.failed, seconds: (performance.now() - started) / 1000 }
}

/** `tsc --noEmit` of every workspace package: one test per package. */
const typecheck = async (): Promise<Result> => {
  const started = performance.now()
  const dirs = ["packages/core", "packages/cases", "packages/telephony", "packages/dialer", "packages/telemetry", "packages/billing", "packages/widgets", "server", "tests"]
  let passed = 0
  let failed = 0
  for (const d of dirs) {
    const { exitCode } = await exec(["bunx", "tsc", "--noEmit"], d)
    exitCode === 0 ? passed++ : failed++
    if (exitCode !== 0) console.error(`typecheck failed in ${d}`)
  }
  return { name: "typecheck (tsc --noEmit)", passed, failed, seconds: (performance.now() - started) / 1000 }
}

const integration = ["packages/core", "packages/cases", "server"]
const groups: Record<string, (() => Promise<Result>)[]> = {
  typecheck: [typecheck],
  unit: [
    bunTest("packages/telephony (SIP messages)", "packages/telephony"),
    ...integration.map((d) => bunTest(`${d} (PGlite)`, d, { TEST_DATABASE_URL: "" })),
    ...(process.env.TEST_DATABASE_URL ? integration.map((d) => bunTest(`${d} (PostgreSQL)`, d)) : []),
  ],
  widgets: [widgets],
  build: [bunTest("build and import (Node, Bun)", "tests/build")],
  e2e: [
    bunTest("end-to-end console (Chromium)", "tests/e2e"),
    // two or three Chromium pages calling each other through our SIP server, in a private network namespace
    bunTest("softphone calls (Chromium, WebRTC)", "packages/widgets/test"),
  ],
}

const only = process.argv[2]
const results: Result[] = []
for (const [group, suites] of Object.entries(groups)) {
  if (only && only !== group) continue
  for (const suite of suites) results.push(await suite())
}

console.log("\nSuites:")
for (const r of results) console.log(`  ${r.failed ? "✗" : "✓"} ${r.name.padEnd(34)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`)
const passed = results.reduce((n, r) => n + r.passed, 0)
const failed = results.reduce((n, r) => n + r.failed, 0)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
