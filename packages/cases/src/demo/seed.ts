/**
 * A working case desk for the demo tenant: the three case types and their
 * reference books, intake scripts, partners, SLA hours, a few open cases of
 * each kind and a month of finished roadside cases with partner services (so
 * the dashboard has something to show). Runs as the given operator/admin;
 * deterministic (seeded random), so screenshots are comparable run to run.
 */
import { CurrentActor, type Actor, useDb } from "@org/core/server"
import { and, eq } from "drizzle-orm"
import { Effect } from "effect"
import { Cases } from "../cases-service"
import { CaseTypes } from "../case-types-service"
import { cases } from "../db/schema"
import { caseActions, caseServices } from "../db/partner-services"
import { addDemoService, PartnerServices } from "../partner-services/service"
import { Reference } from "../reference-service"
import { CaseScripts } from "../scripts/service"
import { CaseSla } from "../sla/service"

/** mulberry32: a tiny deterministic generator, enough for demo data */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

export interface DemoActors {
  readonly admin: Actor
  readonly operator: Actor
}

export const seedCaseDeskDemo = (actors: DemoActors, now = new Date()) =>
  Effect.gen(function* () {
    const reference = yield* Reference
    const types = yield* CaseTypes
    const scripts = yield* CaseScripts
    const sla = yield* CaseSla
    const desk = yield* Cases
    const services = yield* PartnerServices
    const asAdmin = <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.provideService(e, CurrentActor, actors.admin)
    const asOperator = <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.provideService(e, CurrentActor, actors.operator)

    // --- configuration (as the admin) -----------------------------------------------------------
    yield* asAdmin(reference.seedDefaults())
    for (const template of ["roadside", "hotline", "equipment"]) yield* asAdmin(types.install(template))
    for (const template of ["roadside_intake", "hotline_intake"]) yield* asAdmin(scripts.install(template))
    const item = (dictionary: string, code: string) =>
      asAdmin(reference.listItems(dictionary, { q: code })).pipe(Effect.map((page) => page.items.find((i) => i.code === code)!.id))
    const addItem = (dictionary: string, code: string, ru: string, en: string) =>
      asAdmin(reference.createItem(dictionary, { code, label: { ru, en } })).pipe(Effect.map((i) => i.id))

    const moscow = yield* item("cities", "MOW")
    const spb = yield* item("cities", "SPB")
    const kazan = yield* item("cities", "KZN")
    const tow = yield* item("service_types", "TOW")
    const techHelp = yield* item("service_types", "TECH_HELP")
    const taxi = yield* item("service_types", "TAXI")
    const partner = (name: string, cityId: string, lat: number, lon: number, offers: string[], alwaysOpen: boolean) =>
      asAdmin(reference.createPartner({
        name, kind: "partner", cityId, lat, lon, services: offers, phones: ["+74950000000"],
        address: name, workingHours: alwaysOpen ? { alwaysOpen: true } : {
          days: { mon: { open: "08:00", close: "22:00" }, tue: { open: "08:00", close: "22:00" }, wed: { open: "08:00", close: "22:00" },
            thu: { open: "08:00", close: "22:00" }, fri: { open: "08:00", close: "22:00" } },
        },
      }))
    const partners = [
      yield* partner("Эвакуатор-24", moscow, 55.7558, 37.6173, [tow, techHelp], true),
      yield* partner("АвтоПомощь Север", moscow, 55.8700, 37.6000, [techHelp], false),
      yield* partner("Такси Комфорт", moscow, 55.7300, 37.6400, [taxi], true),
      yield* partner("Невский эвакуатор", spb, 59.9343, 30.3351, [tow, techHelp], true),
      yield* partner("Казань Техпомощь", kazan, 55.7963, 49.1088, [tow, techHelp], false),
    ]
    yield* asAdmin(reference.createPartner({ name: "Kia Центр Москва", kind: "dealer", cityId: moscow, lat: 55.6600, lon: 37.6200, address: "Варшавское ш., 87" }))

    const calendar = yield* asAdmin(sla.createCalendar({
      name: "Рабочие часы (Москва)", timeZone: "Europe/Moscow",
      week: { mon: [["09:00", "18:00"]], tue: [["09:00", "18:00"]], wed: [["09:00", "18:00"]], thu: [["09:00", "18:00"]], fri: [["09:00", "18:00"]], sat: [], sun: [] },
      holidays: ["2026-12-31", "2027-01-01", "2027-01-02"],
    }))
    yield* asAdmin(sla.putPolicy("hotline", { calendarId: calendar.id, targets: [
      { priority: "default", firstResponseMinutes: 30, resolutionMinutes: 16 * 60, warnAtPercent: 80 },
    ] }))
    yield* asAdmin(sla.putPolicy("roadside", { calendarId: null, targets: [
      { priority: "default", firstResponseMinutes: 10, resolutionMinutes: 4 * 60, warnAtPercent: 75 },
    ] }))
    yield* asAdmin(sla.putPolicy("equipment", { calendarId: calendar.id, targets: [
      { priority: "default", firstResponseMinutes: 60, resolutionMinutes: 3 * 8 * 60, warnAtPercent: 80 },
      { priority: "CRITICAL", firstResponseMinutes: 15, resolutionMinutes: 4 * 60, warnAtPercent: 70 },
    ] }))

    // --- a month of finished roadside cases (the dashboard's history) ---------------------------
    const rnd = random(20261121)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!
    const makes = [["KIA", ["KIA_RIO", "KIA_CEED", "KIA_SPORTAGE"]], ["HYUNDAI", ["HYUNDAI_SOLARIS", "HYUNDAI_CRETA"]], ["LADA", ["LADA_VESTA", "LADA_GRANTA"]]] as const
    const programs = { KIA: "KIA_RA", HYUNDAI: "HYUNDAI_RA", LADA: "LADA_RA" } as const
    const faults = ["Не заводится", "Спущено колесо", "Разряжен аккумулятор", "ДТП, не на ходу", "Закончилось топливо"]
    const streets = ["МКАД, 41 км", "ул. Тверская, 12", "Ленинский пр., 90", "Невский пр., 28", "ул. Баумана, 5", "Кутузовский пр., 30"]
    const letters = "АВЕКМНОРСТУХ"
    const vinChars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    const history: { id: string; createdAt: Date; callMinutes: number }[] = []
    for (let i = 0; i < 36; i++) {
      const [makeCode, models] = pick(makes)
      const cityCode = pick(["MOW", "MOW", "MOW", "SPB", "KZN"] as const)
      const createdAt = new Date(now.getTime() - (1 + Math.floor(rnd() * 29)) * 86_400_000 - Math.floor(rnd() * 12) * 3_600_000)
      const phone = `+7916${String(1_000_000 + Math.floor(rnd() * 8_999_999))}`
      const values = {
        fault: pick(faults), caller: pick(["Иван Петров", "Мария Соколова", "Алексей Смирнов", "Ольга Кузнецова"]), contact_phone: phone,
        plate: `${pick([...letters])}${100 + Math.floor(rnd() * 899)}${pick([...letters])}${pick([...letters])}${pick(["77", "97", "177", "78", "116"])}`,
        vin: `XTA${Array.from({ length: 14 }, () => pick([...vinChars])).join("")}`,
        make: yield* item("makes", makeCode), model: yield* item("models", pick(models)), program: yield* item("programs", programs[makeCode]),
        contract: `RA-${2025_000 + i}`, city: yield* item("cities", cityCode), breakdown_address: { text: pick(streets) },
      }
      const c = yield* asOperator(desk.create({ type: "roadside", title: `${values.fault}, ${values.plate}`, applicantPhone: phone, values }))
      const started = yield* asOperator(desk.move(c.id, { to: "in_progress", version: c.version }))
      const partnerFor = partners.find((p) => p.cityId === values.city) ?? partners[0]!
      const kind = rnd() < 0.6 ? "TOW" : "TECH_HELP"
      const ordered = createdAt.getTime() + (2 + Math.floor(rnd() * 6)) * 60_000
      const arrival = 20 + Math.floor(rnd() * 60)
      yield* asOperator(addDemoService(c.id, {
        kind, partnerId: partnerFor.id, start: new Date(ordered),
        minutes: [0, 3 + Math.floor(rnd() * 10), arrival, arrival + 20 + Math.floor(rnd() * 70)],
        customerCost: { amount: (kind === "TOW" ? 650_000 : 350_000) + Math.floor(rnd() * 10) * 10_000, currency: "RUB" },
        partnerCost: { amount: (kind === "TOW" ? 500_000 : 250_000) + Math.floor(rnd() * 10) * 10_000, currency: "RUB" },
        satisfied: rnd() < 0.9,
      }))
      if (rnd() < 0.3) {
        yield* asOperator(addDemoService(c.id, {
          kind: "TAXI", partnerId: partners[2]!.id, start: new Date(ordered + 10 * 60_000), minutes: [0, 2, 15, 50],
          customerCost: { amount: 120_000, currency: "RUB" }, partnerCost: { amount: 90_000, currency: "RUB" }, satisfied: true,
        }))
      }
      const call = yield* asOperator(services.createAction(c.id, { kind: "CALL_CLIENT", dueAt: new Date(createdAt.getTime() + 15 * 60_000).toISOString() }))
      yield* asOperator(services.completeAction(c.id, call.id))
      yield* asOperator(desk.move(c.id, { to: "completed", version: started.version }))
      history.push({ id: c.id, createdAt, callMinutes: 3 + Math.floor(rnd() * 18) }) // the call back: mostly within its 15 minutes
    }
    // The history happened over the past month: move its creation times back (the desk stamps "now").
    yield* asOperator(Effect.forEach(history, ({ id, createdAt, callMinutes }) => useDb((db) => Promise.all([
      db.update(cases).set({ createdAt, updatedAt: new Date(createdAt.getTime() + 3 * 3_600_000) }).where(and(eq(cases.tenantId, actors.operator.tenantId), eq(cases.id, id))),
      db.update(caseServices).set({ createdAt }).where(and(eq(caseServices.tenantId, actors.operator.tenantId), eq(caseServices.caseId, id))),
      db.update(caseActions).set({
        createdAt, dueAt: new Date(createdAt.getTime() + 15 * 60_000), doneAt: new Date(createdAt.getTime() + callMinutes * 60_000),
      }).where(and(eq(caseActions.tenantId, actors.operator.tenantId), eq(caseActions.caseId, id))),
    ])), { discard: true }))

    // --- today's open cases ---------------------------------------------------------------------
    const rio = yield* asOperator(desk.create({
      type: "roadside", title: "Эвакуатор: не заводится, Kia Rio, МКАД 41 км", applicantPhone: "+7 916 555-12-34",
      values: {
        fault: "Не заводится после мойки, на панели горит значок аккумулятора", caller: "Иван Петров", contact_phone: "+7 916 555-12-34",
        plate: "А123ВС77", make: yield* item("makes", "KIA"), model: yield* item("models", "KIA_RIO"), city: moscow,
        breakdown_address: { text: "МКАД, 41-й км, внешняя сторона", lat: 55.6105, lon: 37.6057 },
      },
    }))
    const rioWorking = yield* asOperator(desk.move(rio.id, { to: "in_progress", version: rio.version }))
    yield* asOperator(desk.update(rio.id, { version: rioWorking.version, assigneeId: actors.operator.userId } as never)).pipe(Effect.ignore)
    const towTruck = yield* asOperator(services.create(rio.id, { kind: "TOW", partnerId: partners[0]!.id, comment: "Эвакуатор с частичной погрузкой" }))
    yield* asOperator(services.update(rio.id, towTruck.id, { version: towTruck.version, status: "ordered" }))

    const clinic = yield* item("reasons", "COMPLAINT")
    yield* asOperator(desk.create({
      type: "hotline", title: "Горячая линия: вызов врача на дом", applicantPhone: "+7 903 111-22-33", flags: ["attention"],
      values: { reason: yield* item("reasons", "CONSULTATION"), phone: "+7 903 111-22-33", full_name: "Смирнова Анна Петровна", description: "Просит врача на дом, температура 39" },
    }))
    yield* asOperator(desk.create({
      type: "hotline", title: "Жалоба на работу регистратуры поликлиники №12", applicantPhone: "+7 925 777-01-02",
      values: { reason: clinic, phone: "+7 925 777-01-02", full_name: "Кузнецов Олег Игоревич", source: yield* item("appeal_sources", "MOBILE") },
    }))
    const cafe = yield* addItem("clients", "ZERNO", "Кофейня «Зерно»", "Zerno coffee shop")
    const machine = yield* addItem("equipment", "KM17", "Кофемашина №17 (WMF 1500S)", "Coffee machine #17 (WMF 1500S)")
    yield* asOperator(desk.create({
      type: "equipment", title: "Кофемашина №17: ошибка нагрева", applicantPhone: "+7 495 123-45-67",
      values: {
        client: cafe, equipment: machine, reason: yield* item("reasons", "COMPLAINT"), applicant_name: "Бариста Дмитрий", applicant_phone: "+7 495 123-45-67",
        region: yield* item("regions", "77"), priority: yield* item("priorities", "HIGH"),
      },
    }))
  })
