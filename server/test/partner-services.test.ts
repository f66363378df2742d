/** Partner services, the hand-off to the back office and case actions over HTTP: the contract's shapes, codes and roles. */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let admin: string
let operator: string
let supervisor: string
let partnerId: string
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await t.tenant()
  admin = await tenant.login("admin")
  operator = await tenant.login("operator")
  supervisor = await tenant.login("supervisor")
  await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template: "roadside" } })
  expect((await t.call("POST", "/api/v1/cases/reference/seed", { cookie: admin })).status).toBe(200)
  partnerId = (await t.call("POST", "/api/v1/cases/reference/partners", { cookie: admin, body: { name: "Эвакуатор 24", kind: "partner" } })).json.id
}, 60_000)
afterAll(() => t.close())

const item = async (dictionary: string, code: string): Promise<string> => {
  const r = await t.call("GET", `/api/v1/cases/reference/dictionaries/${dictionary}/items?q=${code}`, { cookie: operator })
  return r.json.items.find((i: any) => i.code === code).id
}
const openCase = async () =>
  (await t.call("POST", "/api/v1/cases", { cookie: operator, body: { type: "roadside", title: "Не заводится", values: { fault: "не заводится", contact_phone: "+79001234567" } } })).json
const base = (caseId: string) => `/api/v1/cases/${caseId}`

