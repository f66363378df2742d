/** The roadside report over HTTP: numbers from services with known times, filters, roles, and the CSV / XLSX / PDF downloads. */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let admin: string
let operator: string
let supervisor: string
const ids: Record<string, string> = {}
const URL_ = "/api/v1/cases/analytics/roadside"
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString()

/**
 * Case 1 (Moscow): TOW ordered +10 min after the case opened, assigned +20, arrived +50, finished +90; 0 / 4000.00 RUB; satisfied.
 * Case 2 (Saint Petersburg): TOW ordered +30, assigned +50, arrived +120, finished +140; 1500.00 / 5000.00 RUB; not satisfied.
 * An action on case 1 due long ago and not done.
 */
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await t.tenant()
  admin = await tenant.login("admin")
  operator = await tenant.login("operator")
  supervisor = await tenant.login("supervisor")
  await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template: "roadside" } })
  await t.call("POST", "/api/v1/cases/reference/seed", { cookie: admin })
  for (const [key, dict, code] of [["MOW", "cities", "MOW"], ["SPB", "cities", "SPB"]]) {
    ids[key] = (await t.call("GET", `/api/v1/cases/reference/dictionaries/${dict}/items?q=${code}`, { cookie: operator })).json.items.find((i: any) => i.code === code).id
  }
  ids.partner = (await t.call("POST", "/api/v1/cases/reference/partners", { cookie: admin, body: { name: "Эвакуатор 24", kind: "partner" } })).json.id
  const tow = async (city: string, m: number[], customer: number, partner: number, satisfied: boolean) => {
    const c = (await t.call("POST", "/api/v1/cases", { cookie: operator, body: { type: "roadside", title: "x", values: { fault: "x", contact_phone: "+79001234567", city } } })).json
    const s = (await t.call("POST", `/api/v1/cases/${c.id}/services`, { cookie: operator, body: { kind: "TOW", partnerId: ids.partner } })).json
    const r = await t.call("PATCH", `/api/v1/cases/${c.id}/services/${s.id}`, { cookie: operator, body: {
      version: 1, status: "ordered", orderedAt: plus(c.createdAt, m[0]), assignedAt: plus(c.createdAt, m[1]), arrivedAt: plus(c.createdAt, m[2]),
      finishedAt: plus(c.createdAt, m[3]), customerCost: { amount: customer, currency: "RUB" }, partnerCost: { amount: partner, currency: "RUB" }, satisfied,
    } })
    expect(r.status).toBe(200)
    return c
  }
  const c1 = await tow(ids.MOW, [10, 20, 50, 90], 0, 400000, true)
  await tow(ids.SPB, [30, 50, 120, 140], 150000, 500000, false)
  expect((await t.call("POST", `/api/v1/cases/${c1.id}/actions`, { cookie: operator, body: { kind: "CALL_CLIENT", dueAt: "2025-01-01T00:00:00Z" } })).status).toBe(201)
}, 60_000)
afterAll(() => t.close())

test("the numbers, and a filter by city", async () => {
  const r = await t.call("GET", URL_, { cookie: supervisor })
  expect(r.status).toBe(200)
  expect(r.json.totals).toEqual({
    services: 2, avgArrivalMinutes: 65, avgFirstProcessingMinutes: 20, avgUnassignedMinutes: 15, avgAssignedMinutes: 50,
    customerCost: { amount: 150000, currency: "RUB" }, partnerCost: { amount: 900000, currency: "RUB" }, satisfactionPercent: 50,
  })
  expect(r.json.byServiceType).toEqual([{
    kind: "TOW", label: { ru: "Эвакуация", en: "Tow truck" }, count: 2, avgWaitMinutes: 65, avgServiceMinutes: 30,
    customerCost: { amount: 150000, currency: "RUB" }, partnerCost: { amount: 900000, currency: "RUB" },
  }])
  expect(r.json.byActionType).toEqual([{ kind: "CALL_CLIENT", label: { ru: "Звонок клиенту", en: "Call the client" }, count: 1, overdue: 1, avgExecutionMinutes: null }])
  expect(r.json.series.reduce((sum: number, d: any) => sum + d.services, 0)).toBe(2)

  const moscow = (await t.call("GET", `${URL_}?city=${ids.MOW}&partnerId=${ids.partner}`, { cookie: admin })).json
  expect(moscow.totals).toMatchObject({ services: 1, avgArrivalMinutes: 40, avgFirstProcessingMinutes: 10, satisfactionPercent: 100 })
  expect((await t.call("GET", `${URL_}?from=2020-01-01&to=2020-12-31`, { cookie: supervisor })).json.totals.services).toBe(0)
})

test("supervisors and admins only; bad filters are a 400 per field", async () => {
  expect((await t.call("GET", URL_, { cookie: operator })).status).toBe(403)
  const bad = await t.call("GET", `${URL_}?from=yesterday&city=x&format=doc`, { cookie: supervisor })
  expect(bad.status).toBe(400)
  expect(bad.json.fields.map((f: any) => f.path).sort()).toEqual(["query.city", "query.format", "query.from"])
  const backwards = await t.call("GET", `${URL_}?from=2025-03-05&to=2025-03-01`, { cookie: supervisor, lang: "ru" })
  expect(backwards.json.fields).toEqual([{ path: "query.to", message: "Конец периода раньше его начала" }])
})

test("csv: UTF-8 with BOM, ';'-separated, Russian headings for a Russian reader, as a download", async () => {
  const r = await t.app.fetch(new Request(`http://test${URL_}?format=csv`, { headers: { cookie: supervisor, "accept-language": "ru" } }))
  expect(r.status).toBe(200)
  expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8")
  expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="roadside-report-\d{4}-\d{2}-\d{2}\.csv"/)
  const bytes = new Uint8Array(await r.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = new TextDecoder().decode(bytes).split("\r\n")
  expect(lines.slice(0, 4)).toEqual(["Итоги", "Показатель;Значение", "Услуг;2", "Среднее время прибытия, мин;65"])
  expect(lines).toContain("Эвакуация;TOW;2;65;30;1500,00;9000,00")
  expect(lines).toContain("Звонок клиенту;CALL_CLIENT;1;1;")
})

test("xlsx and pdf come as downloads of their types", async () => {
  const xlsx = await t.app.fetch(new Request(`http://test${URL_}?format=xlsx`, { headers: { cookie: supervisor } }))
  expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
  expect(xlsx.headers.get("content-disposition")).toContain(".xlsx")
  expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]) // a zip, as xlsx files are
  const pdf = await t.app.fetch(new Request(`http://test${URL_}?format=pdf&city=${ids.MOW}`, { headers: { cookie: supervisor, "accept-language": "ru" } }))
  expect(pdf.headers.get("content-type")).toBe("application/pdf")
  expect(pdf.headers.get("content-disposition")).toContain(".pdf")
  expect(new TextDecoder("latin1").decode(await pdf.arrayBuffer()).slice(0, 5)).toBe("%PDF-")
})

test("the route is in the OpenAPI document", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json", { cookie: admin })).json
  expect(Object.keys(doc.paths)).toContain("/api/v1/cases/analytics/roadside")
})
