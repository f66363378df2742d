/**
 * SLA over HTTP on the real server runtime: calendars and policies (admins,
 * validated field by field), and a case's clocks following the real case
 * events (create → comment → pause → resume → resolve), a breach published
 * and journaled by the sweep.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { CaseSla } from "@org/cases/server"
import type { DomainEvent } from "@org/core"
import { EventBus } from "@org/core/server"
import { Effect } from "effect"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let admin: string
let operator: string
let tenantId: string
let priority: Record<string, string>
const SLA = "/api/v1/cases/sla"

const ticket = {
  key: "ticket",
  name: { ru: "Заявка", en: "Ticket" },
  numberFormat: "T-{SEQ:4}",
  fields: [{ key: "priority", label: { ru: "Приоритет", en: "Priority" }, kind: "dictionary", dictionary: "priorities" }],
  states: [
    { key: "new", label: { ru: "Новая", en: "New" }, category: "open", initial: true },
    { key: "work", label: { ru: "В работе", en: "In work" }, category: "open" },
    { key: "waiting", label: { ru: "Ожидание", en: "Waiting" }, category: "paused" },
    { key: "done", label: { ru: "Выполнена", en: "Done" }, category: "resolved" },
  ],
  transitions: [
    { from: ["new", "waiting", "done"], to: "work" },
    { from: ["new", "work"], to: "waiting" },
    { from: ["new", "work", "waiting"], to: "done" },
  ],
}
const calendar = {
  name: "Moscow office", timeZone: "Europe/Moscow",
  week: { mon: [["09:00", "18:00"]], tue: [["09:00", "18:00"]], wed: [["09:00", "18:00"]], thu: [["09:00", "18:00"]], fri: [["09:00", "17:00"]] },
  holidays: ["2026-01-02", "2026-01-01"],
}

/** Polls until `check` passes: the clocks follow the case events after their commit. */
const eventually = async <T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 5_000): Promise<T> => {
  const until = Date.now() + ms
  for (;;) {
    const v = await read()
    if (check(v)) return v
    if (Date.now() > until) throw new Error(`not reached in ${ms} ms: ${JSON.stringify(v)}`)
    await Bun.sleep(20)
  }
}

beforeAll(async () => {
  t = await startTestApp()
  const A = await t.tenant()
  tenantId = A.tenantId
  admin = await A.login("admin")
  operator = await A.login("operator")
  expect((await t.call("POST", "/api/v1/cases/reference/seed", { cookie: admin })).status).toBe(200)
  expect((await t.call("POST", "/api/v1/cases/types", { cookie: admin, body: ticket })).status).toBe(201)
  const items = (await t.call("GET", "/api/v1/cases/reference/dictionaries/priorities/items", { cookie: admin })).json.items
  priority = Object.fromEntries(items.map((i: any) => [i.code, i.id]))
}, 60_000)
afterAll(() => t.close())

