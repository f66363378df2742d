/**
 * Messages over HTTP. The default server has no provider (messages are kept
 * as not_sent); a second server is configured from the environment with
 * SMS.ru pointed at an imitation on 127.0.0.1 that answers as SMS.ru documents.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createTenant, type Role } from "@org/core/server"
import { createTestDatabase } from "@org/core/testing"
import { makeApp } from "../src/app"
import { ConfigError, loadConfig } from "../src/config"
import { makeRuntime, runtimeOptions } from "../src/runtime"
import { startTestApp, type TestApp } from "./harness"

const API_ID = "server-test-api-id"
const smsRu = { requests: [] as Record<string, string>[], seq: 0 }
let fake: ReturnType<typeof Bun.serve>

let t: TestApp
let A: Awaited<ReturnType<TestApp["tenant"]>>
let B: Awaited<ReturnType<TestApp["tenant"]>>
let op: string
let admin: string
let adminKey: string
let operatorKey: string
beforeAll(async () => {
  fake = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const form = Object.fromEntries(new URLSearchParams(await req.text()))
      smsRu.requests.push(form)
      if (form.api_id !== API_ID) return Response.json({ status: "ERROR", status_code: 200, status_text: "Неправильный api_id" })
      return Response.json({ status: "OK", status_code: 100, sms: { [form.to]: { status: "OK", status_code: 100, sms_id: `000000-${++smsRu.seq}` } }, balance: 10 })
    },
  })
  t = await startTestApp()
  A = await t.tenant()
  B = await t.tenant()
  op = await A.login("operator")
  admin = await A.login("admin")
  adminKey = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "sms gateway", roles: ["admin"] } })).json.key
  operatorKey = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "crm", roles: ["operator"] } })).json.key
}, 60_000)
afterAll(async () => {
  await t.close()
  fake.stop(true)
})

const M = "/api/v1/cases/messages"
const newCase = async (body: Record<string, unknown>, cookie = op) => (await t.call("POST", "/api/v1/cases", { cookie, body })).json

describe("the embedded default: no provider", () => {
  test("channels say nothing is configured", async () => {
    const r = await t.call("GET", `${M}/channels`, { cookie: op })
    expect(r.json).toEqual([
      { channel: "sms", configured: false, provider: null },
      { channel: "email", configured: false, provider: null },
      { channel: "push", configured: false, provider: null },
    ])
  })

  test("an SMS is kept as not_sent / no_provider, in the chat and the journal", async () => {
    const c = await newCase({ title: "chat", applicantPhone: "8 916 111-22-33" })
    const r = await t.call("POST", `/api/v1/cases/${c.id}/messages`, { cookie: op, body: { channel: "sms", text: "Здравствуйте!" } })
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({ caseId: c.id, direction: "out", channel: "sms", to: "+79161112233", status: "not_sent", statusReason: "no_provider" })
    expect((await t.call("GET", `/api/v1/cases/${c.id}/messages`, { cookie: op })).json.items.map((m: any) => m.id)).toEqual([r.json.id])
    const journal = (await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: op })).json.items
    expect(journal.at(-1)).toMatchObject({ kind: "message", data: { messageId: r.json.id, text: "Здравствуйте!" } })
  })

  test("bad input is 400 with the fields, in the asked language", async () => {
    const c = await newCase({ title: "bad" })
    const r = await t.call("POST", `/api/v1/cases/${c.id}/messages`, { cookie: op, lang: "ru", body: { channel: "fax", text: "" } })
    expect(r.status).toBe(400)
    expect(r.json.fields.map((f: any) => f.path).sort()).toEqual(["channel", "text"])
    const noAddress = await t.call("POST", `/api/v1/cases/${c.id}/messages`, { cookie: op, lang: "ru", body: { channel: "sms", text: "x" } })
    expect(noAddress.json.fields).toEqual([{ path: "to", message: "У обращения нет адреса для этого канала: укажите его" }])
    const badPhone = await t.call("POST", `/api/v1/cases/${c.id}/messages`, { cookie: op, body: { channel: "sms", text: "x", to: "call me" } })
    expect(badPhone.json.fields[0].path).toBe("to")
  })

  test("inbound with an admin API key joins by number, then by phone; nothing to join → 404 no_case_for_message", async () => {
    const byNumber = await newCase({ title: "by number", applicantPhone: "+79162223344" })
    const r = await t.call("POST", `${M}/inbound`, { token: adminKey, body: { channel: "sms", from: "+79160000000", text: "По заявке", caseNumber: byNumber.number } })
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({ caseId: byNumber.id, direction: "in", status: "received", from: "+79160000000", by: null })
    const byPhone = await newCase({ title: "newest", applicantPhone: "+79162223344" })
    const r2 = await t.call("POST", `${M}/inbound`, { cookie: admin, body: { channel: "sms", from: "8 (916) 222-33-44", text: "Алло" } })
    expect(r2.json.caseId).toBe(byPhone.id)
    const none = await t.call("POST", `${M}/inbound`, { token: adminKey, lang: "ru", body: { channel: "sms", from: "+79169999999", text: "?" } })
    expect(none.status).toBe(404)
    expect(none.json).toMatchObject({ code: "no_case_for_message", status: 404 })
    expect(none.headers.get("content-type")).toContain("application/problem+json")
  })

  test("inbound and status reports need the admin role", async () => {
    const body = { channel: "sms", from: "+79162223344", text: "x" }
    expect((await t.call("POST", `${M}/inbound`, { cookie: op, body })).status).toBe(403)
    expect((await t.call("POST", `${M}/inbound`, { token: operatorKey, body })).status).toBe(403)
    expect((await t.call("POST", `${M}/inbound`, { body })).status).toBe(401)
    expect((await t.call("POST", `${M}/status`, { token: operatorKey, body: { providerMessageId: "1", status: "delivered" } })).status).toBe(403)
    expect((await t.call("POST", `${M}/status`, { token: adminKey, body: { providerMessageId: "unknown", status: "delivered" } })).status).toBe(404)
    expect((await t.call("POST", `${M}/status`, { token: adminKey, body: { providerMessageId: "1", status: "read" } })).status).toBe(400)
  })

  test("tenant B's admin key cannot drop a message into A's case", async () => {
    const c = await newCase({ title: "A's", applicantPhone: "+79163334455" })
    const bKey = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: await B.login("admin"), body: { name: "b", roles: ["admin"] } })).json.key
    const r = await t.call("POST", `${M}/inbound`, { token: bKey, body: { channel: "sms", from: "+79163334455", text: "x" } })
    expect(r.status).toBe(404)
    expect((await t.call("GET", `/api/v1/cases/${c.id}/messages`, { cookie: op })).json.items).toEqual([])
  })
})

describe("configured with SMS.ru", () => {
  let server: {
    call: (method: string, path: string, o?: { cookie?: string; token?: string; body?: unknown }) => Promise<{ status: number; json: any }>
    login: (role: Role) => Promise<string>
    close: () => Promise<void>
  }
  beforeAll(async () => {
    const config = loadConfig({ SMS_PROVIDER: "smsru", SMS_API_ID: API_ID, SMS_BASE_URL: `http://127.0.0.1:${fake.port}` })
    const tdb = await createTestDatabase()
    const runtime = makeRuntime({ ...runtimeOptions(config), databaseUrl: tdb.url, pgliteDir: "memory://" })
    const app = makeApp(runtime, { bodyLimitBytes: 64 * 1024, trustProxy: true, secureCookies: false })
    const slug = `sms${Date.now().toString(36)}`
    const roles: Role[] = ["admin", "operator"]
    await runtime.runPromise(createTenant({ name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: t.password, roles: [r] })) }))
    const call = async (method: string, path: string, o: { cookie?: string; token?: string; body?: unknown } = {}) => {
      const headers: Record<string, string> = { "x-forwarded-for": "127.0.0.3" }
      if (o.body !== undefined) headers["content-type"] = "application/json"
      if (o.cookie) headers.cookie = o.cookie
      if (o.token) headers.authorization = `Bearer ${o.token}`
      const res = await app.fetch(new Request(`http://test${path}`, { method, headers, body: o.body !== undefined ? JSON.stringify(o.body) : undefined }))
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : undefined }
    }
    const login = async (role: Role) => {
      const res = await app.fetch(new Request("http://test/api/v1/auth/login", {
        method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "127.0.0.3" },
        body: JSON.stringify({ login: `${slug}-${role}`, password: t.password }),
      }))
      return res.headers.get("set-cookie")!.split(";")[0]
    }
    server = { call, login, close: async () => { await runtime.dispose(); await tdb.drop() } }
  }, 60_000)
  afterAll(() => server.close())

  test("the SMS goes to SMS.ru, and its delivery report moves it to delivered", async () => {
    const cookie = await server.login("operator")
    expect((await server.call("GET", `${M}/channels`, { cookie })).json[0]).toEqual({ channel: "sms", configured: true, provider: "smsru" })
    const c = (await server.call("POST", "/api/v1/cases", { cookie, body: { title: "sms", applicantPhone: "+79164445566" } })).json
    const before = smsRu.requests.length
    const r = await server.call("POST", `/api/v1/cases/${c.id}/messages`, { cookie, body: { channel: "sms", text: "Мастер выехал" } })
    expect(r.json).toMatchObject({ status: "sent", statusReason: null, to: "+79164445566" })
    expect(smsRu.requests.slice(before)).toEqual([{ api_id: API_ID, to: "79164445566", msg: "Мастер выехал", json: "1" }])
    const adminCookie = await server.login("admin")
    const key = (await server.call("POST", "/api/v1/auth/api-keys", { cookie: adminCookie, body: { name: "smsru callback", roles: ["admin"] } })).json.key
    const report = await server.call("POST", `${M}/status`, { token: key, body: { providerMessageId: `000000-${smsRu.seq}`, status: "delivered" } })
    expect(report.status).toBe(204)
    expect((await server.call("GET", `/api/v1/cases/${c.id}/messages`, { cookie })).json.items[0].status).toBe("delivered")
  })

  test("a move with notifyApplicant texts the applicant exactly once", async () => {
    const adminCookie = await server.login("admin")
    const cookie = await server.login("operator")
    const t2 = (ru: string, en: string) => ({ ru, en })
    const created = await server.call("POST", "/api/v1/cases/types", { cookie: adminCookie, body: {
      key: "appeal", name: t2("Обращение", "Appeal"), numberFormat: "AP-{SEQ:3}", fields: [],
      states: [{ key: "new", label: t2("Новое", "New"), category: "open", initial: true }, { key: "done", label: t2("Решено", "Resolved"), category: "resolved" }],
      transitions: [{ from: ["new"], to: "done", notifyApplicant: true }],
    } })
    expect(created.status).toBe(201)
    const c = (await server.call("POST", "/api/v1/cases", { cookie, body: { title: "notify", type: "appeal", applicantPhone: "+79165556677" } })).json
    const before = smsRu.requests.length
    expect((await server.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie, body: { to: "done", version: c.version } })).status).toBe(200)
    let sms: any[] = []
    for (let i = 0; i < 100 && !sms.some((m) => m.status === "sent"); i++) {
      await Bun.sleep(30)
      sms = (await server.call("GET", `/api/v1/cases/${c.id}/messages`, { cookie })).json.items
    }
    await Bun.sleep(200)
    sms = (await server.call("GET", `/api/v1/cases/${c.id}/messages`, { cookie })).json.items
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({ direction: "out", channel: "sms", to: "+79165556677", text: `Ваше обращение ${c.number}: статус «Решено»`, status: "sent", by: null })
    expect(smsRu.requests.slice(before).map((q) => q.to)).toEqual(["79165556677"])
  })
})

test.each([
  [{ SMS_PROVIDER: "twilio" }, "SMS_PROVIDER"],
  [{ SMS_PROVIDER: "smsru" }, "SMS_API_ID"],
  [{ SMS_PROVIDER: "smsru", SMS_API_ID: "x", SMS_BASE_URL: "sms.ru" }, "SMS_BASE_URL"],
] as const)("a bad SMS setting names its variable: %p", (env, name) => {
  expect(() => loadConfig(env)).toThrow(ConfigError)
  expect(() => loadConfig(env)).toThrow(name)
})

test("SMS settings: none by default; SMS.ru with its api_id and an optional base URL", () => {
  expect(loadConfig({}).sms).toBeUndefined()
  expect(loadConfig({ SMS_PROVIDER: "smsru", SMS_API_ID: "abc" }).sms).toEqual({ provider: "smsru", apiId: "abc", baseUrl: undefined })
})
