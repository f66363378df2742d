/**
 * The `Reference` service: a tenant's reference books — dictionaries and
 * their items (cities, programs, makes → models, reasons …) that case fields
 * of kind `dictionary` point to, and the partners and dealers who provide
 * services, with their working hours. Every read and write is scoped to the
 * current actor's tenant; every write is audited in its transaction.
 */
import { bilingual } from "@org/core"
import {
  Conflict, CurrentActor, type DatabaseError, NotFound, recordAudit, toPage, transaction, useDb, ValidationError,
} from "@org/core/server"
import { and, asc, eq, gt, isNull, like, or, type SQL, sql } from "drizzle-orm"
import { Context, Effect, Layer, Schema } from "effect"
import { v7 as uuidv7 } from "uuid"
import {
  type Bilingual, type DayHours, dictionaries, dictionaryItems, partners, type Weekday, type WorkingHours,
} from "./db/reference"
import { Email, normaliseEmail } from "./fields/email"
import { normalisePhone, Phone } from "./fields/phone"

// ---------------------------------------------------------------------------------------------
// Schemas: what the API accepts (decoded at the edges) and answers.

const msg = {
  blank: bilingual("Must not be blank", "Поле не может быть пустым"),
  code: bilingual("A code has 1–64 characters and no spaces", "Код — от 1 до 64 символов без пробелов"),
  time: bilingual("Expected a time like 09:00", "Ожидается время, например 09:00"),
  closeTime: bilingual("Expected a time like 18:00 (24:00 for midnight)", "Ожидается время, например 18:00 (24:00 — полночь)"),
  sameTime: bilingual(
    "Opening and closing times are the same: for round the clock use 00:00–24:00",
    "Время открытия и закрытия совпадает: для круглосуточной работы укажите 00:00–24:00",
  ),
  pair: bilingual("Give both latitude and longitude, or neither", "Укажите и широту, и долготу, или ни одну из них"),
  latitude: bilingual("Latitude must be between -90 and 90", "Широта должна быть от -90 до 90"),
  longitude: bilingual("Longitude must be between -180 and 180", "Долгота должна быть от -180 до 180"),
  nul: bilingual("Must not contain the NUL character", "Не может содержать символ NUL"),
}

/** PostgreSQL stores no NUL character in text or jsonb: refuse it here rather than fail there. */
const noNul = Schema.makeFilter((s: string) => (s.includes("\u0000") ? msg.nul : undefined))
const noNulInJson = Schema.makeFilter((v: unknown) => (JSON.stringify(v).includes("\\u0000") ? msg.nul : undefined))
/** Text up to `max` characters. */
export const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max), noNul)

const nonBlank = (max: number) =>
  Schema.String.check(Schema.makeFilter((s: string) => (s.trim().length > 0 ? undefined : msg.blank)), Schema.isMaxLength(max), noNul)

export const DictionaryKey = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/, {
  message: bilingual("Expected a key of lower-case latin letters, digits and _ (e.g. service_types)", "Ожидается ключ из строчных латинских букв, цифр и _ (например, service_types)"),
}))
export const Uuid = Schema.String.check(Schema.isUUID())
export const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/** A label as typed: Russian required, English optional (Russian is used when it is absent or blank). */
export const LabelInput = Schema.Struct({ ru: nonBlank(300), en: Schema.optional(Text(300)) })
export type LabelInput = typeof LabelInput.Type

export const NewDictionary = Schema.Struct({ key: DictionaryKey, name: LabelInput })
export type NewDictionary = typeof NewDictionary.Type

const itemFields = {
  code: Schema.optional(Schema.NullOr(Schema.String.check(Schema.isPattern(/^[^\s\u0000]{1,64}$/, { message: msg.code })))),
  label: LabelInput,
  parentId: Schema.optional(Schema.NullOr(Uuid)),
  sort: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: -1_000_000, maximum: 1_000_000 }))),
  attributes: Schema.optional(Schema.Record(Schema.String, Schema.Unknown).check(noNulInJson)),
}
export const NewItem = Schema.Struct(itemFields)
export type NewItem = typeof NewItem.Type
/** A full replacement of an item (omitted optional fields are cleared), with the version it was read at. */
export const ItemUpdate = Schema.Struct({ ...itemFields, version: Version })

const OpenTime = Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: msg.time }))
const CloseTime = Schema.String.check(Schema.isPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: msg.closeTime }))
export const DayHoursInput = Schema.Struct({ open: OpenTime, close: CloseTime }).check(
  Schema.makeFilter((d) => (d.open === d.close ? { path: ["close"], issue: msg.sameTime } : undefined)),
)
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
const Day = Schema.optional(Schema.NullOr(DayHoursInput))
/** `alwaysOpen` is 24/7; a day absent or null is closed; a close before the open runs past midnight. */
export const WorkingHoursInput = Schema.Struct({
  alwaysOpen: Schema.optional(Schema.Boolean),
  days: Schema.optional(Schema.Struct({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day })),
})
export type WorkingHoursInput = typeof WorkingHoursInput.Type