describe("calendars", () => {
  test("admins only", async () => {
    for (const [method, path, body] of [["GET", `${SLA}/calendars`], ["POST", `${SLA}/calendars`, calendar], ["GET", `${SLA}/policies`], ["PUT", `${SLA}/policies/ticket`, { targets: [] }]] as const) {
      const r = await t.call(method, path, { cookie: operator, body })
      expect(r.status).toBe(403)
      expect(r.json.code).toBe("forbidden")
    }
    expect((await t.call("GET", `${SLA}/calendars`, { cookie: admin })).status).toBe(200)
  })

  test("create (201, normalised), list, replace with its version (stale → 409 stale_version), unknown → 404", async () => {
    const created = await t.call("POST", `${SLA}/calendars`, { cookie: admin, body: calendar })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      name: "Moscow office", timeZone: "Europe/Moscow", holidays: ["2026-01-01", "2026-01-02"], version: 1,
      week: { mon: [["09:00", "18:00"]], fri: [["09:00", "17:00"]], sat: [], sun: [] },
    })
    const id = created.json.id
    expect((await t.call("GET", `${SLA}/calendars`, { cookie: admin })).json.items.map((c: any) => c.id)).toContain(id)
    const saved = await t.call("PUT", `${SLA}/calendars/${id}`, { cookie: admin, body: { ...calendar, name: "Office", holidays: [], version: 1 } })
    expect(saved.status).toBe(200)
    expect(saved.json).toMatchObject({ name: "Office", holidays: [], version: 2 })
    const stale = await t.call("PUT", `${SLA}/calendars/${id}`, { cookie: admin, body: { ...calendar, version: 1 } })
    expect(stale.status).toBe(409)
    expect(stale.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
    const missing = await t.call("PUT", `${SLA}/calendars/019a0000-0000-7000-8000-000000000000`, { cookie: admin, body: { ...calendar, version: 1 } })
    expect(missing.status).toBe(404)
    expect((await t.call("PUT", `${SLA}/calendars/nope`, { cookie: admin, body: { ...calendar, version: 1 } })).status).toBe(400)
  })

  test("bad calendars get 400 naming each field at fault, in Russian too; nothing is saved", async () => {
    const before = (await t.call("GET", `${SLA}/calendars`, { cookie: admin })).json.items.length
    const paths = async (body: unknown, lang = "en") => {
      const r = await t.call("POST", `${SLA}/calendars`, { cookie: admin, body, lang })
      expect(r.status).toBe(400)
      expect(r.json.code).toBe("validation_failed")
      return r.json.fields as { path: string; message: string }[]
    }
    expect((await paths({ name: " ", timeZone: "Mars/Olympus", week: {}, holidays: ["2025-02-30"] })).map((f) => f.path).sort())
      .toEqual(["holidays.0", "name", "timeZone", "week"])
    expect((await paths({ ...calendar, timeZone: "Mars/Olympus" }, "ru"))[0]).toEqual({ path: "timeZone", message: "Ожидается часовой пояс IANA, например Europe/Moscow" })
    expect((await paths({ ...calendar, week: { mon: [["09:00", "09:00"]] } })).map((f) => f.path)).toEqual(["week.mon.0.1"])
    expect((await paths({ ...calendar, week: { mon: [["24:00", "25:00"]] } })).map((f) => f.path)).toEqual(["week.mon.0.0", "week.mon.0.1"])
    expect((await paths({ ...calendar, week: { tue: [["09:00", "13:00"], ["12:00", "18:00"]] } }))).toEqual([{ path: "week.tue", message: "Intervals of a day must not overlap" }])
    expect((await paths({ ...calendar, week: { mon: [["09:00"]] } }))[0].path).toStartWith("week.mon.0")
    expect((await paths({ ...calendar, week: { funday: [["09:00", "10:00"]] } })).map((f) => f.path)).toContain("week.funday")
    expect((await t.call("GET", `${SLA}/calendars`, { cookie: admin })).json.items).toHaveLength(before)
  })
})

describe("policies", () => {
  test("a policy per case type: priorities are 'default' or codes of the priorities dictionary; warnings default to 80 %", async () => {
    const ok = await t.call("PUT", `${SLA}/policies/ticket`, {
      cookie: admin,
      body: { calendarId: null, targets: [{ priority: "default", firstResponseMinutes: 60, resolutionMinutes: 480 }, { priority: "HIGH", firstResponseMinutes: 15, resolutionMinutes: 120, warnAtPercent: 50 }] },
    })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({
      typeKey: "ticket", calendarId: null, version: 1,
      targets: [{ priority: "default", warnAtPercent: 80 }, { priority: "HIGH", warnAtPercent: 50 }],
    })
    expect((await t.call("GET", `${SLA}/policies`, { cookie: admin })).json.items).toEqual([ok.json])

    const put = (typeKey: string, body: unknown) => t.call("PUT", `${SLA}/policies/${typeKey}`, { cookie: admin, body })
    expect((await put("nope", { targets: [{ priority: "default", firstResponseMinutes: 1, resolutionMinutes: 1 }] })).status).toBe(404)
    const fields = async (body: unknown) => {
      const r = await put("ticket", body)
      expect(r.status).toBe(400)
      return r.json.fields.map((f: any) => f.path)
    }
    expect(await fields({ targets: [{ priority: "URGENT", firstResponseMinutes: 1, resolutionMinutes: 1 }] })).toEqual(["targets.0.priority"])
    expect(await fields({ targets: [{ priority: "HIGH", firstResponseMinutes: 1, resolutionMinutes: 1 }, { priority: "HIGH", firstResponseMinutes: 2, resolutionMinutes: 2 }] }))
      .toEqual(["targets.1.priority"])
    expect(await fields({ targets: [] })).toEqual(["targets"])
    expect(await fields({ targets: [{ priority: "default", firstResponseMinutes: 0, resolutionMinutes: 1.5, warnAtPercent: 101 }] }))
      .toEqual(["targets.0.firstResponseMinutes", "targets.0.resolutionMinutes", "targets.0.warnAtPercent"])
    expect(await fields({ calendarId: "019a0000-0000-7000-8000-000000000000", targets: [{ priority: "default", firstResponseMinutes: 1, resolutionMinutes: 1 }] }))
      .toEqual(["calendarId"])
    expect((await put("ticket", { targets: ok.json.targets, version: 7 })).json).toMatchObject({ code: "stale_version", currentVersion: 1 })
    expect((await t.call("GET", `${SLA}/policies`, { cookie: admin })).json.items[0].version).toBe(1)
  })
})

