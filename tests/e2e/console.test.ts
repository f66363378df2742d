/**
 * End to end: the real server process on a fresh embedded database, the
 * console driven in Chromium. Log in, create a case, see it appear live in a
 * second logged-in page, log out.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser } from "playwright-core"
import { launchChromium, startServer } from "./support"

const password = "e2e-demo-password"
let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let base = ""

beforeAll(async () => {
  server = await startServer(password)
  base = server.base
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const loggedIn = async (login: string, lang: "ru" | "en") => {
  const context = await browser.newContext({ locale: lang === "ru" ? "ru-RU" : "en-US", viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(base + "/")
  await page.locator("org-login input[name=login]").fill(login)
  await page.locator("org-login input[name=password]").fill(password)
  await page.locator("org-login input[name=remember]").check()
  await page.locator("org-login button[type=submit]").click()
  await page.locator("org-top-bar").waitFor()
  await page.locator("org-case-list tr[data-id]").first().waitFor()
  return { context, page }
}

test("log in, create a case, see it live in a second page, log out", async () => {
  // a wrong password shows the message and keeps the form
  const probe = await browser.newPage()
  await probe.goto(base + "/")
  await probe.locator("org-login input[name=login]").fill("operator")
  await probe.locator("org-login input[name=password]").fill("wrong password")
  await probe.locator("org-login button[type=submit]").click()
  await expect(probe.locator("org-login [role=alert]").textContent({ timeout: 10_000 })).resolves.toMatch(/Неверный логин или пароль|Wrong login or password/)
  await probe.close()

  const one = await loggedIn("operator", "ru")
  const two = await loggedIn("supervisor", "en")
  const rowsBefore = await two.page.locator("org-case-list tr[data-id]").count()

  // the remember-me cookie is HttpOnly and persistent
  const cookie = (await one.context.cookies()).find((c) => c.name === "sb_session")!
  expect(cookie.httpOnly).toBe(true)
  expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600)

  // the new-case form: missing required fields are refused in place
  await one.page.locator("org-console [part=new-case]").click()
  await one.page.locator("org-case-create input[name=type][value=roadside]").check()
  await one.page.locator('org-case-create [data-field="fault"] [data-input]').waitFor()
  await one.page.locator("org-case-create [part=submit]").click()
  await one.page.locator("org-case-create [part=field-error]").first().waitFor()

  const title = `E2E: эвакуатор ${Date.now()}`
  await one.page.locator("org-case-create input[name=title]").fill(title)
  await one.page.locator('org-case-create [data-field="fault"] [data-input]').fill("не заводится")
  await one.page.locator('org-case-create [data-field="contact_phone"] [data-input]').fill("+7 916 000-11-22")
  await one.page.locator("org-case-create [part=submit]").click()
  // the console opens the new case's card
  await one.page.locator("org-case-card [part=header]", { hasText: title }).waitFor({ timeout: 10_000 })

  // the second page gets it over the events socket, without reloading
  await two.page.locator("org-case-list tr[data-id]", { hasText: title }).waitFor({ timeout: 10_000 })
  expect(await two.page.locator("org-case-list tr[data-id]").count()).toBe(rowsBefore + 1)
  await two.page.screenshot({ path: join(tmpdir(), "sb-e2e-live.png") })

  // log out: back to the login form, and the session is gone on the server
  await one.page.locator("org-top-bar button[part=logout]").click()
  await one.page.locator("org-login input[name=login]").waitFor()
  const me = await one.page.evaluate(async () => (await fetch("/api/v1/auth/me")).status)
  expect(me).toBe(401)
  await one.page.reload()
  await one.page.locator("org-login input[name=login]").waitFor()

  await one.context.close()
  await two.context.close()
}, 120_000)
