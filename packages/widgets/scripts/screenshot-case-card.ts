/**
 * Screenshots of the case workspace (`<org-case-card>`, its panels, `<org-case-create>` and the
 * console's Cases section) against the in-page fakes, in ru and en, at desktop width and ~420 px.
 *
 *   bun scripts/screenshot-case-card.ts            # writes .tmp/screenshots-case-card/*.png
 *   bun scripts/screenshot-case-card.ts --serve    # only serves the demo page, prints its URL
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium; SCREENSHOT_DIR overrides the output folder;
 * ONLY=name,name takes only those shots.
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Page } from "playwright-core"
import { launchChromium, serveDemo, widgetsRoot } from "./demo-server"

const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(widgetsRoot, ".tmp", "screenshots-case-card"))
const only = process.env.ONLY?.split(",").filter(Boolean)

const { base, stop } = await serveDemo({ entry: "src/test/demo-case-card.ts", title: "Switchboard case card demo", background: "#f1f5f9" })

if (process.argv.includes("--serve")) {
  console.log(`demo: ${base}/?scenario=card (card | hotline | create | console; &lang=en)`)
} else {
  mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  const written: string[] = []
  try {
    const shot = async (name: string, width: number, query: string, act?: (p: Page) => Promise<void>) => {
      if (only && !only.includes(name)) return
      const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, locale: "ru-RU", timezoneId: "Europe/Moscow" })
      const p = await context.newPage()
      p.on("pageerror", (e) => console.error(`[${name}] page error:`, e.message))
      p.on("console", (m) => m.type() === "error" && console.error(`[${name}] console:`, m.text()))
      await p.goto(`${base}/?${query}`)
      if (act) await act(p)
      await p.waitForTimeout(300)
      await p.evaluate(() => window.scrollTo(0, 0))
      const file = join(outDir, `${name}.png`)
      await p.screenshot({ path: file, fullPage: true })
      written.push(file)
      await context.close()
    }
    const card = async (p: Page) => {
      await p.locator("org-case-card [part=header]").waitFor()
      await p.locator("org-case-fields [data-field]").first().waitFor()
      await p.locator("org-case-applicant [part=case]").first().waitFor()
    }
    const tab = (name: string, ready: string) => async (p: Page) => {
      await card(p)
      await p.locator(`org-case-card [part=tab][data-tab=${name}]`).click()
      await p.locator(ready).first().waitFor()
    }

    await shot("card", 1360, "scenario=card", async (p) => {
      await card(p)
      await p.locator("org-case-script [part=start]").waitFor()
    })
    await shot("card-en", 1360, "scenario=card&lang=en", async (p) => {
      await card(p)
      await p.locator("org-case-script [part=start]").waitFor()
    })
    await shot("card-420", 420, "scenario=card", card)
    await shot("card-en-420", 420, "scenario=card&lang=en", card)
    await shot("status-menu", 1360, "scenario=card", async (p) => {
      await card(p)
      await p.locator("org-case-card [part=status]").click()
      await p.locator("org-case-card [part=status-menu]").waitFor()
    })
    await shot("unfilled", 1360, "scenario=card&lang=en", async (p) => {
      await card(p)
      await p.evaluate(async () => {
        const w = window as unknown as { desk: { changeFromOtherClient(id: string, c: unknown): void }; fake: { subscribed(t: string): Promise<unknown> }; demoCaseId: string }
        await w.fake.subscribed("case.updated")
        w.desk.changeFromOtherClient(w.demoCaseId, { values: { make: null } })
      })
      await p.waitForTimeout(200)
      await p.locator("org-case-card [part=status]").click()
      await p.locator('org-case-card [part~=move][data-to="completed"]').click()
      await p.locator("org-case-card [part=unfilled]").waitFor()
    })
    await shot("unfilled-420", 420, "scenario=card", async (p) => {
      await card(p)
      await p.locator("org-case-card [part=status]").click()
      await p.locator('org-case-card [part~=move][data-to="completed"]').click()
      await p.locator("org-case-card [part=unfilled]").waitFor()
    })
    await shot("edits-remote", 1360, "scenario=card", async (p) => {
      await card(p)
      await p.locator('org-case-fields [data-field="contract"] textarea').fill("Договор 77-АВ/2024")
      await p.locator('org-case-fields [data-field="vin"] input').fill("XWEPH81ABK0000001")
      await p.evaluate(async () => {
        const w = window as unknown as { desk: { changeFromOtherClient(id: string, c: unknown): void }; fake: { subscribed(t: string): Promise<unknown> }; demoCaseId: string }
        await w.fake.subscribed("case.updated")
        w.desk.changeFromOtherClient(w.demoCaseId, { values: { mileage: 48350 } })
      })
      await p.locator("org-case-fields [part=remote]").waitFor()
    })
    await shot("field-errors-en", 1360, "scenario=card&lang=en", async (p) => {
      await card(p)
      await p.locator('org-case-fields [data-field="vin"] input').fill("XWEPH81ABK00")
      await p.locator('org-case-fields [data-field="mileage"] input').fill("сорок тысяч")
      await p.locator("org-case-fields [part=save]").click()
      await p.locator('org-case-fields [data-field="mileage"] [part=field-error]').waitFor()
      await p.locator('org-case-fields [data-field="mileage"] input').fill("48 300")
      await p.locator("org-case-fields [part=save]").click()
      await p.locator('org-case-fields [data-field="vin"] [part=field-error]').waitFor()
    })
    await shot("dictionary-open", 1360, "scenario=card", async (p) => {
      await card(p)
      await p.locator('org-case-fields [data-field="city"] input').click()
      await p.locator('org-case-fields [data-field="city"] [part=option]').first().waitFor()
    })
    await shot("script", 1360, "scenario=card", async (p) => {
      await card(p)
      await p.locator("org-case-script [part=start]").click()
      await p.locator("org-case-script [part=next]").click()
      await p.locator("org-case-script [part=option]").first().waitFor()
      await p.locator('org-case-script [part=option][data-value="breakdown"]').click()
      await p.locator("org-case-script [part=answer-input]").waitFor()
      await p.locator("org-case-script [part=next]").click()
      await p.locator('org-case-script form[data-question="plate"]').waitFor()
      await p.locator("org-case-script [part=next]").click()
      await p.locator('org-case-script form[data-question="vin"]').waitFor()
      await p.locator("org-case-script [part=answer-input]").fill("XWEPH81ABK000")
      await p.locator("org-case-script [part=next]").click()
      await p.locator("org-case-script [part=field-error]").waitFor()
      await p.locator("org-case-script .jump button").first().click()
    })
    await shot("script-en-420", 420, "scenario=card&lang=en", async (p) => {
      await card(p)
      await p.locator("org-case-script [part=start]").click()
      await p.locator("org-case-script [part=next]").click()
      await p.locator("org-case-script [part=option]").first().waitFor()
    })
    await shot("services", 1360, "scenario=card", tab("services", "org-case-services [part=service]"))
    await shot("services-handoff-en", 1360, "scenario=card&lang=en", async (p) => {
      await tab("services", "org-case-services [part=service]")(p)
      await p.locator("org-case-services [part=service]").nth(1).locator("[part=hand-off]").click()
      await p.locator("org-case-card [part=unfilled]").waitFor()
    })
    await shot("services-add-420", 420, "scenario=card", async (p) => {
      await tab("services", "org-case-services [part=service]")(p)
      await p.locator("org-case-services [part=add]").click()
      await p.locator("org-case-services [part=add-form]").waitFor()
    })
    await shot("chat", 1360, "scenario=card", tab("chat", "org-case-chat [part=message]"))
    await shot("chat-en-420", 420, "scenario=card&lang=en", tab("chat", "org-case-chat [part=message]"))
    await shot("history", 1360, "scenario=card", tab("history", "org-case-history [part=entry]"))
    await shot("history-en-420", 420, "scenario=card&lang=en", tab("history", "org-case-history [part=entry]"))
    await shot("hotline", 1360, "scenario=hotline", async (p) => {
      await p.locator("org-case-card [part=header]").waitFor()
      await p.locator("org-case-fields [data-field]").first().waitFor()
    })
    await shot("hotline-en-420", 420, "scenario=hotline&lang=en", async (p) => {
      await p.locator("org-case-card [part=header]").waitFor()
      await p.locator("org-case-fields [data-field]").first().waitFor()
    })
    await shot("create", 1360, "scenario=create", async (p) => {
      await p.locator("org-case-create [part=form]").waitFor()
      await p.locator('org-case-create [data-field="fault"]').waitFor()
      await p.locator("org-case-create [part=phone]").fill("+7 916 555-12-34")
      await p.locator("org-case-create .known").waitFor()
    })
    await shot("create-errors-en-420", 420, "scenario=create&lang=en", async (p) => {
      await p.locator('org-case-create [data-field="fault"]').waitFor()
      await p.locator("org-case-create [part=submit]").click()
      await p.locator("org-case-create [part=field-error]").first().waitFor()
    })
    await shot("console-card", 1360, "scenario=console", async (p) => {
      await p.locator("org-console org-case-card [part=header]").waitFor()
      await p.locator("org-case-fields [data-field]").first().waitFor()
    })
    await shot("console-card-en-420", 420, "scenario=console&lang=en", async (p) => {
      await p.locator("org-console org-case-card [part=header]").waitFor()
      await p.locator("org-case-fields [data-field]").first().waitFor()
    })
  } finally {
    await browser.close()
    stop()
  }
  for (const file of written) console.log(file)
}
