/** Applicants recognised by phone, at the service level: remember and prefill, lookup and history, cards. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { type Actor, coreMigrations, createTenant, CurrentActor, type DomainEvent, EventBus, loadActor, type Role } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import { Applicants } from "../src/applicants/service"
import { prefillFromApplicant, rememberApplicant } from "../src/applicants/store"
import type { Values } from "../src/case-values"
import { Reference } from "../src/reference-service"
import {
  Cases, casesApplicantsMigrations, casesMigrations, casesScriptsMigrations, CaseTypes, referenceMigrations,
} from "../src/server"
import { type CaseTypeDef, hotlineTemplate, roadsideTemplate } from "../src/types"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) => {
  const desk = Layer.mergeAll(CaseTypes.layer, Cases.layer.pipe(Layer.provide(Layer.merge(CaseTypes.layer, Reference.layer))), Reference.layer)
  return makeTestRuntime(Applicants.layer.pipe(
    Layer.provideMerge(desk),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesScriptsMigrations])),
  ))
}

type Actors = Record<"admin" | "operator", Actor>
let n = 0
const tenant = async (): Promise<Actors> => {
  const slug = `app${Date.now().toString(36)}${n++}`
  const roles: Role[] = ["admin", "operator"]
  const t = await runtime.runPromise(createTenant({
    name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: "0123456789", roles: [r] })),
  }))
  const actors = await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))
  return { admin: actors[0]!, operator: actors[1]! }
}

type Services = { applicants: Applicants["Service"]; cases: Cases["Service"]; types: CaseTypes["Service"]; ref: Reference["Service"] }
const services = Effect.all({ applicants: Effect.service(Applicants), cases: Effect.service(Cases), types: Effect.service(CaseTypes), ref: Effect.service(Reference) })
const run = <A, E>(actor: Actor, f: (s: Services) => Effect.Effect<A, E, any>) =>
  Effect.flatMap(services, f).pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>
const as = <A, E>(actor: Actor, f: (s: Services) => Effect.Effect<A, E, any>) => runtime.runPromise(run(actor, f))
const failure = async <A, E>(actor: Actor, f: (s: Services) => Effect.Effect<A, E, any>): Promise<any> => {
  const exit = await runtime.runPromiseExit(run(actor, f))
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}
const remember = (actor: Actor, def: CaseTypeDef | null, phone: string, values: Values) => as(actor, () => rememberApplicant(def, phone, values))
const prefill = (actor: Actor, def: CaseTypeDef, phone: string) => as(actor, () => prefillFromApplicant(def, phone))

let A: Actors
let B: Actors
const reason: Record<string, string> = {}
beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  A = await tenant()
  B = await tenant()
  for (const actors of [A, B]) {
    await as(actors.admin, (s) => s.types.install("roadside"))
    await as(actors.admin, (s) => s.types.install("hotline"))
    await as(actors.admin, (s) => s.ref.seedDefaults())
  }
  for (const i of (await as(A.admin, (s) => s.ref.listItems("reasons"))).items) reason[i.code!] = i.id
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

describe("remember and prefill", () => {
  test("remembered fromApplicant values pre-fill the next case for the same phone in any format", async () => {
    await remember(A.operator, hotlineTemplate, "8 (900) 100-00-01", {
      full_name: "Иванов Иван", phone: "+79001000001", birth_date: "1980-05-31", description: "не для заявителя", reason: reason.CONSULTATION, snils: null,
    })
    expect(await prefill(A.operator, hotlineTemplate, "+7 900 100-00-01")).toEqual({ full_name: "Иванов Иван", phone: "+79001000001", birth_date: "1980-05-31" })
    // only the fields the type has: the roadside type knows the name as "caller" and the first phone field gets the applicant's phone
    expect(await prefill(A.operator, roadsideTemplate, "89001000001")).toEqual({ caller: "Иванов Иван", contact_phone: "+79001000001" })

    const looked = await as(A.operator, (s) => s.applicants.lookup("9001000001"))
    expect(looked.applicant).toMatchObject({ phone: "+79001000001", name: "Иванов Иван", version: 1, values: { full_name: "Иванов Иван", birth_date: "1980-05-31" } })
    expect(looked.applicant!.values).not.toHaveProperty("description")
  })

  test("a later case merges: new values win, empty ones erase nothing, the name follows; nothing new, no new version", async () => {
    const phone = "+79001000002"
    await remember(A.operator, roadsideTemplate, phone, { caller: "Пётр", contact_phone: phone, plate: "А123ВС77", fault: "x" })
    await remember(A.operator, hotlineTemplate, phone, { full_name: "Петров Пётр Петрович", policy: "1234567890123456", phone: null, home_address: "" })
    const a = (await as(A.operator, (s) => s.applicants.lookup(phone))).applicant!
    expect(a).toMatchObject({ name: "Петров Пётр Петрович", version: 2 })
    expect(a.values).toEqual({ caller: "Пётр", contact_phone: phone, full_name: "Петров Пётр Петрович", policy: "1234567890123456" })
    await remember(A.operator, hotlineTemplate, phone, { full_name: "Петров Пётр Петрович", policy: "1234567890123456", description: "ещё звонок" })
    await remember(A.operator, null, phone, {})
    expect((await as(A.operator, (s) => s.applicants.lookup(phone))).applicant!.version).toBe(2)
  })

  test("unknown and unreadable phones: nothing to prefill, nothing remembered", async () => {
    expect(await prefill(A.operator, hotlineTemplate, "+79009999999")).toEqual({})
    await remember(A.operator, hotlineTemplate, "12-34", { full_name: "Никто" })
    expect(await prefill(A.operator, hotlineTemplate, "12-34")).toEqual({})
    expect((await as(A.operator, (s) => s.applicants.list({ limit: 200, q: "Никто" }))).items).toEqual([])
  })

  test("a value that no longer fits its field (the type changed since) is not pre-filled", async () => {
    await remember(A.operator, hotlineTemplate, "+79001000003", { full_name: "Сидоров", birth_date: "1990-01-01" })
    const changed: CaseTypeDef = { ...hotlineTemplate, fields: hotlineTemplate.fields.map((f) => (f.key === "birth_date" ? { ...f, kind: "phone" as const } : f)) }
    expect(await prefill(A.operator, changed, "+79001000003")).toEqual({ full_name: "Сидоров", phone: "+79001000003" })
  })

  test("another tenant never sees an applicant: no prefill, no lookup, no card", async () => {
    await remember(A.operator, hotlineTemplate, "+79001000004", { full_name: "Секретный Заявитель" })
    const aCase = await as(A.operator, (s) => s.cases.create({ title: "A's case", applicantPhone: "+79001000004" }))
    expect(await prefill(B.operator, hotlineTemplate, "+79001000004")).toEqual({})
    expect(await as(B.operator, (s) => s.applicants.lookup("+79001000004"))).toEqual({ applicant: null, cases: [] })
    const aApplicant = (await as(A.operator, (s) => s.applicants.lookup("+79001000004"))).applicant!
    expect(await failure(B.operator, (s) => s.applicants.get(aApplicant.id))).toMatchObject({ _tag: "NotFound", entity: "applicant" })
    expect(await failure(B.admin, (s) => s.applicants.update(aApplicant.id, { version: 1, name: "pwned" }))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(B.operator, (s) => s.applicants.forCase(aCase.id))).toMatchObject({ _tag: "NotFound", entity: "case" })
    expect(JSON.stringify(await as(B.operator, (s) => s.applicants.list({ limit: 200 })))).not.toContain("Секретный")
    // B remembering the same phone makes B's own applicant; A's stays as it was
    await remember(B.operator, hotlineTemplate, "+79001000004", { full_name: "Другой" })
    expect((await as(A.operator, (s) => s.applicants.get(aApplicant.id)))).toMatchObject({ name: "Секретный Заявитель", version: 1 })
  })
})

describe("lookup and history", () => {
  test("the phone's cases newest first with a preview; a case's applicant view leaves the case out", async () => {
    const phone = "+79001000010"
    const first = await as(A.operator, (s) => s.cases.create({
      type: "roadside", title: "Не заводится", applicantPhone: "8 900 100-00-10",
      values: { fault: "не заводится на морозе", contact_phone: phone, plate: "а123вс77", breakdown_address: { text: "Москва, Тверская, 1" } },
    }))
    const second = await as(A.operator, (s) => s.cases.create({ title: "Просто вопрос", applicantPhone: phone }))
    await as(A.operator, (s) => s.cases.create({ title: "Чужой номер", applicantPhone: "+79001000011" }))
    await as(B.operator, (s) => s.cases.create({ title: "Case of B", applicantPhone: phone }))
    await remember(A.operator, roadsideTemplate, phone, { caller: "Олег", contact_phone: phone })

    for (const typed of ["+7 (900) 100-00-10", "89001000010", "8-900-100-00-10", "9001000010", " 79001000010"]) {
      const r = await as(A.operator, (s) => s.applicants.lookup(typed))
      expect(r.cases.map((c) => c.id)).toEqual([second.id, first.id])
    }
    const r = await as(A.operator, (s) => s.applicants.lookup(phone))
    expect(r.applicant).toMatchObject({ phone, name: "Олег", casesCount: 2 })
    expect(r.applicant!.lastCaseAt).toBe(second.createdAt)
    expect(r.cases[1]).toMatchObject({ number: first.number, title: "Не заводится", type: "roadside", status: "new", createdAt: first.createdAt })
    expect(r.cases[1]!.preview).toBe("Не заводится · не заводится на морозе · А123ВС77 · Москва, Тверская, 1")
    expect(r.cases[0]!.preview).toBe("Просто вопрос")

    const view = await as(A.operator, (s) => s.applicants.forCase(second.id))
    expect(view.applicant?.phone).toBe(phone)
    expect(view.cases.map((c) => c.id)).toEqual([first.id])
    const none = await as(A.operator, (s) => s.cases.create({ title: "без телефона" }))
    expect(await as(A.operator, (s) => s.applicants.forCase(none.id))).toEqual({ applicant: null, cases: [] })

    expect(await failure(A.operator, (s) => s.applicants.lookup("12345"))).toMatchObject({ _tag: "ValidationError", fields: [{ path: "query.phone" }] })
  })

  test("history shows at most 20 cases", async () => {
    const phone = "+79001000020"
    for (let i = 0; i < 22; i++) await as(A.operator, (s) => s.cases.create({ title: `звонок ${i}`, applicantPhone: phone }))
    await remember(A.operator, null, phone, {})
    const r = await as(A.operator, (s) => s.applicants.lookup(phone))
    expect(r.cases).toHaveLength(20)
    expect(r.cases[0]!.title).toBe("звонок 21")
    expect(r.applicant).toMatchObject({ casesCount: 22, name: null, values: {} })
  })

  test("the list pages newest first and finds by name or phone digits", async () => {
    const T = await tenant()
    for (const [i, name] of ["Анна Смирнова", "Борис Смирнов", "Вера Кузнецова"].entries()) {
      await remember(T.operator, hotlineTemplate, `+7900200000${i}`, { full_name: name })
    }
    const first = await as(T.operator, (s) => s.applicants.list({ limit: 2 }))
    expect(first.items.map((a) => a.name)).toEqual(["Вера Кузнецова", "Борис Смирнов"])
    const rest = await as(T.operator, (s) => s.applicants.list({ limit: 2, cursor: first.nextCursor! }))
    expect(rest).toMatchObject({ items: [{ name: "Анна Смирнова" }], nextCursor: null })
    const names = (q: string) => as(T.operator, (s) => s.applicants.list({ limit: 50, q })).then((p) => p.items.map((a) => a.name))
    expect(await names("смирнов")).toEqual(["Борис Смирнов", "Анна Смирнова"])
    expect(await names("8 (900) 200-00-02")).toEqual(["Вера Кузнецова"])
    expect(await names("2000001")).toEqual(["Борис Смирнов"])
    expect(await names("%")).toEqual([])
  })
})

describe("the applicant card", () => {
  test("an operator corrects the name and values: checked by field kind, versioned, published", async () => {
    const phone = "+79001000030"
    await remember(A.operator, hotlineTemplate, phone, { full_name: "Кузнецов", birth_date: "1970-01-01", policy: "1234567890123456" })
    const a = (await as(A.operator, (s) => s.applicants.lookup(phone))).applicant!

    const bad = await failure(A.operator, (s) => s.applicants.update(a.id, { version: 1, values: { birth_date: "1970-02-30", plate: "А123ВС77", nope: 1 } }))
    expect(bad.fields.map((f: any) => f.path).sort()).toEqual(["values.birth_date", "values.nope", "values.plate"])
    expect((await as(A.operator, (s) => s.applicants.get(a.id))).version).toBe(1)

    const got: DomainEvent[] = []
    const off = (await runtime.runPromise(Effect.service(EventBus))).subscribe((e) => got.push(e))
    const saved = await as(A.operator, (s) => s.applicants.update(a.id, {
      version: 1, name: "  Кузнецов Олег  ", values: { emergency_contacts: "жена +7 900 000-00-00", policy: null, caller: "Олег" },
    }))
    expect(saved).toMatchObject({ version: 2, name: "Кузнецов Олег" })
    expect(saved.values).toEqual({ full_name: "Кузнецов", birth_date: "1970-01-01", emergency_contacts: "жена +7 900 000-00-00", caller: "Олег" })
    await Bun.sleep(150)
    off()
    expect(got.filter((e) => e.tenantId === A.operator.tenantId && e.topic === "case.applicant_updated").map((e) => (e.payload as any).version)).toEqual([2])

    expect(await failure(A.operator, (s) => s.applicants.update(a.id, { version: 1, name: "старое" }))).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    expect(await as(A.operator, (s) => s.applicants.update(a.id, { version: 2, name: "Кузнецов Олег" }))).toMatchObject({ version: 2 }) // no change, no version
    expect(await as(A.operator, (s) => s.applicants.update(a.id, { version: 2, name: null }))).toMatchObject({ version: 3, name: null })
    // the corrected card pre-fills the next case
    expect(await prefill(A.operator, hotlineTemplate, phone)).toMatchObject({ full_name: "Кузнецов", emergency_contacts: "жена +7 900 000-00-00", phone })
  })
})
