import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { coreTables, THROTTLE, useDb } from "@org/core/server"
import { eq } from "drizzle-orm"
import { SignJWT } from "jose"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let tenant: Awaited<ReturnType<TestApp["tenant"]>>
beforeAll(async () => {
  t = await startTestApp()
  tenant = await t.tenant()
}, 60_000)
afterAll(() => t.close())

describe("login", () => {
  test("passwords are stored as argon2id hashes", async () => {
    const [u] = await t.runtime.runPromise(useDb((db) => db.select().from(coreTables.users).where(eq(coreTables.users.login, tenant.logins.operator))))
    expect(u.passwordHash).toStartWith("$argon2id$")
  })

  test("wrong password and unknown login give the same 401", async () => {
    const wrong = await t.call("POST", "/api/v1/auth/login", { body: { login: tenant.logins.operator, password: "nope nope nope" }, ip: "10.9.9.1" })
    const unknown = await t.call("POST", "/api/v1/auth/login", { body: { login: "nobody-here", password: "nope nope nope" }, ip: "10.9.9.1" })
    expect(wrong.status).toBe(401)
    expect(wrong.json.code).toBe("invalid_credentials")
    expect(unknown.status).toBe(401)
    expect(unknown.json.code).toBe("invalid_credentials")
    expect(wrong.headers.get("set-cookie")).toBeNull()
  })

  test("remember me sets a persistent HttpOnly SameSite cookie; without it a browser-session cookie", async () => {
    const r1 = await t.call("POST", "/api/v1/auth/login", { body: { login: tenant.logins.supervisor, password: t.password, remember: true } })
    const c1 = r1.headers.get("set-cookie")!
    expect(c1).toContain("HttpOnly")
    expect(c1).toContain("SameSite=Lax")
    expect(c1).toMatch(/Max-Age=2592000/)
    const r2 = await t.call("POST", "/api/v1/auth/login", { body: { login: tenant.logins.supervisor, password: t.password } })
    expect(r2.headers.get("set-cookie")).not.toContain("Max-Age")
  })

  test("throttling: after 5 failures the account is locked even for the right password", async () => {
    const fresh = await t.tenant()
    for (let i = 0; i < THROTTLE.maxFailuresPerAccount; i++) {
      const r = await t.call("POST", "/api/v1/auth/login", { body: { login: fresh.logins.operator, password: "wrong password" }, ip: `10.1.1.${i}` })
      expect(r.status).toBe(401)
    }
    const locked = await t.call("POST", "/api/v1/auth/login", { body: { login: fresh.logins.operator, password: t.password }, ip: "10.1.1.99", lang: "ru" })
    expect(locked.status).toBe(429)
    expect(locked.json.code).toBe("too_many_attempts")
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0)
    // other accounts are unaffected
    expect((await t.call("POST", "/api/v1/auth/login", { body: { login: fresh.logins.admin, password: t.password }, ip: "10.1.1.98" })).status).toBe(200)
  })

  test("throttling per address: many failures from one address lock it for every account", async () => {
    const ip = "10.77.0.1"
    for (let i = 0; i < THROTTLE.maxFailuresPerAddress; i++) {
      await t.call("POST", "/api/v1/auth/login", { body: { login: `ghost-${i}`, password: "wrong password" }, ip })
    }
    const r = await t.call("POST", "/api/v1/auth/login", { body: { login: tenant.logins.admin, password: t.password }, ip })
    expect(r.status).toBe(429)
  })
})

