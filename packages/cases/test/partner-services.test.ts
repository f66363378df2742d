import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import { type Actor, coreMigrations, createTenant, CurrentActor, type DomainEvent, EventBus, loadActor, type Role } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import {
  Cases, casesMigrations, casesPartnerServicesMigrations, CaseTypes, PartnerServices, Reference, referenceMigrations,
} from "../src/server"
import { addDemoService } from "../src/partner-services/service"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) => {
  const core = coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesPartnerServicesMigrations])
  // Chained rather than Layer.mergeAll: merged, the first layer's service went missing here.
  return makeTestRuntime(PartnerServices.layer.pipe(
    Layer.provideMerge(Cases.layer), Layer.provideMerge(CaseTypes.layer), Layer.provideMerge(Reference.layer), Layer.provideMerge(core),
  ))
}

type Actors = Record<"admin" | "supervisor" | "operator", Actor>
type Services = PartnerServices | Cases | CaseTypes | Reference
let n = 0
const tenant = async (): Promise<Actors> => {
  const slug = `ps${Date.now().toString(36)}${n++}`
  const roles: Role[] = ["admin", "supervisor", "operator"]
  const t = await runtime.runPromise(createTenant({
    name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: "0123456789", roles: [r] })),
  }))
  const actors = await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))
  return { admin: actors[0]!, supervisor: actors[1]!, operator: actors[2]! }
}
const run = <A, E>(actor: Actor, e: Effect.Effect<A, E, any>) => e.pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>
const as = <A, E>(actor: Actor, e: Effect.Effect<A, E, Services | any>) => runtime.runPromise(run(actor, e))
const ps = <A, E>(actor: Actor, f: (s: PartnerServices["Service"]) => Effect.Effect<A, E, any>) => as(actor, Effect.flatMap(Effect.service(PartnerServices), f))
/** The typed failure of an effect expected to fail. */
const failure = async <A, E>(actor: Actor, f: (s: PartnerServices["Service"]) => Effect.Effect<A, E, any>): Promise<any> => {
  const exit = await runtime.runPromiseExit(run(actor, Effect.flatMap(Effect.service(PartnerServices), f)))
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}
const ref = <A, E>(actor: Actor, f: (s: Reference["Service"]) => Effect.Effect<A, E, any>) => as(actor, Effect.flatMap(Effect.service(Reference), f))
const cases = <A, E>(actor: Actor, f: (s: Cases["Service"]) => Effect.Effect<A, E, any>) => as(actor, Effect.flatMap(Effect.service(Cases), f))

/** A tenant with the default reference books, the roadside type, a partner and a fresh roadside case. */
const desk = async () => {
  const T = await tenant()
  await ref(T.admin, (s) => s.seedDefaults())
  await as(T.admin, Effect.flatMap(Effect.service(CaseTypes), (s) => s.install("roadside")))
  const partner = await ref(T.admin, (s) => s.createPartner({ name: "Эвакуатор 24", kind: "partner" }))
  const item = async (dict: string, code: string) => (await ref(T.admin, (s) => s.listItems(dict, { q: code }))).items.find((i) => i.code === code)!.id
  const newCase = () => cases(T.operator, (s) => s.create({ title: "Не заводится", type: "roadside", values: { fault: "Не заводится", contact_phone: "+79001234567" } }))
  return { T, partner, item, newCase }
}

beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