const partnerFields = {
  name: nonBlank(300),
  kind: Schema.Literals(["partner", "dealer"]),
  phones: Schema.optional(Schema.Array(Phone).check(Schema.isMaxLength(10))),
  email: Schema.optional(Schema.NullOr(Email.check(noNul))),
  address: Schema.optional(Schema.NullOr(Text(500))),
  lat: Schema.optional(Schema.NullOr(Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }, { message: msg.latitude })))),
  lon: Schema.optional(Schema.NullOr(Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 }, { message: msg.longitude })))),
  cityId: Schema.optional(Schema.NullOr(Uuid)),
  services: Schema.optional(Schema.Array(Uuid).check(Schema.isMaxLength(50))),
  workingHours: Schema.optional(Schema.NullOr(WorkingHoursInput)),
  comment: Schema.optional(Schema.NullOr(Text(2000))),
}
const coordinatesPaired = Schema.makeFilter((p: { readonly lat?: number | null | undefined; readonly lon?: number | null | undefined }) =>
  (p.lat == null) === (p.lon == null) ? undefined : { path: [p.lat == null ? "lat" : "lon"], issue: msg.pair })
export const PartnerInput = Schema.Struct(partnerFields).check(coordinatesPaired)
export type PartnerInput = typeof PartnerInput.Type
/** A full replacement of a partner (omitted optional fields are cleared), with the version it was read at. */
export const PartnerUpdate = Schema.Struct({ ...partnerFields, version: Version }).check(coordinatesPaired)

const Label = Schema.Struct({ ru: Schema.String, en: Schema.String })
export const DictionaryDto = Schema.Struct({ id: Schema.String, key: Schema.String, name: Label, archived: Schema.Boolean, createdAt: Schema.String })
export type DictionaryDto = typeof DictionaryDto.Type
export const ItemDto = Schema.Struct({
  id: Schema.String, dictionary: Schema.String, code: Schema.NullOr(Schema.String), label: Label, parentId: Schema.NullOr(Schema.String),
  sort: Schema.Number, attributes: Schema.Record(Schema.String, Schema.Unknown), archived: Schema.Boolean, version: Schema.Number,
  createdAt: Schema.String, updatedAt: Schema.String,
})
export type ItemDto = typeof ItemDto.Type
export const ItemPage = Schema.Struct({ items: Schema.Array(ItemDto), nextCursor: Schema.NullOr(Schema.String) })
const DayHoursDto = Schema.Struct({ open: Schema.String, close: Schema.String })
const WorkingHoursDto = Schema.Struct({
  alwaysOpen: Schema.Boolean,
  days: Schema.Struct(Object.fromEntries(WEEKDAYS.map((d) => [d, Schema.NullOr(DayHoursDto)])) as Record<Weekday, Schema.NullOr<typeof DayHoursDto>>),
})
export const PartnerDto = Schema.Struct({
  id: Schema.String, name: Schema.String, kind: Schema.Literals(["partner", "dealer"]), phones: Schema.Array(Schema.String),
  email: Schema.NullOr(Schema.String), address: Schema.NullOr(Schema.String), lat: Schema.NullOr(Schema.Number), lon: Schema.NullOr(Schema.Number),
  cityId: Schema.NullOr(Schema.String), services: Schema.Array(Schema.String), workingHours: Schema.NullOr(WorkingHoursDto),
  comment: Schema.NullOr(Schema.String), archived: Schema.Boolean, version: Schema.Number, createdAt: Schema.String, updatedAt: Schema.String,
})
export type PartnerDto = typeof PartnerDto.Type
export const PartnerPage = Schema.Struct({ items: Schema.Array(PartnerDto), nextCursor: Schema.NullOr(Schema.String) })

/** The dictionaries partners refer to. */
export const CITIES = "cities"
export const SERVICE_TYPES = "service_types"
/** Page size of item and partner lists. */
export const MAX_PAGE = 200

// ---------------------------------------------------------------------------------------------
// What `seedDefaults` creates: the dictionaries the case-type templates use, and starter items.

interface SeedItem { code: string; ru: string; en: string; parent?: string; attributes?: Record<string, unknown> }
const seed = (code: string, ru: string, en: string, extra: Omit<SeedItem, "code" | "ru" | "en"> = {}): SeedItem => ({ code, ru, en, ...extra })
const city = (code: string, ru: string, en: string, region: string, timeZone: string) => seed(code, ru, en, { attributes: { region, timeZone } })
const models = (make: string, names: string[]) => names.map((n) => seed(`${make}_${n.toUpperCase().replace(/\W+/g, "_")}`, n, n, { parent: `makes/${make}` }))