describe("sessions", () => {
  test("me, session list, revoke, logout", async () => {
    const cookie = await tenant.login("operator")
    const me = await t.call("GET", "/api/v1/auth/me", { cookie })
    expect(me.json.user).toMatchObject({ login: tenant.logins.operator, roles: ["operator"] })
    const other = await tenant.login("operator")
    const list = (await t.call("GET", "/api/v1/auth/sessions", { cookie })).json
    expect(list.filter((s: any) => s.current)).toHaveLength(1)
    const otherId = list.find((s: any) => !s.current && s.id).id
    expect((await t.call("DELETE", `/api/v1/auth/sessions/${otherId}`, { cookie })).status).toBe(204)
    // whichever session that was, exactly one of the two still works
    const alive = [(await t.call("GET", "/api/v1/auth/me", { cookie })).status, (await t.call("GET", "/api/v1/auth/me", { cookie: other })).status]
    expect(alive.sort()).toEqual([200, 401])
    const out = await t.call("POST", "/api/v1/auth/logout", { cookie })
    expect(out.status).toBe(204)
    expect((await t.call("GET", "/api/v1/auth/me", { cookie })).status).toBe(401)
  })

  test("password change: needs the current password, ends other sessions", async () => {
    const fresh = await t.tenant()
    const a = await fresh.login("operator")
    const b = await fresh.login("operator")
    const bad = await t.call("POST", "/api/v1/auth/password", { cookie: a, body: { current: "wrong", next: "a brand new password" } })
    expect(bad.status).toBe(400)
    expect(bad.json.fields[0].path).toBe("current")
    const short = await t.call("POST", "/api/v1/auth/password", { cookie: a, body: { current: t.password, next: "short" } })
    expect(short.status).toBe(400)
    const ok = await t.call("POST", "/api/v1/auth/password", { cookie: a, body: { current: t.password, next: "a brand new password" } })
    expect(ok.status).toBe(204)
    expect((await t.call("GET", "/api/v1/auth/me", { cookie: a })).status).toBe(200)
    expect((await t.call("GET", "/api/v1/auth/me", { cookie: b })).status).toBe(401)
    const relog = await t.call("POST", "/api/v1/auth/login", { body: { login: fresh.logins.operator, password: "a brand new password" } })
    expect(relog.status).toBe(200)
  })
})

describe("invitations", () => {
  test("admin invites, the link sets a password once, the person logs in", async () => {
    const admin = await tenant.login("admin")
    const inv = await t.call("POST", "/api/v1/auth/invitations", { cookie: admin, body: { login: `${tenant.slug}-newbie`, name: "New Operator", roles: ["operator"] } })
    expect(inv.status).toBe(201)
    expect(inv.json.link).toContain(inv.json.token)
    const dup = await t.call("POST", "/api/v1/auth/invitations", { cookie: admin, body: { login: `${tenant.slug}-newbie`, name: "Again", roles: ["operator"] } })
    expect(dup.status).toBe(409)
    const accept = await t.call("POST", "/api/v1/auth/invitations/accept", { body: { token: inv.json.token, password: "my own password" } })
    expect(accept.status).toBe(201)
    const again = await t.call("POST", "/api/v1/auth/invitations/accept", { body: { token: inv.json.token, password: "another password" } })
    expect(again.status).toBe(401)
    const login = await t.call("POST", "/api/v1/auth/login", { body: { login: `${tenant.slug}-newbie`, password: "my own password" } })
    expect(login.status).toBe(200)
    expect(login.json.user.tenant.id).toBe(tenant.tenantId)
  })

  test("a revoked invitation cannot be used", async () => {
    const admin = await tenant.login("admin")
    const inv = await t.call("POST", "/api/v1/auth/invitations", { cookie: admin, body: { login: `${tenant.slug}-later`, name: "Later", roles: ["operator"] } })
    expect((await t.call("DELETE", `/api/v1/auth/invitations/${inv.json.id}`, { cookie: admin })).status).toBe(204)
    const accept = await t.call("POST", "/api/v1/auth/invitations/accept", { body: { token: inv.json.token, password: "my own password" } })
    expect(accept.status).toBe(401)
  })
})

