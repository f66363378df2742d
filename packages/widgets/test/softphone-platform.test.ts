/**
 * The softphone against the platform server itself (`bun server/src/main.ts`, embedded database,
 * demo tenant): SIP accounts linked to the demo operator and supervisor through the API, an
 * extension each, `<org-softphone>` in the console page getting its credentials from
 * `GET /api/v1/telephony/me/sip` with the session cookie and registering over the server's `/sip`;
 * the operator calls the supervisor's extension, audio flows both ways, the call record is kept.
 * Server and Chromium share a private network namespace (test-support/netns.sh); skipped where
 * namespaces cannot be made.
 *
 *   cd packages/widgets && bun test test/softphone-platform.test.ts
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium, type Browser, type Page } from "playwright-core"
import { chromiumArgs, netnsUnavailable, until } from "./softphone-support"

const unavailable = netnsUnavailable()
if (unavailable) console.warn(`softphone platform test skipped: ${unavailable}`)

const root = join(import.meta.dir, "..", "..", "..")
const netns = join(import.meta.dir, "..", "test-support", "netns.sh")
const PASSWORD = "softphone-demo-pw-1"

describe.skipIf(unavailable !== undefined)("<org-softphone> with the platform server", () => {
  let server: ReturnType<typeof Bun.spawn>
  let dataDir: string
  let base: string
  let browser: Browser

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "sb-softphone-"))
    server = Bun.spawn([netns, "run", process.execPath, "server/src/main.ts"], {
      cwd: root,
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0", SIP_PORT: "0", DATA_DIR: dataDir, DATABASE_URL: "", SWITCHBOARD_DEMO_PASSWORD: PASSWORD },
      stdout: "pipe",
      stderr: "inherit",
    })
    const reader = (server.stdout as ReadableStream<Uint8Array>).getReader()
    const dec = new TextDecoder()
    let out = ""
    const deadline = Date.now() + 90_000
    while (!/listening on (http:\/\/127\.0\.0\.1:\d+)/.test(out)) {
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${out}`)
      const { value, done } = await reader.read()
      if (done) throw new Error(`the server ended:\n${out}`)
      out += dec.decode(value)
    }
    base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!
    void (async () => {
      for (;;) if ((await reader.read()).done) break
    })()
    browser = await chromium.launch({
      executablePath: netns,
      env: { ...process.env, SOFTPHONE_NETNS_PID: String(server.pid) } as Record<string, string>,
      args: chromiumArgs,
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    server?.kill("SIGTERM")
    await server?.exited
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  /** fetch from inside the namespace (the page's origin is the server). */
  const call = (page: Page, method: string, path: string, body?: unknown) =>
    page.evaluate(
      async ([method, path, body]) => {
        const r = await fetch(path as string, {
          method: method as string,
          credentials: "include",
          headers: body === undefined ? {} : { "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
        const text = await r.text()
        return { status: r.status, body: text ? JSON.parse(text) : undefined }
      },
      [method, path, body] as const,
    )

  const signedIn = async (login: string) => {
    const context = await browser.newContext({ viewport: { width: 420, height: 760 } })
    const page = await context.newPage()
    page.on("pageerror", (e) => console.error(`[${login}] page error:`, e.message))
    await page.goto(`${base}/health`)
    const r = await call(page, "POST", "/api/v1/auth/login", { login, password: PASSWORD })
    expect(r.status).toBe(200)
    return page
  }

  // the softphone docked in the console
  const level = (page: Page) =>
    page.evaluate(() => document.querySelector("org-console")?.shadowRoot?.querySelector("org-softphone")?.shadowRoot?.querySelector("[part=status]")?.getAttribute("data-level"))
  const phase = (page: Page) =>
    page.evaluate(() => (document.querySelector("org-console")?.shadowRoot?.querySelector("org-softphone") as unknown as { activeCall?: { phase: string } } | null)?.activeCall?.phase)
  const received = (page: Page) =>
    page.evaluate(async () => {
      const pc = (document.querySelector("org-console")!.shadowRoot!.querySelector("org-softphone") as unknown as { peerConnection(): RTCPeerConnection | undefined }).peerConnection()
      let n = 0
      ;(await pc!.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === "inbound-rtp" && s.kind === "audio") n += s.packetsReceived ?? 0
      })
      return n
    })

  test("the demo operator calls the supervisor's extension from the console's phone through the platform server; audio both ways; the call is recorded", async () => {
    // the demo tenant comes with phones: the operator's (101) and the supervisor's (102), linked to them
    const admin = await signedIn("admin")
    const accounts = (await call(admin, "GET", "/api/v1/telephony/accounts?limit=100")).body.items as { username: string; userId: string | null }[]
    expect(accounts.filter((a) => a.userId !== null).map((a) => a.username).sort()).toEqual(["operator", "supervisor"])
    const numbers = (await call(admin, "GET", "/api/v1/telephony/extensions")).body as { number: string }[] | { items: { number: string }[] }
    expect((Array.isArray(numbers) ? numbers : numbers.items).map((e) => e.number).sort()).toEqual(["100", "101", "102", "103"])

    // both open the console: its docked softphone registers with their accounts; the phone shows in the nav
    const [operator, supervisor] = await Promise.all([signedIn("operator"), signedIn("supervisor")])
    for (const page of [operator, supervisor]) await page.goto(`${base}/`)
    await until("both registered", async () => [await level(operator), await level(supervisor)], (l) => l[0] === "ok" && l[1] === "ok", 20_000)
    await operator.locator("org-console [part=phone-toggle]").click()
    expect(await operator.locator("org-console [part=phone-dock]").isVisible()).toBe(true)
    expect(await supervisor.locator("org-console [part=phone-dock]").isVisible()).toBe(false)
    expect(await operator.locator("org-softphone .me").textContent()).toContain("101")

    await operator.locator("org-softphone #dial").fill("102")
    await operator.locator("org-softphone [part=call-button]").click()
    await until("supervisor ringing", () => phase(supervisor), (p) => p === "ringing", 15_000)
    // the ringing call opened the supervisor's dock; he sees the operator's short number and account comment
    await until("supervisor's dock open", () => supervisor.locator("org-console [part=phone-dock]").isVisible(), (v) => v)
    const shown = await supervisor.evaluate(() => document.querySelector("org-console")!.shadowRoot!.querySelector("org-softphone")!.shadowRoot!.textContent ?? "")
    expect(shown).toContain("101")
    expect(shown).toContain("Ольга Операторова")
    await supervisor.locator("org-softphone [part~=answer]").first().click()
    await until("both talking", async () => [await phase(operator), await phase(supervisor)], (p) => p[0] === "active" && p[1] === "active")
    await until("operator hears", () => received(operator), (n) => n > 10, 10_000)
    await until("supervisor hears", () => received(supervisor), (n) => n > 10, 10_000)
    await operator.locator("org-softphone [part~=hangup]").click()
    await until("supervisor idle", () => phase(supervisor), (p) => p === undefined)

    const records = await until(
      "the call record",
      async () => (await call(supervisor, "GET", "/api/v1/telephony/calls?limit=5")).body as { items?: { disposition: string }[] },
      (b) => (b.items?.length ?? 0) > 0,
      10_000,
    )
    expect(records.items![0]!.disposition).toBe("answered")
  }, 120_000)
})
