/**
 * An in-process server for tests: the real app and runtime on a fresh
 * database (PGlite in memory, or a new PostgreSQL database when
 * TEST_DATABASE_URL is set). Requests go through `app.fetch`.
 */
import { createTenant, type Role } from "@org/core/server"
import { createTestDatabase } from "@org/core/testing"
import { makeApp } from "../src/app"
import { makeRuntime } from "../src/runtime"

export interface Call {
  body?: unknown
  raw?: string
  cookie?: string
  token?: string
  lang?: string
  ip?: string
  headers?: Record<string, string>
}

export const startTestApp = async () => {
  const tdb = await createTestDatabase()
  const runtime = makeRuntime({ databaseUrl: tdb.url, pgliteDir: "memory://" })
  await runtime.runPromise((await import("effect")).Effect.void)
  const app = makeApp(runtime, { bodyLimitBytes: 64 * 1024, trustProxy: true, secureCookies: false })

  const call = async (method: string, path: string, o: Call = {}) => {
    const headers: Record<string, string> = { "x-forwarded-for": o.ip ?? "127.0.0.1", ...o.headers }
    if (o.body !== undefined || o.raw !== undefined) headers["content-type"] = "application/json"
    if (o.cookie) headers.cookie = o.cookie
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (o.lang) headers["accept-language"] = o.lang
    const res = await app.fetch(new Request(`http://test${path}`, {
      method, headers, body: o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined),
    }))
    const text = await res.text()
    let json: any
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, json, headers: res.headers, text }
  }

  let n = 0
  const password = "correct horse battery"
  /** A tenant with an admin, a supervisor and an operator, all with `password`. */
  const tenant = async () => {
    const slug = `t${Date.now().toString(36)}${n++}`
    const roles: Role[] = ["admin", "supervisor", "operator"]
    const created = await runtime.runPromise(createTenant({
      name: `Tenant ${slug}`, slug, groups: ["Line 1"],
      users: roles.map((r) => ({ login: `${slug}-${r}`, name: `${r} of ${slug}`, password, roles: [r], groups: ["Line 1"] })),
    }))
    const login = async (role: Role) => {
      const res = await call("POST", "/api/v1/auth/login", { body: { login: `${slug}-${role}`, password }, ip: `10.${n}.0.1` })
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
      return res.headers.get("set-cookie")!.split(";")[0]
    }
    return { ...created, slug, login, logins: Object.fromEntries(roles.map((r) => [r, `${slug}-${r}`])) as Record<string, string> }
  }

  return {
    app, runtime, call, tenant, password,
    close: async () => {
      await runtime.dispose()
      await tdb.drop()
    },
  }
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>
