/** The case list over HTTP: filters and search in the query string, strict decoding, assignment, isolation. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
type Tenant = Awaited<ReturnType<TestApp["tenant"]>>
let A: Tenant
let B: Tenant
let a: { admin: string; operator: string; supervisor: string }
let b: { operator: string }
let reason: string
const userId = (tenant: Tenant, role: string) => tenant.users.find((u) => u.login === tenant.logins[role])!.id

beforeAll(async () => {
  t = await startTestApp()
  A = await t.tenant()
  B = await t.tenant()
  a = { admin: await A.login("admin"), operator: await A.login("operator"), supervisor: await A.login("supervisor") }
  b = { operator: await B.login("operator") }
  expect((await t.call("POST", "/api/v1/cases/types/install", { cookie: a.admin, body: { template: "hotline" } })).status).toBe(201)
  expect((await t.call("POST", "/api/v1/cases/reference/seed", { cookie: a.admin })).status).toBe(200)
  const reasons = await t.call("GET", "/api/v1/cases/reference/dictionaries/reasons/items?q=NO_START", { cookie: a.operator })
  reason = reasons.json.items[0].id
}, 60_000)
afterAll(() => t.close())

const open = (cookie: string, body: unknown) => t.call("POST", "/api/v1/cases", { cookie, body }).then((r) => {
  if (r.status !== 201) throw new Error(`${r.status} ${r.text}`)
  return r.json
})
const get = (cookie: string, query: string) => t.call("GET", `/api/v1/cases?${query}`, { cookie })

describe("GET /api/v1/cases", () => {
  let hot: any
  beforeAll(async () => {
    hot = await open(a.operator, {
      title: "Жалоба на шум", type: "hotline", flags: ["attention"],
      values: { reason, phone: "+7 (912) 345-67-89", full_name: "Семёнова Анна", home_address: { text: "Казань, ул. Баумана, 12" } },
    })
    await open(a.operator, { title: "Без типа", applicantPhone: "8 800 555 35 35" })
  })

  test("items carry the category, type name and status label; the page has its total", async () => {
    const r = await get(a.operator, "q=семенова")
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ total: 1, totalExact: true, nextCursor: null })
    expect(r.json.items).toHaveLength(1)
    expect(r.json.items[0]).toMatchObject({
      id: hot.id, number: hot.number, statusCategory: "open",
      typeName: { ru: "Обращение на горячую линию", en: "Hotline appeal" }, statusLabel: { ru: "Новое", en: "New" },
    })
  })

  test("phones in any format, URL-encoded as browsers send them", async () => {
    for (const q of ["%2B79123456789", "8%20912%20345", "(912)%20345-67", "3456789"]) {
      const r = await get(a.operator, `q=${q}`)
      expect(r.json.items.map((i: any) => i.id)).toEqual([hot.id])
    }
    expect((await get(a.operator, "q=8005553535")).json.items.map((i: any) => i.title)).toEqual(["Без типа"])
  })

  test("typo, address and filters combine", async () => {
    expect((await get(a.operator, "q=Семенава")).json.items.map((i: any) => i.id)).toEqual([hot.id])
    expect((await get(a.operator, "q=баумана&type=hotline&statusGroup=active&attention=true&period=24h")).json.total).toBe(1)
    expect((await get(a.operator, "q=баумана&statusGroup=inactive")).json.total).toBe(0)
    expect((await get(a.operator, "attention=true")).json.items.map((i: any) => i.id)).toEqual([hot.id])
  })

  test("bad query values are 400 naming each parameter, with Russian messages", async () => {
    const cases: [string, string][] = [
      ["period=range", "query.period"],
      ["period=24h&from=2026-01-01", "query.from"],
      ["from=2026-02-01&to=2026-01-01", "query.to"],
      ["from=yesterday", "query.from"],
      ["to=2026-01-01T10:00:00", "query.to"],
      ["statusGroup=open", "query.statusGroup"],
      ["assignee=someone", "query.assignee"],
      ["attention=yes", "query.attention"],
      ["sort=title", "query.sort"],
      ["cursor=nope", "query.cursor"],
      ["type=Hot%20line", "query.type"],
      [`q=${"x".repeat(201)}`, "query.q"],
      ["colour=red", "query.colour"],
    ]
    for (const [query, path] of cases) {
      const r = await get(a.operator, query)
      expect([query, r.status]).toEqual([query, 400])
      expect([query, r.json.fields.map((f: any) => f.path)]).toEqual([query, [path]])
    }
    const ru = await t.call("GET", "/api/v1/cases?period=range", { cookie: a.operator, lang: "ru" })
    expect(ru.json.fields[0].message).toBe("Для period=range укажите from, to или оба")
  })

  test("range dates: a date is UTC midnight; from is inclusive", async () => {
    const today = new Date().toISOString().slice(0, 10)
    expect((await get(a.operator, `period=range&from=${today}`)).json.total).toBe(2)
    expect((await get(a.operator, `from=${today}`)).json.total).toBe(2)
    expect((await get(a.operator, `period=range&to=${today}`)).json.total).toBe(0)
  })

  test("paging over HTTP follows nextCursor to the end", async () => {
    const seen: string[] = []
    let next: string | null = ""
    while (next !== null) {
      const r = await get(a.operator, `limit=1${next ? `&cursor=${next}` : ""}`)
      expect(r.status).toBe(200)
      seen.push(...r.json.items.map((i: any) => i.id))
      next = r.json.nextCursor
    }
    expect(seen.length).toBe((await get(a.operator, "limit=200")).json.total)
  })
})

describe("assignment", () => {
  test("PATCH assigneeId: a user of the tenant, not another tenant's; the list filters by user, me and none", async () => {
    const c = await open(a.operator, { title: "Назначить" })
    const foreign = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: a.supervisor, body: { version: 1, assigneeId: userId(B, "operator") } })
    expect(foreign.status).toBe(400)
    expect(foreign.json.fields.map((f: any) => f.path)).toEqual(["assigneeId"])
    expect((await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: a.supervisor, body: { version: 1, assigneeId: "not-a-uuid" } })).status).toBe(400)
    const ok = await t.call("PATCH", `/api/v1/cases/${c.id}`, { cookie: a.supervisor, body: { version: 1, assigneeId: userId(A, "operator") } })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ assigneeId: userId(A, "operator"), version: 2 })

    expect((await get(a.operator, "assignee=me")).json.items.map((i: any) => i.id)).toEqual([c.id])
    expect((await get(a.supervisor, "assignee=me")).json.items).toEqual([])
    expect((await get(a.supervisor, `assignee=${userId(A, "operator")}`)).json.items.map((i: any) => i.id)).toEqual([c.id])
    expect((await get(a.supervisor, "assignee=none")).json.items.map((i: any) => i.id)).not.toContain(c.id)
    const cross = await get(a.supervisor, `assignee=${userId(B, "operator")}`)
    expect(cross.status).toBe(400)
    expect(cross.json.fields.map((f: any) => f.path)).toEqual(["query.assignee"])

    const journal = await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: a.operator })
    expect(journal.json.items.at(-1)).toMatchObject({ kind: "fields", data: { changes: [{ field: "assigneeId", from: null, to: userId(A, "operator") }] } })
  })
})

describe("reindex", () => {
  test("admins only; it rewrites nothing that is current", async () => {
    expect((await t.call("POST", "/api/v1/cases/search/reindex", { cookie: a.operator })).status).toBe(403)
    const r = await t.call("POST", "/api/v1/cases/search/reindex", { cookie: a.admin })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ scanned: (await get(a.admin, "limit=1")).json.total, updated: 0 })
  })
})

describe("tenant isolation", () => {
  test("another tenant's search finds nothing of A: not by phone, name, number or typo, and its total is 0", async () => {
    const mine = await open(b.operator, { title: "Свой случай" })
    for (const q of ["9123456789", "семенова", "Семенава", "баумана", "жалоба"]) {
      const r = await get(b.operator, `q=${encodeURIComponent(q)}`)
      expect([q, r.json.total, r.json.items]).toEqual([q, 0, []])
    }
    const all = await get(b.operator, "limit=200")
    expect(all.json.items.map((i: any) => i.id)).toEqual([mine.id])
    expect(all.json.total).toBe(1)
  })
})
