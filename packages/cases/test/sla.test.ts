/**
 * SLA at service level, with injected times: the clocks' lifecycle through a
 * real case (create → comment → pause → resume → resolve → reopen), targets by
 * priority, warnings and breaches published exactly once (sweeps running
 * concurrently, on PostgreSQL for real), idempotent event handling, and
 * tenant isolation. The layer here neither listens to the bus nor sweeps by
 * itself: the test feeds the case events with the times it chooses.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import { type Actor, coreMigrations, createTenant, CurrentActor, type DomainEvent, EventBus, loadActor, type Role } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import { CaseSla, Cases, CaseTypes, casesMigrations, casesSlaMigrations, Reference, referenceMigrations } from "../src/server"
import type { CaseDto } from "../src/index"
import type { CaseTypeDef } from "../src/types"
import type { SlaEvent } from "../src/sla/tracking"

let tdb: TestDatabase
type Runtime = ReturnType<typeof makeRuntime>
let runtime: Runtime
const makeRuntime = (url: string | undefined) => {
  const caseTypes = CaseTypes.layer
  const desk = Layer.mergeAll(caseTypes, Reference.layer, Cases.layer.pipe(Layer.provide(Layer.merge(caseTypes, Reference.layer))))
  return makeTestRuntime(CaseSla.layerWith({ listen: false, sweepEvery: null }).pipe(
    Layer.provideMerge(desk),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesSlaMigrations])),
  ))
}

type Actors = Record<"admin" | "operator", Actor>
let n = 0
const tenant = async (rt: Runtime = runtime): Promise<Actors> => {
  const slug = `sla${Date.now().toString(36)}${n++}`
  const roles: Role[] = ["admin", "operator"]
  const t = await rt.runPromise(createTenant({ name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: "0123456789", roles: [r] })) }))
  const [admin, operator] = await Promise.all(t.users.map((u) => rt.runPromise(loadActor(u.id, "session"))))
  return { admin: admin!, operator: operator! }
}

const inTenant = <A, E>(actor: Actor, e: Effect.Effect<A, E, any>, rt: Runtime = runtime) =>
  rt.runPromise(e.pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)
const sla = <A, E>(actor: Actor, f: (s: CaseSla["Service"]) => Effect.Effect<A, E, any>) => inTenant(actor, Effect.flatMap(Effect.service(CaseSla), f))
const desk = <A, E>(actor: Actor, f: (s: Cases["Service"]) => Effect.Effect<A, E, any>) => inTenant(actor, Effect.flatMap(Effect.service(Cases), f))
const failure = async <A, E>(actor: Actor, f: (s: CaseSla["Service"]) => Effect.Effect<A, E, any>): Promise<any> => {
  const exit = await runtime.runPromiseExit(Effect.flatMap(Effect.service(CaseSla), f).pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}
/** Feeds one case event, as the bus would deliver it, with the time it happened. */
const feed = (tenantId: string, topic: string, payload: unknown, at: Date, rt: Runtime = runtime) =>
  rt.runPromise(Effect.flatMap(Effect.service(CaseSla), (s) => s.handle({ tenantId, topic, payload, occurredAt: at.toISOString() } satisfies SlaEvent)) as Effect.Effect<void, unknown, never>)
const sweep = (now: Date, rt: Runtime = runtime) =>
  rt.runPromise(Effect.flatMap(Effect.service(CaseSla), (s) => s.sweep(now)) as Effect.Effect<{ warnings: number; breaches: number }, unknown, never>)
const eventsOf = async (tenantId: string, topicPrefix = "case.sla_") =>
  (await runtime.runPromise(Effect.flatMap(Effect.service(EventBus), (b) => b.since(tenantId, 0, 10_000)) as Effect.Effect<DomainEvent[], unknown, never>))
    .filter((e) => e.topic.startsWith(topicPrefix))

const msk = (local: string) => new Date(`${local}+03:00`)
const iso = (local: string) => msk(local).toISOString()