describe("services of a case", () => {
  test("add: the kind must be a live service type, the partner a live partner of the tenant; journaled and published", async () => {
    const { T, partner, newCase } = await desk()
    const other = await desk()
    const c = await newCase()
    const got: DomainEvent[] = []
    const off = (await runtime.runPromise(Effect.service(EventBus))).subscribe((e) => got.push(e))

    const s = await ps(T.operator, (p) => p.create(c.id, { kind: "TOW", partnerId: partner.id, comment: "  на эвакуатор  ", customerCost: { amount: 350000, currency: "RUB" } }))
    expect(s).toMatchObject({
      caseId: c.id, caseNumber: c.number, kind: "TOW", kindLabel: { ru: "Эвакуация", en: "Tow truck" }, status: "draft",
      partnerId: partner.id, partnerName: "Эвакуатор 24", comment: "на эвакуатор", customerCost: { amount: 350000, currency: "RUB" },
      partnerCost: null, orderedAt: null, satisfied: null, handedOffAt: null, version: 1,
    })

    // everything wrong at once
    const bad = await failure(T.operator, (p) => p.create(c.id, { kind: "SPACESHIP", partnerId: other.partner.id }))
    expect(bad._tag).toBe("ValidationError")
    expect(bad.fields.map((f: any) => f.path)).toEqual(["kind", "partnerId"])
    await ref(T.admin, (r) => r.archivePartner(partner.id))
    expect((await failure(T.operator, (p) => p.create(c.id, { kind: "TAXI", partnerId: partner.id }))).fields)
      .toEqual([{ path: "partnerId", en: "This partner is archived", ru: "Этот партнёр в архиве" }])
    // an archived service type is no longer offered
    const hotel = (await ref(T.admin, (r) => r.listItems("service_types", { q: "HOTEL" }))).items[0]
    await ref(T.admin, (r) => r.archiveItem("service_types", hotel.id))
    expect((await failure(T.operator, (p) => p.create(c.id, { kind: "HOTEL" }))).fields[0].path).toBe("kind")
    // another tenant's case is not found
    expect(await failure(other.T.operator, (p) => p.create(c.id, { kind: "TOW" }))).toMatchObject({ _tag: "NotFound", entity: "case" })

    await Bun.sleep(150)
    off()
    const mine = got.filter((e) => e.tenantId === T.admin.tenantId && e.topic === "case.service_changed")
    expect(mine.map((e) => (e.payload as any).service.id)).toEqual([s.id])
    expect((await ps(T.operator, (p) => p.list(c.id))).map((x) => x.id)).toEqual([s.id])
    const journal = await cases(T.operator, (x) => x.journal(c.id))
    expect(journal.filter((j) => j.kind === "service").map((j) => j.data)).toEqual([expect.objectContaining({ change: "service_added", serviceId: s.id, kind: "TOW" })])
  })

  test("status moves one step forward or to cancelled, recording its time; stale versions and out-of-order times are refused", async () => {
    const { T, partner, newCase } = await desk()
    const c = await newCase()
    const s = await ps(T.operator, (p) => p.create(c.id, { kind: "TOW" }))
    const skip = await failure(T.operator, (p) => p.update(c.id, s.id, { version: 1, status: "assigned" }))
    expect(skip).toMatchObject({ _tag: "DomainRejection", status: 409, code: "move_not_allowed", extra: { allowed: ["ordered", "cancelled"] } })

    const before = Date.now()
    const ordered = await ps(T.operator, (p) => p.update(c.id, s.id, { version: 1, status: "ordered", partnerId: partner.id }))
    expect(ordered).toMatchObject({ status: "ordered", version: 2, partnerId: partner.id, partnerName: "Эвакуатор 24" })
    expect(Date.parse(ordered.orderedAt!)).toBeGreaterThanOrEqual(before - 5)
    expect(Date.parse(ordered.orderedAt!)).toBeLessThanOrEqual(Date.now() + 5)

    expect(await failure(T.operator, (p) => p.update(c.id, s.id, { version: 1, comment: "late" }))).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    // the same values again: no new version
    expect((await ps(T.operator, (p) => p.update(c.id, s.id, { version: 2, status: "ordered", partnerId: partner.id }))).version).toBe(2)

    // a given time wins over "now"; times must not go backwards
    const assigned = await ps(T.operator, (p) => p.update(c.id, s.id, { version: 2, status: "assigned", orderedAt: "2025-03-01T10:00:00Z", assignedAt: "2025-03-01T10:05:00+00:00" }))
    expect(assigned).toMatchObject({ status: "assigned", orderedAt: "2025-03-01T10:00:00.000Z", assignedAt: "2025-03-01T10:05:00.000Z", version: 3 })
    const backwards = await failure(T.operator, (p) => p.update(c.id, s.id, { version: 3, arrivedAt: "2025-03-01T09:00:00Z", finishedAt: "2025-03-01T08:00:00Z" }))
    expect(backwards.fields.map((f: any) => f.path)).toEqual(["arrivedAt", "finishedAt"])
    expect(backwards.fields[0]).toMatchObject({ en: "Must not be before the assignment time" })

    const done = await ps(T.operator, (p) => p.update(c.id, s.id, {
      version: 3, arrivedAt: "2025-03-01T10:40:00Z", finishedAt: "2025-03-01T11:10:00Z", satisfied: true,
      partnerCost: { amount: 250000, currency: "RUB" }, customerCost: { amount: 0, currency: "RUB" },
    }))
    expect(done).toMatchObject({ status: "assigned", arrivedAt: "2025-03-01T10:40:00.000Z", satisfied: true, partnerCost: { amount: 250000, currency: "RUB" }, version: 4 })
    const inProgress = await ps(T.operator, (p) => p.update(c.id, s.id, { version: 4, status: "in_progress" }))
    expect(inProgress.arrivedAt).toBe("2025-03-01T10:40:00.000Z") // kept: it was already known
    const cancelled = await ps(T.operator, (p) => p.update(c.id, s.id, { version: 5, status: "cancelled" }))
    expect(cancelled.status).toBe("cancelled")
    expect(await failure(T.operator, (p) => p.update(c.id, s.id, { version: 6, status: "done" }))).toMatchObject({ code: "move_not_allowed", extra: { allowed: [] } })

    const changes = (await cases(T.operator, (x) => x.journal(c.id))).filter((j) => (j.data as any).change === "service_changed")
    expect(changes).toHaveLength(5)
    expect((changes[0].data as any).changes.map((x: any) => x.field)).toEqual(["status", "partnerId", "orderedAt"])
    expect((changes[4].data as any).changes).toEqual([{ field: "status", from: "in_progress", to: "cancelled" }])
  })

  test("concurrent changes with one version: exactly one wins", async () => {
    const { T, newCase } = await desk()
    const c = await newCase()
    const s = await ps(T.operator, (p) => p.create(c.id, { kind: "TAXI" }))
    const exits = await Promise.all(["a", "b", "c"].map((comment) =>
      runtime.runPromiseExit(run(T.operator, Effect.flatMap(Effect.service(PartnerServices), (p) => p.update(c.id, s.id, { version: 1, comment }))))))
    expect(exits.filter(Exit.isSuccess)).toHaveLength(1)
    for (const lost of exits.filter(Exit.isFailure)) expect(Exit.findErrorOption(lost)).toMatchObject({ value: { _tag: "Conflict", currentVersion: 2 } })
    expect((await ps(T.operator, (p) => p.list(c.id)))[0].version).toBe(2)
  })
})

