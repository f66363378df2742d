/**
 * Two tenants, every API route: nothing of tenant A can be read or written
 * with tenant B's credentials. The table below must name every route; a new
 * route without an isolation case fails the coverage test.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"
import type { IsolationCases, IsolationContext } from "./isolation/context"

let t: TestApp
let A: Awaited<ReturnType<TestApp["tenant"]>>
let B: Awaited<ReturnType<TestApp["tenant"]>>
let a: { admin: string; operator: string }
let b: { admin: string; operator: string }
let ctx: IsolationContext
let aCase: any
let aKey: any
let aInvitation: any
let aType: any

beforeAll(async () => {
  t = await startTestApp()
  A = await t.tenant()
  B = await t.tenant()
  a = { admin: await A.login("admin"), operator: await A.login("operator") }
  b = { admin: await B.login("admin"), operator: await B.login("operator") }
  aCase = (await t.call("POST", "/api/v1/cases", { cookie: a.operator, body: { title: "A's secret case", applicantPhone: "+79990001122" } })).json
  aKey = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: a.admin, body: { name: "A's key", roles: ["operator"] } })).json
  aType = (await t.call("POST", "/api/v1/cases/types/install", { cookie: a.admin, body: { template: "hotline", key: "a_secret_type" } })).json
  aInvitation = (await t.call("POST", "/api/v1/auth/invitations", { cookie: a.admin, body: { login: `${A.slug}-invitee`, name: "A invitee", roles: ["operator"] } })).json
  ctx = {
    t, A, B, aCase,
    a: { ...a, supervisor: await A.login("supervisor") },
    b: { ...b, supervisor: await B.login("supervisor") },
  }
}, 60_000)
afterAll(() => t.close())

const leaks = (body: string) =>
  [aType.id, "a_secret_type", aCase.id, aCase.title, aKey.id, aKey.prefix, aInvitation.id, A.tenantId, A.logins.operator, `${A.slug}-invitee`].filter((s) => body.includes(s))

const REF = "/api/v1/cases/reference"
let aRef: Promise<{ item: any; partner: any }> | undefined
/** A's reference data, made on first use (so a test run of one case also works). */
const aReference = () => (aRef ??= (async () => {
  await t.call("POST", `${REF}/dictionaries`, { cookie: a.admin, body: { key: "a_secret_dict", name: { ru: "Секрет А" } } })
  const item = (await t.call("POST", `${REF}/dictionaries/a_secret_dict/items`, { cookie: a.admin, body: { code: "A_SECRET", label: { ru: "Секрет А" } } })).json
  const partner = (await t.call("POST", `${REF}/partners`, { cookie: a.admin, body: { name: "A secret partner", kind: "dealer" } })).json
  return { item, partner }
})())
const refLeaks = (body: string, r: { item: any; partner: any }) =>
  [r.item.id, r.partner.id, "A_SECRET", "Секрет А", "A secret partner"].filter((s) => s !== undefined && body.includes(s))

