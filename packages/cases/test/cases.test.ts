import { afterAll, beforeAll, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import { type Actor, coreMigrations, createTenant, CurrentActor, type DomainEvent, EventBus, loadActor } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Layer } from "effect"
import { Cases, CaseTypes, casesMigrations, normalisePhone, Reference, referenceMigrations } from "../src/server"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) =>
  makeTestRuntime(Cases.layer.pipe(
    Layer.provideMerge(Layer.merge(CaseTypes.layer, Reference.layer)),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations])),
  ))

const actorOf = async (slug: string): Promise<Actor> => {
  const t = await runtime.runPromise(createTenant({ name: slug, slug, users: [{ login: `${slug}-op`, name: "op", password: "0123456789", roles: ["operator"] }] }))
  return (await runtime.runPromise(loadActor(t.users[0].id, "session")))!
}
const as = <A, E>(actor: Actor, f: (c: Cases["Service"]) => Effect.Effect<A, E, any>) =>
  runtime.runPromise(Effect.flatMap(Effect.service(Cases), f).pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)

beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

test("numbers are sequential per tenant, and concurrent creates never share one", async () => {
  const a = await actorOf("num-a")
  const b = await actorOf("num-b")
  const made = await Promise.all(Array.from({ length: 8 }, (_, i) => as(a, (c) => c.create({ title: `case ${i}` }))))
  expect(made.map((c) => c.number).sort()).toEqual(["000001", "000002", "000003", "000004", "000005", "000006", "000007", "000008"])
  expect((await as(b, (c) => c.create({ title: "b" }))).number).toBe("000001")
})

test("create publishes case.created with the case after commit", async () => {
  const a = await actorOf("evt-a")
  const got: DomainEvent[] = []
  const off = (await runtime.runPromise(Effect.service(EventBus))).subscribe((e) => got.push(e))
  const c = await as(a, (s) => s.create({ title: "  Tow truck needed  ", applicantPhone: "8 (916) 555-12-34" }))
  await Bun.sleep(150)
  off()
  expect(c).toMatchObject({ title: "Tow truck needed", applicantPhone: "+79165551234", status: "new" })
  expect(got.filter((e) => e.tenantId === a.tenantId).map((e) => [e.topic, (e.payload as any).id])).toEqual([["case.created", c.id]])
})

test("list pages newest first with a cursor", async () => {
  const a = await actorOf("page-a")
  for (const i of [1, 2, 3, 4, 5]) await as(a, (c) => c.create({ title: `p${i}` }))
  const first = await as(a, (c) => c.list({ limit: 2 }))
  expect(first.items.map((c) => c.title)).toEqual(["p5", "p4"])
  const second = await as(a, (c) => c.list({ limit: 2, cursor: first.nextCursor! }))
  expect(second.items.map((c) => c.title)).toEqual(["p3", "p2"])
  const last = await as(a, (c) => c.list({ limit: 2, cursor: second.nextCursor! }))
  expect(last).toMatchObject({ items: [{ title: "p1" }], nextCursor: null })
})

test("normalisePhone gives E.164 where it can, else the digits as typed", () => {
  expect(normalisePhone("+7 (900) 123-45-67")).toBe("+79001234567")
  expect(normalisePhone("8 900 123 45 67")).toBe("+79001234567")
  expect(normalisePhone("12-34")).toBe("1234")
})
