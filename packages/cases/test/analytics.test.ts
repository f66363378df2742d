import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import { type Actor, coreMigrations, createTenant, CurrentActor, loadActor, useDb } from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { eq } from "drizzle-orm"
import ExcelJS from "exceljs"
import { Effect, Exit, Layer } from "effect"
import { reportCsv } from "../src/analytics/export-csv"
import { readFonts, reportPdf } from "../src/analytics/export-pdf"
import { reportXlsx } from "../src/analytics/export-xlsx"
import { caseActions, caseServices } from "../src/db/partner-services"
import { cases as casesTable } from "../src/db/schema"
import {
  CaseAnalytics, Cases, casesMigrations, casesPartnerServicesMigrations, CaseTypes, PartnerServices, Reference, referenceMigrations,
} from "../src/server"

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) => {
  const core = coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesPartnerServicesMigrations])
  return makeTestRuntime(CaseAnalytics.layer.pipe(
    Layer.provideMerge(PartnerServices.layer), Layer.provideMerge(Cases.layer), Layer.provideMerge(CaseTypes.layer),
    Layer.provideMerge(Reference.layer), Layer.provideMerge(core),
  ))
}

let n = 0
const tenant = async () => {
  const slug = `an${Date.now().toString(36)}${n++}`
  const t = await runtime.runPromise(createTenant({ name: slug, slug, users: [{ login: `${slug}-sup`, name: "sup", password: "0123456789", roles: ["supervisor"] }] }))
  return (await runtime.runPromise(loadActor(t.users[0].id, "session")))!
}
const as = <A, E>(actor: Actor, e: Effect.Effect<A, E, any>) => runtime.runPromise(e.pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)
const svc = <S, A, E>(tag: any, actor: Actor, f: (s: S) => Effect.Effect<A, E, any>) => as(actor, Effect.flatMap(Effect.service(tag) as Effect.Effect<S>, f))
const ref = <A, E>(actor: Actor, f: (s: Reference["Service"]) => Effect.Effect<A, E, any>) => svc(Reference, actor, f)
const ps = <A, E>(actor: Actor, f: (s: PartnerServices["Service"]) => Effect.Effect<A, E, any>) => svc(PartnerServices, actor, f)
const report = (actor: Actor, filters: Parameters<CaseAnalytics["Service"]["roadside"]>[0] = {}) =>
  svc(CaseAnalytics, actor, (s: CaseAnalytics["Service"]) => s.roadside(filters))
/** Sets what the API never lets a client set: when a row was made (fixtures in the past). */
const backdate = (table: typeof caseServices | typeof caseActions | typeof casesTable, id: string, set: Record<string, Date>) =>
  runtime.runPromise(useDb((db) => db.update(table).set(set as any).where(eq(table.id, id))))

let S: Actor
const ids: Record<string, string> = {}
const at = (iso: string) => new Date(iso)

/**
 * Two roadside cases (Moscow/Kia, Saint Petersburg/Lada), four services, three actions, with known times:
 * s1 TOW  (case 1, P1): created 03-01 10:05Z, ordered 10:10, assigned 10:20, arrived 10:50, finished 11:30; 0 / 4000.00 RUB; satisfied
 * s2 TOW  (case 2, P2): created 03-02 08:20Z, ordered 08:30, assigned 08:50, arrived 09:40, finished 10:00; 1500.00 / 5000.00 RUB; not satisfied
 * s3 TAXI (case 2, P2): created 03-04 07:00Z, ordered 07:10; 500.00 / 300.00 RUB
 * s4 HOTEL (case 1): created 03-01 22:30Z (03-02 01:30 in Moscow); 100.00 USD for the customer
 */
