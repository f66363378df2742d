/**
 * The SLA layer as the server runs it: its clocks follow the real case events
 * from the bus (after commit), and its own sweeper fiber (here every 50 ms)
 * publishes a breach once the deadline has passed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import { type Actor, coreMigrations, createTenant, CurrentActor, type DomainEvent, EventBus, loadActor, useDb } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { eq } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { slaClocks } from "../src/db/sla"
import type { CaseSlaDto } from "../src/index"
import { CaseSla, Cases, CaseTypes, casesMigrations, casesSlaMigrations, Reference, referenceMigrations } from "../src/server"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) => {
  const desk = Layer.mergeAll(CaseTypes.layer, Reference.layer, Cases.layer.pipe(Layer.provide(Layer.merge(CaseTypes.layer, Reference.layer))))
  return makeTestRuntime(CaseSla.layerWith({ sweepEvery: "50 millis" }).pipe(
    Layer.provideMerge(desk),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesSlaMigrations])),
  ))
}
const run = <A, E>(actor: Actor, e: Effect.Effect<A, E, any>) => runtime.runPromise(e.pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)
const cases = <A, E>(actor: Actor, f: (s: Cases["Service"]) => Effect.Effect<A, E, any>) => run(actor, Effect.flatMap(Effect.service(Cases), f))

/** Polls until `check` passes (the events are handled asynchronously after commit). */
const eventually = async <T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 5_000): Promise<T> => {
  const until = Date.now() + ms
  for (;;) {
    const v = await read()
    if (check(v)) return v
    if (Date.now() > until) throw new Error(`not reached in ${ms} ms: ${JSON.stringify(v)}`)
    await Bun.sleep(20)
  }
}

let admin: Actor
let operator: Actor
let reasonId: string
beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  const t = await runtime.runPromise(createTenant({
    name: "sweeper", slug: `sweeper${Date.now().toString(36)}`,
    users: [{ login: "sw-admin", name: "a", password: "0123456789", roles: ["admin"] }, { login: "sw-op", name: "o", password: "0123456789", roles: ["operator"] }],
  }))
  ;[admin, operator] = (await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))) as Actor[]
  await run(admin, Effect.flatMap(Effect.service(Reference), (s) => s.seedDefaults()))
  reasonId = (await run(admin, Effect.flatMap(Effect.service(Reference), (s) => s.listItems("reasons")))).items[0].id
  await run(admin, Effect.flatMap(Effect.service(CaseTypes), (s) => s.install("hotline")))
  await run(admin, Effect.flatMap(Effect.service(CaseSla), (s) => s.putPolicy("hotline", { targets: [{ priority: "default", firstResponseMinutes: 60, resolutionMinutes: 120 }] })))
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

test("clocks follow the bus: start on create, met by a comment, paused and resumed by moves; the sweeper publishes the breach once", async () => {
  const view = () => run(operator, Effect.flatMap(Effect.service(CaseSla), (s) => s.forCase(c.id)))
  const c = await cases(operator, (s) => s.create({ title: "Lost card", type: "hotline", values: { reason: reasonId, phone: "+79001234567" } }))
  let sla: CaseSlaDto = await eventually(view, (v) => v.resolution !== null)
  expect(sla).toMatchObject({ policy: { typeKey: "hotline", priority: "default" }, firstResponse: { state: "running", targetMinutes: 60 }, paused: false })
  expect(Date.parse(sla.resolution!.dueAt) - Date.parse(c.createdAt)).toBe(120 * 60_000) // 24/7

  await cases(operator, (s) => s.comment(c.id, "Calling the bank"))
  sla = await eventually(view, (v) => v.firstResponse!.metAt !== null)
  expect(sla.firstResponse!.state).toBe("met")
  expect(Math.abs(Date.parse(sla.firstResponse!.metAt!) - Date.now())).toBeLessThan(10_000)

  const taken = await cases(operator, (s) => s.move(c.id, { to: "in_work", version: c.version }))
  const registered = await cases(operator, (s) => s.update(c.id, { version: taken.version, values: { full_name: "Ivan Petrov", description: "Card lost" } }))
  const paused = await cases(operator, (s) => s.move(c.id, { to: "registered", version: registered.version }))
  sla = await eventually(view, (v) => v.resolution!.state === "paused")
  expect(sla.paused).toBe(true)
  await cases(operator, (s) => s.move(c.id, { to: "in_work", version: paused.version }))
  sla = await eventually(view, (v) => v.resolution!.state === "running")

  // The deadline passes (moved into the past behind the service's back): the sweeper fiber notices within its interval.
  const past = new Date(Date.now() - 60_000)
  await runtime.runPromise(useDb((db) => db.update(slaClocks).set({ dueAt: past, warnAt: past }).where(eq(slaClocks.caseId, c.id))) as Effect.Effect<unknown, unknown, never>)
  const alerts = () => run(admin, Effect.flatMap(Effect.service(EventBus), (b) => b.since(admin.tenantId, 0, 10_000)))
    .then((es: DomainEvent[]) => es.filter((e) => e.topic.startsWith("case.sla_")))
  const published = await eventually(alerts, (es) => es.length > 0)
  await Bun.sleep(300) // several more sweeps
  expect((await alerts()).map((e) => [e.topic, e.payload])).toEqual([["case.sla_breached", { caseId: c.id, number: c.number, clock: "resolution", dueAt: past.toISOString() }]])
  expect(published).toHaveLength(1)
  expect((await view()).resolution!.state).toBe("breached")
})