describe("a case's clocks", () => {
  const sla = (id: string) => t.call("GET", `/api/v1/cases/${id}/sla`, { cookie: operator }).then((r) => r.json)

  test("follow the case: created with the HIGH target, met by a comment, paused and resumed, met when resolved", async () => {
    const created = await t.call("POST", "/api/v1/cases", { cookie: operator, body: { title: "Printer on fire", type: "ticket", values: { priority: priority.HIGH } } })
    expect(created.status).toBe(201)
    const c = created.json
    let s = await eventually(() => sla(c.id), (v) => v.firstResponse !== null)
    expect(s).toMatchObject({
      policy: { typeKey: "ticket", priority: "HIGH" },
      firstResponse: { metAt: null, state: "running", targetMinutes: 15, dueAt: new Date(Date.parse(c.createdAt) + 15 * 60_000).toISOString() },
      resolution: { metAt: null, state: "running", targetMinutes: 120, dueAt: new Date(Date.parse(c.createdAt) + 120 * 60_000).toISOString() },
      paused: false,
    })
    expect((await t.call("POST", `/api/v1/cases/${c.id}/comments`, { cookie: operator, body: { text: "On my way" } })).status).toBe(204)
    s = await eventually(() => sla(c.id), (v) => v.firstResponse.metAt !== null)
    expect(s.firstResponse.state).toBe("met")

    let version = c.version
    const moveTo = async (to: string) => {
      const r = await t.call("POST", `/api/v1/cases/${c.id}/moves`, { cookie: operator, body: { to, version } })
      expect(r.status).toBe(200)
      version = r.json.version
    }
    await moveTo("waiting")
    s = await eventually(() => sla(c.id), (v) => v.resolution.state === "paused")
    expect(s.paused).toBe(true)
    await moveTo("work")
    s = await eventually(() => sla(c.id), (v) => v.resolution.state === "running")
    expect(s.paused).toBe(false)
    await moveTo("done")
    s = await eventually(() => sla(c.id), (v) => v.resolution.state === "met")
    expect(Date.parse(s.resolution.metAt)).toBeGreaterThan(Date.parse(c.createdAt))
  })

  test("a breach is published once and journaled by the sweep", async () => {
    const c = (await t.call("POST", "/api/v1/cases", { cookie: operator, body: { title: "Server down", type: "ticket" } })).json
    await eventually(() => sla(c.id), (v) => v.resolution !== null)
    const sweep = (now: Date) => t.runtime.runPromise(Effect.flatMap(Effect.service(CaseSla), (s) => s.sweep(now)) as Effect.Effect<unknown, unknown, never>)
    const later = new Date(Date.now() + 2 * 86_400_000)
    await Promise.all([sweep(later), sweep(later)])
    await sweep(later)
    const s = await sla(c.id)
    expect(s).toMatchObject({ policy: { priority: "default" }, firstResponse: { state: "breached" }, resolution: { state: "breached" } })
    const journal = (await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: operator })).json.items.filter((e: any) => e.kind === "sla")
    expect(journal.map((e: any) => [e.actorLogin, e.data.event, e.data.clock])).toEqual([["system:sla", "breached", "first_response"], ["system:sla", "breached", "resolution"]])
    const events = await t.runtime.runPromise(Effect.flatMap(Effect.service(EventBus), (b) => b.since(tenantId, 0, 10_000)) as Effect.Effect<DomainEvent[], unknown, never>)
    const mine = events.filter((e) => e.topic === "case.sla_breached" && (e.payload as any).caseId === c.id)
    expect(mine.map((e) => e.payload)).toEqual([
      { caseId: c.id, number: c.number, clock: "first_response", dueAt: s.firstResponse.dueAt },
      { caseId: c.id, number: c.number, clock: "resolution", dueAt: s.resolution.dueAt },
    ])
  })

  test("an untyped case has no clocks; unknown and malformed ids are 404 and 400", async () => {
    const c = (await t.call("POST", "/api/v1/cases", { cookie: operator, body: { title: "Untyped" } })).json
    expect(await sla(c.id)).toEqual({ policy: null, firstResponse: null, resolution: null, paused: false })
    expect((await t.call("GET", "/api/v1/cases/019a0000-0000-7000-8000-000000000000/sla", { cookie: operator })).status).toBe(404)
    expect((await t.call("GET", "/api/v1/cases/nope/sla", { cookie: operator })).status).toBe(400)
  })
})