test("add, change, move and hand off a service; the contract's codes on the way", async () => {
  const c = await openCase()
  const created = await t.call("POST", `${base(c.id)}/services`, { cookie: operator, body: { kind: "TOW", partnerId, customerCost: { amount: 0, currency: "RUB" } } })
  expect(created.status).toBe(201)
  expect(created.json).toMatchObject({
    caseId: c.id, caseNumber: c.number, kind: "TOW", kindLabel: { ru: "Эвакуация", en: "Tow truck" }, status: "draft", partnerId, partnerName: "Эвакуатор 24",
    orderedAt: null, assignedAt: null, arrivedAt: null, finishedAt: null, customerCost: { amount: 0, currency: "RUB" }, partnerCost: null,
    comment: null, satisfied: null, handedOffAt: null, handedOffBy: null, version: 1,
  })
  const s = created.json
  const url = `${base(c.id)}/services/${s.id}`

  const bad = await t.call("POST", `${base(c.id)}/services`, { cookie: operator, lang: "ru", body: { kind: "NOPE", customerCost: { amount: 1.5, currency: "rub" } } })
  expect(bad.status).toBe(400)
  expect(bad.json.fields.map((f: any) => f.path).sort()).toEqual(["customerCost.amount", "customerCost.currency"])
  const unknownKind = await t.call("POST", `${base(c.id)}/services`, { cookie: operator, lang: "ru", body: { kind: "NOPE" } })
  expect(unknownKind.json.fields).toEqual([{ path: "kind", message: "Такого вида услуги нет в справочнике видов услуг" }])

  const skip = await t.call("PATCH", url, { cookie: operator, body: { version: 1, status: "done" } })
  expect(skip.status).toBe(409)
  expect(skip.json).toMatchObject({ code: "move_not_allowed", allowed: ["ordered", "cancelled"] })

  const ordered = await t.call("PATCH", url, { cookie: operator, body: { version: 1, status: "ordered" } })
  expect(ordered.json).toMatchObject({ status: "ordered", version: 2 })
  expect(ordered.json.orderedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  const stale = await t.call("PATCH", url, { cookie: operator, body: { version: 1, comment: "x" } })
  expect(stale.status).toBe(409)
  expect(stale.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
  const badTime = await t.call("PATCH", url, { cookie: operator, body: { version: 2, arrivedAt: "вчера" } })
  expect(badTime.status).toBe(400)
  expect(badTime.json.fields[0].path).toBe("arrivedAt")

  // the hand-off lists everything missing and changes nothing
  const refused = await t.call("POST", `${url}/back-office`, { cookie: operator, body: { version: 2 } })
  expect(refused.status).toBe(400)
  expect(refused.json.code).toBe("validation_failed")
  expect(refused.json.fields.map((f: any) => f.path)).toEqual([
    "partnerCost", "values.caller", "values.plate", "values.make", "values.model", "values.program", "values.contract", "values.city", "values.breakdown_address",
  ])
  expect((await t.call("GET", `${base(c.id)}/services`, { cookie: operator })).json.items[0]).toMatchObject({ version: 2, handedOffAt: null })

  await t.call("PATCH", url, { cookie: operator, body: { version: 2, partnerCost: { amount: 450000, currency: "RUB" } } })
  await t.call("PATCH", base(c.id), { cookie: operator, body: { version: 1, values: {
    caller: "Иван", plate: "А123ВС77", make: await item("makes", "KIA"), model: await item("models", "KIA_RIO"), program: await item("programs", "KIA_RA"),
    contract: "К-1", city: await item("cities", "MOW"), breakdown_address: { text: "Москва, Тверская, 1" },
  } } })
  const handed = await t.call("POST", `${url}/back-office`, { cookie: operator, body: { version: 3 } })
  expect(handed.status).toBe(200)
  expect(handed.json).toMatchObject({ version: 4, handedOffBy: expect.stringContaining("-operator") })
  const again = await t.call("POST", `${url}/back-office`, { cookie: operator, body: { version: 4 } })
  expect(again.status).toBe(409)
  expect(again.json.code).toBe("already_handed_off")

  const actions = (await t.call("GET", `${base(c.id)}/actions`, { cookie: operator })).json.items
  expect(actions).toMatchObject([{ kind: "BACK_OFFICE", status: "open", caseId: c.id }])
  const journal = (await t.call("GET", `${base(c.id)}/journal`, { cookie: operator })).json.items.filter((j: any) => j.kind === "service")
  expect(journal.map((j: any) => j.data.change)).toEqual(["service_added", "service_changed", "service_changed", "service_handed_off"])

  // the back office's queue is for supervisors (and admins)
  expect((await t.call("GET", "/api/v1/cases/services?handedOff=true", { cookie: operator })).status).toBe(403)
  const queue = await t.call("GET", "/api/v1/cases/services?handedOff=true&kind=TOW", { cookie: supervisor })
  expect(queue.json).toMatchObject({ items: [{ id: s.id, caseNumber: c.number }], nextCursor: null })
  expect((await t.call("GET", "/api/v1/cases/services?handedOff=maybe", { cookie: supervisor })).status).toBe(400)
})

test("actions: add with a due time, mark done; unknown kinds and cases answer 400 and 404", async () => {
  const c = await openCase()
  const added = await t.call("POST", `${base(c.id)}/actions`, { cookie: operator, body: { kind: "CALL_CLIENT", dueAt: "2025-03-01T12:00:00+03:00", comment: "перезвонить" } })
  expect(added.status).toBe(201)
  expect(added.json).toMatchObject({ kind: "CALL_CLIENT", kindLabel: { en: "Call the client" }, dueAt: "2025-03-01T09:00:00.000Z", status: "open", doneAt: null })
  const done = await t.call("POST", `${base(c.id)}/actions/${added.json.id}/done`, { cookie: operator })
  expect(done.json).toMatchObject({ id: added.json.id, status: "done" })
  expect((await t.call("POST", `${base(c.id)}/actions`, { cookie: operator, body: { kind: "DANCE" } })).status).toBe(400)
  expect((await t.call("GET", `${base("01900000-0000-7000-8000-000000000000")}/actions`, { cookie: operator })).status).toBe(404)
  expect((await t.call("GET", `${base("not-a-case")}/services`, { cookie: operator })).status).toBe(400)
  // "services" is not taken for a case id
  expect((await t.call("GET", "/api/v1/cases/services", { cookie: admin })).status).toBe(200)
})

test("the OpenAPI document lists every route of the module", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json", { cookie: admin })).json
  const paths = Object.keys(doc.paths)
  for (const p of ["/api/v1/cases/services", "/api/v1/cases/{id}/services", "/api/v1/cases/{id}/services/{serviceId}", "/api/v1/cases/{id}/services/{serviceId}/back-office",
    "/api/v1/cases/{id}/actions", "/api/v1/cases/{id}/actions/{actionId}/done"]) expect(paths).toContain(p)
})

test("bad input on a real case and service answers 4xx, never 5xx, and changes nothing", async () => {
  const c = await openCase()
  const s = (await t.call("POST", `${base(c.id)}/services`, { cookie: operator, body: { kind: "TOW" } })).json
  const a = (await t.call("POST", `${base(c.id)}/actions`, { cookie: operator, body: { kind: "CALL_CLIENT" } })).json
  const bodies = [
    "", "{", "[]", "null", "{}", JSON.stringify({ version: "1" }), JSON.stringify({ version: 1e300, status: "flying" }),
    JSON.stringify({ version: 1, kind: "\u0000", comment: "a\u0000b", partnerId: "x", customerCost: { amount: -1, currency: "RUB" } }),
    JSON.stringify({ version: 1, kind: "TOW", customerCost: { amount: 2 ** 60, currency: "RUB" }, partnerCost: { amount: 1, currency: "RUBL" } }),
    JSON.stringify({ version: 1, orderedAt: "2025-02-30T10:00:00Z", assignedAt: "9999-01-01T00:00:00Z", arrivedAt: "2025-03-01", finishedAt: 5 }),
    JSON.stringify({ version: 1, satisfied: "yes", dueAt: "tomorrow", assigneeId: "01900000-0000-7000-8000-000000000000", kind: "x".repeat(100) }),
    JSON.stringify({ version: 1, partnerId: "01900000-0000-7000-8000-000000000000", comment: "x".repeat(3000) }),
  ]
  const urls: [string, string][] = [
    ["POST", `${base(c.id)}/services`], ["PATCH", `${base(c.id)}/services/${s.id}`], ["POST", `${base(c.id)}/services/${s.id}/back-office`],
    ["POST", `${base(c.id)}/actions`], ["POST", `${base(c.id)}/actions/${a.id}/done?x=1`],
  ]
  const bad: string[] = []
  for (const [method, url] of urls) {
    for (const raw of bodies) {
      const r = await t.call(method, url, { cookie: operator, raw })
      if (r.status >= 500 || (r.status >= 400 && typeof r.json?.code !== "string")) bad.push(`${method} ${url} ${raw.slice(0, 60)} → ${r.status}`)
    }
  }
  expect(bad).toEqual([])
  const after = (await t.call("GET", `${base(c.id)}/services`, { cookie: operator })).json.items
  expect(after).toMatchObject([{ id: s.id, version: 1, status: "draft", comment: null, handedOffAt: null }])
  expect((await t.call("GET", `${base(c.id)}/actions`, { cookie: operator })).json.items).toHaveLength(1)
})