const ticket: CaseTypeDef = {
  key: "ticket",
  name: { ru: "Заявка", en: "Ticket" },
  numberFormat: "T-{SEQ:4}",
  fields: [
    { key: "priority", label: { ru: "Приоритет", en: "Priority" }, kind: "dictionary", dictionary: "priorities" },
    { key: "note", label: { ru: "Заметка", en: "Note" }, kind: "text" },
  ],
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
const weekdays = (intervals: [string, string][]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals })

/** A tenant with the priorities dictionary, the ticket type, a Moscow calendar (9–13, 14–18 on weekdays) and its policy. */
const desk0 = async () => {
  const T = await tenant()
  await inTenant(T.admin, Effect.flatMap(Effect.service(Reference), (r) => r.seedDefaults()))
  await inTenant(T.admin, Effect.flatMap(Effect.service(CaseTypes), (t) => t.create(ticket)))
  const items = await inTenant(T.admin, Effect.flatMap(Effect.service(Reference), (r) => r.listItems("priorities")))
  const priority = Object.fromEntries(items.items.map((i) => [i.code, i.id])) as Record<"LOW" | "NORMAL" | "HIGH" | "CRITICAL", string>
  const calendar = await sla(T.admin, (s) => s.createCalendar({ name: "Moscow office", timeZone: "Europe/Moscow", week: weekdays([["09:00", "13:00"], ["14:00", "18:00"]]), holidays: ["2025-03-10"] }))
  const policy = await sla(T.admin, (s) => s.putPolicy("ticket", {
    calendarId: calendar.id,
    targets: [
      { priority: "default", firstResponseMinutes: 60, resolutionMinutes: 480, warnAtPercent: 50 },
      { priority: "HIGH", firstResponseMinutes: 15, resolutionMinutes: 120 },
    ],
  }))
  return { T, priority, calendar, policy }
}
let D: Awaited<ReturnType<typeof desk0>>

/** A real ticket, and its "case.created" as delivered with an injected creation time. */
const open = async (at: Date, values: Record<string, unknown> = {}, T = D.T) => {
  const c = await desk(T.operator, (s) => s.create({ title: "Coffee machine leaks", type: "ticket", values }))
  await feed(T.admin.tenantId, "case.created", { ...c, createdAt: at.toISOString() }, at)
  return c
}
const move = async (c: CaseDto, to: string, at: Date, T = D.T) => {
  const current = await desk(T.operator, (s) => s.get(c.id))
  const moved = await desk(T.operator, (s) => s.move(c.id, { to, version: current.version }))
  await feed(T.admin.tenantId, "case.moved", { case: moved, from: current.status, to }, at)
  return moved
}
const view = (c: CaseDto, now: Date, actor = D.T.operator) => sla(actor, (s) => s.forCase(c.id, now))

beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  D = await desk0()
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