beforeAll(async () => {
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  S = await tenant()
  await ref(S, (s) => s.seedDefaults())
  await svc(CaseTypes, S, (s: CaseTypes["Service"]) => s.install("roadside"))
  const item = async (dict: string, code: string) => (await ref(S, (s) => s.listItems(dict, { q: code }))).items.find((i) => i.code === code)!.id
  for (const [k, dict, code] of [["MOW", "cities", "MOW"], ["SPB", "cities", "SPB"], ["KIA", "programs", "KIA_RA"], ["LADA", "programs", "LADA_RA"]]) ids[k] = await item(dict, code)
  ids.P1 = (await ref(S, (s) => s.createPartner({ name: "Эвакуатор 24", kind: "partner" }))).id
  ids.P2 = (await ref(S, (s) => s.createPartner({ name: "Такси Нева", kind: "partner" }))).id
  const open = (city: string, program: string) => svc(Cases, S, (s: Cases["Service"]) =>
    s.create({ title: "x", type: "roadside", values: { fault: "x", contact_phone: "+79001234567", city, program } }))
  const c1 = await open(ids.MOW, ids.KIA)
  const c2 = await open(ids.SPB, ids.LADA)
  await backdate(casesTable, c1.id, { createdAt: at("2025-03-01T10:00:00Z") })
  await backdate(casesTable, c2.id, { createdAt: at("2025-03-02T08:00:00Z") })
  const service = async (caseId: string, kind: string, created: string, change: Record<string, unknown>) => {
    const s = await ps(S, (p) => p.create(caseId, { kind }))
    if (Object.keys(change).length) await ps(S, (p) => p.update(caseId, s.id, { version: 1, ...change }))
    await backdate(caseServices, s.id, { createdAt: at(created) })
    return s.id
  }
  const rub = (amount: number) => ({ amount, currency: "RUB" })
  await service(c1.id, "TOW", "2025-03-01T10:05:00Z", {
    partnerId: ids.P1, orderedAt: "2025-03-01T10:10:00Z", assignedAt: "2025-03-01T10:20:00Z", arrivedAt: "2025-03-01T10:50:00Z", finishedAt: "2025-03-01T11:30:00Z",
    customerCost: rub(0), partnerCost: rub(400000), satisfied: true,
  })
  await service(c2.id, "TOW", "2025-03-02T08:20:00Z", {
    partnerId: ids.P2, orderedAt: "2025-03-02T08:30:00Z", assignedAt: "2025-03-02T08:50:00Z", arrivedAt: "2025-03-02T09:40:00Z", finishedAt: "2025-03-02T10:00:00Z",
    customerCost: rub(150000), partnerCost: rub(500000), satisfied: false,
  })
  await service(c2.id, "TAXI", "2025-03-04T07:00:00Z", { partnerId: ids.P2, orderedAt: "2025-03-04T07:10:00Z", customerCost: rub(50000), partnerCost: rub(30000) })
  await service(c1.id, "HOTEL", "2025-03-01T22:30:00Z", { customerCost: { amount: 10000, currency: "USD" } })

  const action = async (caseId: string, kind: string, created: string, due: string, done?: string) => {
    const a = await ps(S, (p) => p.createAction(caseId, { kind, dueAt: due }))
    await backdate(caseActions, a.id, { createdAt: at(created), ...(done ? { doneAt: at(done) } : {}) })
  }
  await action(c1.id, "CALL_CLIENT", "2025-03-01T10:30:00Z", "2025-03-01T11:00:00Z") // never done, due long ago: overdue
  await action(c2.id, "CALL_CLIENT", "2025-03-02T08:10:00Z", "2025-03-02T09:00:00Z", "2025-03-02T08:40:00Z") // on time, 30 min
  await action(c2.id, "NOTIFY_CLIENT", "2025-03-02T08:30:00Z", "2025-03-02T09:00:00Z", "2025-03-02T09:30:00Z") // late, 60 min
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
})

