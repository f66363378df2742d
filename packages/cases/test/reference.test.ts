import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import {
  type Actor, type AppEnv, authenticate, buildOpenApi, coreMigrations, createTenant, CurrentActor, loadActor, type Role, WidgetTokens,
} from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import { Hono } from "hono"
import type { WorkingHours } from "../src/db/reference"
import { referenceMigrations } from "../src/reference-migrations"
import { makeReferenceRoutes } from "../src/reference-routes"
import { defaultReference, openNow, Reference } from "../src/reference-service"
import { casesMigrations } from "../src/server"
import { caseTypeTemplates } from "../src/types"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) =>
  makeTestRuntime(Reference.layer.pipe(Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations]))))

type Svc = Reference["Service"]
type Actors = Record<"admin" | "supervisor" | "operator", Actor>

let n = 0
const tenant = async (): Promise<Actors> => {
  const slug = `ref${Date.now().toString(36)}${n++}`
  const roles: Role[] = ["admin", "supervisor", "operator"]
  const t = await runtime.runPromise(createTenant({
    name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: "0123456789", roles: [r] })),
  }))
  const actors = await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))
  return { admin: actors[0]!, supervisor: actors[1]!, operator: actors[2]! }
}

const run = <A, E>(actor: Actor, f: (s: Svc) => Effect.Effect<A, E, any>) =>
  Effect.flatMap(Effect.service(Reference), f).pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>
const as = <A, E>(actor: Actor, f: (s: Svc) => Effect.Effect<A, E, any>) => runtime.runPromise(run(actor, f))
/** The typed failure of an effect expected to fail. */
const failure = async <A, E>(actor: Actor, f: (s: Svc) => Effect.Effect<A, E, any>): Promise<any> => {
  const exit = await runtime.runPromiseExit(run(actor, f))
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}

let A: Actors
let B: Actors
beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  A = await tenant()
  B = await tenant()
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