describe("hand-off to the back office", () => {
  test("refused with every missing thing, changing nothing; then handed off once, with a BACK_OFFICE action", async () => {
    const { T, partner, item, newCase } = await desk()
    const c = await newCase()
    const s = await ps(T.operator, (p) => p.create(c.id, { kind: "TOW" }))
    const refused = await failure(T.operator, (p) => p.handOff(c.id, s.id, 1))
    expect(refused._tag).toBe("ValidationError")
    expect(refused.fields.map((f: any) => f.path)).toEqual([
      "partnerId", "orderedAt", "customerCost", "partnerCost",
      "values.caller", "values.plate", "values.make", "values.model", "values.program", "values.contract", "values.city", "values.breakdown_address",
    ])
    expect(refused.fields.find((f: any) => f.path === "values.plate")).toMatchObject({ ru: "Заполните «Госномер» перед передачей в бэк-офис" })
    expect((await ps(T.operator, (p) => p.list(c.id)))[0]).toMatchObject({ version: 1, handedOffAt: null })
    expect(await ps(T.operator, (p) => p.listActions(c.id))).toEqual([])

    // the service filled, the case half filled: only the case's fields are left
    await ps(T.operator, (p) => p.update(c.id, s.id, {
      version: 1, status: "ordered", partnerId: partner.id, customerCost: { amount: 0, currency: "RUB" }, partnerCost: { amount: 400000, currency: "RUB" },
    }))
    await cases(T.operator, (x) => x.update(c.id, { version: 1, values: { caller: "Иван Петров", plate: "А123ВС77", contract: "К-1" } }))
    expect((await failure(T.operator, (p) => p.handOff(c.id, s.id, 2))).fields.map((f: any) => f.path))
      .toEqual(["values.make", "values.model", "values.program", "values.city", "values.breakdown_address"])

    const values = {
      make: await item("makes", "KIA"), model: await item("models", "KIA_RIO"), program: await item("programs", "KIA_RA"),
      city: await item("cities", "MOW"), breakdown_address: { text: "Москва, Тверская, 1" },
    }
    await cases(T.operator, (x) => x.update(c.id, { version: 2, values }))
    expect(await failure(T.operator, (p) => p.handOff(c.id, s.id, 1))).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    const handed = await ps(T.operator, (p) => p.handOff(c.id, s.id, 2))
    expect(handed).toMatchObject({ version: 3, handedOffBy: T.operator.login })
    expect(Date.parse(handed.handedOffAt!)).toBeGreaterThan(Date.now() - 10_000)
    const actions = await ps(T.operator, (p) => p.listActions(c.id))
    expect(actions).toMatchObject([{ kind: "BACK_OFFICE", kindLabel: { ru: "Передача в бэк-офис" }, status: "open", serviceId: s.id, doneAt: null }])

    expect(await failure(T.operator, (p) => p.handOff(c.id, s.id, 3))).toMatchObject({ _tag: "DomainRejection", status: 409, code: "already_handed_off" })
    expect(await ps(T.operator, (p) => p.listActions(c.id))).toHaveLength(1)
  })

  test("an untyped case needs only the service's own fields", async () => {
    const { T, partner } = await desk()
    const c = await cases(T.operator, (x) => x.create({ title: "без типа" }))
    const s = await ps(T.operator, (p) => p.create(c.id, { kind: "TAXI", partnerId: partner.id, customerCost: { amount: 100, currency: "RUB" } }))
    expect((await failure(T.operator, (p) => p.handOff(c.id, s.id, 1))).fields.map((f: any) => f.path)).toEqual(["orderedAt", "partnerCost"])
  })
})