export const defaultReference: readonly { key: string; name: Bilingual; items: readonly SeedItem[] }[] = [
  { key: "cities", name: { ru: "Города", en: "Cities" }, items: [
    city("MOW", "Москва", "Moscow", "77", "Europe/Moscow"), city("SPB", "Санкт-Петербург", "Saint Petersburg", "78", "Europe/Moscow"),
    city("KZN", "Казань", "Kazan", "16", "Europe/Moscow"), city("NSK", "Новосибирск", "Novosibirsk", "54", "Asia/Novosibirsk"),
    city("EKB", "Екатеринбург", "Yekaterinburg", "66", "Asia/Yekaterinburg"), city("NNV", "Нижний Новгород", "Nizhny Novgorod", "52", "Europe/Moscow"),
    city("KRR", "Краснодар", "Krasnodar", "23", "Europe/Moscow"), city("SMR", "Самара", "Samara", "63", "Europe/Samara"),
  ] },
  { key: "regions", name: { ru: "Регионы", en: "Regions" }, items: [
    seed("77", "Москва", "Moscow"), seed("78", "Санкт-Петербург", "Saint Petersburg"), seed("16", "Республика Татарстан", "Tatarstan"),
    seed("54", "Новосибирская область", "Novosibirsk Oblast"), seed("66", "Свердловская область", "Sverdlovsk Oblast"),
    seed("52", "Нижегородская область", "Nizhny Novgorod Oblast"), seed("23", "Краснодарский край", "Krasnodar Krai"), seed("63", "Самарская область", "Samara Oblast"),
  ] },
  { key: "programs", name: { ru: "Программы", en: "Programs" }, items: [
    seed("KIA_RA", "Kia Assistance", "Kia Assistance"), seed("HYUNDAI_RA", "Hyundai Помощь на дорогах", "Hyundai Roadside Assistance"),
    seed("LADA_RA", "LADA Assistance", "LADA Assistance"), seed("TOYOTA_RA", "Toyota Assistance", "Toyota Assistance"),
    seed("VW_RA", "Volkswagen Помощь в пути", "Volkswagen Roadside Assistance"), seed("KASKO_PREMIUM", "КАСКО Премиум", "Comprehensive Premium"),
  ] },
  { key: "makes", name: { ru: "Марки", en: "Makes" }, items: [
    seed("KIA", "Kia", "Kia"), seed("HYUNDAI", "Hyundai", "Hyundai"), seed("LADA", "Lada", "Lada"), seed("TOYOTA", "Toyota", "Toyota"), seed("VW", "Volkswagen", "Volkswagen"),
  ] },
  { key: "models", name: { ru: "Модели", en: "Models" }, items: [
    ...models("KIA", ["Rio", "Ceed", "Sportage", "K5"]), ...models("HYUNDAI", ["Solaris", "Creta", "Tucson"]),
    ...models("LADA", ["Vesta", "Granta", "Niva Travel", "Largus"]), ...models("TOYOTA", ["Camry", "RAV4", "Land Cruiser Prado"]),
    ...models("VW", ["Polo", "Tiguan", "Passat"]),
  ] },
  { key: "reasons", name: { ru: "Причины обращения", en: "Reasons" }, items: [
    seed("NO_START", "Автомобиль не заводится", "The car will not start"), seed("ACCIDENT", "ДТП", "Road accident"),
    seed("FLAT_TYRE", "Спущенное колесо", "Flat tyre"), seed("BATTERY", "Разряжен аккумулятор", "Flat battery"),
    seed("NO_FUEL", "Закончилось топливо", "Out of fuel"), seed("LOCKED_KEYS", "Ключи заперты в салоне", "Keys locked in the car"),
    seed("CONSULTATION", "Консультация", "Consultation"), seed("COMPLAINT", "Жалоба", "Complaint"),
  ] },
  { key: "appeal_sources", name: { ru: "Источники обращений", en: "Appeal sources" }, items: [
    seed("APP_SIP", "Мобильное приложение (SIP)", "Mobile app (SIP)"), seed("LANDLINE", "Звонок с городского", "Call from a landline"),
    seed("MOBILE", "Звонок с мобильного", "Call from a mobile"), seed("SITE", "Сайт", "Website"), seed("EMAIL", "Электронная почта", "E-mail"),
  ] },
  { key: "priorities", name: { ru: "Приоритеты", en: "Priorities" }, items: [
    seed("LOW", "Низкий", "Low", { attributes: { level: 1 } }), seed("NORMAL", "Обычный", "Normal", { attributes: { level: 2 } }),
    seed("HIGH", "Высокий", "High", { attributes: { level: 3 } }), seed("CRITICAL", "Критический", "Critical", { attributes: { level: 4 } }),
  ] },
  { key: "service_types", name: { ru: "Виды услуг", en: "Service types" }, items: [
    seed("TOW", "Эвакуация", "Tow truck"), seed("TECH_HELP", "Техническая помощь", "Technical help"), seed("TAXI", "Такси", "Taxi"),
    seed("HOTEL", "Гостиница", "Hotel"), seed("RENTAL", "Подменный автомобиль", "Replacement car"), seed("FUEL", "Подвоз топлива", "Fuel delivery"),
    seed("TYRE", "Замена колеса", "Wheel change"), seed("UNLOCK", "Вскрытие автомобиля", "Unlocking the car"),
  ] },
  { key: "action_types", name: { ru: "Виды действий", en: "Action types" }, items: [
    seed("CALL_CLIENT", "Звонок клиенту", "Call the client"), seed("ORDER_SERVICE", "Заказ услуги у партнёра", "Order a service from a partner"),
    seed("BACK_OFFICE", "Передача в бэк-офис", "Hand over to the back office"), seed("NOTIFY_CLIENT", "Уведомление клиента", "Notify the client"),
  ] },
  { key: "clients", name: { ru: "Клиенты", en: "Clients" }, items: [] },
  { key: "points_of_sale", name: { ru: "Точки продаж", en: "Points of sale" }, items: [] },
  { key: "equipment", name: { ru: "Оборудование", en: "Equipment" }, items: [] },
]