describe("dictionaries and items", () => {
  test("create, list, duplicate key is a 409 on the key", async () => {
    const d = await as(A.admin, (s) => s.createDictionary({ key: "tariffs", name: { ru: "Тарифы", en: "Tariffs" } }))
    expect(d).toMatchObject({ key: "tariffs", name: { ru: "Тарифы", en: "Tariffs" }, archived: false })
    const noEn = await as(A.admin, (s) => s.createDictionary({ key: "colours", name: { ru: " Цвета " } }))
    expect(noEn.name).toEqual({ ru: "Цвета", en: "Цвета" })
    expect((await as(A.operator, (s) => s.listDictionaries())).map((x) => x.key)).toEqual(expect.arrayContaining(["colours", "tariffs"]))
    const dup = await failure(A.supervisor, (s) => s.createDictionary({ key: "tariffs", name: { ru: "Ещё раз" } }))
    expect(dup).toMatchObject({ _tag: "Conflict", entity: "dictionary", field: "key" })
  })

  test("items: search over both labels and the code, case-insensitive, ё = е; ordered by sort then label; paged", async () => {
    await as(A.admin, (s) => s.createDictionary({ key: "streets", name: { ru: "Улицы", en: "Streets" } }))
    const names: [string, string, string, number][] = [
      ["TV", "Тверская", "Tverskaya", 10], ["ARB", "Арбат", "Arbat", 10], ["MYAS", "Мясницкая", "Myasnitskaya", 10],
      ["KOR", "Королёва", "Korolyova", 5], ["PYA", "Пятницкая", "Pyatnitskaya", 20], ["SAD", "Садовая", "Sadovaya", 10],
      ["POK", "Покровка", "Pokrovka", 10],
    ]
    for (const [code, ru, en, sort] of names) await as(A.supervisor, (s) => s.createItem("streets", { code, label: { ru, en }, sort }))
    const all = await as(A.operator, (s) => s.listItems("streets"))
    expect(all.items.map((i) => i.label.ru)).toEqual(["Королёва", "Арбат", "Мясницкая", "Покровка", "Садовая", "Тверская", "Пятницкая"])
    expect(all.nextCursor).toBeNull()
    const ru = (q: string) => as(A.operator, (s) => s.listItems("streets", { q })).then((p) => p.items.map((i) => i.label.ru))
    expect(await ru("ТВЕР")).toEqual(["Тверская"])
    expect(await ru("королев")).toEqual(["Королёва"]) // typed with е
    expect(await ru("nitsk")).toEqual(["Мясницкая", "Пятницкая"]) // English label
    expect(await ru("myas")).toEqual(["Мясницкая"]) // code (lower-case query)
    expect(await ru("%")).toEqual([]) // wildcards are literal
    expect(await ru("   ")).toHaveLength(7)

    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await as(A.operator, (s) => s.listItems("streets", { limit: 3, cursor }))
      seen.push(...page.items.map((i) => i.code!))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(["KOR", "ARB", "MYAS", "POK", "SAD", "TV", "PYA"])
    expect(await failure(A.operator, (s) => s.listItems("streets", { cursor: "019a0000-0000-7000-8000-000000000000" })))
      .toMatchObject({ _tag: "ValidationError" })
    expect(await failure(A.operator, (s) => s.listItems("nope"))).toMatchObject({ _tag: "NotFound", entity: "dictionary" })
  })

  test("a code is unique in its dictionary only; items without a code are many", async () => {
    await as(A.admin, (s) => s.createDictionary({ key: "codes_a", name: { ru: "А" } }))
    await as(A.admin, (s) => s.createDictionary({ key: "codes_b", name: { ru: "Б" } }))
    await as(A.admin, (s) => s.createItem("codes_a", { code: "X1", label: { ru: "Икс" } }))
    expect(await failure(A.admin, (s) => s.createItem("codes_a", { code: "X1", label: { ru: "Другой" } })))
      .toMatchObject({ _tag: "Conflict", entity: "dictionary_item", field: "code" })
    await as(A.admin, (s) => s.createItem("codes_b", { code: "X1", label: { ru: "Икс" } }))
    await as(A.admin, (s) => s.createItem("codes_a", { label: { ru: "Без кода 1" } }))
    await as(A.admin, (s) => s.createItem("codes_a", { code: null, label: { ru: "Без кода 2" } }))
    expect((await as(A.admin, (s) => s.listItems("codes_a"))).items).toHaveLength(3)
  })

  test("update needs the current version: a stale one gets 409 with the current version; nothing changes", async () => {
    await as(A.admin, (s) => s.createDictionary({ key: "vers", name: { ru: "Версии" } }))
    const item = await as(A.admin, (s) => s.createItem("vers", { code: "V", label: { ru: "Первая" }, sort: 3, attributes: { a: 1 } }))
    expect(item.version).toBe(1)
    const saved = await as(A.supervisor, (s) => s.updateItem("vers", item.id, { code: "V", label: { ru: "Вторая", en: "Second" }, sort: 4 }, 1))
    expect(saved).toMatchObject({ version: 2, label: { ru: "Вторая", en: "Second" }, sort: 4, attributes: {} })
    const stale = await failure(A.admin, (s) => s.updateItem("vers", item.id, { label: { ru: "Третья" } }, 1))
    expect(stale).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    expect((await as(A.admin, (s) => s.resolve("vers", item.id))).label.ru).toBe("Вторая")
    const concurrent = await Promise.all(["x", "y", "z"].map((ru) =>
      runtime.runPromiseExit(run(A.admin, (s) => s.updateItem("vers", item.id, { code: "V", label: { ru } }, 2)))))
    expect(concurrent.filter(Exit.isSuccess)).toHaveLength(1)
    expect(await failure(A.admin, (s) => s.updateItem("codes_a", item.id, { label: { ru: "не тот справочник" } }, 3)))
      .toMatchObject({ _tag: "NotFound" })
  })

  test("parents: models of a make; unknown, archived, self and cyclic parents are refused", async () => {
    await as(A.admin, (s) => s.createDictionary({ key: "brands", name: { ru: "Марки" } }))
    await as(A.admin, (s) => s.createDictionary({ key: "brand_models", name: { ru: "Модели" } }))
    const kia = await as(A.admin, (s) => s.createItem("brands", { code: "KIA", label: { ru: "Kia" } }))
    const lada = await as(A.admin, (s) => s.createItem("brands", { code: "LADA", label: { ru: "Lada" } }))
    for (const m of ["Rio", "Ceed"]) await as(A.admin, (s) => s.createItem("brand_models", { label: { ru: m }, parentId: kia.id }))
    const vesta = await as(A.admin, (s) => s.createItem("brand_models", { label: { ru: "Vesta" }, parentId: lada.id }))
    expect((await as(A.operator, (s) => s.listItems("brand_models", { parent: kia.id }))).items.map((i) => i.label.ru)).toEqual(["Ceed", "Rio"])
    expect((await as(A.operator, (s) => s.listItems("brand_models", { parent: lada.id, q: "ves" }))).items.map((i) => i.id)).toEqual([vesta.id])
    const problem = async (p: Promise<any>) => (await p).fields[0]
    expect(await problem(failure(A.admin, (s) => s.createItem("brand_models", { label: { ru: "?" }, parentId: "019a0000-0000-7000-8000-000000000000" }))))
      .toMatchObject({ path: "parentId", ru: "Родительский элемент не найден" })
    expect(await problem(failure(A.admin, (s) => s.updateItem("brands", kia.id, { code: "KIA", label: { ru: "Kia" }, parentId: kia.id }, 1))))
      .toMatchObject({ path: "parentId", en: "An item cannot be its own parent or ancestor" })
    const sub = await as(A.admin, (s) => s.createItem("brands", { label: { ru: "Kia Sub" }, parentId: kia.id }))
    expect(await problem(failure(A.admin, (s) => s.updateItem("brands", kia.id, { code: "KIA", label: { ru: "Kia" }, parentId: sub.id }, 1))))
      .toMatchObject({ path: "parentId", en: "An item cannot be its own parent or ancestor" })
    await as(A.admin, (s) => s.archiveItem("brands", lada.id))
    expect(await problem(failure(A.admin, (s) => s.createItem("brand_models", { label: { ru: "Granta" }, parentId: lada.id }))))
      .toMatchObject({ path: "parentId", en: "The parent item is archived" })
  })

  test("archive hides items and dictionaries from the default lists; resolve still finds them", async () => {
    await as(A.admin, (s) => s.createDictionary({ key: "old_stuff", name: { ru: "Старое" } }))
    const keep = await as(A.admin, (s) => s.createItem("old_stuff", { code: "KEEP", label: { ru: "Оставить" } }))
    const gone = await as(A.admin, (s) => s.createItem("old_stuff", { code: "GONE", label: { ru: "Убрать" } }))
    await as(A.supervisor, (s) => s.archiveItem("old_stuff", gone.id))
    await as(A.supervisor, (s) => s.archiveItem("old_stuff", gone.id)) // idempotent
    expect((await as(A.operator, (s) => s.listItems("old_stuff"))).items.map((i) => i.id)).toEqual([keep.id])
    const withArchived = await as(A.operator, (s) => s.listItems("old_stuff", { includeArchived: true }))
    expect(withArchived.items.map((i) => [i.code, i.archived])).toEqual([["KEEP", false], ["GONE", true]]) // by label: Оставить, Убрать
    expect(await as(A.operator, (s) => s.resolve("old_stuff", gone.id))).toMatchObject({ archived: true, version: 2 })
    // an edit made before the archive is stale now
    expect(await failure(A.admin, (s) => s.updateItem("old_stuff", gone.id, { label: { ru: "x" } }, 1))).toMatchObject({ currentVersion: 2 })

    await as(A.admin, (s) => s.archiveDictionary("old_stuff"))
    expect((await as(A.operator, (s) => s.listDictionaries())).map((d) => d.key)).not.toContain("old_stuff")
    expect((await as(A.operator, (s) => s.listDictionaries({ includeArchived: true }))).find((d) => d.key === "old_stuff")?.archived).toBe(true)
    expect((await as(A.operator, (s) => s.listItems("old_stuff"))).items).toHaveLength(1) // still readable
    expect(await failure(A.admin, (s) => s.createItem("old_stuff", { label: { ru: "новое" } }))).toMatchObject({ _tag: "ValidationError" })
  })

  test("seedDefaults creates every dictionary the templates use, once", async () => {
    const T = await tenant()
    const first = await as(T.admin, (s) => s.seedDefaults())
    expect(first.dictionaries).toBe(defaultReference.length)
    expect(first.items).toBe(defaultReference.reduce((sum, d) => sum + d.items.length, 0))
    const keys = (await as(T.operator, (s) => s.listDictionaries())).map((d) => d.key)
    const used = caseTypeTemplates.flatMap((t) => t.fields.flatMap((f) => (f.dictionary ? [f.dictionary] : [])))
    expect(used.length).toBeGreaterThan(5)
    expect(keys).toEqual(expect.arrayContaining([...new Set(used), "service_types"]))

    const makes = (await as(T.operator, (s) => s.listItems("makes"))).items
    expect(makes.map((m) => m.label.ru)).toEqual(["Kia", "Hyundai", "Lada", "Toyota", "Volkswagen"])
    const kiaModels = (await as(T.operator, (s) => s.listItems("models", { parent: makes[0].id }))).items
    expect(kiaModels.map((m) => m.label.ru)).toEqual(["Rio", "Ceed", "Sportage", "K5"])
    expect((await as(T.operator, (s) => s.listItems("cities", { q: "моск" }))).items[0]).toMatchObject({ label: { ru: "Москва" }, attributes: { timeZone: "Europe/Moscow" } })
    expect((await as(T.operator, (s) => s.listItems("appeal_sources"))).items.map((i) => i.label.ru))
      .toEqual(expect.arrayContaining(["Мобильное приложение (SIP)", "Звонок с городского", "Сайт"]))

    // an archived seed item stays archived; nothing is duplicated
    const moscow = (await as(T.operator, (s) => s.listItems("cities", { q: "москва" }))).items[0]
    await as(T.admin, (s) => s.archiveItem("cities", moscow.id))
    const again = await Promise.all([as(T.admin, (s) => s.seedDefaults()), as(T.admin, (s) => s.seedDefaults())])
    expect(again).toEqual([{ dictionaries: 0, items: 0 }, { dictionaries: 0, items: 0 }])
    expect((await as(T.operator, (s) => s.listItems("cities", { includeArchived: true }))).items.filter((c) => c.label.ru === "Москва"))
      .toMatchObject([{ archived: true }])
  })

  test("resolve: the item of that dictionary, or NotFound", async () => {
    await as(A.admin, (s) => s.seedDefaults())
    const city = (await as(A.operator, (s) => s.listItems("cities", { q: "Казань" }))).items[0]
    expect(await as(A.operator, (s) => s.resolve("cities", city.id))).toMatchObject({ id: city.id, dictionary: "cities", label: { ru: "Казань" } })
    expect(await failure(A.operator, (s) => s.resolve("makes", city.id))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(A.operator, (s) => s.resolve("cities", "not-a-uuid"))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(A.operator, (s) => s.resolve("no_such", city.id))).toMatchObject({ _tag: "NotFound" })
  })
})

