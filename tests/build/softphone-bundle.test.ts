/**
 * The size budget of the softphone alone (@org/widgets' dist/softphone, what
 * `<script type="module" src="/widgets/softphone.js">` loads): the element,
 * Lit, sip.js and the texts of the page's language must stay within 80 kB (80,000 bytes)
 * gzipped (level 9). A budget, not a timing: the bytes are the same on every
 * machine. The figures are printed; docs/performance.md records them.
 */
import { beforeAll, expect, test } from "bun:test"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"

const dist = join(import.meta.dir, "..", "..", "packages", "widgets", "dist", "softphone")
const BUDGET = 80_000

beforeAll(() => {
  if (existsSync(join(dist, "softphone.js"))) return
  const r = Bun.spawnSync(["bun", "run", "build"], { cwd: join(dist, "..", ".."), stdout: "inherit", stderr: "inherit" })
  if (r.exitCode !== 0) throw new Error("the widgets build failed")
}, 300_000)

/** Every file a page in `lang` downloads: the entry and what it imports, statically or when it starts (sip.js, its language's texts). */
const downloaded = (lang: "ru" | "en") => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const code = readFileSync(join(dist, file), "utf8")
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.js)"/g)) {
      const other = lang === "ru" ? "en" : "ru"
      if (!spec.startsWith(`messages-softphone-${other}-`)) visit(spec)
    }
  }
  visit("softphone.js")
  return [...seen].map((file) => ({ file, gzip: gzipSync(new Uint8Array(readFileSync(join(dist, file))), { level: 9 }).length }))
}

test.each(["ru", "en"] as const)("the softphone a %s page loads (element, Lit, sip.js, texts) is within 80 kB gzipped", (lang) => {
  const files = downloaded(lang)
  const total = files.reduce((sum, f) => sum + f.gzip, 0)
  console.log(`softphone, ${lang} page: ${files.map((f) => `${f.file} ${f.gzip} B`).join(", ")}; total ${total} B = ${(total / 1024).toFixed(1)} KiB gzipped (budget 80,000 B)`)
  // sip.js is in: a chunk of a sizeable part of the total
  expect(files.some((f) => f.file.startsWith("softphone-sipjs-") && f.gzip > 40_000)).toBe(true)
  expect(files.some((f) => f.file.startsWith(`messages-softphone-${lang}-`))).toBe(true)
  expect(total).toBeLessThanOrEqual(BUDGET)
})

test("nothing in dist/softphone is left out of what pages load, but the other language", () => {
  const all = readdirSync(dist).filter((f) => f.endsWith(".js")).sort()
  const loaded = new Set([...downloaded("ru"), ...downloaded("en")].map((f) => f.file))
  expect(all.filter((f) => !loaded.has(f))).toEqual([])
})
