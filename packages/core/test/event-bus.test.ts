import { afterAll, beforeAll, expect, test } from "bun:test"
import { Effect, Schema } from "effect"
import { CurrentActor, type DomainEvent, defineEvent, EventBus, canSee, coreTables, transaction, useDb } from "../src/server"
import { setup } from "./support"

const pinged = defineEvent("test.pinged", Schema.Struct({ n: Schema.Number }))
let env: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  env = await setup()
}, 60_000)
afterAll(() => env.close())

const collect = async () => {
  const got: DomainEvent[] = []
  const bus = await env.runtime.runPromise(Effect.service(EventBus))
  const off = bus.subscribe((e) => got.push(e))
  return { got, off }
}
const settle = () => new Promise((r) => setTimeout(r, 150))

test("a committed publish is delivered once, with its payload", async () => {
  const { actor } = await env.tenant()
  const { got, off } = await collect()
  await env.runtime.runPromise(
    Effect.flatMap(Effect.service(EventBus), (b) => b.publish(pinged, { n: 1 })).pipe(Effect.provideService(CurrentActor, actor)),
  )
  await settle()
  off()
  const mine = got.filter((e) => e.tenantId === actor.tenantId)
  expect(mine).toHaveLength(1)
  expect(mine[0]).toMatchObject({ topic: "test.pinged", payload: { n: 1 }, actorId: actor.userId })
})

test("a rolled-back transaction emits no event and leaves no outbox row", async () => {
  const { actor } = await env.tenant()
  const { got, off } = await collect()
  const program = transaction(
    Effect.gen(function* () {
      const bus = yield* EventBus
      yield* bus.publish(pinged, { n: 2 })
      return yield* Effect.fail("business rule broken" as const)
    }),
  ).pipe(Effect.provideService(CurrentActor, actor))
  const exit = await env.runtime.runPromiseExit(program)
  expect(exit._tag).toBe("Failure")
  await settle()
  off()
  expect(got.filter((e) => e.tenantId === actor.tenantId)).toHaveLength(0)
  const rows = await env.runtime.runPromise(useDb((db) => db.select().from(coreTables.outbox)))
  expect(rows.filter((r) => r.tenantId === actor.tenantId)).toHaveLength(0)
})

test("events published inside a transaction arrive only after it commits", async () => {
  const { actor } = await env.tenant()
  const { got, off } = await collect()
  let seenBeforeCommit = -1
  await env.runtime.runPromise(
    transaction(
      Effect.gen(function* () {
        const bus = yield* EventBus
        yield* bus.publish(pinged, { n: 3 })
        yield* Effect.promise(() => settle())
        seenBeforeCommit = got.filter((e) => e.tenantId === actor.tenantId).length
      }),
    ).pipe(Effect.provideService(CurrentActor, actor)),
  )
  await settle()
  off()
  expect(seenBeforeCommit).toBe(0)
  expect(got.filter((e) => e.tenantId === actor.tenantId)).toHaveLength(1)
})

test("since() replays a tenant's events in order, and only that tenant's", async () => {
  const a = await env.tenant()
  const b = await env.tenant()
  const publish = (actor: typeof a.actor, n: number) =>
    env.runtime.runPromise(Effect.flatMap(Effect.service(EventBus), (bus) => bus.publish(pinged, { n })).pipe(Effect.provideService(CurrentActor, actor)))
  await publish(a.actor, 10)
  await publish(b.actor, 20)
  await publish(a.actor, 11)
  const events = await env.runtime.runPromise(Effect.flatMap(Effect.service(EventBus), (bus) => bus.since(a.tenantId, 0)))
  expect(events.map((e) => (e.payload as any).n)).toEqual([10, 11])
})

test("on() delivers one topic with its payload decoded", async () => {
  const { actor } = await env.tenant()
  const other = defineEvent("test.other", Schema.Struct({ s: Schema.String }))
  const bus = await env.runtime.runPromise(Effect.service(EventBus))
  const got: number[] = []
  const off = bus.on(pinged, (e) => e.tenantId === actor.tenantId && got.push(e.payload.n))
  const publish = <P>(def: typeof pinged | typeof other, p: P) =>
    env.runtime.runPromise(bus.publish(def as any, p).pipe(Effect.provideService(CurrentActor, actor)))
  await publish(other, { s: "x" })
  await publish(pinged, { n: 7 })
  await settle()
  off()
  expect(got).toEqual([7])
})

test("canSee: other tenants never, audience limits within the tenant", () => {
  const base = { id: "e", seq: 1, topic: "t", payload: {}, actorId: null, occurredAt: "", tenantId: "T1" }
  const op = { tenantId: "T1", userId: "u1", login: "op", roles: ["operator"] as const, groups: ["g1"], via: "session" as const }
  expect(canSee(op as any, { ...base, audience: null })).toBe(true)
  expect(canSee({ ...op, tenantId: "T2" } as any, { ...base, audience: null })).toBe(false)
  expect(canSee(op as any, { ...base, audience: { roles: ["supervisor"] } })).toBe(false)
  expect(canSee(op as any, { ...base, audience: { groups: ["g1"] } })).toBe(true)
  expect(canSee(op as any, { ...base, audience: { userIds: ["u1"] } })).toBe(true)
  expect(canSee({ ...op, roles: ["admin"] } as any, { ...base, audience: { roles: ["supervisor"] } })).toBe(true)
})

test.skipIf(!process.env.TEST_DATABASE_URL)("an event published by one instance reaches another sharing the database", async () => {
  const { createTestDatabase, coreTestLayer, makeTestRuntime } = await import("../src/testing")
  const { coreMigrations, createTenant, loadActor } = await import("../src/server")
  const tdb = await createTestDatabase()
  const one = makeTestRuntime(coreTestLayer(tdb.url, [coreMigrations]))
  const two = makeTestRuntime(coreTestLayer(tdb.url, [coreMigrations]))
  try {
    const t = await one.runPromise(createTenant({ name: "x", slug: "x", users: [{ login: "x-op", name: "x", password: "0123456789", roles: ["operator"] }] }))
    const actor = (await one.runPromise(loadActor(t.users[0].id, "session")))!
    const got: DomainEvent[] = []
    const off = (await two.runPromise(Effect.service(EventBus))).subscribe((e) => got.push(e))
    await one.runPromise(Effect.flatMap(Effect.service(EventBus), (b) => b.publish(pinged, { n: 42 })).pipe(Effect.provideService(CurrentActor, actor)))
    await settle()
    off()
    expect(got.map((e) => e.payload)).toEqual([{ n: 42 }])
  } finally {
    await one.dispose()
    await two.dispose()
    await tdb.drop()
  }
})