describe("partners", () => {
  const ids = async (actor: Actor, key: string, ...labels: string[]) => {
    const items = (await as(actor, (s) => s.listItems(key))).items
    return labels.map((l) => items.find((i) => i.label.ru === l)!.id)
  }

  test("create normalises phones, checks city and service types, and is found by name, phone, kind, service and city", async () => {
    await as(A.admin, (s) => s.seedDefaults())
    const [moscow, kazan] = await ids(A.operator, "cities", "Москва", "Казань")
    const [tow, taxi, hotel] = await ids(A.operator, "service_types", "Эвакуация", "Такси", "Гостиница")
    const p = await as(A.supervisor, (s) => s.createPartner({
      name: "  Эвакуатор-Центр ", kind: "partner", phones: ["8 (916) 555-12-34", "+7 916 555 12 34", "9031112233"],
      email: "Dispatch@Evak.RU", address: "Москва, Варшавское ш., 1", lat: 55.7, lon: 37.62, cityId: moscow, services: [tow, taxi, tow],
      workingHours: { days: { mon: { open: "09:00", close: "18:00" }, fri: { open: "22:00", close: "06:00" } } },
    }))
    expect(p).toMatchObject({
      name: "Эвакуатор-Центр", phones: ["+79165551234", "+79031112233"], email: "Dispatch@evak.ru", lat: 55.7, lon: 37.62,
      cityId: moscow, services: [tow, taxi], version: 1, archived: false,
    })
    expect(p.workingHours).toEqual({
      alwaysOpen: false,
      days: { mon: { open: "09:00", close: "18:00" }, tue: null, wed: null, thu: null, fri: { open: "22:00", close: "06:00" }, sat: null, sun: null },
    })
    const dealer = await as(A.admin, (s) => s.createPartner({ name: "Kia Автоцентр Казань", kind: "dealer", cityId: kazan, services: [hotel], phones: ["+7 843 200-00-00"] }))
    expect(dealer).toMatchObject({ workingHours: null, email: null, address: null, lat: null, phones: ["+78432000000"] })

    const names = (q: Parameters<Svc["listPartners"]>[0]) => as(A.operator, (s) => s.listPartners(q)).then((r) => r.items.map((x) => x.name))
    expect(await names({})).toEqual(["Kia Автоцентр Казань", "Эвакуатор-Центр"])
    expect(await names({ q: "ЭВАКУАТОР" })).toEqual(["Эвакуатор-Центр"])
    expect(await names({ q: "8 916 555" })).toEqual(["Эвакуатор-Центр"])
    expect(await names({ q: "варшавское" })).toEqual(["Эвакуатор-Центр"])
    expect(await names({ kind: "dealer" })).toEqual(["Kia Автоцентр Казань"])
    expect(await names({ service: taxi })).toEqual(["Эвакуатор-Центр"])
    expect(await names({ city: kazan })).toEqual(["Kia Автоцентр Казань"])
    expect(await names({ city: kazan, kind: "partner" })).toEqual([])

    const bad = await failure(A.admin, (s) => s.createPartner({ name: "X", kind: "partner", cityId: tow, services: [moscow, taxi], phones: ["12"], lat: 55 }))
    expect(bad.fields.map((f: any) => f.path).sort()).toEqual(["cityId", "lon", "phones.0", "services.0"])
  })

  test("paging, version conflicts and archive", async () => {
    const T = await tenant()
    for (const name of ["Дельта", "Альфа", "Гамма", "Бета", "Эпсилон"]) await as(T.admin, (s) => s.createPartner({ name, kind: "partner" }))
    const first = await as(T.operator, (s) => s.listPartners({ limit: 2 }))
    const second = await as(T.operator, (s) => s.listPartners({ limit: 2, cursor: first.nextCursor! }))
    const third = await as(T.operator, (s) => s.listPartners({ limit: 2, cursor: second.nextCursor! }))
    expect([...first.items, ...second.items, ...third.items].map((p) => p.name)).toEqual(["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"])
    expect(third.nextCursor).toBeNull()

    const alpha = first.items[0]
    const saved = await as(T.supervisor, (s) => s.updatePartner(alpha.id, { name: "Альфа-Сервис", kind: "dealer", workingHours: { alwaysOpen: true } }, 1))
    expect(saved).toMatchObject({ name: "Альфа-Сервис", kind: "dealer", version: 2, workingHours: { alwaysOpen: true } })
    expect(await failure(T.admin, (s) => s.updatePartner(alpha.id, { name: "Старое", kind: "partner" }, 1))).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    expect((await as(T.operator, (s) => s.getPartner(alpha.id))).name).toBe("Альфа-Сервис")

    await as(T.supervisor, (s) => s.archivePartner(alpha.id))
    expect((await as(T.operator, (s) => s.listPartners({}))).items.map((p) => p.name)).not.toContain("Альфа-Сервис")
    expect((await as(T.operator, (s) => s.listPartners({ includeArchived: true, q: "альфа" }))).items).toMatchObject([{ archived: true, version: 3 }])
    expect(await failure(T.operator, (s) => s.getPartner("nope"))).toMatchObject({ _tag: "NotFound" })
  })
})

