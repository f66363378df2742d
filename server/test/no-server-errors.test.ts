/**
 * No client error answers 500: every API route, called by an admin with a
 * spread of wrong inputs (bad JSON, wrong types, nulls, huge and odd strings,
 * bad path ids and query values), answers a 4xx problem or a success.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await startTestApp()
  cookie = await (await t.tenant()).login("admin")
}, 60_000)
afterAll(() => t.close())

const bodies: (string | undefined)[] = [
  undefined, "", "{", "[]", "null", "0", "\"x\"", "true", "{}",
  JSON.stringify({ title: null, login: null, name: null, roles: null, password: null, token: null }),
  JSON.stringify({ title: 1, login: 2, name: [], roles: "admin", password: {}, token: 3, ttlSeconds: "10", groupIds: "x", disabled: "yes" }),
  JSON.stringify({ title: "x".repeat(20_000), login: "ü".repeat(500), name: "\u0000\u202e", roles: ["root"], password: "x".repeat(300) }),
  JSON.stringify({ roles: [], groupIds: ["not-a-uuid"], ttlSeconds: -5, userId: "x", login: "" }),
  JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: {} } }),
  JSON.stringify({ a: { b: { c: { d: { e: { f: { g: [[[[[[1]]]]]] } } } } } } }),
]
const ids = ["x", "hotline", "01900000-0000-7000-8000-000000000000", "%00", "..%2F..%2Fetc", "1".repeat(300), "-1"]
const queries = ["", "?limit=-1", "?limit=1e9", "?limit=abc&cursor=%ff", "?cursor=01900000-0000-7000-8000-000000000000&limit=1", "?since=abc"]

test("every API route answers bad input with a 4xx, never a 5xx", async () => {
  const routes = t.app.routes.filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL" && !r.path.endsWith("/events") && !r.path.endsWith("/logout"))
  let calls = 0
  const bad: string[] = []
  const jobs: (() => Promise<void>)[] = []
  for (const r of routes) {
    const withBody = r.method !== "GET" && r.method !== "DELETE"
    for (const id of r.path.includes(":") ? ids : [""]) {
      const path = r.path.replace(/:[A-Za-z]+/g, id)
      // Query strings matter to reads; writes get the first two (none, a bad one) with every body.
      for (const q of withBody ? queries.slice(0, 2) : queries) {
        for (const raw of withBody ? bodies : [undefined]) {
          jobs.push(async () => {
            const res = await t.call(r.method, path + q, { cookie, raw, headers: raw === undefined ? {} : { "content-type": "application/json" } })
            calls++
            if (res.status >= 500) bad.push(`${r.method} ${path}${q} ${raw?.slice(0, 40)} → ${res.status} ${res.text.slice(0, 120)}`)
            else if (res.status >= 400) expect(res.json?.code).toBeString()
          })
        }
      }
    }
  }
  // A few calls at a time, as a busy client would make them (and several times faster than one by one).
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job()
  }))
  expect(bad).toEqual([])
  expect(calls).toBeGreaterThan(500)
  // the calls were made as a logged-in admin throughout (not short-circuited by a 401)
  expect((await t.call("GET", "/api/v1/auth/me", { cookie })).status).toBe(200)
}, 300_000)
