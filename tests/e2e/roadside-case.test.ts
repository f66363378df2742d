/**
 * End to end, the roadside desk's main path in the console (real server on a
 * fresh embedded database with the demo desk, Chromium): an operator opens a
 * roadside case, fills it through the intake script, orders a tow truck, is
 * refused "to back office" with the missing fields listed, fills them, hands
 * the service off — and a second operator with the same case open sees the
 * changes arrive live.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { apiLogin, launchChromium, startServer } from "./support"

const password = "e2e-roadside-password"
let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser

beforeAll(async () => {
  server = await startServer(password)
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const signedIn = async (login: string) => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1360, height: 900 } })
  await context.addInitScript(() => localStorage.setItem("org.lang", "en")) // the console's language choice
  const page = await context.newPage()
  await page.goto(server.base + "/")
  await page.locator("org-login input[name=login]").fill(login)
  await page.locator("org-login input[name=password]").fill(password)
  await page.locator("org-login button[type=submit]").click()
  await page.locator("org-top-bar").waitFor()
  return page
}

/** Picks `text` in an <org-dictionary-select> (type, then click the first matching option). */
const pick = async (page: Page, select: string, text: string) => {
  await page.locator(`${select} input[part=input]`).fill(text)
  await page.locator(`${select} [part=option]`, { hasText: text }).first().click()
}

