/**
 * Screenshots of `<org-softphone>` in every state (src/test/demo-softphone.ts: fake engine and
 * credentials), ru and en, ~360 px wide, with the system Chromium.
 *
 *   bun scripts/screenshot-softphone.ts            # writes .tmp/screenshots/softphone-*.png
 *   bun scripts/screenshot-softphone.ts --serve    # only serves the demo page, prints its URL
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { chromium } from "playwright-core"

const root = resolve(import.meta.dir, "..")
const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(root, ".tmp", "screenshots"))

const build = await Bun.build({
  entrypoints: [join(root, "src/test/demo-softphone.ts")],
  target: "browser",
  format: "esm",
  define: { "process.env.NODE_ENV": '"production"' },
})
if (!build.success) {
  for (const log of build.logs) console.error(log)
  process.exit(1)
}
const bundle = await build.outputs[0]!.text()
const page = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>html, body { margin: 0; background: #e2e8f0; } #root { box-sizing: border-box; padding: 12px; }</style>
<script type="module" src="/demo.js"></script></head><body><div id="root"></div></body></html>`

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT ?? 0),
  fetch(req) {
    const url = new URL(req.url)
    if (url.pathname === "/demo.js") return new Response(bundle, { headers: { "Content-Type": "text/javascript" } })
    if (url.pathname === "/") return new Response(page, { headers: { "Content-Type": "text/html" } })
    return new Response("not found", { status: 404 })
  },
})
const base = `http://127.0.0.1:${server.port}`

if (process.argv.includes("--serve")) {
  console.log(`demo: ${base}/?scenario=idle (typed dialing incoming in-call keypad transfer consult waiting history settings offline; &lang=en)`)
} else {
  mkdirSync(outDir, { recursive: true })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  })
  const scenarios = (process.env.SCENARIOS ?? "idle,typed,dialing,incoming,in-call,keypad,transfer,consult,waiting,history,settings,offline").split(",")
  const langs = (process.env.LANGS ?? "ru,en").split(",")
  const written: string[] = []
  try {
    for (const lang of langs) {
      for (const scenario of scenarios) {
        const context = await browser.newContext({ viewport: { width: 384, height: 640 }, deviceScaleFactor: 1, locale: lang, timezoneId: "Europe/Moscow" })
        const p = await context.newPage()
        p.on("pageerror", (e) => console.error(`[${scenario}] page error:`, e.message))
        await p.goto(`${base}/?scenario=${scenario}&lang=${lang}`)
        await p.waitForFunction(() => (window as unknown as { demoReady?: boolean }).demoReady === true)
        await p.waitForTimeout(200)
        const file = join(outDir, `softphone-${scenario}-${lang}.png`)
        await p.screenshot({ path: file, fullPage: true })
        written.push(file)
        await context.close()
      }
    }
  } finally {
    await browser.close()
    server.stop(true)
  }
  console.log(written.join("\n"))
}