describe("API keys", () => {
  test("created by admins, shown once, stored hashed, revocable", async () => {
    const admin = await tenant.login("admin")
    const created = await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "CRM", roles: ["operator"] } })
    expect(created.status).toBe(201)
    const key = created.json.key as string
    expect(key).toStartWith("sbk_")
    const list = (await t.call("GET", "/api/v1/auth/api-keys", { cookie: admin })).json
    expect(JSON.stringify(list)).not.toContain(key)
    const rows = await t.runtime.runPromise(useDb((db) => db.select().from(coreTables.apiKeys)))
    expect(JSON.stringify(rows)).not.toContain(key)

    const made = await t.call("POST", "/api/v1/cases", { token: key, body: { title: "From the CRM" } })
    expect(made.status).toBe(201)
    expect((await t.call("DELETE", `/api/v1/auth/api-keys/${created.json.id}`, { cookie: admin })).status).toBe(204)
    const after = await t.call("GET", "/api/v1/cases", { token: key })
    expect(after.status).toBe(401)
    expect(after.json.code).toBe("api_key_revoked")
  })

  test("a key scoped to operator cannot act as admin", async () => {
    const admin = await tenant.login("admin")
    const { key } = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "limited", roles: ["operator"] } })).json
    expect((await t.call("POST", "/api/v1/auth/api-keys", { token: key, body: { name: "escalate", roles: ["admin"] } })).status).toBe(403)
  })
})

describe("widget tokens", () => {
  test("a widget token authenticates as its user", async () => {
    const cookie = await tenant.login("operator")
    const issued = await t.call("POST", "/api/v1/auth/widget-tokens", { cookie, body: { ttlSeconds: 60 } })
    expect(issued.status).toBe(201)
    const me = await t.call("GET", "/api/v1/auth/me", { token: issued.json.token })
    expect(me.json.user.login).toBe(tenant.logins.operator)
  })

  test("an expired or forged token is refused", async () => {
    const [secret] = await t.runtime.runPromise(useDb((db) => db.select().from(coreTables.secrets)))
    const sign = (key: string, exp: number) =>
      new SignJWT({ tid: tenant.tenantId }).setProtectedHeader({ alg: "HS256" }).setSubject(tenant.users[2].id)
        .setAudience("switchboard-widget").setIssuer("switchboard").setIssuedAt(exp - 60).setExpirationTime(exp)
        .sign(new TextEncoder().encode(key))
    const now = Math.floor(Date.now() / 1000)
    const valid = await sign(secret.value, now + 60)
    expect((await t.call("GET", "/api/v1/auth/me", { token: valid })).status).toBe(200)
    const expired = await t.call("GET", "/api/v1/auth/me", { token: await sign(secret.value, now - 5) })
    expect(expired.status).toBe(401)
    expect(expired.json.code).toBe("token_invalid")
    expect((await t.call("GET", "/api/v1/auth/me", { token: await sign("not the key", now + 60) })).status).toBe(401)
  })
})

describe("widget tokens for other users (CRM backends)", () => {
  test("an admin API key mints a token for a user of its tenant; operators and other tenants cannot", async () => {
    const admin = await tenant.login("admin")
    const { key } = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "CRM backend", roles: ["admin"] } })).json
    const minted = await t.call("POST", "/api/v1/auth/widget-tokens", { token: key, body: { login: tenant.logins.operator, ttlSeconds: 300 } })
    expect(minted.status).toBe(201)
    const me = await t.call("GET", "/api/v1/auth/me", { token: minted.json.token })
    expect(me.json.user.login).toBe(tenant.logins.operator)

    const op = await tenant.login("operator")
    const denied = await t.call("POST", "/api/v1/auth/widget-tokens", { cookie: op, body: { login: tenant.logins.admin } })
    expect(denied.status).toBe(403)

    const other = await t.tenant()
    const foreign = await t.call("POST", "/api/v1/auth/widget-tokens", { token: key, body: { login: other.logins.operator } })
    expect(foreign.status).toBe(404)
    const audit = (await t.call("GET", "/api/v1/audit", { cookie: admin })).json.items
    expect(audit.some((e: any) => e.action === "auth.widget_token.issue")).toBe(true)
  })
})