describe("the back office's queue", () => {
  test("services of every case, newest first, filtered and paged; another tenant sees none", async () => {
    const { T, partner, newCase } = await desk()
    const other = await desk()
    const c1 = await newCase()
    const c2 = await newCase()
    const a = await ps(T.operator, (p) => p.create(c1.id, { kind: "TOW", partnerId: partner.id }))
    const b = await ps(T.operator, (p) => p.create(c1.id, { kind: "TAXI" }))
    const d = await ps(T.operator, (p) => p.create(c2.id, { kind: "TOW" }))
    await ps(T.operator, (p) => p.update(c2.id, d.id, { version: 1, status: "ordered" }))
    const otherCase = await other.newCase()
    const otherService = await ps(other.T.operator, (p) => p.create(otherCase.id, { kind: "TOW" }))

    const ids = async (q: Parameters<PartnerServices["Service"]["queue"]>[0]) => (await ps(T.supervisor, (p) => p.queue(q))).items.map((x) => x.id)
    expect(await ids({ limit: 50 })).toEqual([d.id, b.id, a.id])
    expect(await ids({ limit: 50, kind: "TOW" })).toEqual([d.id, a.id])
    expect(await ids({ limit: 50, status: "ordered" })).toEqual([d.id])
    expect(await ids({ limit: 50, partnerId: partner.id })).toEqual([a.id])
    expect(await ids({ limit: 50, handedOff: true })).toEqual([])
    expect(await ids({ limit: 50, handedOff: false })).toEqual([d.id, b.id, a.id])
    const first = await ps(T.supervisor, (p) => p.queue({ limit: 2 }))
    expect(first.items.map((x) => [x.id, x.caseNumber])).toEqual([[d.id, c2.number], [b.id, c1.number]])
    const second = await ps(T.supervisor, (p) => p.queue({ limit: 2, cursor: first.nextCursor! }))
    expect(second).toMatchObject({ items: [{ id: a.id }], nextCursor: null })
    expect((await ps(other.T.supervisor, (p) => p.queue({ limit: 50 }))).items.map((x) => x.id)).toEqual([otherService.id])
    expect(await failure(other.T.operator, (p) => p.update(c1.id, a.id, { version: 1, comment: "взлом" }))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(other.T.operator, (p) => p.list(c1.id))).toMatchObject({ _tag: "NotFound" })
    // a service is reached only through its own case
    expect(await failure(T.operator, (p) => p.update(c2.id, a.id, { version: 1, comment: "чужое" }))).toMatchObject({ _tag: "NotFound", entity: "case_service" })
  })
})

