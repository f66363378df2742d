/** Applicants over HTTP: who is calling (any phone format), a case's applicant and history, correcting a card. */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { Applicants, hotlineTemplate, roadsideTemplate, type CaseTypeDef } from "@org/cases/server"
import { CurrentActor, loadActor } from "@org/core/server"
import { Effect } from "effect"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let tenant: Awaited<ReturnType<TestApp["tenant"]>>
let admin: string
let operator: string
const AP = "/api/v1/cases/applicants"
beforeAll(async () => {
  t = await startTestApp()
  tenant = await t.tenant()
  admin = await tenant.login("admin")
  operator = await tenant.login("operator")
  for (const template of ["roadside", "hotline"]) await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template } })
}, 60_000)
afterAll(() => t.close())

/** What a saved case teaches about its applicant (the Cases service calls the same store). */
const remember = async (def: CaseTypeDef | null, phone: string, values: Record<string, unknown>) => {
  const actor = await t.runtime.runPromise(loadActor(tenant.users.find((u) => u.login === tenant.logins.operator)!.id, "session"))
  await t.runtime.runPromise(Effect.flatMap(Effect.service(Applicants), (s) => s.remember(def, phone, values)).pipe(Effect.provideService(CurrentActor, actor!)))
}

test("lookup reads the phone in any common format and lists the cases newest first", async () => {
  const first = (await t.call("POST", "/api/v1/cases", { cookie: operator, body: {
    type: "roadside", title: "Эвакуатор", applicantPhone: "8 (900) 123-45-67", values: { fault: "ДТП", contact_phone: "+79001234567", plate: "а123вс77" },
  } })).json
  const second = (await t.call("POST", "/api/v1/cases", { cookie: operator, body: { title: "Повторный звонок", applicantPhone: "+79001234567" } })).json
  await remember(roadsideTemplate, "+79001234567", { caller: "Пётр Петров", contact_phone: "+79001234567" })

  for (const phone of ["%2B7 (900) 123-45-67", "89001234567", "+79001234567", "8-900-123-45-67"]) {
    const r = await t.call("GET", `${AP}/lookup?phone=${phone.includes("%") ? phone : encodeURIComponent(phone)}`, { cookie: operator })
    expect(r.status).toBe(200)
    expect(r.json.cases.map((c: any) => c.id)).toEqual([second.id, first.id])
  }
  const r = await t.call("GET", `${AP}/lookup?phone=89001234567`, { cookie: operator })
  expect(r.json.applicant).toMatchObject({ phone: "+79001234567", name: "Пётр Петров", casesCount: 2, lastCaseAt: second.createdAt })
  expect(r.json.cases[1]).toMatchObject({ number: first.number, type: "roadside", status: "new", preview: "Эвакуатор · ДТП · А123ВС77" })

  const bad = await t.call("GET", `${AP}/lookup?phone=12345`, { cookie: operator, lang: "ru" })
  expect(bad.status).toBe(400)
  expect(bad.json.fields).toEqual([{ path: "query.phone", message: "Ожидается номер телефона, например +7 900 123-45-67" }])
  expect((await t.call("GET", `${AP}/lookup?phone=abc`, { cookie: operator })).status).toBe(400)
  expect((await t.call("GET", `${AP}/lookup`, { cookie: operator })).status).toBe(400)
  const unknown = await t.call("GET", `${AP}/lookup?phone=89009999999`, { cookie: operator })
  expect(unknown.json).toEqual({ applicant: null, cases: [] })

  const ofCase = await t.call("GET", `/api/v1/cases/${second.id}/applicant`, { cookie: operator })
  expect(ofCase.json.applicant.name).toBe("Пётр Петров")
  expect(ofCase.json.cases.map((c: any) => c.id)).toEqual([first.id])
  expect((await t.call("GET", "/api/v1/cases/01900000-0000-7000-8000-000000000000/applicant", { cookie: operator })).status).toBe(404)
})

test("applicant cards: list, read, correct with a version", async () => {
  await remember(hotlineTemplate, "+79005550001", { full_name: "Смирнова Анна", birth_date: "1985-03-08" })
  const list = await t.call("GET", `${AP}?q=смирнова`, { cookie: operator })
  expect(list.json.items.map((a: any) => a.name)).toEqual(["Смирнова Анна"])
  const id = list.json.items[0].id
  expect((await t.call("GET", `${AP}?limit=1`, { cookie: operator })).json.nextCursor).toBeString()
  expect((await t.call("GET", `${AP}/${id}`, { cookie: operator })).json).toMatchObject({ phone: "+79005550001", values: { birth_date: "1985-03-08" }, casesCount: 0, lastCaseAt: null })

  const bad = await t.call("PATCH", `${AP}/${id}`, { cookie: operator, body: { version: 1, values: { birth_date: "08.03.1985", shoe_size: 38 } } })
  expect(bad.status).toBe(400)
  expect(bad.json.fields.map((f: any) => f.path).sort()).toEqual(["values.birth_date", "values.shoe_size"])
  expect(bad.json.fields.find((f: any) => f.path === "values.shoe_size").message).toBe("No case type remembers this field of an applicant")
  const ok = await t.call("PATCH", `${AP}/${id}`, { cookie: operator, body: { version: 1, name: "Смирнова Анна Петровна", values: { birth_date: null, snils: "112-233-445 95" } } })
  expect(ok.status).toBe(200)
  expect(ok.json).toMatchObject({ version: 2, name: "Смирнова Анна Петровна", values: { full_name: "Смирнова Анна", snils: "11223344595" } })
  expect(ok.json.values).not.toHaveProperty("birth_date")
  const stale = await t.call("PATCH", `${AP}/${id}`, { cookie: operator, body: { version: 1, name: "x" } })
  expect(stale.status).toBe(409)
  expect(stale.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
  expect((await t.call("PATCH", `${AP}/${id}`, { cookie: operator, body: { version: 2, name: "a\u0000b" } })).status).toBe(400)
  expect((await t.call("GET", `${AP}/01900000-0000-7000-8000-000000000000`, { cookie: operator })).status).toBe(404)
  expect((await t.call("GET", `${AP}/not-an-id`, { cookie: operator })).status).toBe(400)
})