describe("users and groups", () => {
  test("an admin creates a group, assigns it, changes roles; disabling ends the user's sessions", async () => {
    const fresh = await t.tenant()
    const admin = await fresh.login("admin")
    const op = await fresh.login("operator")
    const group = await t.call("POST", "/api/v1/auth/groups", { cookie: admin, body: { name: "Night shift" } })
    expect(group.status).toBe(201)
    expect((await t.call("POST", "/api/v1/auth/groups", { cookie: admin, body: { name: "Night shift" } })).status).toBe(409)
    const opId = fresh.users.find((u) => u.login === fresh.logins.operator)!.id
    const patched = await t.call("PATCH", `/api/v1/auth/users/${opId}`, { cookie: admin, body: { groupIds: [group.json.id], roles: ["operator", "mechanic"] } })
    expect(patched.status).toBe(200)
    const me = (await t.call("GET", "/api/v1/auth/me", { cookie: op })).json.user
    expect(me.roles).toEqual(["operator", "mechanic"])
    expect(me.groups.map((g: any) => g.name)).toEqual(["Night shift"])
    const groups = (await t.call("GET", "/api/v1/auth/groups", { cookie: admin })).json.items
    expect(groups.find((g: any) => g.name === "Night shift").members).toBe(1)

    expect((await t.call("PATCH", `/api/v1/auth/users/${opId}`, { cookie: admin, body: { disabled: true } })).status).toBe(200)
    expect((await t.call("GET", "/api/v1/auth/me", { cookie: op })).status).toBe(401)
    expect((await t.call("POST", "/api/v1/auth/login", { body: { login: fresh.logins.operator, password: t.password } })).status).toBe(401)
  })

  test("an admin cannot lock himself out; unknown groups are refused", async () => {
    const fresh = await t.tenant()
    const admin = await fresh.login("admin")
    const adminId = fresh.users.find((u) => u.login === fresh.logins.admin)!.id
    const self = await t.call("PATCH", `/api/v1/auth/users/${adminId}`, { cookie: admin, body: { roles: ["operator"] } })
    expect(self.status).toBe(400)
    expect(self.json.fields[0].path).toBe("roles")
    const bad = await t.call("PATCH", `/api/v1/auth/users/${adminId}`, { cookie: admin, body: { groupIds: ["01900000-0000-7000-8000-000000000000"] } })
    expect(bad.status).toBe(400)
    expect(bad.json.fields[0].path).toBe("groupIds")
  })
})

describe("cross-origin calls", () => {
  test("bearer calls from any origin are allowed, never with credentials", async () => {
    const pre = await t.call("OPTIONS", "/api/v1/cases", { headers: { origin: "https://crm.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get("access-control-allow-origin")).toBe("*")
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization")
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull()
  })
})

describe("roles", () => {
  test("only admins manage API keys, invitations and the audit trail; supervisors list users", async () => {
    const op = await tenant.login("operator")
    const sup = await tenant.login("supervisor")
    const admin = await tenant.login("admin")
    for (const [method, path, body] of [
      ["GET", "/api/v1/auth/api-keys"], ["POST", "/api/v1/auth/api-keys", { name: "x", roles: ["operator"] }],
      ["GET", "/api/v1/auth/invitations"], ["POST", "/api/v1/auth/invitations", { login: "zz-x", name: "x", roles: ["operator"] }],
      ["GET", "/api/v1/audit"], ["GET", "/api/v1/auth/users"], ["GET", "/api/v1/auth/groups"],
      ["POST", "/api/v1/auth/groups", { name: "x" }], ["PATCH", `/api/v1/auth/users/${tenant.users[0].id}`, { disabled: true }],
    ] as [string, string, unknown?][]) {
      const r = await t.call(method, path, { cookie: op, body })
      expect(r.status).toBe(403)
      expect(r.json.code).toBe("forbidden")
    }
    expect((await t.call("GET", "/api/v1/auth/users", { cookie: sup })).status).toBe(200)
    expect((await t.call("GET", "/api/v1/auth/api-keys", { cookie: sup })).status).toBe(403)
    const audit = await t.call("GET", "/api/v1/audit", { cookie: admin })
    expect(audit.status).toBe(200)
    expect(audit.json.items.some((e: any) => e.action === "auth.login")).toBe(true)
  })

  test("no credentials → 401 on every non-public route", async () => {
    for (const r of t.app.routes.filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")) {
      if (["/api/v1/auth/login", "/api/v1/auth/invitations/accept", "/api/v1/openapi.json"].includes(r.path)) continue
      const res = await t.call(r.method, r.path.replace(/:id/, "01900000-0000-7000-8000-000000000000"), { body: r.method === "GET" || r.method === "DELETE" ? undefined : {} })
      expect([r.path, res.status]).toEqual([r.path, 401])
    }
  })
})