describe("a case's clocks through its lifecycle (Moscow business hours)", () => {
  test("create → comment → pause → resume → warning → breach → resolve → reopen", async () => {
    const c = await open(msk("2025-03-03T10:00")) // Monday 10:00
    let s = await view(c, msk("2025-03-03T10:20"))
    expect(s).toEqual({
      policy: { typeKey: "ticket", priority: "default" },
      firstResponse: { dueAt: iso("2025-03-03T11:00"), metAt: null, state: "running", elapsedMinutes: 20, targetMinutes: 60 },
      // 480 business minutes: Monday 10–13 and 14–18 (7 h), Tuesday 9–10
      resolution: { dueAt: iso("2025-03-04T10:00"), metAt: null, state: "running", elapsedMinutes: 20, targetMinutes: 480 },
      paused: false,
    })
    expect((await view(c, msk("2025-03-03T10:30"))).firstResponse!.state).toBe("warning") // 50 % of 60 minutes

    // a comment is the first response; the same event delivered again changes nothing
    await desk(D.T.operator, (s) => s.comment(c.id, "We are on it"))
    await feed(D.T.admin.tenantId, "case.commented", { caseId: c.id, by: "op", at: iso("2025-03-03T10:40") }, msk("2025-03-03T10:40"))
    await feed(D.T.admin.tenantId, "case.commented", { caseId: c.id, by: "op", at: iso("2025-03-03T10:50") }, msk("2025-03-03T10:50"))
    s = await view(c, msk("2025-03-03T12:00"))
    expect(s.firstResponse).toEqual({ dueAt: iso("2025-03-03T11:00"), metAt: iso("2025-03-03T10:40"), state: "met", elapsedMinutes: 40, targetMinutes: 60 })

    // paused from Monday 12:00 to Tuesday 12:00: 480 business minutes that do not count
    await move(c, "waiting", msk("2025-03-03T12:00"))
    s = await view(c, msk("2025-03-04T12:00"))
    expect(s.paused).toBe(true)
    expect(s.resolution).toEqual({ dueAt: iso("2025-03-05T10:00"), metAt: null, state: "paused", elapsedMinutes: 120, targetMinutes: 480 })
    expect(await sweep(msk("2025-03-04T12:00"))).toEqual({ warnings: 0, breaches: 0 }) // the stored deadline (Tuesday 10:00) has passed, but the clock is paused
    await move(c, "work", msk("2025-03-04T12:00"))
    s = await view(c, msk("2025-03-04T14:59"))
    expect(s.paused).toBe(false)
    expect(s.resolution).toMatchObject({ dueAt: iso("2025-03-05T10:00"), state: "running", elapsedMinutes: 239 })

    // the warning at 50 % (240 business minutes: Tuesday 15:00), then the breach (Wednesday 10:00), each published once
    expect(await sweep(msk("2025-03-04T14:59"))).toEqual({ warnings: 0, breaches: 0 })
    expect(await sweep(msk("2025-03-04T15:00"))).toEqual({ warnings: 1, breaches: 0 })
    expect(await sweep(msk("2025-03-04T16:00"))).toEqual({ warnings: 0, breaches: 0 })
    expect((await view(c, msk("2025-03-04T16:00"))).resolution!.state).toBe("warning")
    expect(await sweep(msk("2025-03-05T10:00"))).toEqual({ warnings: 0, breaches: 1 })
    expect(await sweep(msk("2025-03-05T10:30"))).toEqual({ warnings: 0, breaches: 0 })
    expect((await view(c, msk("2025-03-05T10:30"))).resolution).toMatchObject({ state: "breached", elapsedMinutes: 510 })

    // resolved: met (late), and no more alerts
    await move(c, "done", msk("2025-03-05T11:00"))
    s = await view(c, msk("2025-03-06T11:00"))
    expect(s.resolution).toEqual({ dueAt: iso("2025-03-05T10:00"), metAt: iso("2025-03-05T11:00"), state: "met", elapsedMinutes: 540, targetMinutes: 480 })

    const alerts = (await eventsOf(D.T.admin.tenantId)).filter((e) => (e.payload as any).caseId === c.id)
    expect(alerts.map((e) => [e.topic, e.payload])).toEqual([
      ["case.sla_warning", { caseId: c.id, number: c.number, clock: "resolution", dueAt: iso("2025-03-05T10:00") }],
      ["case.sla_breached", { caseId: c.id, number: c.number, clock: "resolution", dueAt: iso("2025-03-05T10:00") }],
    ])
    const journal = (await desk(D.T.operator, (s) => s.journal(c.id))).filter((j) => j.kind === "sla")
    expect(journal.map((j) => [j.actorLogin, j.data])).toEqual([
      ["system:sla", { event: "warning", clock: "resolution", dueAt: iso("2025-03-05T10:00"), targetMinutes: 480 }],
      ["system:sla", { event: "breached", clock: "resolution", dueAt: iso("2025-03-05T10:00"), targetMinutes: 480 }],
    ])

    // reopened on Thursday 10:00 (the 10th, Monday, is a holiday — not reached): the resolution clock restarts with its full target
    await move(c, "work", msk("2025-03-06T10:00"))
    s = await view(c, msk("2025-03-06T10:30"))
    expect(s.firstResponse!.state).toBe("met")
    expect(s.resolution).toEqual({ dueAt: iso("2025-03-07T10:00"), metAt: null, state: "running", elapsedMinutes: 30, targetMinutes: 480 })
    expect(await sweep(msk("2025-03-06T10:30"))).toEqual({ warnings: 0, breaches: 0 })
    // the new run warns and breaches again, once each; the holiday on Monday 10th pushes nothing here
    expect(await sweep(msk("2025-03-07T10:00"))).toEqual({ warnings: 0, breaches: 1 })
  })

  test("first response by a move; a case opened in the evening is due the next morning; holidays are skipped", async () => {
    const c = await open(msk("2025-03-07T17:30")) // Friday 17:30; Monday 10th is a holiday
    expect((await view(c, msk("2025-03-07T17:31"))).firstResponse!.dueAt).toBe(iso("2025-03-11T09:30"))
    await move(c, "work", msk("2025-03-11T09:10"))
    expect((await view(c, msk("2025-03-11T12:00"))).firstResponse).toMatchObject({ metAt: iso("2025-03-11T09:10"), state: "met", elapsedMinutes: 40 })
  })

  test("an outbound message is a first response, an inbound one is not", async () => {
    const c = await open(msk("2025-03-03T10:00"))
    await feed(D.T.admin.tenantId, "case.message", { caseId: c.id, message: { direction: "in", text: "hello?" } }, msk("2025-03-03T10:05"))
    expect((await view(c, msk("2025-03-03T10:06"))).firstResponse!.metAt).toBeNull()
    await feed(D.T.admin.tenantId, "case.message", { caseId: c.id, message: { direction: "out", text: "hello!" } }, msk("2025-03-03T10:07"))
    expect((await view(c, msk("2025-03-03T10:08"))).firstResponse!.metAt).toBe(iso("2025-03-03T10:07"))
  })

  test("moves delivered late or twice are ignored; a move is a first response, later comments change nothing", async () => {
    const c = await open(msk("2025-03-03T10:00"))
    const current = await desk(D.T.operator, (s) => s.get(c.id))
    const paused = await desk(D.T.operator, (s) => s.move(c.id, { to: "waiting", version: current.version }))
    const resumed = await desk(D.T.operator, (s) => s.move(c.id, { to: "work", version: paused.version }))
    // the resume arrives first, then the older pause, then the resume again
    await feed(D.T.admin.tenantId, "case.moved", { case: resumed, from: "waiting", to: "work" }, msk("2025-03-03T11:00"))
    await feed(D.T.admin.tenantId, "case.moved", { case: paused, from: "new", to: "waiting" }, msk("2025-03-03T10:30"))
    await feed(D.T.admin.tenantId, "case.moved", { case: resumed, from: "waiting", to: "work" }, msk("2025-03-03T11:00"))
    const s = await view(c, msk("2025-03-03T12:00"))
    expect(s.resolution).toMatchObject({ state: "running", elapsedMinutes: 120 })
    expect(s.firstResponse).toMatchObject({ metAt: iso("2025-03-03T11:00") })

    const d = await open(msk("2025-03-03T10:00"))
    await move(d, "waiting", msk("2025-03-03T10:10")) // the move itself is the first response
    await feed(D.T.admin.tenantId, "case.commented", { caseId: d.id }, msk("2025-03-03T10:20"))
    const v = await view(d, msk("2025-03-03T15:00"))
    expect(v.firstResponse).toMatchObject({ metAt: iso("2025-03-03T10:10"), state: "met", elapsedMinutes: 10 })
    // paused since 10:10: were it resumed at 15:00, the 230 paused minutes would push the deadline from Tuesday 10:10 to 14:50
    expect(v.resolution).toMatchObject({ state: "paused", elapsedMinutes: 10, dueAt: iso("2025-03-04T14:50") })
  })

  test("a case opened in a paused state starts with both clocks paused; a response while paused meets the first one", async () => {
    await inTenant(D.T.admin, Effect.flatMap(Effect.service(CaseTypes), (t) => t.create({
      ...ticket, key: "parked", numberFormat: "P-{SEQ:4}",
      states: [{ ...ticket.states[2], initial: true }, ticket.states[1], ticket.states[3]],
      transitions: [{ from: ["waiting"], to: "work" }, { from: ["work"], to: "done" }],
    })))
    await sla(D.T.admin, (s) => s.putPolicy("parked", { calendarId: D.calendar.id, targets: D.policy.targets }))
    const c = await desk(D.T.operator, (s) => s.create({ title: "Parked", type: "parked" }))
    await feed(D.T.admin.tenantId, "case.created", { ...c, createdAt: iso("2025-03-03T10:00") }, msk("2025-03-03T10:00"))
    expect(await view(c, msk("2025-03-03T11:00"))).toMatchObject({
      paused: true, firstResponse: { state: "paused", elapsedMinutes: 0 }, resolution: { state: "paused", elapsedMinutes: 0 },
    })
    await sweep(msk("2025-03-04T11:00")) // long past both targets, but paused: no alert for this case
    expect((await eventsOf(D.T.admin.tenantId)).filter((e) => (e.payload as any).caseId === c.id)).toEqual([])
    await feed(D.T.admin.tenantId, "case.commented", { caseId: c.id }, msk("2025-03-03T11:00"))
    const current = await desk(D.T.operator, (s) => s.get(c.id))
    const moved = await desk(D.T.operator, (s) => s.move(c.id, { to: "work", version: current.version }))
    await feed(D.T.admin.tenantId, "case.moved", { case: moved, from: "waiting", to: "work" }, msk("2025-03-03T12:00"))
    expect(await view(c, msk("2025-03-03T12:30"))).toMatchObject({
      paused: false,
      firstResponse: { state: "met", metAt: iso("2025-03-03T11:00"), elapsedMinutes: 0 },
      // 480 business minutes from the resume at 12:00: Monday 12–13 and 14–18, Tuesday 9–12
      resolution: { state: "running", elapsedMinutes: 30, dueAt: iso("2025-03-04T12:00") },
    })
  })

  test("the same events handled concurrently (as by several server instances) start one set of clocks and meet once", async () => {
    const c = await desk(D.T.operator, (s) => s.create({ title: "Concurrent", type: "ticket" }))
    const created = { ...c, createdAt: iso("2025-03-03T10:00") }
    await Promise.all([1, 2, 3, 4].map(() => feed(D.T.admin.tenantId, "case.created", created, msk("2025-03-03T10:00"))))
    await Promise.all([1, 2, 3].map(() => feed(D.T.admin.tenantId, "case.commented", { caseId: c.id }, msk("2025-03-03T10:05"))))
    const s = await view(c, msk("2025-03-03T11:00"))
    expect(s.firstResponse).toMatchObject({ metAt: iso("2025-03-03T10:05"), state: "met" })
    expect(s.resolution).toMatchObject({ state: "running", targetMinutes: 480 })
  })

  test("an event that arrives before the case's own 'created' still starts the clocks (from the case's creation)", async () => {
    const c = await desk(D.T.operator, (s) => s.create({ title: "Comment first", type: "ticket" }))
    const now = new Date()
    await feed(D.T.admin.tenantId, "case.commented", { caseId: c.id }, now)
    await feed(D.T.admin.tenantId, "case.created", c, new Date(c.createdAt))
    const s = await view(c, now)
    expect(s.firstResponse).toMatchObject({ metAt: now.toISOString(), state: "met" })
    expect(s.resolution).toMatchObject({ metAt: null, targetMinutes: 480 })
  })
})

