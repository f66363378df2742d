/** Questionnaire scripts at the service level: templates, checks on save, versions, and runs that write into cases. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { type Actor, coreMigrations, createTenant, CurrentActor, loadActor, type Role } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import { Reference } from "../src/reference-service"
import { CaseScripts } from "../src/scripts/service"
import { roadsideIntake } from "../src/scripts/templates"
import {
  Cases, casesApplicantsMigrations, casesMigrations, casesScriptsMigrations, CaseTypes, referenceMigrations,
} from "../src/server"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
/**
 * When armed, the next `Cases.update` is preceded by another operator's edit of
 * another field (in the same transaction, so it lands between the answer's
 * read of the case and its write, deterministically).
 */
const race = { armed: false, field: { mileage: 777 } as Record<string, unknown> }
const racingCases = Layer.effect(Cases, Effect.map(Cases.make, (real) => ({
  ...real,
  update: ((id, change) => {
    if (!race.armed) return real.update(id, change)
    race.armed = false
    return Effect.flatMap(real.update(id, { version: change.version, values: race.field }), () => real.update(id, change))
  }) as typeof real.update,
})))

const makeRuntime = (url: string | undefined) => {
  const desk = Layer.mergeAll(CaseTypes.layer, racingCases.pipe(Layer.provide(Layer.merge(CaseTypes.layer, Reference.layer))), Reference.layer)
  return makeTestRuntime(CaseScripts.layer.pipe(
    Layer.provideMerge(desk),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesScriptsMigrations])),
  ))
}

type Actors = Record<"admin" | "operator" | "supervisor", Actor>
let n = 0
const tenant = async (): Promise<Actors> => {
  const slug = `scr${Date.now().toString(36)}${n++}`
  const roles: Role[] = ["admin", "supervisor", "operator"]
  const t = await runtime.runPromise(createTenant({
    name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: "0123456789", roles: [r] })),
  }))
  const actors = await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))
  return { admin: actors[0]!, supervisor: actors[1]!, operator: actors[2]! }
}

type Services = { scripts: CaseScripts["Service"]; cases: Cases["Service"]; types: CaseTypes["Service"]; ref: Reference["Service"] }
const services = Effect.all({ scripts: Effect.service(CaseScripts), cases: Effect.service(Cases), types: Effect.service(CaseTypes), ref: Effect.service(Reference) })
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

let A: Actors
let B: Actors
/** ids of A's seeded dictionary items by "dictionary/code" */
const item: Record<string, string> = {}
beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  A = await tenant()
  B = await tenant()
  for (const actors of [A, B]) {
    await as(actors.admin, (s) => s.types.install("roadside"))
    await as(actors.admin, (s) => s.types.install("hotline"))
  }
  await as(A.admin, (s) => s.ref.seedDefaults())
  for (const key of ["makes", "models", "programs", "cities", "reasons"]) {
    const page = await as(A.admin, (s) => s.ref.listItems(key))
    for (const i of page.items) item[`${key}/${i.code}`] = i.id
  }
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

const roadsideCase = (actor: Actor, values: Record<string, unknown> = {}) =>
  as(actor, (s) => s.cases.create({ type: "roadside", title: "Не заводится", values: { fault: "не заводится", contact_phone: "+79001112233", ...values } }))