test("tenant isolation: B never sees nor changes A's dictionaries, items and partners, even by id", async () => {
  await as(A.admin, (s) => s.createDictionary({ key: "a_secret", name: { ru: "Секрет А" } }))
  const aItem = await as(A.admin, (s) => s.createItem("a_secret", { code: "S", label: { ru: "Секретный пункт" } }))
  const [aCity] = (await as(A.operator, (s) => s.listItems("cities", { q: "Москва" }))).items
  const aPartner = await as(A.admin, (s) => s.createPartner({ name: "Партнёр А", kind: "partner", cityId: aCity.id }))

  expect((await as(B.admin, (s) => s.listDictionaries({ includeArchived: true }))).map((d) => d.key)).not.toContain("a_secret")
  expect(await failure(B.admin, (s) => s.listItems("a_secret"))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.createItem("a_secret", { label: { ru: "x" } }))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.archiveDictionary("a_secret"))).toMatchObject({ _tag: "NotFound" })
  // B's own dictionary of the same key is B's; A's item is not in it
  await as(B.admin, (s) => s.createDictionary({ key: "a_secret", name: { ru: "Своё Б" } }))
  expect((await as(B.admin, (s) => s.listItems("a_secret", { includeArchived: true }))).items).toEqual([])
  expect(await failure(B.admin, (s) => s.updateItem("a_secret", aItem.id, { label: { ru: "взлом" } }, 1))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.archiveItem("a_secret", aItem.id))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.resolve("a_secret", aItem.id))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.createItem("a_secret", { label: { ru: "x" }, parentId: aItem.id }))).toMatchObject({ fields: [{ path: "parentId" }] })

  await as(B.admin, (s) => s.seedDefaults())
  expect((await as(B.admin, (s) => s.listItems("cities", { includeArchived: true }))).items.map((i) => i.id)).not.toContain(aCity.id)
  expect(await failure(B.admin, (s) => s.createPartner({ name: "Б", kind: "partner", cityId: aCity.id }))).toMatchObject({ fields: [{ path: "cityId" }] })
  expect((await as(B.admin, (s) => s.listPartners({ includeArchived: true }))).items.map((p) => p.id)).not.toContain(aPartner.id)
  expect((await as(B.admin, (s) => s.listPartners({ city: aCity.id }))).items).toEqual([])
  expect(await failure(B.admin, (s) => s.getPartner(aPartner.id))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.updatePartner(aPartner.id, { name: "взлом", kind: "dealer" }, 1))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.archivePartner(aPartner.id))).toMatchObject({ _tag: "NotFound" })
  expect(await failure(B.admin, (s) => s.listPartners({ cursor: aPartner.id }))).toMatchObject({ _tag: "ValidationError" })

  expect(await as(A.operator, (s) => s.resolve("a_secret", aItem.id))).toMatchObject({ label: { ru: "Секретный пункт" }, version: 1, archived: false })
  expect(await as(A.operator, (s) => s.getPartner(aPartner.id))).toMatchObject({ name: "Партнёр А", version: 1, archived: false })
})

