/**
 * A CRM page on another origin (examples/host-page) embeds <org-case-list>
 * with a widget token its backend minted from an admin API key: the widget
 * lists the tenant's cases, creates one, and receives cases created elsewhere live.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser } from "playwright-core"
import { apiLogin, launchChromium, root, spawnUntil, startServer } from "./support"

const password = "e2e-embed-password"
let server: Awaited<ReturnType<typeof startServer>>
let host: Awaited<ReturnType<typeof spawnUntil>>
let hostUrl = ""
let browser: Browser

beforeAll(async () => {
  server = await startServer(password)
  const admin = await apiLogin(server.base, "admin", password)
  const key = await (await fetch(`${server.base}/api/v1/auth/api-keys`, {
    method: "POST", headers: { cookie: admin, "content-type": "application/json" },
    body: JSON.stringify({ name: "Acme CRM", roles: ["admin"] }),
  })).json()
  // 127.0.0.2 is another origin than the server's 127.0.0.1: the widget runs cross-origin.
  host = await spawnUntil(["bun", "serve.ts"], {
    SWITCHBOARD_URL: server.base, SWITCHBOARD_API_KEY: key.key, WIDGET_USER: "operator", PORT: "0", HOST: "127.0.0.2",
  }, /on (http:\/\/127\.0\.0\.2:\d+)/, join(root, "examples", "host-page"))
  hostUrl = host.match
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  host?.proc.kill()
  await server?.stop()
})

test("the embedded widget lists, creates and receives cases live, across origins", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()))
  await page.goto(hostUrl)
  const rows = page.locator("org-case-list tr[data-id]")
  await rows.first().waitFor({ timeout: 15_000 })
  const before = await rows.count()
  const supervisor = await apiLogin(server.base, "supervisor", password)
  const page1 = await (await fetch(`${server.base}/api/v1/cases?limit=50`, { headers: { cookie: supervisor } })).json()
  expect(before).toBe(page1.items.length) // the demo tenant's cases, first page

  const title = `Из CRM ${Date.now()}`
  await page.locator("org-case-list input[name=title]").fill(title)
  await page.locator("org-case-list button[type=submit]").click()
  await page.locator("org-case-list tr[data-id]", { hasText: title }).waitFor({ timeout: 10_000 })

  // a case opened in the console by someone else arrives over the socket
  await fetch(`${server.base}/api/v1/cases`, {
    method: "POST", headers: { cookie: supervisor, "content-type": "application/json" },
    body: JSON.stringify({ title: "From the console" }),
  })
  await page.locator("org-case-list tr[data-id]", { hasText: "From the console" }).waitFor({ timeout: 10_000 })
  expect(await rows.count()).toBe(before + 2)
  await page.screenshot({ path: join(tmpdir(), "sb-e2e-embedded.png") })
  expect(errors).toEqual([])
}, 120_000)
