/** Questionnaire scripts over HTTP: templates, checked and versioned definitions, runs that fill a case. */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let admin: string
let operator: string
let supervisor: string
const S = "/api/v1/cases/scripts"
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await t.tenant()
  admin = await tenant.login("admin")
  operator = await tenant.login("operator")
  supervisor = await tenant.login("supervisor")
  await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template: "roadside" } })
}, 60_000)
afterAll(() => t.close())

const openRoadside = async () => (await t.call("POST", "/api/v1/cases", {
  cookie: operator, body: { type: "roadside", title: "Не заводится", values: { fault: "не заводится", contact_phone: "+79001112233" } },
})).json

test("an admin installs a template for an existing type; everyone reads it", async () => {
  expect((await t.call("POST", `${S}/install`, { cookie: operator, body: { template: "roadside_intake" } })).status).toBe(403)
  const noType = await t.call("POST", `${S}/install`, { cookie: admin, lang: "ru", body: { template: "hotline_intake" } })
  expect(noType.status).toBe(400)
  expect(noType.json).toMatchObject({ code: "validation_failed", fields: [{ path: "typeKey", message: "У организации нет типа обращений «hotline»" }] })
  expect((await t.call("POST", `${S}/install`, { cookie: admin, body: { template: "nope" } })).status).toBe(400)

  const r = await t.call("POST", `${S}/install`, { cookie: admin, body: { template: "roadside_intake" } })
  expect(r.status).toBe(201)
  expect(r.json).toMatchObject({ key: "roadside_intake", typeKey: "roadside", version: 1, archived: false, definition: { start: "caller" } })
  expect((await t.call("POST", `${S}/install`, { cookie: admin, body: { template: "roadside_intake" } })).status).toBe(409)
  const list = await t.call("GET", `${S}?type=roadside`, { cookie: operator })
  expect(list.json.items.map((s: any) => s.key)).toEqual(["roadside_intake"])
  expect((await t.call("GET", `${S}?type=hotline`, { cookie: operator })).json.items).toEqual([])
  expect((await t.call("GET", `${S}/roadside_intake`, { cookie: operator })).json.definition.questions.length).toBeGreaterThan(10)
  expect((await t.call("GET", `${S}/nothing_here`, { cookie: operator })).status).toBe(404)
})

test("a definition is checked on save: every problem with its path, in Russian on request", async () => {
  const r = await t.call("POST", S, { cookie: admin, lang: "ru", body: {
    key: "broken", typeKey: "roadside", name: { ru: "Сломанный" },
    definition: { start: "a", questions: [
      { id: "a", kind: "choice", text: { ru: "А?" }, options: [{ value: "x", label: { ru: "Икс" }, next: "b" }, { value: "y", label: { ru: "Игрек" }, next: "ghost" }] },
      { id: "b", kind: "text", text: { ru: "Б" }, writeTo: "colour" },
    ] },
  } })
  expect(r.status).toBe(400)
  expect(r.json.fields).toEqual([
    { path: "definition.questions.0.options.1.next", message: "В сценарии нет вопроса «ghost»" },
    { path: "definition.questions.1.writeTo", message: "В типе обращения «roadside» нет поля «colour»" },
  ])
  const shape = await t.call("POST", S, { cookie: admin, body: { key: "Bad Key", typeKey: "roadside", name: { ru: "x" }, definition: { start: "a", questions: [{ id: "a", kind: "radio" }] } } })
  expect(shape.status).toBe(400)
  expect(shape.json.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(["key", "definition.questions.0.kind", "definition.questions.0.text"]))
  const reserved = await t.call("POST", S, { cookie: admin, body: { key: "services", typeKey: "roadside", name: { ru: "x" }, definition: { start: "a", questions: [{ id: "a", kind: "info", text: { ru: "x" } }] } } })
  expect(reserved.json.fields.map((f: any) => f.path)).toEqual(["key"])
  expect((await t.call("GET", `${S}/broken`, { cookie: admin })).status).toBe(404)
})

