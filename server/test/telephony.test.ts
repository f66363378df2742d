/**
 * /api/v1/telephony over HTTP: who may do what, SIP accounts (password shown
 * once), extensions, call records, the softphone's settings for a session and
 * for a widget token, problem+json with field messages in Russian and English,
 * and /sip refusing what is not a SIP WebSocket.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { CallRecords } from "@org/telephony/server"
import { Effect } from "effect"
import { startTestApp, type TestApp } from "./harness"

const TEL = "/api/v1/telephony"
let t: TestApp
let T: Awaited<ReturnType<TestApp["tenant"]>>
let admin: string
let supervisor: string
let operator: string

beforeAll(async () => {
  t = await startTestApp()
  T = await t.tenant()
  admin = await T.login("admin")
  supervisor = await T.login("supervisor")
  operator = await T.login("operator")
}, 60_000)
afterAll(() => t.close())

const userId = (role: string) => T.users.find((u) => u.login === T.logins[role])!.id

describe("SIP accounts", () => {
  test("admins only: operators and supervisors get 403 problems", async () => {
    for (const cookie of [operator, supervisor]) {
      const r = await t.call("GET", `${TEL}/accounts`, { cookie })
      expect(r.status).toBe(403)
      expect(r.json.code).toBe("forbidden")
      expect((await t.call("POST", `${TEL}/accounts`, { cookie, body: { username: "x1" } })).status).toBe(403)
      expect((await t.call("GET", `${TEL}/extensions`, { cookie })).status).toBe(403)
    }
    expect((await t.call("GET", `${TEL}/accounts`)).status).toBe(401)
  })

  test("create: the password is in the 201 answer only; the account is at <slug>.sip.local", async () => {
    const r = await t.call("POST", `${TEL}/accounts`, { cookie: admin, body: { username: "reception", comment: "Reception desk", callLimit: 2 } })
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({ username: "reception", domain: `${T.slug}.sip.local`, uri: `sip:reception@${T.slug}.sip.local`, comment: "Reception desk", callLimit: 2, blocked: false, userId: null, version: 1 })
    expect(r.json.password).toMatch(/^[A-Za-z0-9]{20}$/)
    const read = await t.call("GET", `${TEL}/accounts/${r.json.id}`, { cookie: admin })
    expect(read.json).not.toHaveProperty("password")
    const list = await t.call("GET", `${TEL}/accounts`, { cookie: admin })
    expect(list.json.items.map((a: any) => a.username)).toContain("reception")
    expect(list.text).not.toContain(r.json.password)
    const given = await t.call("POST", `${TEL}/accounts`, { cookie: admin, body: { username: "given", password: "my-own-secret-1" } })
    expect(given.json.password).toBe("my-own-secret-1")
  })

  test("bad input: every field named, in Russian or English; nothing created", async () => {
    const before = (await t.call("GET", `${TEL}/accounts`, { cookie: admin })).json.items.length
    const ru = await t.call("POST", `${TEL}/accounts`, {
      cookie: admin, lang: "ru", body: { username: "bad name", password: "short", callLimit: 0, comment: "a\u0000b", color: "red" },
    })
    expect(ru.status).toBe(400)
    expect(ru.headers.get("content-type")).toContain("application/problem+json")
    expect(ru.json.code).toBe("validation_failed")
    const byPath = Object.fromEntries(ru.json.fields.map((f: any) => [f.path, f.message]))
    expect(byPath).toEqual({
      username: "Используйте от 1 до 64 латинских букв, цифр, точек, дефисов или _, первым — букву или цифру",
      password: "SIP-пароль — от 10 до 128 печатных латинских символов (без пробелов)",
      callLimit: "Значение должно быть от 1 до 100",
      comment: "Не может содержать управляющие символы",
      color: "Неизвестное поле",
    })
    const en = await t.call("POST", `${TEL}/accounts`, { cookie: admin, lang: "en", body: { password: "with space inside" } })
    expect(Object.fromEntries(en.json.fields.map((f: any) => [f.path, f.message]))).toEqual({
      username: "Missing key",
      password: "A SIP password has 10–128 printable latin characters (no spaces)",
    })
    expect((await t.call("GET", `${TEL}/accounts`, { cookie: admin })).json.items.length).toBe(before)
    const p = await t.call("GET", `${TEL}/accounts/not-a-uuid`, { cookie: admin })
    expect(p.json.fields[0].path).toBe("params.id")
  })

  test("409 for a taken username (any case) and for a stale version", async () => {
    const dup = await t.call("POST", `${TEL}/accounts`, { cookie: admin, lang: "ru", body: { username: "RECEPTION" } })
    expect(dup.status).toBe(409)
    expect(dup.json.fields).toEqual([{ path: "username", message: "Значение уже занято" }])
    const acc = (await t.call("GET", `${TEL}/accounts?q=reception`, { cookie: admin })).json.items[0]
    const ok = await t.call("PATCH", `${TEL}/accounts/${acc.id}`, { cookie: admin, body: { comment: "Front desk", callLimit: null, version: 1 } })
    expect(ok.json).toMatchObject({ comment: "Front desk", callLimit: null, version: 2 })
    const stale = await t.call("PATCH", `${TEL}/accounts/${acc.id}`, { cookie: admin, body: { comment: "x", version: 1 } })
    expect(stale.status).toBe(409)
    expect(stale.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
    const missing = await t.call("PATCH", `${TEL}/accounts/${acc.id}`, { cookie: admin, body: { comment: "x" } })
    expect(missing.json.fields).toEqual([{ path: "version", message: "Missing key" }])
  })

  test("block, unblock, reset-password, delete", async () => {
    const acc = (await t.call("POST", `${TEL}/accounts`, { cookie: admin, body: { username: "temp", password: "first-password-1" } })).json
    expect((await t.call("POST", `${TEL}/accounts/${acc.id}/block`, { cookie: admin })).json).toMatchObject({ blocked: true, version: 2 })
    expect((await t.call("GET", `${TEL}/accounts?blocked=true`, { cookie: admin })).json.items.map((a: any) => a.username)).toEqual(["temp"])
    expect((await t.call("POST", `${TEL}/accounts/${acc.id}/unblock`, { cookie: admin })).json).toMatchObject({ blocked: false, version: 3 })
    const reset = await t.call("POST", `${TEL}/accounts/${acc.id}/reset-password`, { cookie: admin, body: {} })
    expect(reset.status).toBe(200)
    expect(reset.json.password).toMatch(/^[A-Za-z0-9]{20}$/)
    expect(reset.json.passwordChangedAt > acc.passwordChangedAt).toBe(true)
    const given = await t.call("POST", `${TEL}/accounts/${acc.id}/reset-password`, { cookie: admin, body: { password: "second-password-2" } })
    expect(given.json.password).toBe("second-password-2")
    expect((await t.call("DELETE", `${TEL}/accounts/${acc.id}`, { cookie: admin })).status).toBe(204)
    expect((await t.call("GET", `${TEL}/accounts/${acc.id}`, { cookie: admin })).status).toBe(404)
  })
})

describe("extensions", () => {
  test("CRUD; a taken number → 409; a member that is no account → 400 naming it", async () => {
    const acc = (await t.call("GET", `${TEL}/accounts?q=reception`, { cookie: admin })).json.items[0]
    const made = await t.call("POST", `${TEL}/extensions`, { cookie: admin, body: { number: "100", name: "Reception", members: [acc.id] } })
    expect(made.status).toBe(201)
    expect(made.json).toMatchObject({ number: "100", name: "Reception", members: [acc.id], version: 1 })
    expect((await t.call("POST", `${TEL}/extensions`, { cookie: admin, body: { number: "100", members: [acc.id] } })).status).toBe(409)
    const bad = await t.call("POST", `${TEL}/extensions`, {
      cookie: admin, lang: "ru", body: { number: "10a", members: [acc.id, "01900000-0000-7000-8000-000000000000"] },
    })
    expect(bad.json.fields).toEqual([{ path: "number", message: "Внутренний номер — от 1 до 20 цифр" }])
    const unknown = await t.call("POST", `${TEL}/extensions`, { cookie: admin, lang: "en", body: { number: "101", members: [acc.id, "01900000-0000-7000-8000-000000000000"] } })
    expect(unknown.status).toBe(400)
    expect(unknown.json.fields).toEqual([{ path: "members.1", message: "No such SIP account" }])
    const twice = await t.call("POST", `${TEL}/extensions`, { cookie: admin, body: { number: "101", members: [acc.id, acc.id] } })
    expect(twice.json.fields.map((f: any) => f.path)).toEqual(["members.1"])
    const empty = await t.call("POST", `${TEL}/extensions`, { cookie: admin, body: { number: "101", members: [] } })
    expect(empty.json.fields.map((f: any) => f.path)).toEqual(["members"])

    const put = await t.call("PUT", `${TEL}/extensions/${made.json.id}`, { cookie: admin, body: { number: "200", members: [acc.id], version: 1 } })
    expect(put.json).toMatchObject({ number: "200", name: null, version: 2 })
    expect((await t.call("PUT", `${TEL}/extensions/${made.json.id}`, { cookie: admin, body: { number: "200", members: [acc.id], version: 1 } })).json.code).toBe("stale_version")
    expect((await t.call("GET", `${TEL}/extensions`, { cookie: admin })).json.items.map((e: any) => e.number)).toEqual(["200"])
    expect((await t.call("GET", `${TEL}/extensions/${made.json.id}`, { cookie: admin })).json.number).toBe("200")
    expect((await t.call("DELETE", `${TEL}/extensions/${made.json.id}`, { cookie: admin })).status).toBe(204)
    expect((await t.call("GET", `${TEL}/extensions/${made.json.id}`, { cookie: admin })).status).toBe(404)
  })
})

describe("call records", () => {
  test("supervisors and admins read them, operators do not; filters are checked", async () => {
    const acc = (await t.call("GET", `${TEL}/accounts?q=reception`, { cookie: admin })).json.items[0]
    const start = new Date("2026-04-01T10:00:00Z")
    for (const [i, disposition] of (["answered", "missed", "busy"] as const).entries()) {
      await t.runtime.runPromise(Effect.flatMap(Effect.service(CallRecords), (r) => r.record({
        tenantId: T.tenantId, callId: `http-${i}@test`, fromTag: "f", from: { user: "reception", uri: `sip:reception@x` }, to: { user: "100", uri: "sip:100@x" },
        callerAccountId: acc.id, targetAccountIds: [], direction: "internal", startedAt: new Date(start.getTime() + i * 1000),
        endedAt: new Date(start.getTime() + i * 1000 + 500), ringSeconds: 0.5, talkSeconds: 0, disposition, status: disposition === "answered" ? 200 : 486, hangup: "caller", transfers: [],
      })))
    }
    expect((await t.call("GET", `${TEL}/calls`, { cookie: operator })).status).toBe(403)
    const all = await t.call("GET", `${TEL}/calls`, { cookie: supervisor })
    expect(all.json.items.map((c: any) => c.callId)).toEqual(["http-2@test", "http-1@test", "http-0@test"])
    const busy = await t.call("GET", `${TEL}/calls?disposition=busy&account=${acc.id}&from=2026-04-01&to=2026-04-02T00:00:00%2B03:00`, { cookie: admin })
    expect(busy.json.items.map((c: any) => c.callId)).toEqual(["http-2@test"])
    const page = await t.call("GET", `${TEL}/calls?limit=2`, { cookie: supervisor })
    const next = await t.call("GET", `${TEL}/calls?limit=2&cursor=${encodeURIComponent(page.json.nextCursor)}`, { cookie: supervisor })
    expect(next.json).toEqual({ items: [expect.objectContaining({ callId: "http-0@test" })], nextCursor: null })
    const bad = await t.call("GET", `${TEL}/calls?from=yesterday&direction=sideways&cursor=zzz&limit=0`, { cookie: supervisor, lang: "ru" })
    expect(bad.status).toBe(400)
    expect(bad.json.fields.map((f: any) => f.path).sort()).toEqual(["query.cursor", "query.direction", "query.from", "query.limit"])
    const order = await t.call("GET", `${TEL}/calls?from=2026-04-02&to=2026-04-01`, { cookie: supervisor, lang: "en" })
    expect(order.json.fields).toEqual([{ path: "query.to", message: "from must be before to" }])
  })
})

describe("the softphone's settings (me/sip)", () => {
  test("a linked user gets wsUrl, uri, username, a token (not the password), display name and the directory", async () => {
    const made = await t.call("POST", `${TEL}/accounts`, { cookie: admin, body: { username: "op1", password: "op1-password-x", comment: "Operator One", userId: userId("operator") } })
    const acc = (await t.call("GET", `${TEL}/accounts?q=reception`, { cookie: admin })).json.items[0]
    await t.call("POST", `${TEL}/extensions`, { cookie: admin, body: { number: "300", name: "Sales", members: [made.json.id, acc.id] } })
    const r = await t.call("GET", `${TEL}/me/sip`, { cookie: operator, headers: { host: "pbx.example:8080" } })
    expect(r.status).toBe(200)
    expect(r.headers.get("cache-control")).toBe("no-store")
    expect(r.json).toMatchObject({
      accountId: made.json.id, wsUrl: "ws://pbx.example:8080/sip", uri: `sip:op1@${T.slug}.sip.local`, domain: `${T.slug}.sip.local`,
      authorizationUsername: "op1", displayName: "Operator One",
    })
    expect(r.json.password).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(r.json.password).not.toBe("op1-password-x")
    expect(Date.parse(r.json.passwordExpiresAt)).toBeGreaterThan(Date.now() + 5 * 3600_000)
    // my numbers: the extensions the account rings for; the directory: all of them
    expect(r.json.extensions).toEqual([{ number: "300", name: "Sales" }])
    expect(r.json.directory.extensions).toContainEqual({ number: "300", name: "Sales" })
    expect(r.json.directory.accounts).toContainEqual({ username: "op1", displayName: "Operator One" })
    // behind a trusted proxy speaking https: wss
    const proxied = await t.call("GET", `${TEL}/me/sip`, { cookie: operator, headers: { "x-forwarded-proto": "https", "x-forwarded-host": "desk.example" } })
    expect(proxied.json.wsUrl).toBe("wss://desk.example/sip")
    // a widget token works as well as the session
    const token = (await t.call("POST", "/api/v1/auth/widget-tokens", { cookie: operator, body: {} })).json.token
    const viaWidget = await t.call("GET", `${TEL}/me/sip`, { token })
    expect(viaWidget.json).toMatchObject({ accountId: made.json.id, password: r.json.password })
  })

  test("not linked → 404, blocked → 403, with their own codes and texts", async () => {
    const none = await t.call("GET", `${TEL}/me/sip`, { cookie: supervisor, lang: "ru" })
    expect(none.status).toBe(404)
    expect(none.json).toMatchObject({ code: "sip_account_not_linked", title: "К вам не привязана SIP-учётная запись: попросите администратора привязать её" })
    const acc = await t.call("POST", `${TEL}/accounts`, { cookie: admin, body: { username: "sup1", userId: userId("supervisor") } })
    await t.call("POST", `${TEL}/accounts/${acc.json.id}/block`, { cookie: admin })
    const blocked = await t.call("GET", `${TEL}/me/sip`, { cookie: supervisor })
    expect(blocked.status).toBe(403)
    expect(blocked.json.code).toBe("sip_account_blocked")
    // an API key acts for no user: no softphone
    const key = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "k", roles: ["operator"] } })).json.key
    expect((await t.call("GET", `${TEL}/me/sip`, { token: key })).json.code).toBe("sip_account_not_linked")
  })
})

describe("/sip and the API document", () => {
  test("/sip answers problems to what is not a SIP WebSocket, and 503 when SIP is off", async () => {
    const plain = await t.call("GET", "/sip")
    expect(plain.status).toBe(426)
    expect(plain.json.code).toBe("upgrade_required")
    const ws = { upgrade: "websocket", connection: "Upgrade", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" }
    const noProtocol = await t.call("GET", "/sip", { headers: ws })
    expect(noProtocol.status).toBe(400)
    expect(noProtocol.json.code).toBe("sip_subprotocol_required")
    const off = await t.call("GET", "/sip", { headers: { ...ws, "sec-websocket-protocol": "sip" } })
    expect(off.status).toBe(503)
    expect(off.json.code).toBe("sip_disabled")
    expect((await t.call("GET", "/health")).json.checks.sip).toEqual({ status: "disabled" })
  })

  test("every telephony route is in the OpenAPI document", async () => {
    const doc = (await t.call("GET", "/api/v1/openapi.json")).json
    for (const path of ["/api/v1/telephony/accounts", "/api/v1/telephony/accounts/{id}/reset-password", "/api/v1/telephony/extensions/{id}", "/api/v1/telephony/calls", "/api/v1/telephony/me/sip", "/sip"]) {
      expect(doc.paths[path]).toBeDefined()
    }
    expect(doc.paths["/api/v1/telephony/accounts"].post.responses["201"].content["application/json"].schema.properties.password).toBeDefined()
  })
})
