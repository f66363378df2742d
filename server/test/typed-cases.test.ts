/** Typed cases over HTTP: field kinds, numbers, moves with required fields, versions, journal. */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let admin: string
let operator: string
let supervisor: string
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await t.tenant()
  admin = await tenant.login("admin")
  operator = await tenant.login("operator")
  supervisor = await tenant.login("supervisor")
  for (const template of ["roadside", "hotline"]) await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template } })
  expect((await t.call("POST", "/api/v1/cases/reference/seed", { cookie: admin })).status).toBe(200)
  reason = await item("reasons", "NO_START")
}, 60_000)

let reason: string
/** The id of a starter reference-book item, by dictionary and code. */
const item = async (dictionary: string, code: string): Promise<string> => {
  const r = await t.call("GET", `/api/v1/cases/reference/dictionaries/${dictionary}/items?q=${code}`, { cookie: operator })
  const found = r.json.items.find((i: any) => i.code === code)
  if (!found) throw new Error(`no ${dictionary}/${code}`)
  return found.id
}
afterAll(() => t.close())

const open = (body: unknown, cookie = operator) => t.call("POST", "/api/v1/cases", { cookie, body })

test("a typed case checks and normalises its fields; bad values change nothing", async () => {
  const bad = await open({
    type: "roadside", title: "Не заводится",
    values: { fault: "не заводится", contact_phone: "позвоните", vin: "1M8GDM9AXKP042789", plate: "Q123QQ77", mileage: "много", color: "red" },
  })
  expect(bad.status).toBe(400)
  expect(bad.json.fields.map((f: any) => f.path).sort()).toEqual(["values.color", "values.contact_phone", "values.mileage", "values.plate", "values.vin"])
  const ru = await t.call("POST", "/api/v1/cases", { cookie: operator, lang: "ru", body: { type: "roadside", title: "x", values: { fault: "x" } } })
  expect(ru.json.fields).toEqual([{ path: "values.contact_phone", message: "Обязательное поле: Контактный телефон" }])
  expect((await t.call("GET", "/api/v1/cases?type=roadside", { cookie: operator })).json.items).toEqual([])

  const ok = await open({
    type: "roadside", title: "Kia Rio не заводится",
    values: { fault: "не заводится", contact_phone: "8 (916) 555-12-34", vin: "1m8gdm9axkp042788", plate: "a123bc 77" },
  })
  expect(ok.status).toBe(201)
  expect(ok.json).toMatchObject({
    type: "roadside", typeVersion: 1, status: "new", version: 1,
    values: { contact_phone: "+79165551234", vin: "1M8GDM9AXKP042788", plate: "А123ВС77" },
  })
  expect(ok.json.number).toMatch(/^RA-\d{4}-00001$/)
})

test("moves follow the state machine: allowed moves on refusal, missing fields listed, roles", async () => {
  const c = (await open({ type: "roadside", title: "Эвакуатор", values: { fault: "ДТП", contact_phone: "+79001112233" } })).json
  const wrong = await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to: "completed", version: 1 } })
  expect(wrong.status).toBe(409)
  expect(wrong.json).toMatchObject({ code: "move_not_allowed", allowed: ["in_progress", "cancelled"] })

  const started = await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to: "in_progress", version: 1 } })
  expect(started.json).toMatchObject({ status: "in_progress", version: 2 })

  const missing = await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, lang: "ru", body: { to: "waiting_partner", version: 2 } })
  expect(missing.status).toBe(400)
  expect(missing.json.fields.map((f: any) => f.path)).toEqual(["values.plate", "values.make", "values.model", "values.program", "values.city", "values.breakdown_address"])
  expect(missing.json.fields[0].message).toBe("Заполните «Госномер» перед переводом в «Ожидание партнёра»")

  const filled = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: {
    version: 2,
    values: {
      plate: "А123ВС77", make: await item("makes", "KIA"), model: await item("models", "KIA_RIO"), program: await item("programs", "KIA_RA"),
      city: await item("cities", "MOW"), breakdown_address: { text: "МКАД, 41 км", lat: 55.6, lon: 37.4 },
    },
  } })
  expect(filled.status).toBe(200)
  expect(filled.json.version).toBe(3)
  const moved = await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to: "waiting_partner", version: 3, comment: "ждём эвакуатор" } })
  expect(moved.json.status).toBe("waiting_partner")
  const moves = (await t.call("GET", `/api/v1/cases/${c.id}/moves`, { cookie: operator })).json.moves.map((m: any) => m.to)
  expect(moves).toEqual(["in_progress", "completed", "cancelled"])

  await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to: "cancelled", version: 4 } })
  const reopenByOperator = await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to: "in_progress", version: 5 } })
  expect(reopenByOperator.status).toBe(403)
  expect((await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: supervisor, body: { to: "in_progress", version: 5 } })).status).toBe(200)
})

