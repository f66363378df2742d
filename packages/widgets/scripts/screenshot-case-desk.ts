/**
 * Screenshots of the case desk's `<org-case-list>` (filters, typed rows, attention), the reference
 * book editor `<org-dictionary-editor>` and the roadside `<org-case-dashboard>` against the
 * in-page fake, in ru and en, at desktop width and ~420 px.
 *
 *   bun scripts/screenshot-case-desk.ts            # writes .tmp/screenshots-case-desk/*.png
 *   bun scripts/screenshot-case-desk.ts --serve    # only serves the demo page, prints its URL
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium; SCREENSHOT_DIR overrides the output folder;
 * ONLY=name,name takes only those shots.
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Page } from "playwright-core"
import { launchChromium, serveDemo, widgetsRoot } from "./demo-server"

const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(widgetsRoot, ".tmp", "screenshots-case-desk"))
const only = process.env.ONLY?.split(",").filter(Boolean)

const { base, stop } = await serveDemo({ entry: "src/test/demo-case-desk.ts", title: "Switchboard case desk demo", background: "#fff" })

if (process.argv.includes("--serve")) {
  console.log(`demo: ${base}/?scenario=list (list | list-form | dictionary | dictionary-operator | partners | dashboard | dashboard-empty; &lang=en)`)
} else {
  mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  const written: string[] = []
  try {
    const shot = async (name: string, width: number, query: string, act?: (p: Page) => Promise<void>) => {
      if (only && !only.includes(name)) return
      const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1, locale: "ru-RU", timezoneId: "Europe/Moscow" })
      const p = await context.newPage()
      p.on("pageerror", (e) => console.error(`[${name}] page error:`, e.message))
      p.on("console", (m) => m.type() === "error" && !m.text().includes("404") && console.error(`[${name}] console:`, m.text()))
      await p.goto(`${base}/?${query}`)
      if (act) await act(p)
      await p.waitForTimeout(300)
      await p.evaluate(() => window.scrollTo(0, 0))
      const file = join(outDir, `${name}.png`)
      await p.screenshot({ path: file, fullPage: true })
      written.push(file)
      await context.close()
    }
    const rows = (p: Page) => p.locator("org-case-list tbody tr").nth(5).waitFor()
    const named = (p: Page) => p.locator("org-case-list td.c-assignee", { hasText: "Ольга" }).first().waitFor()
    const items = (p: Page) => p.locator("org-dictionary-editor [part=item]").first().waitFor()
    const tiles = async (p: Page) => {
      await p.locator("org-case-dashboard [part=tiles]").waitFor()
      await p.locator("org-case-dashboard select[name=city] option").nth(1).waitFor({ state: "attached" })
    }
    const chart = async (p: Page) => {
      await tiles(p)
      await p.locator("org-case-dashboard #chart canvas").first().waitFor()
    }

    // The case list.
    await shot("list", 1360, "scenario=list", async (p) => {
      await rows(p)
      await named(p)
    })
    await shot("list-en", 1360, "scenario=list&lang=en", rows)
    await shot("list-1024", 1024, "scenario=list", async (p) => {
      await rows(p)
      await named(p)
    })
    await shot("list-420", 420, "scenario=list", rows)
    await shot("list-en-420", 420, "scenario=list&lang=en", rows)
    await shot("list-filtered", 1360, "scenario=list", async (p) => {
      await rows(p)
      await p.locator("org-case-list select[name=type]").selectOption("hotline")
      await p.locator("org-case-list select[name=status] option").nth(3).waitFor({ state: "attached" })
      await p.locator("org-case-list input[name=statusGroup][value=active]").check({ force: true })
      await p.locator("org-case-list select[name=period]").selectOption("range")
      await p.locator("org-case-list [part=reset]").waitFor()
    })
    await shot("list-range-error-en-420", 420, "scenario=list&lang=en", async (p) => {
      await rows(p)
      await p.locator("org-case-list select[name=period]").selectOption("range")
      await p.locator("org-case-list input[name=to]").fill("2025-03-01")
      await p.locator("org-case-list input[name=from]").fill("2025-03-05")
      await p.locator("org-case-list #range-error").waitFor()
    })
    await shot("list-attention-live", 1360, "scenario=list", async (p) => {
      await rows(p)
      await p.locator("org-case-list [part=attention-toggle]").click()
      await p.locator("org-case-list tbody tr").nth(1).waitFor()
      await p.evaluate(async () => {
        const w = window as unknown as { fake: { api: { subscribed(t: string): Promise<unknown> }; createFromOtherClient(c: unknown): void } }
        await w.fake.api.subscribed("case.created")
        w.fake.createFromOtherClient({ type: "hotline", status: "new", title: "Срочно: пациент не может дозвониться в скорую", applicantPhone: "+79990001122", flags: ["attention"] })
      })
      await p.locator("org-case-list tr.fresh").waitFor()
    })
    await shot("list-empty-search-en", 1360, "scenario=list&lang=en", async (p) => {
      await rows(p)
      await p.locator("org-case-list [part~=search]").fill("no such case")
      await p.locator("org-case-list [part=empty]").waitFor()
    })
    await shot("list-form-420", 420, "scenario=list-form", rows)

    // Reference books.
    await shot("dictionary", 1360, "scenario=dictionary", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").first().click()
      await p.locator("org-dictionary-editor #i-code").waitFor()
    })
    await shot("dictionary-models-en", 1360, "scenario=dictionary&lang=en", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=dictionary][data-key=models]").click()
      await p.locator("org-dictionary-editor [part=item] .row-sub").first().waitFor()
      await p.locator("org-dictionary-editor [part=item]").nth(1).click()
      await p.locator("org-dictionary-editor #i-parent").waitFor()
      await p.locator("org-dictionary-editor #i-en").fill("Sportage X")
    })
    await shot("dictionary-errors", 1360, "scenario=dictionary", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").nth(2).click()
      await p.locator("org-dictionary-editor #i-code").fill("MOW")
      await p.locator("org-dictionary-editor .add-attr").click()
      await p.locator("org-dictionary-editor [name=attrKey]").last().fill("region")
      await p.locator("org-dictionary-editor [part=save]").click()
      await p.locator("org-dictionary-editor .attributes [part=field-error]").waitFor()
      await p.locator("org-dictionary-editor [name=attrKey]").last().fill("airport")
      await p.locator("org-dictionary-editor [name=attrValue]").last().fill("KZN")
      await p.locator("org-dictionary-editor [part=save]").click()
      await p.locator("org-dictionary-editor #i-code-error").waitFor()
    })
    await shot("dictionary-stale-en", 1360, "scenario=dictionary&lang=en", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").first().click()
      await p.evaluate(() => {
        const w = window as unknown as { fake: { items: Map<string, { id: string }[]>; changeItemElsewhere(k: string, id: string): void } }
        w.fake.changeItemElsewhere("cities", w.fake.items.get("cities")![0]!.id)
      })
      await p.locator("org-dictionary-editor #i-en").fill("Moscow City")
      await p.locator("org-dictionary-editor [part=save]").click()
      await p.locator("org-dictionary-editor [part=stale]").waitFor()
    })
    await shot("dictionary-archive", 1360, "scenario=dictionary", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").nth(3).click()
      await p.locator("org-dictionary-editor [part=archive]").click()
      await p.locator("org-dictionary-editor [part=confirm-archive]").waitFor()
    })
    await shot("dictionary-operator", 1360, "scenario=dictionary-operator", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").first().click()
      await p.locator("org-dictionary-editor [part=read-only]").waitFor()
    })
    await shot("dictionary-420", 420, "scenario=dictionary", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").first().click()
      await p.locator("org-dictionary-editor #i-code").waitFor()
    })
    await shot("partners", 1360, "scenario=partners", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").first().click()
      await p.locator("org-dictionary-editor #p-name").waitFor()
    })
    await shot("partners-schedule", 1360, "scenario=partners", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]", { hasText: "Kia" }).click()
      await p.locator("org-dictionary-editor [data-day=mon]").waitFor()
    })
    await shot("partners-errors-en", 1360, "scenario=partners&lang=en", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").nth(1).click()
      await p.locator("org-dictionary-editor #p-phones").fill("+7 495 000-00-00, call me")
      await p.locator("org-dictionary-editor #p-lat").fill("55.7")
      await p.locator("org-dictionary-editor #p-lon").fill("")
      await p.locator("org-dictionary-editor [part=save]").click()
      await p.locator("org-dictionary-editor #p-lon-error").waitFor()
      await p.locator("org-dictionary-editor #p-lon").fill("37.6")
      await p.locator("org-dictionary-editor [part=save]").click()
      await p.locator("org-dictionary-editor #p-phones-error").waitFor()
    })
    await shot("partners-420", 420, "scenario=partners&lang=en", async (p) => {
      await items(p)
      await p.locator("org-dictionary-editor [part=item]").first().click()
      await p.locator("org-dictionary-editor #p-name").waitFor()
    })

    // The dashboard.
    await shot("dashboard", 1360, "scenario=dashboard", chart)
    await shot("dashboard-en", 1360, "scenario=dashboard&lang=en", chart)
    await shot("dashboard-1024", 1024, "scenario=dashboard", chart)
    await shot("dashboard-420", 420, "scenario=dashboard", chart)
    await shot("dashboard-empty-en", 1360, "scenario=dashboard-empty&lang=en", tiles)
  } finally {
    await browser.close()
    stop()
  }
  for (const file of written) console.log(file)
}