test("roadside: script, refused hand-off with the missing fields, fill, hand off; seen live by a second operator", async () => {
  const one = await signedIn("operator")

  // 1. a new roadside case from the console
  await one.locator("org-console [part=new-case]").click()
  await one.locator("org-case-create input[name=type][value=roadside]").check()
  await one.locator('org-case-create [data-field="fault"] [data-input]').waitFor()
  const phone = `+7916${String(Date.now()).slice(-7)}`
  await one.locator("org-case-create input[name=applicantPhone]").fill(phone)
  await one.locator('org-case-create [data-field="fault"] [data-input]').fill("Won't start after a car wash")
  await one.locator('org-case-create [data-field="contact_phone"] [data-input]').fill(phone)
  await one.locator("org-case-create input[name=title]").fill("E2E: Kia Rio won't start, MKAD 41 km")
  await one.locator("org-case-create [part=submit]").click()
  await one.waitForURL(/#cases\/[0-9a-f-]{36}$/, { timeout: 15_000 })
  const caseId = one.url().split("#cases/")[1]!
  const number = (await one.locator("org-case-card [part=number]").textContent({ timeout: 15_000 }))!.trim()
  expect(number).toMatch(/^RA-\d{4}-\d{5}$/)

  // 2. the second operator opens the same case
  const two = await signedIn("supervisor")
  await two.goto(`${server.base}/#cases/${caseId}`)
  await two.locator("org-case-card [part=number]", { hasText: number }).waitFor({ timeout: 15_000 })

  // 3. the intake script: answers land in the case's fields
  const script = "org-case-card org-case-script"
  await one.locator(`${script} [part=start]`).click()
  const answer = async (question: string, value: string) => {
    await one.locator(`${script} form[data-question="${question}"]`).waitFor({ timeout: 10_000 })
    await one.locator(`${script} [part=answer-input]`).fill(value)
    await one.locator(`${script} [part=next]`).click()
  }
  const choose = async (question: string, value: string) => {
    await one.locator(`${script} form[data-question="${question}"]`).waitFor({ timeout: 10_000 })
    await one.locator(`${script} [part=option][data-value="${value}"]`).click()
  }
  const next = async (question: string) => {
    await one.locator(`${script} form[data-question="${question}"]`).waitFor({ timeout: 10_000 })
    await one.locator(`${script} [part=next]`).click()
  }
  await answer("caller", "Ivan Petrov")
  await answer("contact_phone", phone)
  await choose("injured", "no")
  await choose("location", "road")
  await next("road_safety")
  await answer("fault", "Won't start after a car wash, battery light on")
  await answer("plate", "a123bc77")
  await answer("vin", "XTA21099012345678")
  // make, model and program are left for later: jump to the address
  await one.locator(`${script} button[aria-controls=qlist]`).click()
  await one.locator(`${script} [part=jump][data-question="breakdown_address"]`).click()
  await answer("breakdown_address", "MKAD, 41 km, outer side")
  await next("summary")
  await one.locator(`${script} [part=finished]`).waitFor({ timeout: 10_000 })
  const plate = one.locator('org-case-card org-case-fields [data-field="plate"] [data-input]')
  await expect(plate.inputValue()).resolves.toBe("А123ВС77")

  // the second operator saw the script's answers arrive
  await eventually(() => two.locator('org-case-card org-case-fields [data-field="plate"] [data-input]').inputValue(), "А123ВС77")

  // 4. a tow truck, handed to back office too early: refused, with what is missing
  await one.locator("org-case-card [part=tab][data-tab=services]").click()
  const services = "org-case-card org-case-services"
  await one.locator(`${services} [part=add]`).click()
  await one.locator(`${services} select[name=kind]`).selectOption("TOW")
  await one.locator(`${services} [part=add-submit]`).click()
  await one.locator(`${services} [part=service]`).waitFor({ timeout: 10_000 })
  await one.locator(`${services} [part=service] [part=hand-off]`).click()
  const unfilled = one.locator("org-case-card [part=unfilled] li")
  await unfilled.first().waitFor({ timeout: 10_000 })
  const missing = (await unfilled.allTextContents()).map((s) => s.trim())
  expect(missing).toEqual(expect.arrayContaining(["Tow truck: Partner", "Make", "Model", "Program", "Contract", "Nearest city"]))
  expect(missing).not.toContain("Plate")
  await one.screenshot({ path: join(tmpdir(), "sb-e2e-refused.png") })

  // 5. fill what is missing: the case's fields …
  const fields = "org-case-card org-case-fields"
  await pick(one, `${fields} [data-field="make"] org-dictionary-select`, "Kia")
  await pick(one, `${fields} [data-field="model"] org-dictionary-select`, "Rio")
  await pick(one, `${fields} [data-field="program"] org-dictionary-select`, "Kia Assistance")
  await pick(one, `${fields} [data-field="city"] org-dictionary-select`, "Moscow")
  await one.locator(`${fields} [data-field="contract"] [data-input]`).fill("RA-2025-0042")
  await one.locator(`${fields} [part=save]`).click()
  await eventually(async () => (await fetchCase(caseId)).values.contract, "RA-2025-0042")

  // … and the service's: partner, costs, ordered
  // (the refusal already opened the service's form on what it lacks)
  const form = one.locator(`${services} [part=edit-form]`)
  if (!(await form.isVisible())) await one.locator(`${services} [part=service] [part=edit]`).click()
  await form.locator("select[name=partnerId]").selectOption({ label: "Эвакуатор-24" })
  await form.locator("input[name=customerCost]").fill("6500")
  await form.locator("input[name=partnerCost]").fill("5200")
  await form.locator("input[name=orderedAt]").fill("2026-11-21T10:05")
  await form.locator("[part=save-service]").click()
  await form.waitFor({ state: "detached", timeout: 10_000 })

  // 6. the hand-off goes through
  await one.locator(`${services} [part=service] [part=hand-off]`).click()
  await one.locator(`${services} [part=service] .s-handed`).waitFor({ timeout: 10_000 })
  const service = (await api(`/api/v1/cases/${caseId}/services`)).items[0]
  expect(service).toMatchObject({ kind: "TOW", partnerName: "Эвакуатор-24", customerCost: { amount: 650_000, currency: "RUB" } })
  expect(service.handedOffAt).toBeString()

  // 7. the second operator sees the filled fields and the handed-off service live
  await eventually(() => two.locator('org-case-card org-case-fields [data-field="contract"] [data-input]').inputValue(), "RA-2025-0042")
  await two.locator("org-case-card [part=tab][data-tab=services]").click()
  await two.locator("org-case-card org-case-services [part=service] .s-handed").waitFor({ timeout: 10_000 })
  await two.screenshot({ path: join(tmpdir(), "sb-e2e-handed-off.png") })
}, 180_000)

/** Waits until `read()` gives `expected` (live updates take a moment); fails with the last value. */
const eventually = async <T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs
  let last = await read()
  while (last !== expected && Date.now() < until) {
    await Bun.sleep(100)
    last = await read()
  }
  expect(last as unknown).toBe(expected as unknown)
}

let cookie: string | undefined
const api = async (path: string) => {
  cookie ??= await apiLogin(server.base, "supervisor", password)
  const res = await fetch(server.base + path, { headers: { cookie } })
  return res.json() as Promise<any>
}
const fetchCase = (id: string) => api(`/api/v1/cases/${id}`)