describe("scripts", () => {
  test("templates install for their type (or another one), list by type, and need the type to exist", async () => {
    const road = await as(A.admin, (s) => s.scripts.install("roadside_intake"))
    expect(road).toMatchObject({ key: "roadside_intake", typeKey: "roadside", version: 1, archived: false, name: { en: "Roadside assistance intake" } })
    expect(road.definition.questions.map((q) => q.id)).toContain("call_112")
    await as(A.admin, (s) => s.scripts.install("hotline_intake"))
    expect((await as(A.operator, (s) => s.scripts.list({ type: "hotline" }))).map((x) => x.key)).toEqual(["hotline_intake"])
    expect((await as(A.operator, (s) => s.scripts.list())).map((x) => x.key)).toEqual(["hotline_intake", "roadside_intake"])

    const again = await failure(A.admin, (s) => s.scripts.install("roadside_intake"))
    expect(again).toMatchObject({ _tag: "Conflict", entity: "script", field: "key" })
    const noType = await failure(A.admin, (s) => s.scripts.install("roadside_intake", { typeKey: "tow", key: "tow_intake" }))
    expect(noType).toMatchObject({ _tag: "ValidationError", fields: [{ path: "typeKey" }] })
    await as(A.admin, (s) => s.types.install("roadside", "tow"))
    // its own numbers, so its cases do not take the roadside type's
    const tow = await as(A.admin, (s) => s.types.get("tow"))
    await as(A.admin, (s) => s.types.save("tow", { ...tow.definition, numberFormat: "TOW-{SEQ:5}" }, tow.version))
    expect(await as(A.admin, (s) => s.scripts.install("roadside_intake", { typeKey: "tow", key: "tow_intake" }))).toMatchObject({ typeKey: "tow", key: "tow_intake" })
    // a type whose fields the template writes to are gone is refused with the paths
    const bare = await failure(A.admin, (s) => s.scripts.install("roadside_intake", { typeKey: "hotline", key: "wrong" }))
    expect(bare.fields.map((f: any) => f.path)).toContain("definition.questions.0.writeTo")
    expect(await failure(A.admin, (s) => s.scripts.get("wrong"))).toMatchObject({ _tag: "NotFound" })
  })

  test("a definition is checked as a whole: every problem with its path, nothing saved", async () => {
    const bad = await failure(A.admin, (s) => s.scripts.create({
      key: "broken", typeKey: "roadside", name: { ru: "Сломанный" },
      definition: {
        start: "first",
        questions: [
          { id: "first", kind: "choice", text: { ru: "Выбор" }, options: [] },
          { id: "first", kind: "text", text: { ru: "Дубль" } },
          { id: "plate", kind: "number", text: { ru: "Номер" }, writeTo: "plate", next: "nowhere" },
          { id: "where", kind: "choice", text: { ru: "Где?" }, options: [{ value: "a", label: { ru: "А" }, next: "plate" }, { value: "b", label: { ru: "Б" }, next: "ghost" }] },
          { id: "model", kind: "dictionary", text: { ru: "Модель" } },
          { id: "note", kind: "info", text: { ru: "Инфо" }, writeTo: "fault" },
          { id: "color", kind: "text", text: { ru: "Цвет" }, writeTo: "color" },
        ],
      },
    }))
    expect(bad._tag).toBe("ValidationError")
    expect(bad.fields.map((f: any) => f.path).sort()).toEqual([
      "definition.questions.0.options",
      "definition.questions.1.id",
      "definition.questions.2.id", // unreachable
      "definition.questions.2.next",
      "definition.questions.2.writeTo", // a number into a plate
      "definition.questions.3.id",
      "definition.questions.3.options.1.next",
      "definition.questions.4.dictionary",
      "definition.questions.4.id",
      "definition.questions.5.id",
      "definition.questions.5.writeTo",
      "definition.questions.6.id",
      "definition.questions.6.writeTo",
    ])
    expect(bad.fields.find((f: any) => f.path === "definition.questions.3.options.1.next")).toMatchObject({ en: 'No question "ghost" in the script', ru: "В сценарии нет вопроса «ghost»" })
    expect(await failure(A.admin, (s) => s.scripts.get("broken"))).toMatchObject({ _tag: "NotFound" })
    const noStart = await failure(A.admin, (s) => s.scripts.create({
      key: "broken", typeKey: "roadside", name: { ru: "Сломанный" },
      definition: { start: "ghost", questions: [{ id: "a", kind: "info", text: { ru: "А" } }] },
    }))
    expect(noStart.fields.map((f: any) => f.path)).toEqual(["definition.start"])
  })

  test("saves make versions; old ones stay readable; of two saves on one version one wins", async () => {
    const def = (text: string) => ({ start: "q", questions: [{ id: "q", kind: "text" as const, text: { ru: text }, writeTo: "fault" }] })
    const created = await as(A.admin, (s) => s.scripts.create({ key: "versions", typeKey: "roadside", name: { ru: "Версии", en: "Versions" }, definition: def("Первый") }))
    expect(created.definition.questions[0]!.text).toEqual({ ru: "Первый", en: "Первый" })
    const results = await Promise.all([
      runtime.runPromiseExit(run(A.admin, (s) => s.scripts.save("versions", { version: 1, name: { ru: "Версии" }, definition: def("Второй") }))),
      runtime.runPromiseExit(run(A.admin, (s) => s.scripts.save("versions", { version: 1, name: { ru: "Версии" }, definition: def("Третий") }))),
    ])
    expect(results.filter(Exit.isSuccess)).toHaveLength(1)
    const lost = results.find(Exit.isFailure)!
    expect(Exit.findErrorOption(lost)).toMatchObject({ value: { _tag: "Conflict", entity: "script", currentVersion: 2 } })
    const now = await as(A.operator, (s) => s.scripts.get("versions"))
    expect(now.version).toBe(2)
    const v1 = await as(A.operator, (s) => s.scripts.get("versions", 1))
    expect(v1).toMatchObject({ version: 1, name: { en: "Versions" }, definition: { questions: [{ text: { ru: "Первый" } }] } })
    expect(await failure(A.operator, (s) => s.scripts.get("versions", 9))).toMatchObject({ _tag: "NotFound", entity: "script_version" })
  })

  test("another tenant sees none of it", async () => {
    expect(await as(B.operator, (s) => s.scripts.list({ includeArchived: true }))).toEqual([])
    expect(await failure(B.admin, (s) => s.scripts.get("roadside_intake"))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(B.admin, (s) => s.scripts.archive("roadside_intake"))).toMatchObject({ _tag: "NotFound" })
    // the same key is free in B
    expect(await as(B.admin, (s) => s.scripts.install("roadside_intake"))).toMatchObject({ key: "roadside_intake" })
  })
})

