/**
 * The browser assets of the widgets: the softphone alone at /widgets/softphone.js
 * with the chunks it imports (sip.js, each language's texts) beside it, for
 * pages on any origin; anything else under /widgets/ is a 404 problem.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

test("/widgets/softphone.js and every chunk it imports are served as cross-origin JavaScript", async () => {
  const entry = await t.call("GET", "/widgets/softphone.js")
  expect(entry.status).toBe(200)
  expect(entry.headers.get("content-type")).toStartWith("text/javascript")
  expect(entry.headers.get("access-control-allow-origin")).toBe("*")
  expect(entry.text).toContain("org-softphone")
  const chunks = [...entry.text.matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1])
  // sip.js and the Russian and English texts, at least
  expect(chunks.length).toBeGreaterThanOrEqual(3)
  const bodies = await Promise.all(chunks.map((c) => t.call("GET", `/widgets/${c}`)))
  expect(bodies.map((b) => b.status)).toEqual(chunks.map(() => 200))
  expect(bodies.some((b) => b.text.includes("sip.js") || b.text.includes("SIP/2.0"))).toBe(true)
  expect(bodies.some((b) => b.text.includes("Телефон"))).toBe(true)
}, 60_000)

test("what a Russian page loads from the server (the entry, sip.js, the Russian texts) is within 80 kB gzipped, like dist/softphone", async () => {
  const seen = new Map<string, string>()
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return
    const r = await t.call("GET", `/widgets/${file}`)
    expect(r.status).toBe(200)
    seen.set(file, r.text)
    for (const [, spec] of r.text.matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.js)"/g)) {
      const other = await t.call("GET", `/widgets/${spec}`)
      // the English texts are not for this page
      if (!other.text.includes("\"Keypad\"")) await visit(spec)
    }
  }
  await visit("softphone.js")
  const total = [...seen.values()].reduce((sum, code) => sum + Bun.gzipSync(new TextEncoder().encode(code), { level: 9 }).length, 0)
  console.log(`/widgets/softphone.js, ru page: ${seen.size} files, ${total} B gzipped`)
  expect(total).toBeLessThanOrEqual(80_000)
}, 60_000)

test("an unknown file under /widgets/ is a 404 problem", async () => {
  const r = await t.call("GET", "/widgets/softphone-nothere.js")
  expect(r.status).toBe(404)
  expect(r.headers.get("content-type")).toContain("application/problem+json")
})