describe("case actions", () => {
  test("kinds from action_types, an assignee of the tenant; done once", async () => {
    const { T, newCase } = await desk()
    const other = await desk()
    const c = await newCase()
    const bad = await failure(T.operator, (p) => p.createAction(c.id, { kind: "DANCE", assigneeId: other.T.operator.userId! }))
    expect(bad.fields.map((f: any) => f.path)).toEqual(["kind", "assigneeId"])
    const a = await ps(T.operator, (p) => p.createAction(c.id, { kind: "CALL_CLIENT", dueAt: "2025-03-01T12:00:00Z", assigneeId: T.operator.userId!, comment: " перезвонить " }))
    expect(a).toMatchObject({
      caseId: c.id, kind: "CALL_CLIENT", kindLabel: { ru: "Звонок клиенту" }, dueAt: "2025-03-01T12:00:00.000Z", doneAt: null, status: "open",
      assigneeId: T.operator.userId, comment: "перезвонить", serviceId: null,
    })
    const done = await ps(T.operator, (p) => p.completeAction(c.id, a.id))
    expect(done.status).toBe("done")
    const again = await ps(T.operator, (p) => p.completeAction(c.id, a.id))
    expect(again.doneAt).toBe(done.doneAt)
    expect(await failure(other.T.operator, (p) => p.completeAction(c.id, a.id))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(T.operator, (p) => p.completeAction(c.id, "01900000-0000-7000-8000-000000000000"))).toMatchObject({ _tag: "NotFound", entity: "case_action" })
    expect((await ps(T.operator, (p) => p.listActions(c.id))).map((x) => x.status)).toEqual(["done"])
    const journal = (await cases(T.operator, (x) => x.journal(c.id))).map((j) => (j.data as any).change).filter(Boolean)
    expect(journal).toEqual(["action_added", "action_done"])
  })
})

test("addDemoService walks a service through the flow at the given minutes", async () => {
  const { T, partner, newCase } = await desk()
  const c = await newCase()
  const s = await as(T.operator, addDemoService(c.id, {
    kind: "TOW", partnerId: partner.id, start: new Date("2025-03-01T10:00:00Z"), minutes: [5, 15, 45, 80],
    customerCost: { amount: 0, currency: "RUB" }, partnerCost: { amount: 350000, currency: "RUB" }, satisfied: true,
  }))
  expect(s).toMatchObject({
    status: "done", orderedAt: "2025-03-01T10:05:00.000Z", assignedAt: "2025-03-01T10:15:00.000Z", arrivedAt: "2025-03-01T10:45:00.000Z",
    finishedAt: "2025-03-01T11:20:00.000Z", partnerCost: { amount: 350000 }, satisfied: true, version: 6,
  })
  const half = await as(T.operator, addDemoService(c.id, { kind: "TAXI", start: new Date("2025-03-01T10:00:00Z"), minutes: [5] }))
  expect(half).toMatchObject({ status: "ordered", orderedAt: "2025-03-01T10:05:00.000Z", assignedAt: null, customerCost: null })
})