/** One case per route: B acts, then we check B saw nothing of A and A is unchanged. */
const cases: Record<string, () => Promise<void>> = {
  "POST /api/v1/auth/login": async () => {
    const r = await t.call("POST", "/api/v1/auth/login", { body: { login: B.logins.operator, password: t.password } })
    expect(r.json.user.tenant.id).toBe(B.tenantId)
  },
  "POST /api/v1/auth/logout": async () => {
    const own = await B.login("operator")
    await t.call("POST", "/api/v1/auth/logout", { cookie: own })
    expect((await t.call("GET", "/api/v1/auth/me", { cookie: a.operator })).status).toBe(200)
  },
  "GET /api/v1/auth/me": async () => {
    const r = await t.call("GET", "/api/v1/auth/me", { cookie: b.operator })
    expect(leaks(r.text)).toEqual([])
  },
  "GET /api/v1/auth/sessions": async () => {
    const r = await t.call("GET", "/api/v1/auth/sessions", { cookie: b.admin })
    expect(leaks(r.text)).toEqual([])
  },
  "DELETE /api/v1/auth/sessions/:id": async () => {
    const aSessions = (await t.call("GET", "/api/v1/auth/sessions", { cookie: a.operator })).json
    const r = await t.call("DELETE", `/api/v1/auth/sessions/${aSessions[0].id}`, { cookie: b.admin })
    expect(r.status).toBe(404)
    expect((await t.call("GET", "/api/v1/auth/me", { cookie: a.operator })).status).toBe(200)
  },
  "POST /api/v1/auth/password": async () => {
    // acts only on the caller; A's password still works
    const own = await B.login("supervisor")
    const r = await t.call("POST", "/api/v1/auth/password", { cookie: own, body: { current: t.password, next: t.password } })
    expect(r.status).toBe(204)
    expect((await t.call("POST", "/api/v1/auth/login", { body: { login: A.logins.operator, password: t.password } })).status).toBe(200)
  },
  "GET /api/v1/auth/invitations": async () => {
    const r = await t.call("GET", "/api/v1/auth/invitations", { cookie: b.admin })
    expect(r.status).toBe(200)
    expect(leaks(r.text)).toEqual([])
  },
  "POST /api/v1/auth/invitations": async () => {
    const r = await t.call("POST", "/api/v1/auth/invitations", { cookie: b.admin, body: { login: `${B.slug}-x`, name: "x", roles: ["operator"] } })
    expect(r.status).toBe(201)
    const accepted = await t.call("POST", "/api/v1/auth/invitations/accept", { body: { token: r.json.token, password: "another password 1" } })
    const me = await t.call("POST", "/api/v1/auth/login", { body: { login: `${B.slug}-x`, password: "another password 1" } })
    expect(accepted.status).toBe(201)
    expect(me.json.user.tenant.id).toBe(B.tenantId)
  },
  "DELETE /api/v1/auth/invitations/:id": async () => {
    expect((await t.call("DELETE", `/api/v1/auth/invitations/${aInvitation.id}`, { cookie: b.admin })).status).toBe(404)
    const list = (await t.call("GET", "/api/v1/auth/invitations", { cookie: a.admin })).json
    expect(list.find((i: any) => i.id === aInvitation.id).state).toBe("pending")
  },
  "POST /api/v1/auth/invitations/accept": async () => {
    // covered above: an accepted invitation joins the inviting tenant only
  },
  "GET /api/v1/auth/api-keys": async () => {
    const r = await t.call("GET", "/api/v1/auth/api-keys", { cookie: b.admin })
    expect(leaks(r.text)).toEqual([])
  },
  "POST /api/v1/auth/api-keys": async () => {
    const r = await t.call("POST", "/api/v1/auth/api-keys", { cookie: b.admin, body: { name: "B's key", roles: ["operator"] } })
    const list = await t.call("GET", "/api/v1/cases", { token: r.json.key })
    expect(leaks(list.text)).toEqual([])
  },
  "DELETE /api/v1/auth/api-keys/:id": async () => {
    expect((await t.call("DELETE", `/api/v1/auth/api-keys/${aKey.id}`, { cookie: b.admin })).status).toBe(404)
    expect((await t.call("GET", "/api/v1/cases", { token: aKey.key })).status).toBe(200)
  },
  "POST /api/v1/auth/widget-tokens": async () => {
    const r = await t.call("POST", "/api/v1/auth/widget-tokens", { cookie: b.operator, body: {} })
    const list = await t.call("GET", "/api/v1/cases", { token: r.json.token })
    expect(leaks(list.text)).toEqual([])
    expect((await t.call("GET", `/api/v1/cases/${aCase.id}`, { token: r.json.token })).status).toBe(404)
  },
  "GET /api/v1/auth/users": async () => {
    const r = await t.call("GET", "/api/v1/auth/users", { cookie: b.admin })
    expect(r.json.items.length).toBeGreaterThan(0)
    expect(leaks(r.text)).toEqual([])
  },
  "PATCH /api/v1/auth/users/:id": async () => {
    const aOperatorId = A.users.find((u) => u.login === A.logins.operator)!.id
    const r = await t.call("PATCH", `/api/v1/auth/users/${aOperatorId}`, { cookie: b.admin, body: { disabled: true, name: "pwned" } })
    expect(r.status).toBe(404)
    expect((await t.call("GET", "/api/v1/auth/me", { cookie: a.operator })).json.user.name).not.toBe("pwned")
    // nor can B put its user into A's group
    const bOperatorId = B.users.find((u) => u.login === B.logins.operator)!.id
    const g = await t.call("PATCH", `/api/v1/auth/users/${bOperatorId}`, { cookie: b.admin, body: { groupIds: [A.groups["Line 1"]] } })
    expect(g.status).toBe(400)
  },
  "GET /api/v1/auth/groups": async () => {
    const r = await t.call("GET", "/api/v1/auth/groups", { cookie: b.admin })
    expect(r.json.items.map((g: any) => g.id)).toEqual([B.groups["Line 1"]])
  },
  "POST /api/v1/auth/groups": async () => {
    // the same name in another tenant is no conflict, and stays B's
    const r = await t.call("POST", "/api/v1/auth/groups", { cookie: b.admin, body: { name: "Line 2" } })
    expect(r.status).toBe(201)
    const aGroups = (await t.call("GET", "/api/v1/auth/groups", { cookie: a.admin })).json.items
    expect(aGroups.map((g: any) => g.name)).toEqual(["Line 1"])
  },
  "GET /api/v1/audit": async () => {
    const r = await t.call("GET", "/api/v1/audit?limit=500", { cookie: b.admin })
    expect(r.json.items.length).toBeGreaterThan(0)
    expect(leaks(r.text)).toEqual([])
  },
  "GET /api/v1/cases": async () => {
    const r = await t.call("GET", "/api/v1/cases", { cookie: b.operator })
    expect(leaks(r.text)).toEqual([])
    const paged = await t.call("GET", `/api/v1/cases?cursor=${"f".repeat(8)}-ffff-7fff-bfff-ffffffffffff`, { cookie: b.operator })
    expect(leaks(paged.text)).toEqual([])
  },
  "POST /api/v1/cases": async () => {
    const r = await t.call("POST", "/api/v1/cases", { cookie: b.operator, body: { title: "B's case" } })
    // B's numbering is its own: its first case is 000001, like A's
    expect(r.json.number).toBe("000001")
    const aList = (await t.call("GET", "/api/v1/cases", { cookie: a.operator })).json.items
    expect(aList.map((c: any) => c.title)).toEqual(["A's secret case"])
  },
  "GET /api/v1/cases/:id": async () => {
    const r = await t.call("GET", `/api/v1/cases/${aCase.id}`, { cookie: b.operator })
    expect(r.status).toBe(404)
    // the answer may echo the id B sent, but nothing else of A's
    expect(leaks(r.text.replaceAll(aCase.id, ""))).toEqual([])
  },
  "GET /api/v1/cases/types": async () => {
    const r = await t.call("GET", "/api/v1/cases/types", { cookie: b.operator })
    expect(r.json.items).toEqual([])
  },
  "POST /api/v1/cases/types/install": async () => {
    // the same key in B is B's own type; A's stays as it was
    const r = await t.call("POST", "/api/v1/cases/types/install", { cookie: b.admin, body: { template: "roadside", key: "a_secret_type" } })
    expect(r.status).toBe(201)
    const mine = (await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: a.admin })).json
    expect(mine.definition.name.en).toBe("Hotline appeal")
    await t.call("POST", "/api/v1/cases/types/a_secret_type/archive", { cookie: b.admin })
    expect((await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: a.admin })).json.archived).toBe(false)
  },
  "POST /api/v1/cases/types": async () => {
    const def = (await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: a.admin })).json.definition
    const r = await t.call("POST", "/api/v1/cases/types", { cookie: b.admin, body: { ...def, key: "b_own" } })
    expect(r.status).toBe(201)
    expect((await t.call("GET", "/api/v1/cases/types/b_own", { cookie: a.admin })).status).toBe(404)
  },
  "GET /api/v1/cases/types/:key": async () => {
    const r = await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: b.operator })
    // B sees only its own type of that key (installed above), never A's
    expect(r.json.id).not.toBe(aType.id)
  },
  "PUT /api/v1/cases/types/:key": async () => {
    const def = (await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: a.admin })).json.definition
    await t.call("PUT", "/api/v1/cases/types/a_secret_type", { cookie: b.admin, body: { definition: { ...def, name: { ru: "x", en: "pwned" } }, version: 1 } })
    expect((await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: a.admin })).json).toMatchObject({ version: 1, name: { en: "Hotline appeal" } })
  },
  "POST /api/v1/cases/types/:key/archive": async () => {
    // covered with install: B archiving its own key leaves A's type active
  },
  "POST /api/v1/cases/types/:key/restore": async () => {
    await t.call("POST", "/api/v1/cases/types/a_secret_type/archive", { cookie: a.admin })
    await t.call("POST", "/api/v1/cases/types/a_secret_type/restore", { cookie: b.admin })
    expect((await t.call("GET", "/api/v1/cases/types/a_secret_type", { cookie: a.admin })).json.archived).toBe(true)
    await t.call("POST", "/api/v1/cases/types/a_secret_type/restore", { cookie: a.admin })
  },
  "GET /api/v1/cases/types/:key/versions/:version": async () => {
    const r = await t.call("GET", "/api/v1/cases/types/a_secret_type/versions/1", { cookie: b.operator })
    expect(r.json.name?.en).not.toBe("Hotline appeal")
  },
  "PATCH /api/v1/cases/:id": async () => {
    const r = await t.call("PATCH", `/api/v1/cases/${aCase.id}`, { cookie: b.operator, body: { version: 1, title: "pwned" } })
    expect(r.status).toBe(404)
    expect((await t.call("GET", `/api/v1/cases/${aCase.id}`, { cookie: a.operator })).json).toMatchObject({ title: "A's secret case", version: 1 })
  },
  "GET /api/v1/cases/:id/moves": async () => {
    expect((await t.call("GET", `/api/v1/cases/${aCase.id}/moves`, { cookie: b.operator })).status).toBe(404)
  },
  "POST /api/v1/cases/:id/moves": async () => {
    expect((await t.call("POST", `/api/v1/cases/${aCase.id}/moves`, { cookie: b.admin, body: { to: "closed", version: 1 } })).status).toBe(404)
  },
  "GET /api/v1/cases/:id/journal": async () => {
    const r = await t.call("GET", `/api/v1/cases/${aCase.id}/journal`, { cookie: b.admin })
    expect(r.status).toBe(404)
  },
  "POST /api/v1/cases/:id/comments": async () => {
    expect((await t.call("POST", `/api/v1/cases/${aCase.id}/comments`, { cookie: b.operator, body: { text: "hi" } })).status).toBe(404)
    const journal = (await t.call("GET", `/api/v1/cases/${aCase.id}/journal`, { cookie: a.operator })).json.items
    expect(journal.map((e: any) => e.kind)).toEqual(["created"])
  },
  // --- /api/v1/cases/reference: A's dictionary, item and partner are made once, on first use
  "GET /api/v1/cases/reference/dictionaries": async () => {
    const r = await t.call("GET", `${REF}/dictionaries?includeArchived=true`, { cookie: b.operator })
    expect(r.status).toBe(200)
    expect(refLeaks(r.text, await aReference())).toEqual([])
  },
  "POST /api/v1/cases/reference/dictionaries": async () => {
    const { item } = await aReference()
    // the same key in B is B's own dictionary
    expect((await t.call("POST", `${REF}/dictionaries`, { cookie: b.admin, body: { key: "a_secret_dict", name: { ru: "B" } } })).status).toBe(201)
    expect((await t.call("GET", `${REF}/dictionaries/a_secret_dict/items`, { cookie: a.operator })).json.items.map((i: any) => i.id)).toEqual([item.id])
  },
  "POST /api/v1/cases/reference/dictionaries/:key/archive": async () => {
    await aReference()
    await t.call("POST", `${REF}/dictionaries/a_secret_dict/archive`, { cookie: b.admin })
    expect((await t.call("GET", `${REF}/dictionaries`, { cookie: a.operator })).json.items.map((d: any) => d.key)).toContain("a_secret_dict")
  },
  "GET /api/v1/cases/reference/dictionaries/:key/items": async () => {
    const r = await t.call("GET", `${REF}/dictionaries/a_secret_dict/items?includeArchived=true`, { cookie: b.operator })
    expect(refLeaks(r.text, await aReference())).toEqual([])
  },
  "POST /api/v1/cases/reference/dictionaries/:key/items": async () => {
    const { item } = await aReference()
    const r = await t.call("POST", `${REF}/dictionaries/a_secret_dict/items`, { cookie: b.admin, body: { label: { ru: "x" }, parentId: item.id } })
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect((await t.call("GET", `${REF}/dictionaries/a_secret_dict/items`, { cookie: a.operator })).json.items).toHaveLength(1)
  },
  "PUT /api/v1/cases/reference/dictionaries/:key/items/:id": async () => {
    const { item } = await aReference()
    const r = await t.call("PUT", `${REF}/dictionaries/a_secret_dict/items/${item.id}`, { cookie: b.admin, body: { label: { ru: "pwned" }, version: 1 } })
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect((await t.call("GET", `${REF}/dictionaries/a_secret_dict/items`, { cookie: a.operator })).json.items[0]).toMatchObject({ version: 1, label: { ru: "Секрет А" } })
  },
  "POST /api/v1/cases/reference/dictionaries/:key/items/:id/archive": async () => {
    const { item } = await aReference()
    expect((await t.call("POST", `${REF}/dictionaries/a_secret_dict/items/${item.id}/archive`, { cookie: b.admin })).status).toBe(404)
    expect((await t.call("GET", `${REF}/dictionaries/a_secret_dict/items`, { cookie: a.operator })).json.items[0].archived).toBe(false)
  },
  "GET /api/v1/cases/reference/partners": async () => {
    const r = await t.call("GET", `${REF}/partners?includeArchived=true`, { cookie: b.operator })
    expect(r.status).toBe(200)
    expect(refLeaks(r.text, await aReference())).toEqual([])
  },
  "POST /api/v1/cases/reference/partners": async () => {
    const { item, partner } = await aReference()
    // another tenant's item is no city of B's
    expect((await t.call("POST", `${REF}/partners`, { cookie: b.admin, body: { name: "B", kind: "partner", cityId: item.id } })).status).toBe(400)
    expect((await t.call("POST", `${REF}/partners`, { cookie: b.admin, body: { name: "B partner", kind: "partner" } })).status).toBe(201)
    expect((await t.call("GET", `${REF}/partners`, { cookie: a.operator })).json.items.map((p: any) => p.id)).toEqual([partner.id])
  },
  "GET /api/v1/cases/reference/partners/:id": async () => {
    const { partner } = await aReference()
    const r = await t.call("GET", `${REF}/partners/${partner.id}`, { cookie: b.operator })
    expect(r.status).toBe(404)
    expect(r.text).not.toContain("A secret partner")
  },
  "PUT /api/v1/cases/reference/partners/:id": async () => {
    const { partner } = await aReference()
    expect((await t.call("PUT", `${REF}/partners/${partner.id}`, { cookie: b.admin, body: { name: "pwned", kind: "partner", version: 1 } })).status).toBe(404)
    expect((await t.call("GET", `${REF}/partners/${partner.id}`, { cookie: a.operator })).json).toMatchObject({ name: "A secret partner", version: 1 })
  },
  "POST /api/v1/cases/reference/partners/:id/archive": async () => {
    const { partner } = await aReference()
    expect((await t.call("POST", `${REF}/partners/${partner.id}/archive`, { cookie: b.admin })).status).toBe(404)
    expect((await t.call("GET", `${REF}/partners/${partner.id}`, { cookie: a.operator })).json.archived).toBe(false)
  },
  "POST /api/v1/cases/reference/seed": async () => {
    // B's seed fills B's books only: A's dictionaries stay as they were
    const before = (await t.call("GET", `${REF}/dictionaries`, { cookie: a.operator })).json.items.length
    expect((await t.call("POST", `${REF}/seed`, { cookie: b.admin })).status).toBe(200)
    expect((await t.call("GET", `${REF}/dictionaries`, { cookie: a.operator })).json.items.length).toBe(before)
    expect((await t.call("POST", `${REF}/seed`, { cookie: b.operator })).status).toBe(403)
  },
  "GET /api/v1/events": async () => {
    // covered by events.test.ts over a real socket
  },
}

// The case desk's modules keep their cases next to each other in ./isolation/.
const moduleFiles = [...new Bun.Glob("*.ts").scanSync({ cwd: `${import.meta.dir}/isolation` })].filter((f) => f !== "context.ts").sort()
for (const file of moduleFiles) {
  const make = (await import(`./isolation/${file}`)).default as IsolationCases
  // ctx is made in beforeAll: each case builds its module's table when it runs.
  const names = Object.keys(make(new Proxy({} as IsolationContext, { get: () => undefined })))
  for (const name of names) {
    if (cases[name]) throw new Error(`isolation case ${name} is defined twice (${file})`)
    cases[name] = () => make(ctx)[name]!()
  }
}

test("every API route has an isolation case", () => {
  const routes = [...new Set(t.app.routes.filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL" && !r.path.endsWith("openapi.json")).map((r) => `${r.method} ${r.path}`))]
  expect(routes.filter((r) => !cases[r])).toEqual([])
})

for (const [name, run] of Object.entries(cases)) test(`tenant B cannot reach tenant A: ${name}`, run)
