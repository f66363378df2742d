/**
 * Screenshots of the virtual PBX tabs of the console's Administration view — SIP accounts, Short
 * numbers, Calls — against the real server (bun server/src/main.ts on 127.0.0.1, a fresh
 * temporary database with the demo tenant and its phones), signed in as the demo admin, in ru and
 * en, at 1360 px and 420 px, with the system Chromium. More accounts and short numbers are created
 * through the API first. A fresh server has made no calls, so besides the real (empty) call list there is
 * a "calls-sample" shot whose `GET /calls` answers are sample records (page.route), to see the
 * table filled.
 *
 *   bun scripts/screenshot-telephony.ts     # writes /tmp/shots-telephony/*.png
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium; SCREENSHOT_DIR overrides the output folder;
 * ONLY=name,name takes only those shots (names without the -lang-width suffix); LANGS=ru,en and
 * WIDTHS=1360,420 narrow the matrix; BUN_PATH overrides `bun`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import type { BrowserContext, Page } from "playwright-core"
import type { CallRecord, Extension, SipAccount } from "../src/api/telephony"
import { launchChromium, widgetsRoot } from "./demo-server"

const outDir = resolve(process.env.SCREENSHOT_DIR ?? "/tmp/shots-telephony")
const only = process.env.ONLY?.split(",").filter(Boolean)
const langs = (process.env.LANGS ?? "ru,en").split(",")
const widths = (process.env.WIDTHS ?? "1360,420").split(",").map(Number)
const PASSWORD = "shots-demo-password-1"
const T = "/api/v1/telephony"

// --- the real server ------------------------------------------------------------------------------

const startServer = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-shots-telephony-"))
  const env: Record<string, string | undefined> = {
    ...process.env, PORT: "0", HOST: "127.0.0.1", SIP_PORT: "0", DATA_DIR: dataDir, SWITCHBOARD_DEMO_PASSWORD: PASSWORD,
  }
  // The embedded database with the demo tenant, whatever the surrounding environment says.
  delete env["DATABASE_URL"]
  delete env["SWITCHBOARD_DEMO_DATA"]
  const proc = Bun.spawn([process.env.BUN_PATH || "bun", "src/main.ts"], { cwd: join(widgetsRoot, "..", "..", "server"), env, stdout: "pipe", stderr: "pipe" })
  let out = ""
  const stop = async () => {
    proc.kill("SIGTERM")
    await proc.exited
    rmSync(dataDir, { recursive: true, force: true })
  }
  void (async () => {
    for await (const chunk of proc.stderr as unknown as AsyncIterable<Uint8Array>) out += new TextDecoder().decode(chunk)
  })()
  const decoder = new TextDecoder()
  for await (const chunk of proc.stdout as unknown as AsyncIterable<Uint8Array>) {
    out += decoder.decode(chunk)
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
    if (m) return { base: m[1]!, stop }
  }
  await stop()
  throw new Error(`the server ended before it was ready:\n${out}`)
}

/** A signed-in admin's API calls (cookie session). */
const adminApi = async (base: string) => {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "admin", password: PASSWORD }),
  })
  if (!login.ok) throw new Error(`admin login: ${login.status}`)
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { cookie, accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
}

/**
 * What a small office's PBX holds, on top of the demo tenant's own phones (operator, supervisor and
 * reception linked or not, numbers 100–103): five more accounts (one blocked) and two numbers.
 */
const seed = async (base: string) => {
  const call = await adminApi(base)
  const made = new Map<string, SipAccount>()
  const accounts = [
    { username: "sales-petrov", comment: "Отдел продаж, Петров" },
    { username: "sales-smirnova", comment: "Отдел продаж, Смирнова" },
    { username: "accounting", comment: "Бухгалтерия, Кузнецова" },
    { username: "director", comment: "Директор, Соколов Александр Владимирович", callLimit: 4 },
    { username: "warehouse-phone-01" },
  ]
  for (const a of accounts) made.set(a.username, await call<SipAccount>("POST", `${T}/accounts`, a))
  const page = await call<{ items: SipAccount[] }>("GET", `${T}/accounts`)
  for (const a of page.items) if (!made.has(a.username)) made.set(a.username, a)
  await call("POST", `${T}/accounts/${made.get("accounting")!.id}/block`)
  const id = (u: string) => made.get(u)!.id
  await call<Extension>("POST", `${T}/extensions`, { number: "200", name: "Отдел продаж", members: [id("sales-petrov"), id("sales-smirnova"), id("director")] })
  await call<Extension>("POST", `${T}/extensions`, { number: "300", name: "Бухгалтерия", members: [id("accounting")] })
  return { made, call }
}

