import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let admin: string
let operator: string
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await t.tenant()
  admin = await tenant.login("admin")
  operator = await tenant.login("operator")
}, 60_000)
afterAll(() => t.close())

test("an admin installs the three templates; everyone reads them", async () => {
  const empty = (await t.call("GET", "/api/v1/cases/types", { cookie: operator })).json
  expect(empty.items).toEqual([])
  expect(empty.templates.map((x: any) => x.key)).toEqual(["roadside", "hotline", "equipment"])
  for (const template of ["roadside", "hotline", "equipment"]) {
    const r = await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template } })
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({ key: template, version: 1, template, archived: false })
  }
  expect((await t.call("POST", "/api/v1/cases/types/install", { cookie: admin, body: { template: "hotline" } })).status).toBe(409)
  expect((await t.call("POST", "/api/v1/cases/types/install", { cookie: operator, body: { template: "hotline", key: "hotline2" } })).status).toBe(403)
  const hotline = (await t.call("GET", "/api/v1/cases/types/hotline", { cookie: operator })).json
  expect(hotline.definition.states.map((s: any) => s.key)).toContain("closed_by_user")
})

test("an inconsistent definition is refused with every problem, in Russian on request", async () => {
  const hotline = (await t.call("GET", "/api/v1/cases/types/hotline", { cookie: admin })).json
  const definition = { ...hotline.definition, key: "broken", transitions: [{ from: ["new"], to: "nowhere", requires: ["ghost"] }] }
  const r = await t.call("POST", "/api/v1/cases/types", { cookie: admin, lang: "ru", body: definition })
  expect(r.status).toBe(400)
  expect(r.json.fields).toEqual([
    { path: "transitions.0.to", message: "Неизвестный статус «nowhere»" },
    { path: "transitions.0.requires.0", message: "Неизвестное поле «ghost»" },
  ])
  const shape = await t.call("POST", "/api/v1/cases/types", { cookie: admin, body: { ...definition, fields: [{ key: "Bad Key", kind: "colour" }] } })
  expect(shape.status).toBe(400)
  expect(shape.json.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(["fields.0.key", "fields.0.kind", "fields.0.label"]))
  expect((await t.call("GET", "/api/v1/cases/types/broken", { cookie: admin })).status).toBe(404)
})

test("saving is versioned; a stale version gets 409 with the current one; old versions stay readable", async () => {
  const v1 = (await t.call("GET", "/api/v1/cases/types/roadside", { cookie: admin })).json
  const renamed = { ...v1.definition, name: { ru: "Ассистанс", en: "Assistance" } }
  const saved = await t.call("PUT", "/api/v1/cases/types/roadside", { cookie: admin, body: { definition: renamed, version: 1 } })
  expect(saved.status).toBe(200)
  expect(saved.json.version).toBe(2)
  const stale = await t.call("PUT", "/api/v1/cases/types/roadside", { cookie: admin, body: { definition: v1.definition, version: 1 } })
  expect(stale.status).toBe(409)
  expect(stale.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
  expect((await t.call("GET", "/api/v1/cases/types/roadside", { cookie: admin })).json.definition.name.en).toBe("Assistance")
  const old = await t.call("GET", "/api/v1/cases/types/roadside/versions/1", { cookie: operator })
  expect(old.json.name.en).toBe("Roadside assistance")
  const rekey = await t.call("PUT", "/api/v1/cases/types/roadside", { cookie: admin, body: { definition: { ...renamed, key: "other" }, version: 2 } })
  expect(rekey.status).toBe(400)
})

test("two concurrent saves of one version: exactly one wins", async () => {
  const cur = (await t.call("GET", "/api/v1/cases/types/equipment", { cookie: admin })).json
  const results = await Promise.all(["A", "B", "C"].map((n) =>
    t.call("PUT", "/api/v1/cases/types/equipment", { cookie: admin, body: { definition: { ...cur.definition, name: { ru: n, en: n } }, version: cur.version } })))
  expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
})

test("archive and restore", async () => {
  expect((await t.call("POST", "/api/v1/cases/types/hotline/archive", { cookie: admin })).status).toBe(204)
  expect((await t.call("GET", "/api/v1/cases/types/hotline", { cookie: admin })).json.archived).toBe(true)
  expect((await t.call("POST", "/api/v1/cases/types/hotline/restore", { cookie: admin })).status).toBe(204)
  expect((await t.call("GET", "/api/v1/cases/types/hotline", { cookie: admin })).json.archived).toBe(false)
})