// ---------------------------------------------------------------------------------------------
// Working hours.

/** Fills a typed week: every day present, null when closed. */
export const toWorkingHours = (input: WorkingHoursInput): WorkingHours => ({
  alwaysOpen: input.alwaysOpen ?? false,
  days: Object.fromEntries(WEEKDAYS.map((d) => [d, input.days?.[d] ? { open: input.days[d]!.open, close: input.days[d]!.close } : null])) as Record<Weekday, DayHours | null>,
})

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
const clocks = new Map<string, Intl.DateTimeFormat>()
const shortDays: Record<string, Weekday> = { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" }

/**
 * Whether a partner is open at `at`, read on the wall clock of `timeZone`
 * (an IANA zone such as "Europe/Moscow"; an unknown zone throws RangeError).
 * Null when the partner's hours are unknown. A day's hours run from `open`
 * up to, not including, `close`; when `close` is before `open` they run past
 * midnight into the next day (22:00–06:00).
 */
export const openNow = (partner: { readonly workingHours: WorkingHours | null }, at: Date, timeZone: string): boolean | null => {
  const hours = partner.workingHours
  if (!hours) return null
  if (hours.alwaysOpen) return true
  let clock = clocks.get(timeZone)
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    clocks.set(timeZone, clock)
  }
  const parts = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, p.value]))
  const day = WEEKDAYS.indexOf(shortDays[parts.weekday])
  const now = (Number(parts.hour) % 24) * 60 + Number(parts.minute)
  const today = hours.days[WEEKDAYS[day]]
  if (today) {
    const open = minutesOf(today.open)
    const close = minutesOf(today.close)
    if (open < close ? now >= open && now < close : now >= open) return true
  }
  const yesterday = hours.days[WEEKDAYS[(day + 6) % 7]]
  if (yesterday) {
    const open = minutesOf(yesterday.open)
    const close = minutesOf(yesterday.close)
    if (close < open && now < close) return true
  }
  return false
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/** Lower case with ё → е: how both the stored search text (fields one per line) and the query are compared. */
export const foldForSearch = (s: string) => s.toLowerCase().replaceAll("ё", "е")
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)
const containing = (s: string) => `%${likeEscape(foldForSearch(s.trim()))}%`
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
const iso = (d: Date | string) => new Date(d).toISOString()
const labelOf = (l: LabelInput): Bilingual => ({ ru: l.ru.trim(), en: l.en?.trim() || l.ru.trim() })
const invalid = (path: string, en: string, ru: string) => new ValidationError({ fields: [{ path, en, ru }] })
const conflictOn = (entity: string, field: string) => (e: DatabaseError): Effect.Effect<never, Conflict | DatabaseError> =>
  e.sqlState === "23505" ? Effect.fail(new Conflict({ entity, field })) : Effect.fail(e)

type DictionaryRow = typeof dictionaries.$inferSelect
type ItemRow = typeof dictionaryItems.$inferSelect
type PartnerRow = typeof partners.$inferSelect

const dictionaryDto = (r: DictionaryRow): DictionaryDto => ({ id: r.id, key: r.key, name: r.name, archived: r.archivedAt !== null, createdAt: iso(r.createdAt) })
const itemDto = (dictionary: string) => (r: ItemRow): ItemDto => ({
  id: r.id, dictionary, code: r.code, label: r.label, parentId: r.parentId, sort: r.sort, attributes: r.attributes,
  archived: r.archivedAt !== null, version: r.version, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
})
const partnerDto = (r: PartnerRow): PartnerDto => ({
  id: r.id, name: r.name, kind: r.kind, phones: r.phones, email: r.email, address: r.address,
  lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon), cityId: r.cityId, services: r.services,
  workingHours: r.workingHours, comment: r.comment, archived: r.archivedAt !== null, version: r.version,
  createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
})