describe("policies and priorities", () => {
  test("the target follows the case's priority (a priorities item), else default; a priority change re-targets", async () => {
    const high = await open(msk("2025-03-03T10:00"), { priority: D.priority.HIGH })
    expect(await view(high, msk("2025-03-03T10:05"))).toMatchObject({
      policy: { typeKey: "ticket", priority: "HIGH" },
      firstResponse: { targetMinutes: 15, dueAt: iso("2025-03-03T10:15") },
      // 120 minutes, lunch skipped
      resolution: { targetMinutes: 120, dueAt: iso("2025-03-03T12:00") },
    })
    const low = await open(msk("2025-03-03T10:00"), { priority: D.priority.LOW })
    expect(await view(low, msk("2025-03-03T10:05"))).toMatchObject({ policy: { priority: "default" }, firstResponse: { targetMinutes: 60 }, resolution: { targetMinutes: 480 } })
    // HIGH warns at the default 80 %: 12 of 15 minutes
    expect(await sweep(msk("2025-03-03T10:12"))).toMatchObject({ warnings: 1 })

    // LOW → HIGH: the unmet clocks follow the HIGH target from the case's creation
    const current = await desk(D.T.operator, (s) => s.get(low.id))
    const raised = await desk(D.T.operator, (s) => s.update(low.id, { version: current.version, values: { priority: D.priority.HIGH } }))
    await feed(D.T.admin.tenantId, "case.updated", raised, msk("2025-03-03T10:06"))
    await feed(D.T.admin.tenantId, "case.updated", raised, msk("2025-03-03T10:07"))
    expect(await view(low, msk("2025-03-03T10:08"))).toMatchObject({
      policy: { priority: "HIGH" },
      firstResponse: { targetMinutes: 15, dueAt: iso("2025-03-03T10:15") },
      resolution: { targetMinutes: 120, dueAt: iso("2025-03-03T12:00") },
    })
  })

  test("editing the policy does not move running clocks; it applies to cases opened afterwards", async () => {
    const before = await open(msk("2025-03-03T10:00"))
    await sla(D.T.admin, (s) => s.putPolicy("ticket", { calendarId: D.calendar.id, targets: [{ priority: "default", firstResponseMinutes: 30, resolutionMinutes: 240 }] }))
    const after = await open(msk("2025-03-03T10:00"))
    expect((await view(before, msk("2025-03-03T10:01"))).resolution!.targetMinutes).toBe(480)
    expect((await view(after, msk("2025-03-03T10:01"))).resolution!.targetMinutes).toBe(240)
    // a case update (no priority change) does not pick up the edited policy either
    const current = await desk(D.T.operator, (s) => s.get(before.id))
    const edited = await desk(D.T.operator, (s) => s.update(before.id, { version: current.version, values: { note: "x" } }))
    await feed(D.T.admin.tenantId, "case.updated", edited, msk("2025-03-03T10:02"))
    expect((await view(before, msk("2025-03-03T10:03"))).resolution!.targetMinutes).toBe(480)
    await sla(D.T.admin, (s) => s.putPolicy("ticket", { calendarId: D.calendar.id, targets: D.policy.targets }))
  })

  test("no clocks for an untyped case, a type without a policy, or a case opened before its type had one", async () => {
    const untyped = await desk(D.T.operator, (s) => s.create({ title: "No type" }))
    await feed(D.T.admin.tenantId, "case.created", untyped, new Date())
    expect(await view(untyped, new Date())).toEqual({ policy: null, firstResponse: null, resolution: null, paused: false })

    await inTenant(D.T.admin, Effect.flatMap(Effect.service(CaseTypes), (t) => t.create({ ...ticket, key: "ticket2", numberFormat: "U-{SEQ:4}" })))
    const old = await desk(D.T.operator, (s) => s.create({ title: "Before the policy", type: "ticket2" }))
    await feed(D.T.admin.tenantId, "case.created", old, new Date(old.createdAt))
    expect((await view(old, new Date())).resolution).toBeNull()
    await sla(D.T.admin, (s) => s.putPolicy("ticket2", { calendarId: null, targets: [{ priority: "default", firstResponseMinutes: 5, resolutionMinutes: 60 }] }))
    await feed(D.T.admin.tenantId, "case.commented", { caseId: old.id }, new Date())
    expect(await view(old, new Date())).toMatchObject({ policy: null, firstResponse: null, resolution: null })
    // a case opened now gets 24/7 clocks
    const fresh = await desk(D.T.operator, (s) => s.create({ title: "After the policy", type: "ticket2" }))
    await feed(D.T.admin.tenantId, "case.created", fresh, new Date(fresh.createdAt))
    const v = await view(fresh, new Date(fresh.createdAt))
    expect(v.resolution).toMatchObject({ targetMinutes: 60, dueAt: new Date(new Date(fresh.createdAt).getTime() + 3_600_000).toISOString() })
  })

  test("a policy is checked: known type, the tenant's calendar, priority codes of the dictionary, its version", async () => {
    expect(await failure(D.T.admin, (s) => s.putPolicy("nope", { targets: [{ priority: "default", firstResponseMinutes: 1, resolutionMinutes: 2 }] })))
      .toMatchObject({ _tag: "NotFound", entity: "case_type" })
    const bad = await failure(D.T.admin, (s) => s.putPolicy("ticket", {
      calendarId: "019a0000-0000-7000-8000-000000000000",
      targets: [{ priority: "default", firstResponseMinutes: 1, resolutionMinutes: 2 }, { priority: "URGENT", firstResponseMinutes: 1, resolutionMinutes: 2 }],
    }))
    expect(bad._tag).toBe("ValidationError")
    expect(bad.fields.map((f: any) => f.path)).toEqual(["calendarId", "targets.1.priority"])
    const listed = await sla(D.T.admin, (s) => s.listPolicies())
    const current = listed.find((p) => p.typeKey === "ticket")!
    expect(current.targets.find((t) => t.priority === "HIGH")!.warnAtPercent).toBe(80)
    expect(await failure(D.T.admin, (s) => s.putPolicy("ticket", { calendarId: D.calendar.id, targets: current.targets, version: current.version - 1 })))
      .toMatchObject({ _tag: "Conflict", currentVersion: current.version })
    const saved = await sla(D.T.admin, (s) => s.putPolicy("ticket", { calendarId: D.calendar.id, targets: current.targets, version: current.version }))
    expect(saved.version).toBe(current.version + 1)
  })

  test("calendars: created normalised, replaced with their version", async () => {
    const cal = await sla(D.T.admin, (s) => s.createCalendar({
      name: "  Night desk ", timeZone: "europe/berlin", week: { sat: [["22:00", "06:00"], ["10:00", "12:00"]] }, holidays: ["2025-12-31", "2025-01-01", "2025-12-31"],
    }))
    expect(cal).toMatchObject({
      name: "Night desk", timeZone: "Europe/Berlin", holidays: ["2025-01-01", "2025-12-31"], version: 1,
      week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [["10:00", "12:00"], ["22:00", "06:00"]], sun: [] },
    })
    const saved = await sla(D.T.admin, (s) => s.updateCalendar(cal.id, { name: "Night", timeZone: "Europe/Moscow", week: { sun: [["00:00", "24:00"]] } }, 1))
    expect(saved).toMatchObject({ name: "Night", version: 2, holidays: [], week: { sat: [], sun: [["00:00", "24:00"]] } })
    expect(await failure(D.T.admin, (s) => s.updateCalendar(cal.id, { name: "x", timeZone: "UTC", week: { sun: [["00:00", "24:00"]] } }, 1)))
      .toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    expect((await sla(D.T.admin, (s) => s.listCalendars())).map((c) => c.name)).toEqual(["Moscow office", "Night"])
  })
})