describe("the roadside report", () => {
  test("totals, service types, action types and the daily series from known times", async () => {
    const r = await report(S)
    expect(r.totals).toEqual({
      services: 4,
      avgArrivalMinutes: 55, // (40 + 70) / 2
      avgFirstProcessingMinutes: 956.67, // (10 + 30 + 2830) / 3: ordered − the case's creation
      avgUnassignedMinutes: 15, // (10 + 20) / 2
      avgAssignedMinutes: 40, // (30 + 50) / 2
      customerCost: { amount: 200000, currency: "RUB" }, // the USD hotel left out
      partnerCost: { amount: 930000, currency: "RUB" },
      satisfactionPercent: 50,
    })
    expect(r.byServiceType).toEqual([
      { kind: "TOW", label: { ru: "Эвакуация", en: "Tow truck" }, count: 2, avgWaitMinutes: 55, avgServiceMinutes: 30,
        customerCost: { amount: 150000, currency: "RUB" }, partnerCost: { amount: 900000, currency: "RUB" } },
      { kind: "HOTEL", label: { ru: "Гостиница", en: "Hotel" }, count: 1, avgWaitMinutes: null, avgServiceMinutes: null,
        customerCost: { amount: 0, currency: "RUB" }, partnerCost: { amount: 0, currency: "RUB" } },
      { kind: "TAXI", label: { ru: "Такси", en: "Taxi" }, count: 1, avgWaitMinutes: null, avgServiceMinutes: null,
        customerCost: { amount: 50000, currency: "RUB" }, partnerCost: { amount: 30000, currency: "RUB" } },
    ])
    expect(r.byActionType).toEqual([
      { kind: "CALL_CLIENT", label: { ru: "Звонок клиенту", en: "Call the client" }, count: 2, overdue: 1, avgExecutionMinutes: 30 },
      { kind: "NOTIFY_CLIENT", label: { ru: "Уведомление клиента", en: "Notify the client" }, count: 1, overdue: 1, avgExecutionMinutes: 60 },
    ])
    // days on the tenant's clock (Moscow): the 22:30Z hotel is on 03-02; 03-03 had nothing
    expect(r.series).toEqual([
      { day: "2025-03-01", services: 1, avgArrivalMinutes: 40 },
      { day: "2025-03-02", services: 2, avgArrivalMinutes: 70 },
      { day: "2025-03-03", services: 0, avgArrivalMinutes: null },
      { day: "2025-03-04", services: 1, avgArrivalMinutes: null },
    ])
    expect((await report(S, { currency: "USD" })).totals.customerCost).toEqual({ amount: 10000, currency: "USD" })
  })

  test("filters: city, program, partner, and the period as days or instants", async () => {
    const moscow = await report(S, { city: ids.MOW })
    expect(moscow.totals).toMatchObject({ services: 2, avgArrivalMinutes: 40, satisfactionPercent: 100 })
    expect(moscow.byActionType).toEqual([expect.objectContaining({ kind: "CALL_CLIENT", count: 1, overdue: 1, avgExecutionMinutes: null })])

    const lada = await report(S, { program: ids.LADA })
    expect(lada.byServiceType.map((t) => [t.kind, t.count])).toEqual([["TAXI", 1], ["TOW", 1]])
    expect(lada.totals).toMatchObject({ services: 2, avgArrivalMinutes: 70, customerCost: { amount: 200000 }, satisfactionPercent: 0 })
    expect((await report(S, { city: ids.MOW, program: ids.LADA })).totals.services).toBe(0)

    const p1 = await report(S, { partnerId: ids.P1 })
    expect(p1.totals).toMatchObject({ services: 1, partnerCost: { amount: 400000 } })
    expect(p1.byActionType.map((t) => [t.kind, t.count])).toEqual([["CALL_CLIENT", 1]]) // actions of cases with a P1 service
    expect((await report(S, { partnerId: ids.P2 })).totals).toMatchObject({ services: 2, partnerCost: { amount: 530000 } })

    // a day is the tenant's whole day: 03-02 in Moscow holds s2 and the hotel booked at 01:30
    const day = await report(S, { from: "2025-03-02", to: "2025-03-02" })
    expect(day.totals.services).toBe(2)
    expect(day.byServiceType.map((t) => t.kind).sort()).toEqual(["HOTEL", "TOW"])
    expect(day.series).toEqual([{ day: "2025-03-02", services: 2, avgArrivalMinutes: 70 }])
    expect(day.byActionType.map((t) => [t.kind, t.count])).toEqual([["CALL_CLIENT", 1], ["NOTIFY_CLIENT", 1]])
    // instants: "to" is exclusive
    expect((await report(S, { from: "2025-03-01T00:00:00Z", to: "2025-03-01T22:30:00Z" })).totals.services).toBe(1)
    expect((await report(S, { from: "2025-03-01T00:00:00Z", to: "2025-03-01T22:30:01Z" })).totals.services).toBe(2)
    // an open-ended period: from a day on, every day to the last with services
    expect((await report(S, { from: "2025-03-03" })).series).toEqual([
      { day: "2025-03-03", services: 0, avgArrivalMinutes: null }, { day: "2025-03-04", services: 1, avgArrivalMinutes: null },
    ])
    const backwards = await runtime.runPromiseExit(Effect.flatMap(Effect.service(CaseAnalytics), (s) => s.roadside({ from: "2025-03-05", to: "2025-03-01" }))
      .pipe(Effect.provideService(CurrentActor, S)))
    expect(Exit.isFailure(backwards) && Exit.findErrorOption(backwards)).toMatchObject({ value: { _tag: "ValidationError" } })
  })

  test("another tenant's report is empty: nulls where there is nothing to average", async () => {
    const other = await tenant()
    expect(await report(other)).toEqual({
      totals: {
        services: 0, avgArrivalMinutes: null, avgFirstProcessingMinutes: null, avgUnassignedMinutes: null, avgAssignedMinutes: null,
        customerCost: { amount: 0, currency: "RUB" }, partnerCost: { amount: 0, currency: "RUB" }, satisfactionPercent: null,
      },
      byServiceType: [], byActionType: [], series: [],
    })
  })
})