describe("openNow", () => {
  const week = (days: Partial<WorkingHours["days"]>, alwaysOpen = false): { workingHours: WorkingHours } => ({
    workingHours: { alwaysOpen, days: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null, ...days } },
  })
  // 2025-06-02 is a Monday
  const utc = (day: number, hhmm: string) => new Date(`2025-06-${String(1 + day).padStart(2, "0")}T${hhmm}:00Z`)

  test("day hours: from open up to close", () => {
    const p = week({ mon: { open: "09:00", close: "18:00" } })
    expect(openNow(p, utc(1, "08:59"), "UTC")).toBe(false)
    expect(openNow(p, utc(1, "09:00"), "UTC")).toBe(true)
    expect(openNow(p, utc(1, "17:59"), "UTC")).toBe(true)
    expect(openNow(p, utc(1, "18:00"), "UTC")).toBe(false)
    expect(openNow(p, utc(2, "12:00"), "UTC")).toBe(false) // Tuesday: closed
  })

  test("overnight hours run into the next day, even a closed one, and across the week's end", () => {
    const p = week({ fri: { open: "22:00", close: "06:00" }, sun: { open: "23:00", close: "02:00" } })
    expect(openNow(p, utc(5, "21:59"), "UTC")).toBe(false) // Friday
    expect(openNow(p, utc(5, "22:00"), "UTC")).toBe(true)
    expect(openNow(p, utc(5, "23:59"), "UTC")).toBe(true)
    expect(openNow(p, utc(6, "00:00"), "UTC")).toBe(true) // Saturday (closed itself)
    expect(openNow(p, utc(6, "05:59"), "UTC")).toBe(true)
    expect(openNow(p, utc(6, "06:00"), "UTC")).toBe(false)
    expect(openNow(p, utc(6, "22:30"), "UTC")).toBe(false)
    expect(openNow(p, utc(7, "23:30"), "UTC")).toBe(true) // Sunday
    expect(openNow(p, utc(8, "01:59"), "UTC")).toBe(true) // Monday morning, from Sunday
    expect(openNow(p, utc(8, "02:00"), "UTC")).toBe(false)
  })

  test("24/7, until midnight, unknown hours, and the wall clock of the time zone", () => {
    expect(openNow(week({}, true), utc(3, "03:33"), "UTC")).toBe(true)
    expect(openNow(week({}), utc(3, "12:00"), "UTC")).toBe(false)
    expect(openNow({ workingHours: null }, utc(3, "12:00"), "UTC")).toBeNull()
    const late = week({ wed: { open: "20:00", close: "24:00" } })
    expect(openNow(late, utc(3, "23:59"), "UTC")).toBe(true)
    expect(openNow(late, utc(4, "00:00"), "UTC")).toBe(false)
    // 08:30 UTC on Monday: 11:30 in Moscow (open), 15:30 in Novosibirsk (open), 08:30 in UTC (closed)
    const office = week({ mon: { open: "09:00", close: "15:00" } })
    expect(openNow(office, utc(1, "08:30"), "Europe/Moscow")).toBe(true)
    expect(openNow(office, utc(1, "08:30"), "Asia/Novosibirsk")).toBe(false)
    expect(openNow(office, utc(1, "08:30"), "UTC")).toBe(false)
    // 22:30 UTC on Sunday is already Monday 01:30 in Moscow
    expect(openNow(week({ mon: { open: "00:00", close: "02:00" } }), utc(7, "22:30"), "Europe/Moscow")).toBe(true)
  })
})

