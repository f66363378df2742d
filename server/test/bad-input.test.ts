import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let cookie: string
const count = async () => (await t.call("GET", "/api/v1/cases", { cookie })).json.items.length

beforeAll(async () => {
  t = await startTestApp()
  cookie = await (await t.tenant()).login("operator")
}, 60_000)
afterAll(() => t.close())

test("malformed JSON → 400 malformed_body, nothing written", async () => {
  const before = await count()
  const r = await t.call("POST", "/api/v1/cases", { cookie, raw: '{"title": "x",' })
  expect(r.status).toBe(400)
  expect(r.headers.get("content-type")).toContain("application/problem+json")
  expect(r.json.code).toBe("malformed_body")
  expect(await count()).toBe(before)
})

test("wrong types, unknown and missing fields are all listed, in Russian on request", async () => {
  const r = await t.call("POST", "/api/v1/cases", { cookie, lang: "ru-RU,ru;q=0.9", body: { title: 42, applicantPhone: "call me", color: "red" } })
  expect(r.status).toBe(400)
  expect(r.json.code).toBe("validation_failed")
  expect(r.json.title).toBe("Некоторые поля заполнены неверно")
  const byPath = Object.fromEntries(r.json.fields.map((f: any) => [f.path, f.message]))
  expect(byPath).toEqual({
    title: "Ожидается строка",
    applicantPhone: "Ожидается номер телефона, например +7 900 123-45-67",
    color: "Неизвестное поле",
  })
  const missing = await t.call("POST", "/api/v1/cases", { cookie, lang: "en", body: {} })
  expect(missing.json.fields).toEqual([{ path: "title", message: "Missing key" }])
})

test("a body that is not an object is a validation error, not a crash", async () => {
  for (const raw of ["[1,2]", "null", "\"text\"", "12"]) {
    const r = await t.call("POST", "/api/v1/cases", { cookie, raw })
    expect(r.status).toBe(400)
  }
})

test("bad query and path parameters → 400 naming them", async () => {
  const q = await t.call("GET", "/api/v1/cases?limit=0&cursor=nope", { cookie })
  expect(q.status).toBe(400)
  expect(q.json.fields.map((f: any) => f.path).sort()).toEqual(["query.cursor", "query.limit"])
  const p = await t.call("GET", "/api/v1/cases/not-a-uuid", { cookie })
  expect(p.status).toBe(400)
  expect(p.json.fields[0].path).toBe("params.id")
})

test("unknown route → 404 problem; unknown case → 404 problem", async () => {
  const r = await t.call("GET", "/api/v1/nothing-here", { cookie })
  expect(r.status).toBe(404)
  expect(r.json.code).toBe("not_found")
  const c = await t.call("GET", "/api/v1/cases/01900000-0000-7000-8000-000000000000", { cookie })
  expect(c.status).toBe(404)
  expect(c.json.code).toBe("not_found")
})

test("oversized body → 413, nothing written", async () => {
  const before = await count()
  const r = await t.call("POST", "/api/v1/cases", { cookie, body: { title: "x".repeat(100 * 1024) } })
  expect(r.status).toBe(413)
  expect(r.json.code).toBe("payload_too_large")
  expect(await count()).toBe(before)
})

test("the OpenAPI document lists every API route", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json")).json
  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]: any) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)))
  const routes = t.app.routes
    .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL" && !r.path.endsWith("openapi.json"))
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`)
  for (const r of routes) expect(documented.has(r)).toBe(true)
  expect(documented.has("POST /api/v1/cases")).toBe(true)
})