describe("warnings and breaches are published exactly once", () => {
  test("sweeps running concurrently mark and publish each breach once", async () => {
    const T = await tenant()
    await inTenant(T.admin, Effect.flatMap(Effect.service(CaseTypes), (t) => t.create(ticket)))
    await sla(T.admin, (s) => s.putPolicy("ticket", { calendarId: null, targets: [{ priority: "default", firstResponseMinutes: 10, resolutionMinutes: 100, warnAtPercent: 50 }] }))
    const start = new Date("2024-01-01T00:00:00Z") // before every other clock of this file: the sweeps below see only these
    const made: CaseDto[] = []
    for (let i = 0; i < 12; i++) made.push(await open(start, {}, T))
    // at 00:07 the first-response warnings are due (5 minutes), at 01:00 the resolution warnings and the first-response breaches
    const rounds = [new Date("2024-01-01T00:07:00Z"), new Date("2024-01-01T01:00:00Z"), new Date("2024-01-01T02:00:00Z")]
    for (const now of rounds) {
      const extra = tdb.url ? makeRuntime(tdb.url) : undefined // on PostgreSQL: a second server instance on the same database
      try {
        const results = await Promise.all([sweep(now), sweep(now), sweep(now), ...(extra ? [sweep(now, extra), sweep(now, extra)] : [])])
        const total = results.reduce((a, r) => ({ warnings: a.warnings + r.warnings, breaches: a.breaches + r.breaches }), { warnings: 0, breaches: 0 })
        expect(total).toEqual(now === rounds[0] ? { warnings: 12, breaches: 0 } : now === rounds[1] ? { warnings: 12, breaches: 12 } : { warnings: 0, breaches: 12 })
      } finally {
        await extra?.dispose()
      }
    }
    const events = await eventsOf(T.admin.tenantId)
    const count = (topic: string, clock: string) => events.filter((e) => e.topic === topic && (e.payload as any).clock === clock).length
    expect([count("case.sla_warning", "first_response"), count("case.sla_breached", "first_response"), count("case.sla_warning", "resolution"), count("case.sla_breached", "resolution")])
      .toEqual([12, 12, 12, 12])
    expect(new Set(events.map((e) => `${e.topic}/${(e.payload as any).caseId}/${(e.payload as any).clock}`)).size).toBe(48)
    const journal = await desk(T.operator, (s) => s.journal(made[0].id))
    expect(journal.filter((j) => j.kind === "sla")).toHaveLength(4)
  }, 60_000)
})

