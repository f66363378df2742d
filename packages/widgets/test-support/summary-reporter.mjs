// A @web/test-runner reporter that writes `{ passed, failed, skipped, suites }` to a JSON file
// when a test run finishes, for CI scripts (which read passed and failed: every group summed;
// `suites` has the same per group). A test file that failed to load or run (no results, or
// session errors) counts as one failed test, so a broken file never looks green.
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"

function countSuite(suite, totals) {
  if (!suite) return
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++
    else if (test.passed) totals.passed++
    else totals.failed++
  }
  for (const child of suite.suites ?? []) countSuite(child, totals)
}

export function summarize(sessions) {
  const totals = { passed: 0, failed: 0, skipped: 0 }
  for (const session of sessions) {
    const before = totals.failed
    countSuite(session.testResults, totals)
    const sessionFailed = session.passed === false || (session.errors?.length ?? 0) > 0
    if (sessionFailed && totals.failed === before) totals.failed++
  }
  return totals
}

/** Totals of all sessions, plus the same per group ("default": fake API, "real": real server). */
export function summarizeByGroup(sessions) {
  const byGroup = new Map()
  for (const session of sessions) {
    const name = session.group?.name ?? "default"
    if (!byGroup.has(name)) byGroup.set(name, [])
    byGroup.get(name).push(session)
  }
  const suites = {}
  for (const [name, list] of byGroup) suites[name] = summarize(list)
  return { ...summarize(sessions), suites }
}

export function summaryFileReporter({ file }) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = summarizeByGroup(sessions)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, `${JSON.stringify(totals)}\n`)
    },
  }
}
