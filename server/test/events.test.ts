/** The events WebSocket over a real socket: authentication, topics, tenant isolation, replay. */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { websocket } from "hono/bun"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let server: ReturnType<typeof Bun.serve>
let A: Awaited<ReturnType<TestApp["tenant"]>>
let B: Awaited<ReturnType<TestApp["tenant"]>>

beforeAll(async () => {
  t = await startTestApp()
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: t.app.fetch, websocket })
  A = await t.tenant()
  B = await t.tenant()
}, 60_000)
afterAll(async () => {
  server.stop(true)
  await t.close()
})

const open = (query: string, headers: Record<string, string> = {}) =>
  new Promise<{ ws: WebSocket; messages: any[] }>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/events${query}`, { headers } as any)
    const messages: any[] = []
    ws.onmessage = (e) => messages.push(JSON.parse(String(e.data)))
    ws.onopen = () => resolve({ ws, messages })
    ws.onerror = () => reject(new Error("socket refused"))
  })
const until = async (f: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!f() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
}

test("without valid credentials the socket is closed with 4401 and gets no events", async () => {
  const plain = await fetch(`http://127.0.0.1:${server.port}/api/v1/events`)
  expect(plain.status).toBe(401)
  for (const query of ["", "?token=forged.token.value"]) {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/events${query}`)
    const messages: unknown[] = []
    ws.onmessage = (e) => messages.push(e.data)
    const code = await new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)))
    expect(code).toBe(4401)
    expect(messages).toEqual([])
  }
})

test("a subscriber gets its tenant's case.created, never another tenant's", async () => {
  const aCookie = await A.login("operator")
  const bCookie = await B.login("operator")
  const aToken = (await t.call("POST", "/api/v1/auth/widget-tokens", { cookie: aCookie, body: {} })).json.token
  const a = await open(`?token=${aToken}`)
  const b = await open("", { cookie: bCookie })
  for (const s of [a, b]) s.ws.send(JSON.stringify({ type: "subscribe", topics: ["case.*"] }))
  await until(() => a.messages.length > 0 && b.messages.length > 0)
  expect(a.messages[0]).toEqual({ type: "subscribed", topics: ["case.*"] })

  const created = (await t.call("POST", "/api/v1/cases", { cookie: aCookie, body: { title: "Live one" } })).json
  await until(() => a.messages.some((m) => m.type === "event"))
  await new Promise((r) => setTimeout(r, 200))
  const aEvents = a.messages.filter((m) => m.type === "event")
  expect(aEvents).toHaveLength(1)
  expect(aEvents[0]).toMatchObject({ topic: "case.created", payload: { id: created.id, title: "Live one" } })
  expect(b.messages.filter((m) => m.type === "event")).toEqual([])
  a.ws.close()
  b.ws.close()
})

test("?since= replays what a reconnecting client missed; bad messages get an error, not a crash", async () => {
  const cookie = await A.login("operator")
  const first = (await t.call("POST", "/api/v1/cases", { cookie, body: { title: "missed 1" } })).json
  const s = await open("?since=0", { cookie })
  s.ws.send("not json")
  s.ws.send(JSON.stringify({ type: "subscribe", topics: ["case.created"] }))
  await until(() => s.messages.filter((m) => m.type === "event").length >= 2)
  expect(s.messages[0]).toMatchObject({ type: "error", code: "malformed_message" })
  await new Promise((r) => setTimeout(r, 300)) // a late live copy would arrive now
  const events = s.messages.filter((m) => m.type === "event")
  const titles = events.map((m) => m.payload.title)
  expect(titles.filter((x) => x === "missed 1")).toHaveLength(1)
  expect(titles[titles.length - 1]).toBe("missed 1")
  expect(new Set(events.map((m) => m.seq)).size).toBe(events.length)
  expect(first.id).toBeTruthy()
  s.ws.close()
})

test("logout, a revoked session or a disabled user close the socket with 4401 at once", async () => {
  const closed = (s: { ws: WebSocket }) => new Promise<number>((resolve) => (s.ws.onclose = (e) => resolve(e.code)))
  // logout
  const c1 = await A.login("operator")
  const s1 = await open("", { cookie: c1 })
  const code1 = closed(s1)
  await t.call("POST", "/api/v1/auth/logout", { cookie: c1 })
  expect(await code1).toBe(4401)
  // revoked from another session of the same user; that other session's socket stays open
  const c2 = await A.login("operator")
  const c3 = await A.login("operator")
  const s2 = await open("", { cookie: c2 })
  const s3 = await open("", { cookie: c3 })
  const sessions = (await t.call("GET", "/api/v1/auth/sessions", { cookie: c2 })).json
  const code2 = closed(s2)
  await t.call("DELETE", `/api/v1/auth/sessions/${sessions.find((x: any) => x.current).id}`, { cookie: c3 })
  expect(await code2).toBe(4401)
  expect(s3.ws.readyState).toBe(WebSocket.OPEN)
  // the user is disabled: the widget-token socket closes too
  const token = (await t.call("POST", "/api/v1/auth/widget-tokens", { cookie: c3, body: {} })).json.token
  const s4 = await open(`?token=${token}`)
  const code3 = closed(s3)
  const code4 = closed(s4)
  const admin = await A.login("admin")
  const operatorId = A.users.find((u) => u.login === A.logins.operator)!.id
  await t.call("PATCH", `/api/v1/auth/users/${operatorId}`, { cookie: admin, body: { disabled: true } })
  expect(await code3).toBe(4401)
  expect(await code4).toBe(4401)
})
