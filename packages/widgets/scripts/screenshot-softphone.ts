/**
 * Screenshots of `<org-softphone>` in every state (src/test/demo-softphone.ts: fake engine and
 * credentials), ru and en, ~360 px wide, with the system Chromium.
 *
 *   bun scripts/screenshot-softphone.ts            # writes .tmp/screenshots/softphone-*.png
 *   bun scripts/screenshot-softphone.ts --serve    # only serves the demo page, prints its URL
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { launchChromium, serveDemo, widgetsRoot } from "./demo-server"

const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(widgetsRoot, ".tmp", "screenshots"))

const { base, stop } = await serveDemo({ entry: "src/test/demo-softphone.ts", title: "Switchboard softphone demo", background: "#e2e8f0", style: "#root { box-sizing: border-box; padding: 12px; }" })

if (process.argv.includes("--serve")) {
  console.log(`demo: ${base}/?scenario=idle (typed dialing incoming in-call keypad transfer consult waiting history settings offline; &lang=en)`)
} else {
  mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
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
    stop()
  }
  console.log(written.join("\n"))
}