test("saving makes a new version; a stale one gets 409 with the current version; old versions stay readable", async () => {
  const body = (text: string) => ({ name: { ru: "Короткий", en: "Short" }, definition: { start: "q", questions: [{ id: "q", kind: "text", text: { ru: text }, writeTo: "contract" }] } })
  expect((await t.call("POST", S, { cookie: supervisor, body: { key: "short", typeKey: "roadside", ...body("Первый") } })).status).toBe(403)
  expect((await t.call("POST", S, { cookie: admin, body: { key: "short", typeKey: "roadside", ...body("Первый") } })).status).toBe(201)
  const [a, b] = await Promise.all([
    t.call("PUT", `${S}/short`, { cookie: admin, body: { version: 1, ...body("Второй") } }),
    t.call("PUT", `${S}/short`, { cookie: admin, body: { version: 1, ...body("Третий") } }),
  ])
  expect([a.status, b.status].sort()).toEqual([200, 409])
  expect([a, b].find((x) => x.status === 409)!.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
  expect((await t.call("GET", `${S}/short`, { cookie: operator })).json.version).toBe(2)
  const v1 = await t.call("GET", `${S}/short?version=1`, { cookie: operator })
  expect(v1.json).toMatchObject({ version: 1, definition: { questions: [{ text: { ru: "Первый", en: "Первый" } }] } })
  expect((await t.call("GET", `${S}/short?version=7`, { cookie: operator })).status).toBe(404)
  expect((await t.call("GET", `${S}/short?version=x`, { cookie: operator })).status).toBe(400)
})

test("a run walks the script: answers checked by the field's kind, written into the case, branching, back and jump", async () => {
  const c = await openRoadside()
  const started = await t.call("POST", `/api/v1/cases/${c.id}/script-runs`, { cookie: operator, body: { scriptKey: "roadside_intake" } })
  expect(started.status).toBe(201)
  const run = started.json
  expect(run).toMatchObject({ caseId: c.id, scriptKey: "roadside_intake", scriptVersion: 1, current: "caller", path: [], finished: false })
  const R = `/api/v1/cases/${c.id}/script-runs/${run.id}`
  const answer = (questionId: string, value: unknown, lang?: string) => t.call("POST", `${R}/answer`, { cookie: operator, lang, body: { questionId, value } })

  const first = await answer("caller", "Пётр")
  expect(first.status).toBe(200)
  expect(first.json.case).toMatchObject({ id: c.id, version: 2, values: { caller: "Пётр" } })
  expect(first.json.run).toMatchObject({ current: "contact_phone", path: ["caller"], answers: { caller: "Пётр" } })
  expect((await answer("contact_phone", "8 916 555 12 34")).json.case.values.contact_phone).toBe("+79165551234")
  expect((await answer("injured", true)).json.run.current).toBe("call_112")
  expect((await answer("call_112", null)).json.run.current).toBe("location")
  const wrong = await answer("vin", "x")
  expect(wrong.status).toBe(409)
  expect(wrong.json).toMatchObject({ code: "not_current_question", current: "location" })

  const jumped = await t.call("POST", `${R}/jump`, { cookie: operator, body: { questionId: "vin" } })
  expect(jumped.json).toMatchObject({ current: "vin", path: ["caller", "contact_phone", "injured", "call_112", "location"] })
  const bad = await answer("vin", "1M8GDM9AXKP042789", "ru")
  expect(bad.status).toBe(400)
  expect(bad.json.code).toBe("validation_failed")
  expect(bad.json.fields.map((f: any) => f.path)).toEqual(["value"])
  expect(bad.json.fields[0].message).toMatch(/[а-я]/)
  expect((await t.call("GET", `/api/v1/cases/${c.id}`, { cookie: operator })).json).toMatchObject({ version: 3 }) // unchanged
  const good = await answer("vin", "1m8gdm9axkp042788")
  expect(good.json.case.values.vin).toBe("1M8GDM9AXKP042788")
  expect(good.json.run.current).toBe("make")

  const back = await t.call("POST", `${R}/back`, { cookie: operator })
  expect(back.json).toMatchObject({ current: "vin", answers: { vin: "1M8GDM9AXKP042788" } })
  await t.call("POST", `${R}/jump`, { cookie: operator, body: { questionId: "summary" } })
  const done = await answer("summary", undefined)
  expect(done.json.run).toMatchObject({ current: null, finished: true })
  expect((await answer("summary", undefined)).json.code).toBe("run_finished")

  const runs = await t.call("GET", `/api/v1/cases/${c.id}/script-runs`, { cookie: supervisor })
  expect(runs.json.items.map((r: any) => [r.id, r.finished])).toEqual([[run.id, true]])
  const journal = (await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: operator })).json.items
  const script = journal.filter((e: any) => e.kind === "script").map((e: any) => e.data.action)
  expect(script).toEqual(["start", "answer", "answer", "answer", "answer", "answer", "answer", "finish"])
})