describe("exports", () => {
  test("csv: BOM, ';' cells, a decimal comma in Russian, the rows of every table", async () => {
    const bytes = reportCsv(await report(S), "ru")
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).split("\r\n") // the decoder drops the BOM
    expect(lines.slice(0, 10)).toEqual([
      "Итоги", "Показатель;Значение", "Услуг;4", "Среднее время прибытия, мин;55", "Среднее время первичной обработки, мин;956,67",
      "Среднее время без назначения, мин;15", "Среднее время от назначения до прибытия, мин;40", "Стоимость для клиента, RUB;2000,00",
      "Стоимость у партнёра, RUB;9300,00", "Удовлетворённость, %;50",
    ])
    const at = lines.indexOf("По видам услуг")
    expect(lines.slice(at + 1, at + 5)).toEqual([
      "Вид услуги;Код;Количество;Среднее ожидание, мин;Среднее время услуги, мин;Стоимость для клиента, RUB;Стоимость у партнёра, RUB",
      "Эвакуация;TOW;2;55;30;1500,00;9000,00", "Гостиница;HOTEL;1;;;0,00;0,00", "Такси;TAXI;1;;;500,00;300,00",
    ])
    expect(lines).toContain("Звонок клиенту;CALL_CLIENT;2;1;30")
    expect(lines).toContain("2025-03-03;0;")
    const en = new TextDecoder().decode(reportCsv(await report(S), "en"))
    expect(en).toContain("Average first processing time, min;956.67")
  })

  test("csv: text a spreadsheet would run as a formula is defused, and ';' is quoted", async () => {
    const r = await report(S)
    const evil = { ...r, byServiceType: [{ ...r.byServiceType[0], label: { ru: "=HYPERLINK(\"x\";\"y\")", en: "a;b" } }] }
    const text = new TextDecoder().decode(reportCsv(evil, "ru"))
    expect(text).toContain("\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\";TOW;2")
    expect(new TextDecoder().decode(reportCsv(evil, "en"))).toContain("\"a;b\";TOW;2")
  })

  test("xlsx parses back with exceljs: a sheet per table, numbers as numbers, money in roubles", async () => {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await reportXlsx(await report(S), "en")).buffer as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(["Totals", "By service type", "By action type", "By day"])
    const rows = (name: string) => {
      const out: unknown[][] = []
      book.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)))
      return out
    }
    expect(rows("Totals")).toEqual([
      ["Indicator", "Value"], ["Services", 4], ["Average arrival time, min", 55], ["Average first processing time, min", 956.67],
      ["Average time unassigned, min", 15], ["Average time from assignment to arrival, min", 40], ["Cost for the customer, RUB", 2000],
      ["Cost at the partner, RUB", 9300], ["Satisfaction, %", 50],
    ])
    expect(rows("By service type")[1]).toEqual(["Tow truck", "TOW", 2, 55, 30, 1500, 9000])
    expect(rows("By action type")[2]).toEqual(["Notify the client", "NOTIFY_CLIENT", 1, 1, 60])
    expect(rows("By day").map((r) => r[0])).toEqual(["Day", "2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"])
  })

  test("pdf: a PDF with the Cyrillic font embedded", async () => {
    const bytes = await reportPdf(await report(S), "ru", "Период: всё время")
    const text = new TextDecoder("latin1").decode(bytes)
    expect(text.startsWith("%PDF-")).toBe(true)
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/)
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true)
  })

  test("pdf: without the font the error says what to install", () => {
    expect(() => readFonts(["/nonexistent/fonts"])).toThrow(/DejaVuSans\.ttf.*\/nonexistent\/fonts.*apt-get install fonts-dejavu-core/)
  })
})