test("concurrent edits: a stale version gets 409 with the current one and nothing is lost", async () => {
  const c = (await open({ type: "hotline", title: "Запись к врачу", values: { reason, phone: "+79005554433" } })).json
  expect(c.number).toMatch(/^[A-Z][a-z]{2}\d{2}_hotline_001$/)
  const a = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 1, values: { full_name: "Иванов Иван" } } })
  const b = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: supervisor, body: { version: 1, values: { description: "Нужна запись" } } })
  expect(a.status).toBe(200)
  expect(b.status).toBe(409)
  expect(b.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
  const retry = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: supervisor, body: { version: 2, values: { description: "Нужна запись" }, flags: ["attention"] } })
  expect(retry.json.values).toMatchObject({ full_name: "Иванов Иван", description: "Нужна запись" })
  expect(retry.json.flags).toEqual(["attention"])
  const unknownFlag = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: supervisor, body: { version: 3, flags: ["vip"] } })
  expect(unknownFlag.status).toBe(400)

  // parallel: exactly one of several simultaneous edits of one version wins
  const results = await Promise.all([1, 2, 3].map((n) =>
    t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 3, values: { health_notes: `note ${n}` } } })))
  expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
})

test("the journal records creation, field changes old → new, moves and comments", async () => {
  const c = (await open({ type: "hotline", title: "Жалоба", values: { reason, phone: "+79005554433" } })).json
  await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 1, values: { full_name: "Петров" } } })
  await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 2, values: { full_name: "Петров Пётр" } } })
  await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to: "in_work", version: 3 } })
  expect((await t.call("POST", `/api/v1/cases/${c.id}/comments`, { cookie: operator, body: { text: "Перезвонить после 18:00" } })).status).toBe(204)
  const journal = (await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: supervisor })).json.items
  expect(journal.map((e: any) => e.kind)).toEqual(["created", "fields", "fields", "moved", "comment"])
  expect(journal[2].data.changes).toEqual([{ field: "full_name", from: "Петров", to: "Петров Пётр" }])
  expect(journal[3].data).toMatchObject({ from: "new", to: "in_work" })
  expect(journal[4]).toMatchObject({ actorLogin: expect.stringContaining("operator"), data: { text: "Перезвонить после 18:00" } })
})

test("an unchanged PATCH makes no new version; untyped cases have no fields or moves", async () => {
  const c = (await open({ type: "hotline", title: "x", values: { reason, phone: "+79005554433" } })).json
  const same = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 1, values: { phone: "8 900 555-44-33" } } })
  expect(same.json.version).toBe(1)
  const plain = (await open({ title: "untyped" })).json
  expect((await t.call("PATCH", `/api/v1/cases/${plain.id}`, { cookie: operator, body: { version: 1, values: { a: 1 } } })).status).toBe(400)
  expect((await t.call("POST", `/api/v1/cases/${plain.id}/moves`, { cookie: operator, body: { to: "closed", version: 1 } })).status).toBe(409)
  const archivedType = await t.call("POST", "/api/v1/cases/types/hotline/archive", { cookie: admin })
  expect(archivedType.status).toBe(204)
  expect((await open({ type: "hotline", title: "x", values: { reason, phone: "+79005554433" } })).status).toBe(400)
  await t.call("POST", "/api/v1/cases/types/hotline/restore", { cookie: admin })
})

test("dictionary and person values must exist in the tenant: an unknown, foreign-dictionary or archived item is refused", async () => {
  const base = { type: "hotline", title: "Справка", values: { reason, phone: "+79005554433" } }
  const unknown = await open({ ...base, values: { ...base.values, reason: "01900000-0000-7000-8000-000000000001" } }, operator)
  expect(unknown.status).toBe(400)
  expect(unknown.json.fields.map((f: any) => f.path)).toEqual(["values.reason"])
  // an item of another dictionary (a city is not a reason)
  const city = await open({ ...base, values: { ...base.values, reason: await item("cities", "MOW") } })
  expect(city.status).toBe(400)
  const archivedId = await item("reasons", "COMPLAINT")
  const archived = await t.call("POST", `/api/v1/cases/reference/dictionaries/reasons/items/${archivedId}/archive`, { cookie: admin })
  expect(archived.status).toBe(204)
  const r = await t.call("POST", "/api/v1/cases", { cookie: operator, lang: "en", body: { ...base, values: { ...base.values, reason: archivedId } } })
  expect(r.status).toBe(400)
  expect(r.json.fields[0].message).toContain("archived")
  expect((await t.call("GET", "/api/v1/cases?type=hotline&q=Справка", { cookie: operator })).json.items).toEqual([])
  expect((await open(base)).status).toBe(201)
})