describe("HTTP", () => {
  let app: Hono<AppEnv>
  const tokens = new Map<Actor, string>()
  const token = async (actor: Actor) => {
    if (!tokens.has(actor)) {
      const issued = await runtime.runPromise(Effect.flatMap(Effect.service(WidgetTokens), (w) => w.issue()).pipe(Effect.provideService(CurrentActor, actor)))
      tokens.set(actor, issued.token)
    }
    return tokens.get(actor)!
  }
  const call = async (actor: Actor | null, method: string, path: string, body?: unknown, lang = "en") => {
    const headers: Record<string, string> = { "accept-language": lang }
    if (actor) headers.authorization = `Bearer ${await token(actor)}`
    if (body !== undefined) headers["content-type"] = "application/json"
    const res = await app.fetch(new Request(`http://test/ref${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }))
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : undefined }
  }

  beforeAll(() => {
    app = new Hono<AppEnv>()
    app.use("*", authenticate(runtime))
    app.route("/ref", makeReferenceRoutes(runtime))
  })

  test("every route is in the OpenAPI document", () => {
    const doc = buildOpenApi(app, { title: "t", version: "0" })
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(documented.sort()).toEqual([
      "GET /ref/dictionaries", "GET /ref/dictionaries/{key}/items", "GET /ref/partners", "GET /ref/partners/{id}",
      "POST /ref/dictionaries", "POST /ref/dictionaries/{key}/archive", "POST /ref/dictionaries/{key}/items", "POST /ref/dictionaries/{key}/items/{id}/archive",
      "POST /ref/partners", "POST /ref/partners/{id}/archive", "POST /ref/seed", "PUT /ref/dictionaries/{key}/items/{id}", "PUT /ref/partners/{id}",
    ])
    const put = (doc.paths["/ref/partners/{id}"] as any).put
    expect(put.requestBody.content["application/json"].schema.properties).toHaveProperty("workingHours")
    expect(put.responses["403"].description).toContain("supervisor")
  })

  test("reading is for everyone signed in; creating a dictionary is not for an operator", async () => {
    expect((await call(null, "GET", "/dictionaries")).status).toBe(401)
    expect((await call(A.operator, "GET", "/dictionaries")).status).toBe(200)
    const refused = await call(A.operator, "POST", "/dictionaries", { key: "op_dict", name: { ru: "Оператор" } }, "ru")
    expect(refused.status).toBe(403)
    expect(refused.json).toMatchObject({ code: "forbidden", title: "Недостаточно прав для этого действия" })
    expect((await call(A.operator, "GET", "/dictionaries")).json.items.map((d: any) => d.key)).not.toContain("op_dict")
    expect((await call(A.operator, "POST", "/partners", { name: "P", kind: "partner" })).status).toBe(403)
    const made = await call(A.supervisor, "POST", "/dictionaries", { key: "sup_dict", name: { ru: "Супервизор", en: "Supervisor" } })
    expect(made.status).toBe(201)
    expect((await call(A.supervisor, "POST", "/dictionaries", { key: "sup_dict", name: { ru: "Ещё" } })).json)
      .toMatchObject({ status: 409, code: "conflict", fields: [{ path: "key" }] })
    expect((await call(A.supervisor, "POST", "/dictionaries/sup_dict/archive")).status).toBe(403) // admins only
    expect((await call(A.admin, "POST", "/dictionaries/sup_dict/archive")).status).toBe(204)
  })

  test("a bad item gets 400 with every field problem, in Russian on request, and nothing is stored", async () => {
    await call(A.admin, "POST", "/dictionaries", { key: "http_items", name: { ru: "Пункты" } })
    const bad = { code: "has space", label: { ru: "   " }, sort: 1.5, parentId: "nope", colour: "red" }
    const ru = await call(A.supervisor, "POST", "/dictionaries/http_items/items", bad, "ru-RU,ru;q=0.9")
    expect(ru.status).toBe(400)
    expect(ru.json.code).toBe("validation_failed")
    const byPath = Object.fromEntries(ru.json.fields.map((f: any) => [f.path, f.message]))
    expect(byPath).toEqual({
      code: "Код — от 1 до 64 символов без пробелов",
      "label.ru": "Поле не может быть пустым",
      sort: "Ожидается целое число",
      parentId: "Ожидается UUID",
      colour: "Неизвестное поле",
    })
    const en = await call(A.supervisor, "POST", "/dictionaries/http_items/items", bad, "en")
    expect(en.json.fields.find((f: any) => f.path === "code").message).toBe("A code has 1–64 characters and no spaces")
    expect((await call(A.operator, "GET", "/dictionaries/http_items/items")).json.items).toEqual([])

    const badPartner = await call(A.admin, "POST", "/partners", {
      name: "P", kind: "shop", phones: ["abc"], lat: 95, workingHours: { days: { mon: { open: "9:00", close: "25:00" }, tue: { open: "10:00", close: "10:00" } } },
    }, "ru")
    expect(badPartner.status).toBe(400)
    expect(Object.fromEntries(badPartner.json.fields.map((f: any) => [f.path, f.message]))).toMatchObject({
      kind: 'Допустимые значения: "partner", "dealer"',
      "phones.0": "Ожидается номер телефона, например +7 900 123-45-67",
      lat: "Широта должна быть от -90 до 90",
      "workingHours.days.mon.open": "Ожидается время, например 09:00",
      "workingHours.days.mon.close": "Ожидается время, например 18:00 (24:00 — полночь)",
    })
    expect((await call(A.admin, "GET", "/dictionaries/Bad-Key/items")).status).toBe(400)
  })

  test("no bad input reaches the database as a 500: NUL characters, odd ids, wrong types", async () => {
    await call(A.admin, "POST", "/dictionaries", { key: "odd", name: { ru: "Странное" } })
    const item = (await call(A.admin, "POST", "/dictionaries/odd/items", { label: { ru: "x" } })).json
    const partner = (await call(A.admin, "POST", "/partners", { name: "x", kind: "dealer" })).json
    const nul = "a\u0000b"
    expect((await call(A.admin, "GET", `/partners?q=${encodeURIComponent(nul)}`)).status).toBe(400)
    expect((await call(A.admin, "GET", `/dictionaries/odd/items?q=${encodeURIComponent(nul)}`)).status).toBe(400)
    expect((await call(A.admin, "POST", "/partners", { name: nul, kind: "partner", email: `a${nul}@x.ru`, comment: nul })).json.fields.map((f: any) => f.path))
      .toEqual(["name", "email", "comment"])
    expect((await call(A.admin, "POST", "/dictionaries/odd/items", { code: nul, label: { ru: nul, en: nul }, attributes: { [nul]: 1, y: [nul] } }, "ru")).json.fields)
      .toEqual([
        { path: "code", message: "Код — от 1 до 64 символов без пробелов" },
        { path: "label.ru", message: "Не может содержать символ NUL" },
        { path: "label.en", message: "Не может содержать символ NUL" },
        { path: "attributes", message: "Не может содержать символ NUL" },
      ])
    const bodies = [undefined, "", "{", "[]", "null", "{}", JSON.stringify({ key: 1, name: null, label: "x", version: "1", kind: [], phones: "x", services: ["x"], lat: "1" }),
      JSON.stringify({ label: { ru: "x".repeat(5000) }, name: "ü".repeat(400), version: 1e12, sort: 1e300, attributes: [1], workingHours: { days: { xyz: 1 } } })]
    const ids: Record<string, string[]> = { key: ["odd", "x", "%00", "1".repeat(300)], id: [item.id, partner.id, "x", "%00", "01900000-0000-7000-8000-000000000000"] }
    const bad: string[] = []
    for (const r of app.routes.filter((r) => r.method !== "ALL")) {
      const paths = [r.path]
      for (const [param, values] of Object.entries(ids)) {
        if (paths[0].includes(`:${param}`)) paths.splice(0, paths.length, ...paths.flatMap((p) => values.map((v) => p.replace(`:${param}`, v))))
      }
      for (const path of paths) {
        for (const q of ["", "?limit=0&cursor=x", "?includeArchived=yes&parent=x&kind=x", `?cursor=${item.id}`, "?q=%25%5C_"]) {
          for (const raw of r.method === "GET" ? [undefined] : bodies) {
            const res = await app.fetch(new Request(`http://test${path}${q}`, {
              method: r.method, body: raw, headers: { authorization: `Bearer ${await token(A.admin)}`, "content-type": "application/json" },
            }))
            if (res.status >= 500) bad.push(`${r.method} ${path}${q} ${raw} → ${res.status}`)
          }
        }
      }
    }
    expect(bad).toEqual([])
  }, 60_000)

  test("items and partners round-trip with versions; another tenant gets 404", async () => {
    const created = await call(A.supervisor, "POST", "/dictionaries/http_items/items", { code: "ONE", label: { ru: "Один", en: "One" }, sort: 1 })
    expect(created.status).toBe(201)
    const id = created.json.id
    const put = await call(A.supervisor, "PUT", `/dictionaries/http_items/items/${id}`, { code: "ONE", label: { ru: "Первый" }, version: 1 })
    expect(put.json).toMatchObject({ version: 2, label: { ru: "Первый", en: "Первый" } })
    const stale = await call(A.supervisor, "PUT", `/dictionaries/http_items/items/${id}`, { label: { ru: "Опоздал" }, version: 1 })
    expect(stale.status).toBe(409)
    expect(stale.json).toMatchObject({ code: "stale_version", currentVersion: 2 })
    expect((await call(A.operator, "GET", "/dictionaries/http_items/items?q=перв")).json.items.map((i: any) => i.id)).toEqual([id])
    expect((await call(A.operator, "GET", "/dictionaries/http_items/items?limit=0")).status).toBe(400)

    const partner = await call(A.admin, "POST", "/partners", { name: "Эвакуатор 24", kind: "partner", phones: ["8 800 555-35-35"], workingHours: { alwaysOpen: true } })
    expect(partner.status).toBe(201)
    expect(partner.json.phones).toEqual(["+78005553535"])
    const pid = partner.json.id
    expect((await call(A.operator, "GET", `/partners/${pid}`)).json.name).toBe("Эвакуатор 24")
    expect((await call(A.operator, "GET", "/partners?q=8005553535")).json.items.map((p: any) => p.id)).toEqual([pid])
    expect((await call(A.supervisor, "PUT", `/partners/${pid}`, { name: "Эвакуатор 24/7", kind: "partner", version: 1 })).json.version).toBe(2)
    expect((await call(A.supervisor, "PUT", `/partners/${pid}`, { name: "x", kind: "partner", version: 1 })).json.currentVersion).toBe(2)

    expect((await call(B.admin, "GET", `/partners/${pid}`)).status).toBe(404)
    expect((await call(B.admin, "PUT", `/partners/${pid}`, { name: "взлом", kind: "partner", version: 2 })).status).toBe(404)
    expect((await call(B.admin, "POST", `/partners/${pid}/archive`)).status).toBe(404)
    expect((await call(B.admin, "GET", "/dictionaries/http_items/items")).status).toBe(404)
    expect((await call(B.admin, "PUT", `/dictionaries/http_items/items/${id}`, { label: { ru: "взлом" }, version: 2 })).status).toBe(404)
    expect((await call(B.admin, "POST", `/dictionaries/http_items/items/${id}/archive`)).status).toBe(404)
    expect(JSON.stringify((await call(B.admin, "GET", "/partners?includeArchived=true")).json)).not.toContain(pid)

    expect((await call(A.supervisor, "POST", `/dictionaries/http_items/items/${id}/archive`)).status).toBe(204)
    expect((await call(A.supervisor, "POST", `/partners/${pid}/archive`)).status).toBe(204)
    expect((await call(A.operator, "GET", "/partners")).json.items.map((p: any) => p.id)).not.toContain(pid)
    expect((await call(A.operator, "GET", `/partners/${pid}`)).json).toMatchObject({ archived: true, name: "Эвакуатор 24/7" })
  })
})
