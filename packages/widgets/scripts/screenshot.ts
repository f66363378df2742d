/**
 * Serves a demo page (the widgets against the in-page fake API) on 127.0.0.1 and takes PNG
 * screenshots with the system Chromium.
 *
 *   bun scripts/screenshot.ts            # writes .tmp/screenshots/*.png
 *   bun scripts/screenshot.ts --serve    # only serves the demo page, prints its URL
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium; SCREENSHOT_DIR overrides the output folder.
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { chromium, type Page } from "playwright-core"

const root = resolve(import.meta.dir, "..")
const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(root, ".tmp", "screenshots"))

const build = await Bun.build({
  entrypoints: [join(root, "src/test/demo.ts")],
  target: "browser",
  format: "esm",
  minify: false,
  // Lit's production build (Bun resolves the "development" export condition otherwise).
  define: { "process.env.NODE_ENV": '"production"' },
})
if (!build.success) {
  for (const log of build.logs) console.error(log)
  process.exit(1)
}
const bundle = await build.outputs[0]!.text()

const page = (title: string) => `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  html, body { margin: 0; }
  body { background: #e2e8f0; }
  .panel { box-sizing: border-box; width: 100%; min-height: 100vh; padding: 12px; background: #fff; }
</style>
<script type="module" src="/demo.js"></script>
</head>
<body><div id="root"></div></body>
</html>`

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT ?? 0),
  fetch(req) {
    const url = new URL(req.url)
    if (url.pathname === "/demo.js") return new Response(bundle, { headers: { "Content-Type": "text/javascript" } })
    if (url.pathname === "/") return new Response(page("Switchboard demo"), { headers: { "Content-Type": "text/html" } })
    return new Response("not found", { status: 404 })
  },
})
const base = `http://127.0.0.1:${server.port}`

if (process.argv.includes("--serve")) {
  console.log(`demo: ${base}/?scenario=console (login | console | empty | degraded | panel; &lang=en)`)
} else {
  mkdirSync(outDir, { recursive: true })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  })
  const written: string[] = []
  try {
    const shot = async (name: string, width: number, query: string, act?: (p: Page) => Promise<void>) => {
      const context = await browser.newContext({ viewport: { width, height: 760 }, deviceScaleFactor: 1, locale: "ru-RU", timezoneId: "Europe/Moscow" })
      const p = await context.newPage()
      p.on("pageerror", (e) => console.error(`[${name}] page error:`, e.message))
      await p.goto(`${base}/?${query}`)
      await p.waitForFunction(() => document.querySelector("org-console, org-case-list"))
      if (act) await act(p)
      await p.waitForTimeout(250)
      const file = join(outDir, `${name}.png`)
      await p.screenshot({ path: file, fullPage: true })
      written.push(file)
      await context.close()
    }
    const rows = (p: Page) => p.locator("org-case-list tbody tr").first().waitFor()
    const fillInvalid = async (p: Page) => {
      await rows(p)
      await p.locator("org-case-list input[name=title]").fill("Эвакуатор ".repeat(25))
      await p.locator("org-case-list input[name=applicantPhone]").fill("позвонить вечером")
      await p.locator("org-case-list button[type=submit]").click()
      await p.locator("org-case-list #applicantPhone-error").waitFor()
    }

    await shot("login", 1280, "scenario=login", async (p) => {
      await p.locator("org-login input[name=login]").waitFor()
    })
    await shot("login-error", 1280, "scenario=login", async (p) => {
      await p.locator("org-login input[name=login]").fill("operator")
      await p.locator("org-login input[name=password]").fill("wrong")
      await p.locator("org-login button[type=submit]").click()
      await p.locator("org-login [role=alert]").waitFor()
    })
    await shot("login-en-400", 400, "scenario=login&lang=en", async (p) => {
      await p.locator("org-login input[name=login]").waitFor()
    })
    await shot("console", 1280, "scenario=console", async (p) => {
      await rows(p)
      await p.evaluate(() => {
        const w = window as unknown as { fake: { createFromOtherClient(i: { title: string; applicantPhone: string }): void } }
        w.fake.createFromOtherClient({ title: "Новое с другого пульта: ДТП, нужен эвакуатор", applicantPhone: "+7 901 234-56-78" })
      })
      await p.locator("org-case-list tr.fresh").waitFor()
    })
    await shot("keyboard-focus", 1280, "scenario=console", async (p) => {
      await rows(p)
      await p.locator("org-case-list input[name=title]").focus()
      await p.keyboard.type("Эвакуатор")
      await p.keyboard.press("Tab")
      await p.keyboard.press("Tab")
    })
    await shot("console-en-degraded", 1280, "scenario=degraded&lang=en", rows)
    await shot("create-errors", 1280, "scenario=console", fillInvalid)
    await shot("console-400", 400, "scenario=console", rows)
    await shot("create-errors-400", 400, "scenario=console", fillInvalid)
    await shot("panel-400", 400, "scenario=panel", rows)
    await shot("empty", 1280, "scenario=empty", async (p) => {
      await p.locator("org-case-list [part=empty]").waitFor()
    })
  } finally {
    await browser.close()
    server.stop(true)
  }
  for (const file of written) console.log(file)
}