test("dictionary answers must be items of the dictionary; runs need a case of the script's type", async () => {
  const REF = "/api/v1/cases/reference"
  await t.call("POST", `${REF}/dictionaries`, { cookie: admin, body: { key: "makes", name: { ru: "Марки" } } })
  await t.call("POST", `${REF}/dictionaries`, { cookie: admin, body: { key: "cities", name: { ru: "Города" } } })
  const kia = (await t.call("POST", `${REF}/dictionaries/makes/items`, { cookie: admin, body: { code: "KIA", label: { ru: "Kia" } } })).json
  const moscow = (await t.call("POST", `${REF}/dictionaries/cities/items`, { cookie: admin, body: { code: "MOW", label: { ru: "Москва" } } })).json
  const c = await openRoadside()
  const run = (await t.call("POST", `/api/v1/cases/${c.id}/script-runs`, { cookie: operator, body: { scriptKey: "roadside_intake" } })).json
  const R = `/api/v1/cases/${c.id}/script-runs/${run.id}`
  await t.call("POST", `${R}/jump`, { cookie: operator, body: { questionId: "make" } })
  const city = await t.call("POST", `${R}/answer`, { cookie: operator, body: { questionId: "make", value: moscow.id } })
  expect(city.status).toBe(400)
  expect(city.json.fields.map((f: any) => f.path)).toEqual(["value"])
  const ok = await t.call("POST", `${R}/answer`, { cookie: operator, body: { questionId: "make", value: kia.id } })
  expect(ok.json.case.values.make).toBe(kia.id)

  const untyped = (await t.call("POST", "/api/v1/cases", { cookie: operator, body: { title: "без типа" } })).json
  const refused = await t.call("POST", `/api/v1/cases/${untyped.id}/script-runs`, { cookie: operator, body: { scriptKey: "roadside_intake" } })
  expect(refused.status).toBe(400)
  expect(refused.json.fields.map((f: any) => f.path)).toEqual(["scriptKey"])
  expect((await t.call("POST", `/api/v1/cases/01900000-0000-7000-8000-000000000000/script-runs`, { cookie: operator, body: { scriptKey: "roadside_intake" } })).status).toBe(404)
  expect((await t.call("POST", `/api/v1/cases/${c.id}/script-runs/01900000-0000-7000-8000-000000000000/back`, { cookie: operator })).status).toBe(404)
  const nul = await t.call("POST", `${R}/answer`, { cookie: operator, body: { questionId: "model", value: "a\u0000b" } })
  expect(nul.status).toBe(400)
})

test("an archived script starts no new runs", async () => {
  expect((await t.call("POST", `${S}/short/archive`, { cookie: operator })).status).toBe(403)
  expect((await t.call("POST", `${S}/short/archive`, { cookie: admin })).status).toBe(204)
  expect((await t.call("GET", S, { cookie: operator })).json.items.map((s: any) => s.key)).toEqual(["roadside_intake"])
  expect((await t.call("GET", `${S}?includeArchived=true`, { cookie: operator })).json.items.find((s: any) => s.key === "short").archived).toBe(true)
  const c = await openRoadside()
  const r = await t.call("POST", `/api/v1/cases/${c.id}/script-runs`, { cookie: operator, body: { scriptKey: "short" } })
  expect(r.status).toBe(400)
})