describe("tenant isolation", () => {
  test("another tenant sees nothing, changes nothing, and its events cannot touch this tenant's clocks", async () => {
    const B = await tenant()
    const c = await open(msk("2025-03-03T10:00"))
    expect(await failure(B.operator, (s) => s.forCase(c.id))).toMatchObject({ _tag: "NotFound" })
    expect(await sla(B.admin, (s) => s.listCalendars())).toEqual([])
    expect(await sla(B.admin, (s) => s.listPolicies())).toEqual([])
    expect(await failure(B.admin, (s) => s.updateCalendar(D.calendar.id, { name: "pwned", timeZone: "UTC", week: { mon: [["00:00", "24:00"]] } }, 1)))
      .toMatchObject({ _tag: "NotFound" })
    expect(await failure(B.admin, (s) => s.putPolicy("ticket", { targets: [{ priority: "default", firstResponseMinutes: 1, resolutionMinutes: 1 }] })))
      .toMatchObject({ _tag: "NotFound", entity: "case_type" })
    // a forged event: tenant B's id with A's case
    await feed(B.admin.tenantId, "case.commented", { caseId: c.id }, msk("2025-03-03T10:01"))
    await feed(B.admin.tenantId, "case.moved", { case: { ...c, status: "done" }, from: "new", to: "done" }, msk("2025-03-03T10:02"))
    const s = await view(c, msk("2025-03-03T10:03"))
    expect(s.firstResponse!.metAt).toBeNull()
    expect(s.resolution!.state).toBe("running")
    expect((await sla(D.T.admin, (s) => s.listCalendars()))[0]).toMatchObject({ name: "Moscow office", version: 1 })
  })
})