const itemSearch = (code: string | null, label: Bilingual) => foldForSearch([code ?? "", label.ru, label.en].join("\n"))

export interface ListQuery {
  readonly q?: string | undefined
  readonly includeArchived?: boolean | undefined
  readonly limit?: number | undefined
  /** the id of the last row of the previous page */
  readonly cursor?: string | undefined
}

// ---------------------------------------------------------------------------------------------

export class Reference extends Context.Service<Reference>()("@org/cases/Reference", {
  make: Effect.gen(function* () {
    const findDictionary = (key: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = yield* useDb((db) => db.select().from(dictionaries).where(and(eq(dictionaries.tenantId, actor.tenantId), eq(dictionaries.key, key))))
        if (!row) return yield* new NotFound({ entity: "dictionary", id: key })
        return row
      })

    const writableDictionary = (key: string) =>
      Effect.gen(function* () {
        const row = yield* findDictionary(key)
        if (row.archivedAt) return yield* invalid("params.key", "The dictionary is archived", "Справочник в архиве")
        return row
      })

    const findItem = (dictionaryId: string, id: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = isUuid(id)
          ? yield* useDb((db) => db.select().from(dictionaryItems).where(and(
            eq(dictionaryItems.tenantId, actor.tenantId), eq(dictionaryItems.dictionaryId, dictionaryId), eq(dictionaryItems.id, id))))
          : []
        if (!row) return yield* new NotFound({ entity: "dictionary_item", id })
        return row
      })

    /** A parent must be a live item of the same tenant, and not the item itself or one of its descendants. */
    const checkParent = (parentId: string, itemId?: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const fail = (en: string, ru: string) => invalid("parentId", en, ru)
        let current: string | null = parentId
        for (let depth = 0; current !== null && depth < 32; depth++) {
          if (current === itemId) return yield* fail("An item cannot be its own parent or ancestor", "Элемент не может быть родителем самого себя")
          const at: string = current
          const [row] = yield* useDb((db) => db.select({ parentId: dictionaryItems.parentId, archivedAt: dictionaryItems.archivedAt }).from(dictionaryItems)
            .where(and(eq(dictionaryItems.tenantId, actor.tenantId), eq(dictionaryItems.id, at))))
          if (!row) return yield* fail("No such parent item", "Родительский элемент не найден")
          if (depth === 0 && row.archivedAt) return yield* fail("The parent item is archived", "Родительский элемент в архиве")
          current = row.parentId
        }
      })

    // --- dictionaries --------------------------------------------------------------------------

    const listDictionaries = Effect.fn("Reference.listDictionaries")(function* (q: { includeArchived?: boolean | undefined } = {}) {
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) => db.select().from(dictionaries)
        .where(and(eq(dictionaries.tenantId, actor.tenantId), q.includeArchived ? undefined : isNull(dictionaries.archivedAt)))
        .orderBy(asc(dictionaries.key)))
      return rows.map(dictionaryDto)
    })

    const createDictionary = Effect.fn("Reference.createDictionary")(function* (input: NewDictionary) {
      const actor = yield* CurrentActor
      return yield* transaction(Effect.gen(function* () {
        const [row] = yield* useDb((db) => db.insert(dictionaries).values({ id: uuidv7(), tenantId: actor.tenantId, key: input.key, name: labelOf(input.name) }).returning())
          .pipe(Effect.catchTag("DatabaseError", conflictOn("dictionary", "key")))
        yield* recordAudit({ action: "dictionary.create", entity: "dictionary", entityId: row.id, data: { key: row.key } })
        return dictionaryDto(row)
      }))
    })

    const archiveDictionary = Effect.fn("Reference.archiveDictionary")(function* (key: string) {
      const row = yield* findDictionary(key)
      if (row.archivedAt) return
      yield* transaction(Effect.gen(function* () {
        yield* useDb((db) => db.update(dictionaries).set({ archivedAt: new Date() }).where(eq(dictionaries.id, row.id)))
        yield* recordAudit({ action: "dictionary.archive", entity: "dictionary", entityId: row.id, data: { key } })
      }))
    })

    // --- items ---------------------------------------------------------------------------------

    /** Items of a dictionary ordered by `sort`, then Russian label; `q` matches code and labels as substrings. */
    const listItems = Effect.fn("Reference.listItems")(function* (key: string, q: ListQuery & { readonly parent?: string | undefined } = {}) {
      const actor = yield* CurrentActor
      const dict = yield* findDictionary(key)
      const limit = Math.max(1, Math.min(q.limit ?? MAX_PAGE, MAX_PAGE))
      const t = dictionaryItems
      let after: SQL | undefined
      if (q.cursor) {
        const [c] = isUuid(q.cursor)
          ? yield* useDb((db) => db.select({ sort: t.sort, ru: sql<string>`${t.label}->>'ru'`, id: t.id }).from(t)
            .where(and(eq(t.tenantId, actor.tenantId), eq(t.dictionaryId, dict.id), eq(t.id, q.cursor!))))
          : []
        if (!c) return yield* invalid("query.cursor", "Unknown cursor", "Неизвестный курсор")
        after = sql`(${t.sort}, ${t.label}->>'ru', ${t.id}) > (${c.sort}, ${c.ru}, ${c.id})`
      }
      const rows = yield* useDb((db) => db.select().from(t).where(and(
        eq(t.tenantId, actor.tenantId),
        eq(t.dictionaryId, dict.id),
        q.includeArchived ? undefined : isNull(t.archivedAt),
        q.parent ? (isUuid(q.parent) ? eq(t.parentId, q.parent) : sql`false`) : undefined,
        q.q?.trim() ? like(t.search, containing(q.q)) : undefined,
        after,
      )).orderBy(asc(t.sort), asc(sql`${t.label}->>'ru'`), asc(t.id)).limit(limit + 1))
      return toPage(rows, limit, itemDto(dict.key))
    })

    const createItem = Effect.fn("Reference.createItem")(function* (key: string, input: NewItem) {
      const actor = yield* CurrentActor
      const dict = yield* writableDictionary(key)
      if (input.parentId) yield* checkParent(input.parentId)
      const label = labelOf(input.label)
      const code = input.code?.trim() || null
      return yield* transaction(Effect.gen(function* () {
        const [row] = yield* useDb((db) => db.insert(dictionaryItems).values({
          id: uuidv7(), tenantId: actor.tenantId, dictionaryId: dict.id, code, label, parentId: input.parentId ?? null,
          sort: input.sort ?? 0, attributes: input.attributes ?? {}, search: itemSearch(code, label),
        }).returning()).pipe(Effect.catchTag("DatabaseError", conflictOn("dictionary_item", "code")))
        yield* recordAudit({ action: "dictionary_item.create", entity: "dictionary_item", entityId: row.id, data: { dictionary: key, code, label } })
        return itemDto(key)(row)
      }))
    })

    /** Replaces an item if `expectedVersion` is still its version; 409 with the current version otherwise. */
    const updateItem = Effect.fn("Reference.updateItem")(function* (key: string, id: string, input: NewItem, expectedVersion: number) {
      const dict = yield* writableDictionary(key)
      const current = yield* findItem(dict.id, id)
      if (input.parentId) yield* checkParent(input.parentId, id)
      const label = labelOf(input.label)
      const code = input.code?.trim() || null
      return yield* transaction(Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(dictionaryItems).set({
          code, label, parentId: input.parentId ?? null, sort: input.sort ?? 0, attributes: input.attributes ?? {},
          search: itemSearch(code, label), version: expectedVersion + 1, updatedAt: new Date(),
        }).where(and(eq(dictionaryItems.id, current.id), eq(dictionaryItems.version, expectedVersion))).returning())
          .pipe(Effect.catchTag("DatabaseError", conflictOn("dictionary_item", "code")))
        if (!saved) return yield* new Conflict({ entity: "dictionary_item", currentVersion: current.version })
        yield* recordAudit({ action: "dictionary_item.update", entity: "dictionary_item", entityId: id, data: { dictionary: key, version: saved.version } })
        return itemDto(key)(saved)
      }))
    })

    const archiveItem = Effect.fn("Reference.archiveItem")(function* (key: string, id: string) {
      const dict = yield* findDictionary(key)
      const row = yield* findItem(dict.id, id)
      if (row.archivedAt) return
      yield* transaction(Effect.gen(function* () {
        yield* useDb((db) => db.update(dictionaryItems).set({ archivedAt: new Date(), version: sql`${dictionaryItems.version} + 1`, updatedAt: new Date() })
          .where(eq(dictionaryItems.id, row.id)))
        yield* recordAudit({ action: "dictionary_item.archive", entity: "dictionary_item", entityId: id, data: { dictionary: key } })
      }))
    })

    /**
     * The item `itemId` of the dictionary `dictionaryKey`, archived or not (an
     * old case may hold an archived value; the caller decides whether a new
     * value may be archived) — or NotFound.
     */
    const resolve = Effect.fn("Reference.resolve")(function* (dictionaryKey: string, itemId: string) {
      const dict = yield* findDictionary(dictionaryKey)
      return itemDto(dict.key)(yield* findItem(dict.id, itemId))
    })

    /** Creates the dictionaries the case-type templates use, with starter items; safe to run again. */
    const seedDefaults = Effect.fn("Reference.seedDefaults")(function* () {
      const actor = yield* CurrentActor
      return yield* transaction(Effect.gen(function* () {
        let createdDictionaries = 0
        let createdItems = 0
        const itemIds = new Map<string, string>() // "dictionary/code" → id
        for (const d of defaultReference) {
          const inserted = yield* useDb((db) => db.insert(dictionaries).values({ id: uuidv7(), tenantId: actor.tenantId, key: d.key, name: d.name })
            .onConflictDoNothing({ target: [dictionaries.tenantId, dictionaries.key] }).returning({ id: dictionaries.id }))
          createdDictionaries += inserted.length
          const dict = yield* findDictionary(d.key)
          const existing = yield* useDb((db) => db.select({ id: dictionaryItems.id, code: dictionaryItems.code }).from(dictionaryItems)
            .where(and(eq(dictionaryItems.tenantId, actor.tenantId), eq(dictionaryItems.dictionaryId, dict.id))))
          for (const e of existing) if (e.code) itemIds.set(`${d.key}/${e.code}`, e.id)
          for (const [i, item] of d.items.entries()) {
            if (itemIds.has(`${d.key}/${item.code}`)) continue
            const label = { ru: item.ru, en: item.en }
            const id = uuidv7()
            const parentId = item.parent ? itemIds.get(item.parent) ?? null : null
            const rows = yield* useDb((db) => db.insert(dictionaryItems).values({
              id, tenantId: actor.tenantId, dictionaryId: dict.id, code: item.code, label, parentId, sort: (i + 1) * 10,
              attributes: item.attributes ?? {}, search: itemSearch(item.code, label),
            }).onConflictDoNothing({ target: [dictionaryItems.tenantId, dictionaryItems.dictionaryId, dictionaryItems.code] }).returning({ id: dictionaryItems.id }))
            createdItems += rows.length
            itemIds.set(`${d.key}/${item.code}`, rows[0]?.id ?? id)
          }
        }
        if (createdDictionaries || createdItems) {
          yield* recordAudit({ action: "reference.seed", entity: "dictionary", data: { dictionaries: createdDictionaries, items: createdItems } })
        }
        return { dictionaries: createdDictionaries, items: createdItems }
      }))
    })

    // --- partners ------------------------------------------------------------------------------

    const findPartner = (id: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = isUuid(id) ? yield* useDb((db) => db.select().from(partners).where(and(eq(partners.tenantId, actor.tenantId), eq(partners.id, id)))) : []
        if (!row) return yield* new NotFound({ entity: "partner", id })
        return row
      })

    /** Ids that are not live items of the tenant's dictionary `key`. */
    const unknownItems = (key: string, ids: readonly string[]) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const valid = ids.filter(isUuid)
        if (valid.length === 0) return [...ids]
        const found = yield* useDb((db) => db.select({ id: dictionaryItems.id }).from(dictionaryItems)
          .innerJoin(dictionaries, eq(dictionaries.id, dictionaryItems.dictionaryId))
          .where(and(eq(dictionaryItems.tenantId, actor.tenantId), eq(dictionaries.key, key), isNull(dictionaryItems.archivedAt),
            sql`${dictionaryItems.id} in (${sql.join(valid.map((id) => sql`${id}::uuid`), sql`, `)})`)))
        const known = new Set(found.map((r) => r.id))
        return ids.filter((id) => !known.has(id))
      })

    /** The row a partner input becomes, after checking its references and normalising phones. */
    const partnerValues = (input: PartnerInput) =>
      Effect.gen(function* () {
        const issues: { path: string; en: string; ru: string }[] = []
        const phones: string[] = []
        for (const [i, raw] of (input.phones ?? []).entries()) {
          const phone = normalisePhone(raw)
          if (!phone) issues.push({ path: `phones.${i}`, en: "Expected a phone number like +7 900 123-45-67", ru: "Ожидается номер телефона, например +7 900 123-45-67" })
          else if (!phones.includes(phone)) phones.push(phone)
        }
        if ((input.lat == null) !== (input.lon == null)) issues.push({ path: input.lat == null ? "lat" : "lon", en: msg.pair, ru: "Укажите и широту, и долготу, или ни одну из них" })
        if (input.cityId && (yield* unknownItems(CITIES, [input.cityId])).length) {
          issues.push({ path: "cityId", en: "Not a city of the cities dictionary", ru: "Такого города нет в справочнике городов" })
        }
        const services = [...new Set(input.services ?? [])]
        const unknown = new Set(yield* unknownItems(SERVICE_TYPES, services))
        for (const [i, id] of (input.services ?? []).entries()) {
          if (unknown.has(id)) issues.push({ path: `services.${i}`, en: "Not a service type of the service_types dictionary", ru: "Такого вида услуги нет в справочнике видов услуг" })
        }
        if (issues.length) return yield* new ValidationError({ fields: issues })
        const name = input.name.trim()
        const address = input.address?.trim() || null
        const email = input.email ? normaliseEmail(input.email) || null : null
        return {
          name, kind: input.kind, phones, email, address, lat: input.lat ?? null, lon: input.lon ?? null, cityId: input.cityId ?? null, services,
          workingHours: input.workingHours ? toWorkingHours(input.workingHours) : null, comment: input.comment?.trim() || null,
          search: foldForSearch([name, address ?? "", email ?? "", ...phones].join("\n")),
        }
      })

    /** Partners by name; `q` matches name, address, e-mail and phone numbers (typed any Russian way). */
    const listPartners = Effect.fn("Reference.listPartners")(function* (q: ListQuery & {
      readonly kind?: "partner" | "dealer" | undefined
      readonly service?: string | undefined
      readonly city?: string | undefined
    } = {}) {
      const actor = yield* CurrentActor
      const limit = Math.max(1, Math.min(q.limit ?? MAX_PAGE, MAX_PAGE))
      const p = partners
      let after: SQL | undefined
      if (q.cursor) {
        const [c] = isUuid(q.cursor)
          ? yield* useDb((db) => db.select({ name: p.name, id: p.id }).from(p).where(and(eq(p.tenantId, actor.tenantId), eq(p.id, q.cursor!))))
          : []
        if (!c) return yield* invalid("query.cursor", "Unknown cursor", "Неизвестный курсор")
        after = or(gt(p.name, c.name), and(eq(p.name, c.name), gt(p.id, c.id)))
      }
      let search: SQL | undefined
      const text = q.q?.trim()
      if (text) {
        search = like(p.search, containing(text))
        const digits = text.replace(/\D/g, "")
        if (/^[\d\s()+-]+$/.test(text) && digits.length >= 5) search = or(search, like(p.search, `%${digits.replace(/^8/, "7")}%`))
      }
      const none = sql`false`
      const rows = yield* useDb((db) => db.select().from(p).where(and(
        eq(p.tenantId, actor.tenantId),
        q.includeArchived ? undefined : isNull(p.archivedAt),
        q.kind ? eq(p.kind, q.kind) : undefined,
        q.service ? (isUuid(q.service) ? sql`${q.service}::uuid = any(${p.services})` : none) : undefined,
        q.city ? (isUuid(q.city) ? eq(p.cityId, q.city) : none) : undefined,
        search,
        after,
      )).orderBy(asc(p.name), asc(p.id)).limit(limit + 1))
      return toPage(rows, limit, partnerDto)
    })

    const getPartner = Effect.fn("Reference.getPartner")(function* (id: string) {
      return partnerDto(yield* findPartner(id))
    })

    const createPartner = Effect.fn("Reference.createPartner")(function* (input: PartnerInput) {
      const actor = yield* CurrentActor
      const values = yield* partnerValues(input)
      return yield* transaction(Effect.gen(function* () {
        const [row] = yield* useDb((db) => db.insert(partners).values({ id: uuidv7(), tenantId: actor.tenantId, ...values }).returning())
        yield* recordAudit({ action: "partner.create", entity: "partner", entityId: row.id, data: { name: row.name, kind: row.kind } })
        return partnerDto(row)
      }))
    })

    /** Replaces a partner if `expectedVersion` is still its version; 409 with the current version otherwise. */
    const updatePartner = Effect.fn("Reference.updatePartner")(function* (id: string, input: PartnerInput, expectedVersion: number) {
      const current = yield* findPartner(id)
      const values = yield* partnerValues(input)
      return yield* transaction(Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(partners).set({ ...values, version: expectedVersion + 1, updatedAt: new Date() })
          .where(and(eq(partners.id, current.id), eq(partners.version, expectedVersion))).returning())
        if (!saved) return yield* new Conflict({ entity: "partner", currentVersion: current.version })
        yield* recordAudit({ action: "partner.update", entity: "partner", entityId: id, data: { version: saved.version } })
        return partnerDto(saved)
      }))
    })

    const archivePartner = Effect.fn("Reference.archivePartner")(function* (id: string) {
      const row = yield* findPartner(id)
      if (row.archivedAt) return
      yield* transaction(Effect.gen(function* () {
        yield* useDb((db) => db.update(partners).set({ archivedAt: new Date(), version: sql`${partners.version} + 1`, updatedAt: new Date() }).where(eq(partners.id, row.id)))
        yield* recordAudit({ action: "partner.archive", entity: "partner", entityId: id })
      }))
    })

    return {
      listDictionaries, createDictionary, archiveDictionary,
      listItems, createItem, updateItem, archiveItem, resolve, seedDefaults,
      listPartners, getPartner, createPartner, updatePartner, archivePartner,
    }
  }),
}) {
  static layer = Layer.effect(Reference, Reference.make)
}