/** Sample call records for "calls-sample" (a fresh server has none). */
const sampleCalls = (made: Map<string, SipAccount>): CallRecord[] => {
  const party = (user: string) => ({ user, displayName: null, uri: `sip:${user}@demo.sip.local` })
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
  const rec = (i: number, p: Partial<CallRecord>): CallRecord => ({
    id: crypto.randomUUID(), callId: crypto.randomUUID(), fromTag: "t", from: party("reception"), to: party("100"),
    callerAccountId: null, calleeAccountId: null, targetAccountIds: [], callerName: null, calleeName: null, direction: "internal",
    startedAt: at(i * 37 + 3), ringingAt: at(i * 37 + 3), answeredAt: null, endedAt: at(i * 37), ringSeconds: 6, talkSeconds: 0,
    disposition: "answered", status: 200, reason: null, hangup: "caller", transfers: [], referredBy: null, replacesCallId: null, ...p,
  })
  const name = (u: string) => made.get(u)?.comment ?? null
  return [
    rec(0, { from: party("reception"), to: party("200"), callerName: name("reception"), calleeName: name("sales-smirnova"), talkSeconds: 184, answeredAt: at(2) }),
    rec(1, { from: party("sales-petrov"), to: party("director"), callerName: name("sales-petrov"), calleeName: name("director"), disposition: "missed", status: 480, reason: "Temporarily Unavailable", ringSeconds: 60 }),
    rec(2, { from: party("director"), to: party("300"), callerName: name("director"), disposition: "failed", status: 403, reason: "Forbidden", ringSeconds: 0, hangup: "system" }),
    rec(3, { from: party("sales-smirnova"), to: party("100"), callerName: name("sales-smirnova"), calleeName: name("reception"), talkSeconds: 3725, answeredAt: at(100), transfers: [{ by: "callee", target: "sip:200@demo.sip.local", targetUser: "200", replaces: null, at: at(90), status: 202 }] }),
    rec(4, { from: party("warehouse-phone-01"), to: party("sales-petrov"), calleeName: name("sales-petrov"), disposition: "busy", status: 486, reason: "Busy Here", ringSeconds: 0 }),
    rec(5, { from: party("reception"), to: party("director"), callerName: name("reception"), calleeName: name("director"), disposition: "cancelled", status: 487, reason: "Request Terminated", ringSeconds: 12, hangup: "caller" }),
  ]
}

// --- shots ----------------------------------------------------------------------------------------