test("a person field holds an active user of the tenant, not someone of another tenant", async () => {
  await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template: "equipment" } })
  const add = async (dictionary: string, code: string) =>
    (await t.call("POST", `/api/v1/cases/reference/dictionaries/${dictionary}/items`, { cookie: admin, body: { code, label: { ru: code, en: code } } })).json.id
  const base = { type: "equipment", title: "Не греет", values: { client: await add("clients", "CAFE"), equipment: await add("equipment", "KM17"), reason } }
  const c = (await open(base)).json
  const me = (await t.call("GET", "/api/v1/auth/me", { cookie: operator })).json.user.id
  const other = await t.tenant()
  const stranger = (await t.call("GET", "/api/v1/auth/me", { cookie: await other.login("operator") })).json.user.id
  const refused = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 1, values: { executor: stranger } } })
  expect(refused.status).toBe(400)
  expect(refused.json.fields.map((f: any) => f.path)).toEqual(["values.executor"])
  const ok = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 1, values: { executor: me } } })
  expect(ok.json.values.executor).toBe(me)
})

test("changing a hotline appeal's reason after it was set marks the case for the list", async () => {
  const c = (await open({ type: "hotline", title: "Вопрос", values: { reason, phone: "+79005554433" } })).json
  expect(c.flags).toEqual([])
  const other = await item("reasons", "CONSULTATION")
  const changed = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 1, values: { reason: other } } })
  expect(changed.json.flags).toEqual(["reason_changed"])
  // other fields leave the marks alone
  const again = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: operator, body: { version: 2, values: { description: "уточнение" }, flags: ["attention", "reason_changed"] } })
  expect(again.json.flags.sort()).toEqual(["attention", "reason_changed"])
})

test("a call linked to a case shows in its journal; bad links are refused", async () => {
  const c = (await open({ type: "hotline", title: "Звонок", values: { reason, phone: "+79005554433" } })).json
  const linked = await t.call("POST", `/api/v1/cases/${c.id}/calls`, { cookie: operator, body: { callId: "a84b4c76e66710@pc33", direction: "inbound", from: "+79005554433", startedAt: "2026-11-21T10:00:00Z" } })
  expect(linked.status).toBe(204)
  expect((await t.call("POST", `/api/v1/cases/${c.id}/calls`, { cookie: operator, body: { callId: "" } })).status).toBe(400)
  const journal = (await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: operator })).json.items
  expect(journal.filter((e: any) => e.kind === "call").map((e: any) => e.data)).toEqual([
    { callId: "a84b4c76e66710@pc33", direction: "inbound", from: "+79005554433", to: null, startedAt: "2026-11-21T10:00:00Z" },
  ])
})

test("a known applicant's phone pre-fills the new case; what the operator types wins; the card lists earlier cases", async () => {
  const first = await open({
    type: "hotline", title: "Первое", applicantPhone: "+7 911 222-33-44",
    values: { reason, phone: "+7 911 222-33-44", full_name: "Орлова Вера Павловна", snils: "112-233-445 95", home_address: { text: "Казань, ул. Баумана, 5" } },
  })
  expect(first.status).toBe(201)
  const second = await open({ type: "hotline", title: "Второе", applicantPhone: "89112223344", values: { reason, phone: "89112223344", home_address: { text: "Казань, ул. Пушкина, 1" } } })
  expect(second.status).toBe(201)
  expect(second.json.values).toMatchObject({ full_name: "Орлова Вера Павловна", snils: "11223344595", home_address: { text: "Казань, ул. Пушкина, 1" } })
  const lookup = await t.call("GET", `/api/v1/cases/${second.json.id}/applicant`, { cookie: operator })
  expect(lookup.json.applicant).toMatchObject({ phone: "+79112223344", name: "Орлова Вера Павловна" })
  expect(lookup.json.cases.map((c: any) => c.id)).toEqual([first.json.id])
  // a new address given on the second case is what the third one gets
  const third = await open({ type: "hotline", title: "Третье", applicantPhone: "+79112223344", values: { reason, phone: "+79112223344" } })
  expect(third.json.values.home_address).toEqual({ text: "Казань, ул. Пушкина, 1" })
})

test("two types with the same number format never collide: the second takes the next free number", async () => {
  await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template: "roadside", key: "roadside_vip" } })
  const numbers = []
  for (const type of ["roadside", "roadside_vip", "roadside", "roadside_vip"]) {
    const r = await open({ type, title: "x", values: { fault: "x", contact_phone: "+79001112233" } })
    expect(r.status).toBe(201)
    numbers.push(r.json.number)
  }
  expect(new Set(numbers).size).toBe(4)
})