describe("runs", () => {
  test("the roadside intake walks, branches, writes into the case and journals", async () => {
    const c = await roadsideCase(A.operator)
    const r0 = await as(A.operator, (s) => s.scripts.start(c.id, "roadside_intake"))
    expect(r0).toMatchObject({ caseId: c.id, scriptKey: "roadside_intake", scriptVersion: 1, current: "caller", path: [], answers: {}, finished: false })
    const answer = (questionId: string, value: unknown) => as(A.operator, (s) => s.scripts.answer(c.id, r0.id, questionId, value))

    const r1 = await answer("caller", "  Пётр Петров ")
    expect(r1.case.values.caller).toBe("Пётр Петров")
    expect(r1.run).toMatchObject({ current: "contact_phone", path: ["caller"] })
    expect((await answer("contact_phone", "8 (916) 555-12-34")).case.values.contact_phone).toBe("+79165551234")
    expect((await answer("injured", "yes")).run.current).toBe("call_112")
    const info = await answer("call_112", undefined)
    expect(info.run).toMatchObject({ current: "location", answers: { injured: true } })
    expect(info.run.answers).not.toHaveProperty("call_112")
    expect((await answer("location", "road")).run.current).toBe("road_safety")
    await answer("road_safety", null)
    await answer("fault", "стучит двигатель")
    await answer("plate", "а123вс 77")

    // a VIN with a bad check digit: 400 on "value", nothing saved anywhere
    const before = await as(A.operator, (s) => s.cases.get(c.id))
    const bad = await failure(A.operator, (s) => s.scripts.answer(c.id, r0.id, "vin", "1M8GDM9AXKP042789"))
    expect(bad._tag).toBe("ValidationError")
    expect(bad.fields.map((f: any) => f.path)).toEqual(["value"])
    expect(bad.fields[0].ru).toBeString()
    expect(await as(A.operator, (s) => s.cases.get(c.id))).toEqual(before)
    expect((await as(A.operator, (s) => s.scripts.runs(c.id)))[0]).toMatchObject({ current: "vin" })

    expect((await answer("vin", "1m8gdm9axkp042788")).case.values.vin).toBe("1M8GDM9AXKP042788")
    // a dictionary answer must be an item of that dictionary
    const notAMake = await failure(A.operator, (s) => s.scripts.answer(c.id, r0.id, "make", item["models/KIA_RIO"]))
    expect(notAMake.fields.map((f: any) => f.path)).toEqual(["value"])
    expect((await failure(A.operator, (s) => s.scripts.answer(c.id, r0.id, "make", "kia"))).fields.map((f: any) => f.path)).toEqual(["value"])
    await answer("make", item["makes/KIA"])
    await answer("model", item["models/KIA_RIO"])
    await answer("program", item["programs/KIA_RA"])
    await answer("contract", "")
    await answer("city", item["cities/MOW"])
    const required = await failure(A.operator, (s) => s.scripts.answer(c.id, r0.id, "breakdown_address", "  "))
    expect(required.fields).toEqual([{ path: "value", en: "An answer is required", ru: "Нужен ответ" }])
    const addr = await answer("breakdown_address", "МКАД, 41 км")
    expect(addr.case.values.breakdown_address).toEqual({ text: "МКАД, 41 км" })
    const done = await answer("summary", undefined)
    expect(done.run).toMatchObject({ current: null, finished: true })
    expect(done.run.path).toEqual([
      "caller", "contact_phone", "injured", "call_112", "location", "road_safety", "fault", "plate", "vin", "make", "model", "program",
      "contract", "city", "breakdown_address", "summary",
    ])
    expect(done.run.answers).toMatchObject({ location: "road", contract: null, plate: "А123ВС77", make: item["makes/KIA"] })
    expect(done.case.values).toMatchObject({ fault: "стучит двигатель", plate: "А123ВС77", make: item["makes/KIA"], city: item["cities/MOW"] })
    expect(done.case.values).not.toHaveProperty("contract")

    const journal = await as(A.operator, (s) => s.cases.journal(c.id))
    const script = journal.filter((e) => e.kind === "script").map((e) => e.data as any)
    expect(script[0]).toMatchObject({ action: "start", runId: r0.id, scriptKey: "roadside_intake", scriptVersion: 1 })
    expect(script.filter((d) => d.action === "answer")).toHaveLength(16)
    expect(script.at(-1)).toMatchObject({ action: "finish", runId: r0.id })
    // the fields written show in the journal as field changes too
    expect(journal.some((e) => e.kind === "fields" && (e.data as any).changes.some((ch: any) => ch.field === "vin"))).toBe(true)

    // a finished run answers nothing more; back reopens it at the last question
    expect(await failure(A.operator, (s) => s.scripts.answer(c.id, r0.id, "summary", null))).toMatchObject({ _tag: "DomainRejection", code: "run_finished" })
    expect(await as(A.operator, (s) => s.scripts.back(c.id, r0.id))).toMatchObject({ current: "summary", finished: false })
  })

  test("branching: no injured skips the 112 info; back pops; jump goes anywhere; only the current question is answered", async () => {
    const c = await roadsideCase(A.operator)
    const r = await as(A.operator, (s) => s.scripts.start(c.id, "roadside_intake"))
    const answer = (q: string, v: unknown) => as(A.operator, (s) => s.scripts.answer(c.id, r.id, q, v))
    await answer("caller", "Анна")
    await answer("contact_phone", "+79001112233")
    expect(await failure(A.operator, (s) => s.scripts.answer(c.id, r.id, "injured", "maybe"))).toMatchObject({ fields: [{ path: "value" }] })
    expect((await answer("injured", false)).run.current).toBe("location")
    expect((await answer("location", "yard")).run.current).toBe("fault")
    expect(await failure(A.operator, (s) => s.scripts.answer(c.id, r.id, "location", "sky"))).toMatchObject({ _tag: "DomainRejection", code: "not_current_question", extra: { current: "fault" } })
    expect(await failure(A.operator, (s) => s.scripts.answer(c.id, r.id, "nope", "x"))).toMatchObject({ fields: [{ path: "questionId" }] })

    const back = await as(A.operator, (s) => s.scripts.back(c.id, r.id))
    expect(back).toMatchObject({ current: "location", path: ["caller", "contact_phone", "injured"] })
    expect((await answer("location", "road")).run.current).toBe("road_safety")
    const jumped = await as(A.operator, (s) => s.scripts.jump(c.id, r.id, "vin"))
    expect(jumped).toMatchObject({ current: "vin", path: ["caller", "contact_phone", "injured", "location", "road_safety"] })
    expect(await failure(A.operator, (s) => s.scripts.jump(c.id, r.id, "ghost"))).toMatchObject({ fields: [{ path: "questionId" }] })
    expect((await as(A.operator, (s) => s.scripts.back(c.id, r.id))).current).toBe("road_safety")
    for (let i = 0; i < 4; i++) await as(A.operator, (s) => s.scripts.back(c.id, r.id))
    expect((await as(A.operator, (s) => s.scripts.runs(c.id)))[0]).toMatchObject({ current: "caller", path: [] })
    expect(await failure(A.operator, (s) => s.scripts.back(c.id, r.id))).toMatchObject({ _tag: "DomainRejection", code: "no_previous_question" })
  })

  test("a run keeps the version it started with when the script is saved again", async () => {
    await as(A.admin, (s) => s.scripts.create({
      key: "short", typeKey: "roadside", name: { ru: "Короткий" },
      definition: { start: "a", questions: [
        { id: "a", kind: "yes_no", text: { ru: "А?" }, options: [{ value: "yes", label: { ru: "Да" }, next: "b" }] },
        { id: "b", kind: "text", text: { ru: "Б" }, writeTo: "contract" },
      ] },
    }))
    const c = await roadsideCase(A.operator)
    const old = await as(A.operator, (s) => s.scripts.start(c.id, "short"))
    await as(A.admin, (s) => s.scripts.save("short", { version: 1, name: { ru: "Короткий" }, definition: { start: "a", questions: [
      { id: "a", kind: "yes_no", text: { ru: "А?" } },
    ] } }))
    const fresh = await as(A.operator, (s) => s.scripts.start(c.id, "short"))
    expect(fresh.scriptVersion).toBe(2)
    expect((await as(A.operator, (s) => s.scripts.answer(c.id, fresh.id, "a", true))).run.finished).toBe(true)
    const followed = await as(A.operator, (s) => s.scripts.answer(c.id, old.id, "a", "yes"))
    expect(followed.run).toMatchObject({ scriptVersion: 1, current: "b", finished: false })
    expect((await as(A.operator, (s) => s.scripts.answer(c.id, old.id, "b", "Д-42"))).case.values.contract).toBe("Д-42")
    expect((await as(A.operator, (s) => s.scripts.runs(c.id))).map((x) => x.id)).toEqual([fresh.id, old.id])
  })

  test("an answer whose case was saved by someone else between read and write is retried on the new version", async () => {
    const c = await roadsideCase(A.operator)
    const r = await as(A.operator, (s) => s.scripts.start(c.id, "roadside_intake"))
    race.armed = true
    const answered = await as(A.operator, (s) => s.scripts.answer(c.id, r.id, "caller", "Олег"))
    expect(race.armed).toBe(false) // the competing edit happened
    expect(answered.case).toMatchObject({ version: 3, values: { caller: "Олег", mileage: 777 } })
    expect(answered.run.current).toBe("contact_phone")
  })

  test("an answer is not lost when another operator saves the case at the same time", async () => {
    const c = await roadsideCase(A.operator)
    const r = await as(A.operator, (s) => s.scripts.start(c.id, "roadside_intake"))
    await as(A.operator, (s) => s.scripts.jump(c.id, r.id, "plate"))
    // The other operator edits a field between the answer's read and write, as often as it takes to collide.
    const plates = ["А001АА77", "В002ВВ77", "Е003ЕЕ77", "К004КК77", "М005ММ77", "Н006НН77"]
    for (const [i, plate] of plates.entries()) {
      const other = (async () => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const now = await as(A.supervisor, (s) => s.cases.get(c.id))
          const e = await runtime.runPromiseExit(run(A.supervisor, (s) => s.cases.update(c.id, { version: now.version, values: { mileage: 1000 + i } })))
          if (Exit.isSuccess(e)) return
        }
        throw new Error("the other operator never saved")
      })()
      const mine = as(A.operator, (s) => s.scripts.answer(c.id, r.id, "plate", plate))
      await Promise.all([other, mine])
      const now = await as(A.operator, (s) => s.cases.get(c.id))
      expect(now.values).toMatchObject({ plate, mileage: 1000 + i })
      await as(A.operator, (s) => s.scripts.back(c.id, r.id))
    }
  })

  test("a script runs only on a case of its type, not archived, and not across tenants", async () => {
    const c = await roadsideCase(A.operator)
    const wrongType = await failure(A.operator, (s) => s.scripts.start(c.id, "hotline_intake"))
    expect(wrongType).toMatchObject({ _tag: "ValidationError", fields: [{ path: "scriptKey" }] })
    const untyped = await as(A.operator, (s) => s.cases.create({ title: "без типа" }))
    expect(await failure(A.operator, (s) => s.scripts.start(untyped.id, "roadside_intake"))).toMatchObject({ fields: [{ path: "scriptKey" }] })
    expect(await failure(A.operator, (s) => s.scripts.start(c.id, "missing"))).toMatchObject({ fields: [{ path: "scriptKey" }] })

    const r = await as(A.operator, (s) => s.scripts.start(c.id, "roadside_intake"))
    expect(await failure(B.operator, (s) => s.scripts.runs(c.id))).toMatchObject({ _tag: "NotFound", entity: "case" })
    expect(await failure(B.operator, (s) => s.scripts.start(c.id, "roadside_intake"))).toMatchObject({ _tag: "NotFound", entity: "case" })
    expect(await failure(B.operator, (s) => s.scripts.answer(c.id, r.id, "caller", "pwned"))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(B.operator, (s) => s.scripts.jump(c.id, r.id, "vin"))).toMatchObject({ _tag: "NotFound" })
    expect((await as(A.operator, (s) => s.scripts.runs(c.id)))[0]).toMatchObject({ id: r.id, current: "caller" })

    await as(A.admin, (s) => s.scripts.archive("tow_intake"))
    expect((await as(A.operator, (s) => s.scripts.list())).map((x) => x.key)).not.toContain("tow_intake")
    expect((await as(A.operator, (s) => s.scripts.list({ includeArchived: true }))).find((x) => x.key === "tow_intake")).toMatchObject({ archived: true })
    const tow = await as(A.operator, (s) => s.cases.create({ type: "tow", title: "эвакуатор", values: { fault: "x", contact_phone: "+79001112233" } }))
    expect(await failure(A.operator, (s) => s.scripts.start(tow.id, "tow_intake"))).toMatchObject({ fields: [{ path: "scriptKey", en: "The script is archived" }] })
  })

  test("the hotline intake: yes/no into branches, a date and a dictionary without writeTo checked by the question's kind", async () => {
    const c = await as(A.operator, (s) => s.cases.create({ type: "hotline", title: "Запись", values: { reason: item["reasons/CONSULTATION"], phone: "+79005554433" } }))
    const r = await as(A.operator, (s) => s.scripts.start(c.id, "hotline_intake"))
    const answer = (q: string, v: unknown) => as(A.operator, (s) => s.scripts.answer(c.id, r.id, q, v))
    await answer("full_name", "Иванов Иван Иванович")
    await answer("phone", "89005554433")
    expect((await answer("urgent", "no")).run.current).toBe("reason")
    await answer("reason", item["reasons/COMPLAINT"])
    await answer("description", "Не дозвониться до поликлиники")
    expect((await answer("has_policy", "no")).run.current).toBe("birth_date")
    expect((await failure(A.operator, (s) => s.scripts.answer(c.id, r.id, "birth_date", "2023-02-29"))).fields.map((f: any) => f.path)).toEqual(["value"])
    const born = await answer("birth_date", "1980-05-31")
    expect(born.case.values).toMatchObject({ birth_date: "1980-05-31", full_name: "Иванов Иван Иванович", reason: item["reasons/COMPLAINT"] })

    // questions without a field are checked by their own kind
    await as(A.admin, (s) => s.scripts.create({
      key: "free", typeKey: "hotline", name: { ru: "Свободный" },
      definition: { start: "n", questions: [
        { id: "n", kind: "number", text: { ru: "Сколько?" }, next: "d" },
        { id: "d", kind: "dictionary", dictionary: "cities", text: { ru: "Город" }, next: "p" },
        { id: "p", kind: "phone", text: { ru: "Телефон" }, required: true },
      ] },
    }))
    const f = await as(A.operator, (s) => s.scripts.start(c.id, "free"))
    expect((await failure(A.operator, (s) => s.scripts.answer(c.id, f.id, "n", "много"))).fields.map((x: any) => x.path)).toEqual(["value"])
    await as(A.operator, (s) => s.scripts.answer(c.id, f.id, "n", 3))
    expect(await failure(A.operator, (s) => s.scripts.answer(c.id, f.id, "d", item["makes/KIA"]))).toMatchObject({ fields: [{ path: "value" }] })
    await as(A.operator, (s) => s.scripts.answer(c.id, f.id, "d", item["cities/KZN"]))
    const last = await as(A.operator, (s) => s.scripts.answer(c.id, f.id, "p", "+7 (900) 123-45-67"))
    expect(last.run).toMatchObject({ finished: true, answers: { n: 3, d: item["cities/KZN"], p: "+79001234567" } })
    expect(last.case.version).toBe(born.case.version) // nothing written to the case
  })
})

test("the templates are valid against the types they are written for", async () => {
  // installing both for A above succeeded; this pins the template's branching the intake relies on
  const injured = roadsideIntake.definition.questions.find((q) => q.id === "injured")!
  expect(injured.options?.map((o) => [o.value, o.next])).toEqual([["yes", "call_112"], ["no", "location"]])
})