const server = await startServer()
mkdirSync(outDir, { recursive: true })
const browser = await launchChromium()
const written: string[] = []
let seq = 0
try {
  const { made } = await seed(server.base)
  const calls = sampleCalls(made)

  const shot = async (name: string, lang: string, width: number, act: (p: Page, ctx: BrowserContext) => Promise<void>) => {
    if (only && !only.includes(name)) return
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1, locale: lang === "en" ? "en-GB" : "ru-RU", timezoneId: "Europe/Moscow" })
    await context.addInitScript((l) => localStorage.setItem("org.lang", l), lang)
    const login = await context.request.post(`${server.base}/api/v1/auth/login`, { data: { login: "admin", password: PASSWORD } })
    if (!login.ok()) throw new Error(`login: ${login.status()}`)
    const p = await context.newPage()
    p.on("pageerror", (e) => console.error(`[${name}] page error:`, e.message))
    await p.goto(`${server.base}/#admin`)
    await p.locator("org-admin [role=tab]").first().waitFor()
    await act(p, context)
    await p.waitForTimeout(300)
    await p.evaluate(() => window.scrollTo(0, 0))
    const file = join(outDir, `${name}-${lang}-${width}.png`)
    await p.screenshot({ path: file, fullPage: true })
    written.push(file)
    await context.close()
  }
  const openTab = async (p: Page, tab: string, tag: string) => {
    await p.locator(`org-admin [role=tab][data-tab=${tab}]`).click()
    await p.locator(`${tag} table, ${tag} [part=empty]`).first().waitFor()
  }
  const accounts = (p: Page) => openTab(p, "sip-accounts", "org-telephony-accounts")
  const extensions = (p: Page) => openTab(p, "extensions", "org-telephony-extensions")

  for (const lang of langs) {
    for (const width of widths) {
      await shot("accounts", lang, width, accounts)
      await shot("accounts-created", lang, width, async (p) => {
        await accounts(p)
        const el = p.locator("org-telephony-accounts")
        await el.locator("input[name=username]").fill(`office-${lang}-${width}-${++seq}`)
        await el.locator("input[name=comment]").fill(lang === "en" ? "Meeting room" : "Переговорная")
        await el.locator("[part=form] button[type=submit]").click()
        await el.locator("[part=secret] org-copy-field").waitFor()
      })
      await shot("accounts-errors", lang, width, async (p) => {
        await accounts(p)
        const el = p.locator("org-telephony-accounts")
        await el.locator("input[name=username]").fill("reception desk")
        await el.locator("input[name=password]").fill("short")
        await el.locator("input[name=callLimit]").fill("2")
        await el.locator("[part=form] button[type=submit]").click()
        await el.locator("#f-password-error").waitFor()
      })
      await shot("accounts-block-confirm", lang, width, async (p) => {
        await accounts(p)
        await p.locator("org-telephony-accounts tr[data-username=sales-smirnova] [part=block]").click()
        await p.locator("org-telephony-accounts [part=confirm]").waitFor()
      })
      await shot("accounts-edit", lang, width, async (p) => {
        await accounts(p)
        await p.locator("org-telephony-accounts tr[data-username=reception] [part=edit]").click()
        await p.locator("org-telephony-accounts [part=reset-password]").click()
        await p.locator("org-telephony-accounts [part=confirm-yes]").click()
        await p.locator("org-telephony-accounts [part=edit-row] [part=secret]").waitFor()
        await p.locator("org-telephony-accounts [part=delete]").click()
      })
      await shot("accounts-search-empty", lang, width, async (p) => {
        await accounts(p)
        await p.locator("org-telephony-accounts [part=search]").fill("nobody-here")
        await p.locator("org-telephony-accounts [part=reset-filters]").waitFor()
      })
      await shot("extensions", lang, width, extensions)
      await shot("extensions-form", lang, width, async (p) => {
        await extensions(p)
        const el = p.locator("org-telephony-extensions")
        await el.locator("[part=form] input[name=number]").fill("400")
        await el.locator("[part=form] input[name=name]").fill(lang === "en" ? "Support" : "Поддержка")
        const picker = el.locator("[part=form] org-telephony-members")
        await picker.locator("[part=member-option]").nth(1).check()
        await picker.locator("[part=member-option]").nth(4).check()
        await picker.locator("[part=member-filter]").fill("sales")
      })
      await shot("extensions-edit", lang, width, async (p) => {
        await extensions(p)
        await p.locator("org-telephony-extensions tr[data-number='200'] [part=edit]").click()
        await p.locator("org-telephony-extensions [part=edit-form] org-telephony-members [part=member-chip]").first().waitFor()
        await p.locator("org-telephony-extensions [part=edit-form] input[name=number]").fill("10a")
        await p.locator("org-telephony-extensions [part=save]").click()
        await p.locator("org-telephony-extensions #e-number-error").waitFor()
      })
      await shot("calls-empty", lang, width, (p) => openTab(p, "calls", "org-telephony-calls"))
      await shot("calls-sample", lang, width, async (p) => {
        await p.route("**/api/v1/telephony/calls?*", (route) => route.fulfill({ json: { items: calls, nextCursor: "sample" } }))
        await openTab(p, "calls", "org-telephony-calls")
        await p.locator("org-telephony-calls select[name=account] option").nth(3).waitFor({ state: "attached" })
        await p.locator("org-telephony-calls select[name=direction]").selectOption("internal")
        await p.locator("org-telephony-calls tbody tr").first().waitFor()
      })
      await shot("calls-range-error", lang, width, async (p) => {
        await openTab(p, "calls", "org-telephony-calls")
        await p.locator("org-telephony-calls input[name=to]").fill("2026-03-01")
        await p.locator("org-telephony-calls input[name=from]").fill("2026-03-05")
        await p.locator("org-telephony-calls #range-error").waitFor()
      })
    }
  }
} finally {
  await browser.close()
  await server.stop()
}
console.log(written.join("\n"))
