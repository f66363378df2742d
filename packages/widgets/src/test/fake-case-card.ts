/**
 * The case workspace side of the in-page fake server (see fake-api.ts), following
 * briefs/contract.md: typed cases (values checked by kind, versions, moves by the type's state
 * machine), journal, comments, types, dictionaries, partners, applicants, scripts and runs,
 * partner services with the hand-off, attachments (multipart), messages, SLA and the searched
 * list (`assignee=me&statusGroup=active`). It sits in front of a {@link FakeApi}: routes it does
 * not know go on to it, and its events go out through the FakeApi's sockets.
 */
import type {
  ApplicantDto,
  AttachmentDto,
  CaseFieldDef,
  CaseListItemDto,
  CaseTypeDefinition,
  ChannelDto,
  DictionaryItemDto,
  JournalEntryDto,
  MessageDto,
  PartnerDto,
  PartnerServiceDto,
  ScriptDto,
  ScriptRunDto,
  SlaDto,
  TypedCaseDto,
} from "../api/case-card.js"
import type { ProblemField } from "../api/types.js"
import type { FakeApi, RecordedRequest } from "./fake-api.js"
import { json, noContent, problem, sleep } from "./fake-http.js"

type Lang = "ru" | "en"
type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type Case = Mutable<TypedCaseDto>
type Service = Mutable<PartnerServiceDto>
type Run = Mutable<ScriptRunDto>

const t2 = (ru: string, en: string) => ({ ru, en })

const msg = {
  unauthorized: t2("Требуется вход", "Sign-in required"),
  notFound: t2("Не найдено", "Not found"),
  validation: t2("Проверьте данные", "Check the data"),
  stale: t2("Обращение уже изменили", "The case was changed by someone else"),
  moveNotAllowed: t2("Такой переход невозможен", "This move is not allowed"),
  forbidden: t2("Недостаточно прав", "Not allowed"),
  unknownField: t2("Неизвестное поле", "Unknown field"),
  phone: t2("Ожидается номер телефона, например +7 900 123-45-67", "Expected a phone number like +7 900 123-45-67"),
  vin: t2("VIN: 17 символов, без I, O и Q", "VIN: 17 characters, no I, O or Q"),
  date: t2("Ожидается дата в формате ГГГГ-ММ-ДД", "Expected a date like 2024-05-31"),
  email: t2("Неверный адрес e-mail", "Invalid e-mail address"),
  number: t2("Ожидается число", "Expected a number"),
  money: t2("Ожидается сумма", "Expected an amount"),
  address: t2("Укажите адрес", "Enter the address"),
  text: t2("Ожидается текст", "Expected text"),
  id: t2("Ожидается идентификатор", "Expected an id"),
  required: (l: { ru: string; en: string }) => t2(`Обязательное поле: ${l.ru}`, `Required: ${l.en}`),
  fillBefore: (f: { ru: string; en: string }, s: { ru: string; en: string }) =>
    t2(`Заполните «${f.ru}» перед переводом в «${s.ru}»`, `Fill in "${f.en}" before moving to "${s.en}"`),
  handOffField: (name: { ru: string; en: string }) => t2(`Нужно для передачи в бэк-офис: ${name.ru}`, `Needed for the back office: ${name.en}`),
  serviceMove: t2("Такой статус услуги невозможен", "This service status is not allowed"),
  already: t2("Услуга уже передана в бэк-офис", "The service is already handed off"),
  tooLarge: t2("Файл больше 1 МБ", "The file is larger than 1 MB"),
  badType: t2("Такой тип файла не принимается", "This file type is not accepted"),
  titleRequired: t2("Укажите тему", "Title is required"),
  textRequired: t2("Введите текст", "Enter the text"),
}

const uuid = () => crypto.randomUUID()
const now = () => new Date().toISOString()

// — reference books —

function item(code: string, ru: string, en: string, parentId: string | null = null): DictionaryItemDto {
  return { id: uuid(), code, label: { ru, en }, parentId, attributes: {}, version: 1, archived: false }
}

export function makeDictionaries(): Record<string, DictionaryItemDto[]> {
  const makes = [item("KIA", "Kia", "Kia"), item("TOYOTA", "Toyota", "Toyota"), item("LADA", "Lada", "Lada")]
  return {
    cities: [item("MOW", "Москва", "Moscow"), item("SPB", "Санкт-Петербург", "Saint Petersburg"), item("KZN", "Казань", "Kazan"), item("TVR", "Тверь", "Tver")],
    makes,
    models: [
      item("KIA_RIO", "Rio", "Rio", makes[0]!.id),
      item("KIA_CEED", "Ceed", "Ceed", makes[0]!.id),
      item("TOYOTA_CAMRY", "Camry", "Camry", makes[1]!.id),
      item("LADA_VESTA", "Vesta", "Vesta", makes[2]!.id),
    ],
    programs: [item("KIA_RA", "Kia Assistance", "Kia Assistance"), item("KASKO_PREMIUM", "КАСКО Премиум", "Comprehensive Premium")],
    service_types: [item("TOW", "Эвакуация", "Tow truck"), item("TECH_HELP", "Техническая помощь", "Technical help"), item("TAXI", "Такси", "Taxi"), item("HOTEL", "Гостиница", "Hotel")],
    reasons: [item("NO_START", "Автомобиль не заводится", "The car will not start"), item("CONSULTATION", "Консультация", "Consultation"), item("COMPLAINT", "Жалоба", "Complaint")],
    appeal_sources: [item("MOBILE", "Звонок с мобильного", "Call from a mobile"), item("SITE", "Сайт", "Website")],
  }
}

// — case types (as the templates of packages/cases/src/types/templates.ts) —

export const ROADSIDE: CaseTypeDefinition = {
  key: "roadside",
  name: t2("Помощь на дороге", "Roadside assistance"),
  numberFormat: "RA-{YY}{MM}-{SEQ:5}",
  fields: [
    { key: "fault", label: t2("Неисправность со слов клиента", "Fault as told by the client"), kind: "text", group: "case", requiredOnCreate: true },
    { key: "caller", label: t2("Звонящий", "Caller"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "contact_phone", label: t2("Контактный телефон", "Contact phone"), kind: "phone", group: "applicant", requiredOnCreate: true, fromApplicant: true },
    { key: "plate", label: t2("Госномер", "Plate"), kind: "plate", group: "vehicle" },
    { key: "vin", label: t2("VIN", "VIN"), kind: "vin", group: "vehicle" },
    { key: "make", label: t2("Марка", "Make"), kind: "dictionary", dictionary: "makes", group: "vehicle" },
    { key: "model", label: t2("Модель", "Model"), kind: "dictionary", dictionary: "models", group: "vehicle" },
    { key: "purchase_date", label: t2("Дата покупки", "Purchase date"), kind: "date", group: "vehicle" },
    { key: "mileage", label: t2("Пробег, км", "Mileage, km"), kind: "number", group: "vehicle" },
    { key: "contract", label: t2("Договор", "Contract"), kind: "text", group: "program" },
    { key: "program", label: t2("Программа", "Program"), kind: "dictionary", dictionary: "programs", group: "program" },
    { key: "city", label: t2("Ближайший город", "Nearest city"), kind: "dictionary", dictionary: "cities", group: "location" },
    { key: "breakdown_address", label: t2("Адрес поломки", "Breakdown address"), kind: "address", group: "location" },
    { key: "deposit", label: t2("Предоплата", "Deposit"), kind: "money", group: "program" },
  ],
  states: [
    { key: "new", label: t2("Новое", "New"), category: "open", initial: true },
    { key: "in_progress", label: t2("В работе", "In progress"), category: "open" },
    { key: "waiting_partner", label: t2("Ожидание партнёра", "Waiting for the partner"), category: "paused" },
    { key: "completed", label: t2("Выполнено", "Completed"), category: "resolved" },
    { key: "cancelled", label: t2("Отменено", "Cancelled"), category: "resolved" },
  ],
  transitions: [
    { from: ["new"], to: "in_progress", label: t2("Взять в работу", "Start work") },
    { from: ["in_progress"], to: "waiting_partner", label: t2("Ждём партнёра", "Wait for the partner"), requires: ["plate", "make", "model", "program", "city", "breakdown_address"] },
    { from: ["waiting_partner"], to: "in_progress", label: t2("Продолжить", "Resume") },
    { from: ["in_progress", "waiting_partner"], to: "completed", label: t2("Выполнено", "Complete"), requires: ["plate", "vin", "make", "model", "program", "contract", "city", "breakdown_address"] },
    { from: ["new", "in_progress", "waiting_partner"], to: "cancelled", label: t2("Отменить", "Cancel") },
    { from: ["completed", "cancelled"], to: "in_progress", label: t2("Вернуть в работу", "Reopen"), roles: ["supervisor"] },
  ],
  handOff: { requires: ["caller", "contact_phone", "plate", "make", "model", "program", "contract", "city", "breakdown_address"] },
}

export const HOTLINE: CaseTypeDefinition = {
  key: "hotline",
  name: t2("Обращение на горячую линию", "Hotline appeal"),
  numberFormat: "{MMM}{DD}_{TYPE}_{SEQ:3}",
  fields: [
    { key: "reason", label: t2("Причина обращения", "Reason"), kind: "dictionary", dictionary: "reasons", group: "case", requiredOnCreate: true },
    { key: "full_name", label: t2("ФИО", "Full name"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "phone", label: t2("Телефон", "Phone"), kind: "phone", group: "applicant", requiredOnCreate: true, fromApplicant: true },
    { key: "birth_date", label: t2("Дата рождения", "Birth date"), kind: "date", group: "applicant", fromApplicant: true },
    { key: "email", label: t2("E-mail", "E-mail"), kind: "email", group: "applicant" },
    { key: "description", label: t2("Суть обращения", "Description"), kind: "text", group: "case" },
    { key: "resolution", label: t2("Результат", "Resolution"), kind: "text", group: "case" },
    { key: "executor", label: t2("Исполнитель", "Executor"), kind: "person", group: "work" },
    { key: "scan", label: t2("Скан заявления", "Scanned application"), kind: "file", group: "work" },
  ],
  states: [
    { key: "new", label: t2("Новое", "New"), category: "open", initial: true },
    { key: "in_work", label: t2("В работе", "In work"), category: "open" },
    { key: "registered", label: t2("Зарегистрировано", "Registered"), category: "paused" },
    { key: "completed", label: t2("Выполнено", "Completed"), category: "resolved" },
  ],
  transitions: [
    { from: ["new"], to: "in_work", label: t2("Взять в работу", "Take") },
    { from: ["new", "in_work"], to: "registered", label: t2("Зарегистрировать", "Register"), requires: ["full_name", "description"] },
    { from: ["in_work", "registered"], to: "completed", label: t2("Выполнено", "Complete"), requires: ["full_name", "description", "resolution"] },
  ],
  flags: [{ key: "attention", label: t2("Внимание!", "Attention!"), color: "#facc15" }],
}

export function roadsideScript(dicts: Record<string, DictionaryItemDto[]>): ScriptDto {
  void dicts
  return {
    id: uuid(),
    key: "roadside_intake",
    typeKey: "roadside",
    name: t2("Приём обращения: помощь на дороге", "Intake: roadside assistance"),
    version: 1,
    archived: false,
    updatedAt: now(),
    definition: {
      start: "greet",
      questions: [
        { id: "greet", kind: "info", text: t2("Представьтесь и спросите, что случилось.", "Introduce yourself and ask what happened."), next: "what" },
        {
          id: "what",
          kind: "choice",
          text: t2("Что произошло?", "What happened?"),
          options: [
            { value: "accident", label: t2("ДТП", "Accident"), next: "plate" },
            { value: "breakdown", label: t2("Поломка", "Breakdown"), next: "fault" },
          ],
        },
        { id: "fault", kind: "text", text: t2("Опишите неисправность", "Describe the fault"), writeTo: "fault", next: "plate" },
        { id: "plate", kind: "text", text: t2("Госномер автомобиля?", "The car's plate?"), writeTo: "plate", next: "vin" },
        { id: "vin", kind: "text", text: t2("VIN автомобиля?", "The car's VIN?"), hint: t2("17 символов, в СТС", "17 characters, on the registration"), writeTo: "vin", next: "tow" },
        { id: "tow", kind: "yes_no", text: t2("Нужен эвакуатор?", "Is a tow truck needed?"), options: [{ value: "yes", label: t2("Да", "Yes"), next: "city" }, { value: "no", label: t2("Нет", "No"), next: "bye" }] },
        { id: "city", kind: "dictionary", dictionary: "cities", text: t2("Ближайший город?", "Nearest city?"), writeTo: "city", next: "bye" },
        { id: "bye", kind: "info", text: t2("Сообщите клиенту номер обращения.", "Tell the client the case number."), next: null },
      ],
    },
  }
}

export interface FakeCaseCardOptions {
  /** Delay of every response of this fake, default 0. */
  readonly latencyMs?: number
  /** Channels of `GET /messages/channels` (default: SMS and e-mail, neither configured). */
  readonly channels?: readonly ChannelDto[]
}

export class FakeCaseCard {
  readonly api: FakeApi
  readonly requests: RecordedRequest[] = []
  readonly dictionaries: Record<string, DictionaryItemDto[]>
  readonly types = new Map<string, { key: string; version: number; archived: boolean; definition: CaseTypeDefinition }>()
  readonly cases: Case[] = []
  readonly journal = new Map<string, JournalEntryDto[]>()
  readonly applicants: Mutable<ApplicantDto>[] = []
  readonly partners: PartnerDto[]
  readonly scripts: ScriptDto[] = []
  readonly runs: Run[] = []
  readonly services: Service[] = []
  readonly attachments: { dto: AttachmentDto; blob: Blob }[] = []
  readonly messages: Mutable<MessageDto>[] = []
  readonly sla = new Map<string, SlaDto>()
  channels: ChannelDto[]
  latencyMs: number
  /** Answers the next matching request with this problem instead (then forgets it). */
  readonly failures: { method: string; path: RegExp; status: number; code: string; title: string; extra?: Record<string, unknown> }[] = []
  #seq = 1
  #prevFetch: typeof fetch | undefined
  #installed = false

  constructor(api: FakeApi, options: FakeCaseCardOptions = {}) {
    this.api = api
    this.latencyMs = options.latencyMs ?? 0
    this.dictionaries = makeDictionaries()
    this.channels = [...(options.channels ?? [{ channel: "sms", configured: false, provider: null }, { channel: "email", configured: false, provider: null }])]
    for (const def of [ROADSIDE, HOTLINE]) this.types.set(def.key, { key: def.key, version: 1, archived: false, definition: def })
    const tows = this.dictionaries["service_types"]!
    this.partners = [
      { id: uuid(), name: "Эвакуатор-24", kind: "partner", phones: ["+74951112233"], services: [tows[0]!.id], archived: false },
      { id: uuid(), name: "ТехПомощь Север", kind: "partner", phones: [], services: [tows[1]!.id], archived: false },
      { id: uuid(), name: "Такси Лайт", kind: "partner", phones: [], services: [tows[2]!.id], archived: false },
    ]
    this.scripts.push(roadsideScript(this.dictionaries))
  }

  /** Puts itself in front of the FakeApi's fetch; returns this. */
  install(): this {
    if (this.#installed) return this
    this.#installed = true
    this.#prevFetch = globalThis.fetch
    const prev = this.#prevFetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => this.#fetch(input, init, prev)
    return this
  }

  restore(): void {
    if (!this.#installed) return
    this.#installed = false
    if (this.#prevFetch) globalThis.fetch = this.#prevFetch
  }

  // — seeding and other clients —

  item(dictionary: string, code: string): DictionaryItemDto {
    const found = this.dictionaries[dictionary]?.find((i) => i.code === code)
    if (!found) throw new Error(`no ${dictionary}/${code}`)
    return found
  }

  /** A case of a type, stored as is (values unchecked). */
  addCase(partial: Partial<Case> & { type?: string | null } = {}): Case {
    const type = partial.type === undefined ? "roadside" : partial.type
    const def = type ? this.types.get(type)?.definition : undefined
    const n = this.#seq++
    const at = partial.createdAt ?? new Date(Date.now() - n * 60_000).toISOString()
    const c: Case = {
      id: uuid(),
      number: type === "hotline" ? `Nov21_hotline_${String(n).padStart(3, "0")}` : `RA-2511-${String(n).padStart(5, "0")}`,
      title: `Case ${n}`,
      status: def ? (def.states.find((s) => s.initial) ?? def.states[0]!).key : "new",
      applicantPhone: null,
      type,
      typeVersion: def ? 1 : null,
      values: {},
      flags: [],
      assigneeId: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
      ...partial,
    }
    this.cases.unshift(c)
    this.#journal(c.id, "created", { number: c.number, type: c.type }, "operator", at)
    return c
  }

  addApplicant(partial: Partial<Mutable<ApplicantDto>> & { phone: string }): Mutable<ApplicantDto> {
    const a: Mutable<ApplicantDto> = { id: uuid(), name: null, values: {}, casesCount: 0, lastCaseAt: null, version: 1, ...partial }
    this.applicants.push(a)
    return a
  }

  addService(caseId: string, partial: Partial<Service> = {}): Service {
    const c = this.#case(caseId)!
    const kind = partial.kind ?? "TOW"
    const k = this.dictionaries["service_types"]!.find((i) => i.code === kind)
    const s: Service = {
      id: uuid(),
      caseId,
      caseNumber: c.number,
      kind,
      kindLabel: k?.label ?? t2(kind, kind),
      status: "draft",
      partnerId: null,
      partnerName: null,
      orderedAt: null,
      assignedAt: null,
      arrivedAt: null,
      finishedAt: null,
      customerCost: null,
      partnerCost: null,
      comment: null,
      satisfied: null,
      handedOffAt: null,
      handedOffBy: null,
      version: 1,
      createdAt: now(),
      updatedAt: now(),
      ...partial,
    }
    this.services.push(s)
    return s
  }

  addMessage(caseId: string, partial: Partial<Mutable<MessageDto>> = {}): Mutable<MessageDto> {
    const m: Mutable<MessageDto> = {
      id: uuid(),
      caseId,
      direction: "out",
      channel: "sms",
      to: this.#case(caseId)?.applicantPhone ?? null,
      from: null,
      text: "",
      status: "sent",
      statusReason: null,
      createdAt: now(),
      by: "operator",
      ...partial,
    }
    this.messages.push(m)
    return m
  }

  /** Another operator changes values: stored, journaled and announced (`case.updated`). */
  changeFromOtherClient(caseId: string, change: { values?: Record<string, unknown>; flags?: string[]; status?: string }): Case {
    const c = this.#case(caseId)!
    const changes = Object.entries(change.values ?? {}).map(([field, to]) => ({ field, from: c.values[field] ?? null, to }))
    c.values = { ...c.values, ...(change.values ?? {}) }
    if (change.flags) c.flags = change.flags
    const from = c.status
    if (change.status) c.status = change.status
    c.version++
    c.updatedAt = now()
    if (changes.length) this.#journal(c.id, "fields", { changes }, "supervisor")
    if (change.status) {
      this.#journal(c.id, "moved", { from, to: c.status, comment: null }, "supervisor")
      this.api.emit("case.moved", { case: { ...c }, from, to: c.status })
    } else this.api.emit("case.updated", { ...c })
    return c
  }

  /** An SMS from the applicant arrives (`case.message`). */
  inbound(caseId: string, text: string): Mutable<MessageDto> {
    const m = this.addMessage(caseId, { direction: "in", text, status: "received", from: this.#case(caseId)?.applicantPhone ?? "+79000000000", to: null, by: null })
    this.#journal(caseId, "message", { messageId: m.id, direction: "in", channel: "sms", to: null, from: m.from, text }, "system")
    this.api.emit("case.message", { caseId, message: { ...m } })
    return m
  }

  /** Journal entries of a case (oldest first). */
  journalOf(caseId: string): JournalEntryDto[] {
    return this.journal.get(caseId) ?? []
  }

  /** Requests with this method to this path (under /api/v1/cases when it starts with "/" and no "/api"). */
  requestsTo(method: string, path: string): RecordedRequest[] {
    const full = path.startsWith("/api") ? path : `/api/v1/cases${path === "/" ? "" : path}`
    return this.requests.filter((r) => r.method === method && r.path === this.api.prefix + full)
  }

  #case(id: string): Case | undefined {
    return this.cases.find((c) => c.id === id)
  }

  #journal(caseId: string, kind: string, data: unknown, actor = "operator", at = now()): void {
    const list = this.journal.get(caseId) ?? []
    list.push({ id: uuid(), kind, actorLogin: actor, data, at })
    this.journal.set(caseId, list)
  }

  // — HTTP —

  async #fetch(input: RequestInfo | URL, init: RequestInit = {}, next: typeof fetch): Promise<Response> {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request ? request.url : String(input), location.href)
    const base = `${this.api.prefix}/api/v1/cases`
    if (url.origin !== this.api.origin || !(url.pathname === base || url.pathname.startsWith(`${base}/`))) return next(input, init)
    const path = url.pathname.slice(base.length) || "/"
    const method = (init.method ?? request?.method ?? "GET").toUpperCase()
    const headers = new Headers(init.headers ?? request?.headers)
    let body: unknown = init.body
    if (typeof init.body === "string") {
      try {
        body = JSON.parse(init.body)
      } catch {
        body = init.body
      }
    }
    const handled = this.#known(method, path)
    if (!handled) return next(input, init)
    this.requests.push({ method, path: url.pathname, query: url.searchParams, headers, credentials: init.credentials ?? request?.credentials, body })
    if (this.latencyMs) await sleep(this.latencyMs)
    const lang: Lang = headers.get("accept-language")?.toLowerCase().startsWith("en") ? "en" : "ru"
    if (!this.api.authorised(headers)) return problem(401, "unauthorized", msg.unauthorized[lang])
    const failure = this.failures.findIndex((f) => f.method === method && f.path.test(path))
    if (failure >= 0) {
      const f = this.failures.splice(failure, 1)[0]!
      return json(f.status, { type: `urn:switchboard:problem:${f.code}`, title: f.title, status: f.status, code: f.code, ...(f.extra ?? {}) })
    }
    return this.#route(method, path, url.searchParams, body, lang, headers)
  }

  /** Whether this fake answers the route (the rest goes to the FakeApi). */
  #known(method: string, path: string): boolean {
    if (path === "/" && method === "GET") return true
    if (path === "/" && method === "POST") return true
    return path !== "/"
  }

  #problem(lang: Lang, status: number, code: string, title: { ru: string; en: string }, fields?: { path: string; m: { ru: string; en: string } }[], extra: Record<string, unknown> = {}): Response {
    const body = {
      type: `urn:switchboard:problem:${code}`,
      title: title[lang],
      status,
      code,
      ...(fields ? { fields: fields.map((f): ProblemField => ({ path: f.path, message: f.m[lang] })) } : {}),
      ...extra,
    }
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json" } })
  }

  #actorId(headers: Headers): string {
    return headers.get("authorization")?.startsWith("Bearer ") ? this.api.directory.accounts[0]!.user.id : this.api.user.id
  }

  #actorRoles(headers: Headers): string[] {
    return headers.get("authorization")?.startsWith("Bearer ") ? this.api.directory.accounts[0]!.user.roles : this.api.user.roles
  }

  #listItem(c: Case): CaseListItemDto {
    const def = c.type ? this.types.get(c.type)?.definition : undefined
    const state = def?.states.find((s) => s.key === c.status)
    return { ...c, statusCategory: state?.category ?? "open", typeName: def?.name ?? null, statusLabel: state?.label ?? null }
  }

  async #route(method: string, path: string, q: URLSearchParams, body: unknown, lang: Lang, headers: Headers): Promise<Response> {
    const seg = path.split("/").filter(Boolean)
    const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>
    const nf = () => this.#problem(lang, 404, "not_found", msg.notFound)

    // GET / — the searched list
    if (path === "/" && method === "GET") {
      let items = [...this.cases]
      const assignee = q.get("assignee")
      if (assignee === "me") items = items.filter((c) => c.assigneeId === this.#actorId(headers))
      else if (assignee === "none") items = items.filter((c) => !c.assigneeId)
      else if (assignee) items = items.filter((c) => c.assigneeId === assignee)
      const group = q.get("statusGroup")
      if (group === "active") items = items.filter((c) => this.#listItem(c).statusCategory !== "resolved")
      if (group === "inactive") items = items.filter((c) => this.#listItem(c).statusCategory === "resolved")
      if (q.get("type")) items = items.filter((c) => c.type === q.get("type"))
      if (q.get("sort") === "updated_desc") items.sort((a, z) => z.updatedAt.localeCompare(a.updatedAt))
      const limit = Number(q.get("limit") ?? 50) || 50
      return json(200, { items: items.slice(0, limit).map((c) => this.#listItem(c)), nextCursor: null, total: items.length })
    }
    if (path === "/" && method === "POST") return this.#create(b, lang)

    // types
    if (seg[0] === "types") {
      if (seg.length === 1 && method === "GET") return json(200, { items: [...this.types.values()].map((t) => ({ key: t.key, name: t.definition.name, version: t.version, archived: t.archived })), templates: [] })
      const t = this.types.get(seg[1] ?? "")
      if (seg.length === 2 && method === "GET") return t ? json(200, { ...t, name: t.definition.name }) : nf()
      return nf()
    }

    // reference books
    if (seg[0] === "reference") {
      if (seg[1] === "dictionaries" && seg[3] === "items" && method === "GET") {
        const items = this.dictionaries[seg[2] ?? ""]
        if (!items) return nf()
        const text = (q.get("q") ?? "").toLowerCase()
        const parent = q.get("parent")
        const found = items.filter(
          (i) => (!text || i.label.ru.toLowerCase().includes(text) || i.label.en.toLowerCase().includes(text) || (i.code ?? "").toLowerCase().includes(text)) && (!parent || i.parentId === parent),
        )
        return json(200, { items: found.slice(0, Number(q.get("limit") ?? 50) || 50), nextCursor: null })
      }
      if (seg[1] === "partners" && seg.length === 2 && method === "GET") return json(200, { items: this.partners, nextCursor: null })
      return nf()
    }

    // applicants
    if (seg[0] === "applicants" && seg[1] === "lookup" && method === "GET") return json(200, this.#lookup(q.get("phone") ?? "", null))

    // scripts
    if (seg[0] === "scripts") {
      if (seg.length === 1 && method === "GET") return json(200, { items: this.scripts.filter((s) => !q.get("type") || s.typeKey === q.get("type")) })
      const s = this.scripts.find((x) => x.key === seg[1])
      return s && method === "GET" ? json(200, s) : nf()
    }

    // messages
    if (seg[0] === "messages" && seg[1] === "channels" && method === "GET") return json(200, this.channels)

    // a case
    const c = this.#case(seg[0] ?? "")
    if (!c) return nf()
    const sub = seg[1]
    if (!sub) {
      if (method === "GET") return json(200, c)
      if (method === "PATCH") return this.#update(c, b, lang)
      return nf()
    }
    if (sub === "moves") {
      if (method === "GET") return json(200, { case: c, moves: this.#moves(c, this.#actorRoles(headers)) })
      if (method === "POST") return this.#move(c, b, lang, this.#actorRoles(headers))
    }
    if (sub === "journal" && method === "GET") return json(200, { items: this.journalOf(c.id) })
    if (sub === "comments" && method === "POST") {
      const text = typeof b["text"] === "string" ? b["text"].trim() : ""
      if (!text) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "text", m: msg.textRequired }])
      this.#journal(c.id, "comment", { text })
      this.api.emit("case.commented", { caseId: c.id, by: "operator", at: now() })
      return noContent()
    }
    if (sub === "applicant" && method === "GET") {
      if (!c.applicantPhone) return nf()
      return json(200, this.#lookup(c.applicantPhone, c.id))
    }
    if (sub === "sla" && method === "GET") return json(200, this.sla.get(c.id) ?? { policy: null, firstResponse: null, resolution: null, paused: false })
    if (sub === "script-runs") return this.#scriptRuns(c, seg.slice(2), method, b, lang)
    if (sub === "services") return this.#services(c, seg.slice(2), method, b, lang)
    if (sub === "attachments") return this.#attachments(c, seg.slice(2), method, body, lang)
    if (sub === "messages") {
      if (method === "GET") return json(200, { items: this.messages.filter((m) => m.caseId === c.id) })
      if (method === "POST") {
        const text = typeof b["text"] === "string" ? b["text"].trim() : ""
        if (!text) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "text", m: msg.textRequired }])
        const channel = String(b["channel"] ?? "sms")
        const configured = this.channels.find((x) => x.channel === channel)?.configured ?? false
        const m = this.addMessage(c.id, { channel, text, status: configured ? "sent" : "not_sent", statusReason: configured ? null : "no_provider", to: (b["to"] as string) ?? c.applicantPhone })
        this.#journal(c.id, "message", { messageId: m.id, direction: "out", channel, to: m.to, from: null, text })
        setTimeout(() => this.api.emit("case.message", { caseId: c.id, message: { ...m } }), 0)
        return json(201, m)
      }
    }
    return nf()
  }

  #lookup(phone: string, exclude: string | null) {
    const digits = phone.replace(/\D/g, "")
    const a = this.applicants.find((x) => x.phone.replace(/\D/g, "") === digits) ?? null
    const cases = this.cases
      .filter((x) => x.id !== exclude && (x.applicantPhone ?? "").replace(/\D/g, "") === digits && digits)
      .sort((x, z) => z.createdAt.localeCompare(x.createdAt))
      .map((x) => ({ id: x.id, number: x.number, title: x.title, type: x.type, status: x.status, createdAt: x.createdAt, preview: String(x.values["fault"] ?? x.values["description"] ?? x.title) }))
    return { applicant: a, cases }
  }

  /** Checks values by kind as the server does; returns the normalised values or problem fields. */
  #check(def: CaseTypeDefinition, input: Record<string, unknown>): { values: Record<string, unknown>; fields: { path: string; m: { ru: string; en: string } }[] } {
    const values: Record<string, unknown> = {}
    const fields: { path: string; m: { ru: string; en: string } }[] = []
    for (const [key, raw] of Object.entries(input)) {
      const f = def.fields.find((x) => x.key === key)
      const path = `values.${key}`
      if (!f) {
        fields.push({ path, m: msg.unknownField })
        continue
      }
      if (raw === null || raw === "") {
        values[key] = null
        continue
      }
      const r = checkKind(f, raw)
      if ("error" in r) fields.push({ path, m: r.error })
      else values[key] = r.value
    }
    return { values, fields }
  }

  #create(b: Record<string, unknown>, lang: Lang): Response {
    const title = typeof b["title"] === "string" ? b["title"].trim() : ""
    const fields: { path: string; m: { ru: string; en: string } }[] = []
    if (!title) fields.push({ path: "title", m: msg.titleRequired })
    const phone = b["applicantPhone"]
    if (phone !== undefined && phone !== null && (typeof phone !== "string" || !/^\+?[\d\s()-]{5,20}$/.test(phone))) fields.push({ path: "applicantPhone", m: msg.phone })
    const typeKey = typeof b["type"] === "string" ? b["type"] : null
    const def = typeKey ? this.types.get(typeKey)?.definition : undefined
    let values: Record<string, unknown> = {}
    if (def) {
      const known = typeof phone === "string" ? this.#lookup(phone, null).applicant : null
      const input = { ...(b["values"] as Record<string, unknown> | undefined) }
      for (const f of def.fields) if (f.fromApplicant && input[f.key] === undefined && known?.values[f.key] !== undefined) input[f.key] = known.values[f.key]
      const checked = this.#check(def, input)
      fields.push(...checked.fields)
      values = Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== null))
      for (const f of def.fields) {
        if (f.requiredOnCreate && values[f.key] === undefined && !fields.some((x) => x.path === `values.${f.key}`)) fields.push({ path: `values.${f.key}`, m: msg.required(f.label) })
      }
    }
    if (fields.length) return this.#problem(lang, 400, "validation_failed", msg.validation, fields)
    const c = this.addCase({ type: typeKey, title, applicantPhone: typeof phone === "string" ? normalisePhone(phone) : null, values, createdAt: now(), updatedAt: now() })
    setTimeout(() => this.api.emit("case.created", { ...c }), 0)
    return json(201, c)
  }

  #update(c: Case, b: Record<string, unknown>, lang: Lang): Response {
    if (b["version"] !== c.version) return this.#problem(lang, 409, "stale_version", msg.stale, undefined, { currentVersion: c.version })
    const def = c.type ? this.types.get(c.type)?.definition : undefined
    const changes: { field: string; from: unknown; to: unknown }[] = []
    let values = c.values
    if (b["values"] && def) {
      const checked = this.#check(def, b["values"] as Record<string, unknown>)
      if (checked.fields.length) return this.#problem(lang, 400, "validation_failed", msg.validation, checked.fields)
      for (const [k, v] of Object.entries(checked.values)) if (JSON.stringify(c.values[k] ?? null) !== JSON.stringify(v)) changes.push({ field: k, from: c.values[k] ?? null, to: v })
      values = Object.fromEntries(Object.entries({ ...c.values, ...checked.values }).filter(([, v]) => v !== null))
    }
    const flagsBefore = c.flags
    const flags = Array.isArray(b["flags"]) ? (b["flags"] as string[]) : c.flags
    const flagsChanged = JSON.stringify([...flags].sort()) !== JSON.stringify([...flagsBefore].sort())
    const assignee = "assigneeId" in b ? (b["assigneeId"] as string | null) : c.assigneeId
    const assigneeChanged = assignee !== c.assigneeId
    if (!changes.length && !flagsChanged && !assigneeChanged) return json(200, c)
    c.values = values
    c.flags = flags
    c.assigneeId = assignee
    c.version++
    c.updatedAt = now()
    if (changes.length) this.#journal(c.id, "fields", { changes })
    if (flagsChanged) this.#journal(c.id, "flags", { from: flagsBefore, to: flags })
    this.api.emit("case.updated", { ...c })
    return json(200, c)
  }

  #moves(c: Case, roles: readonly string[]) {
    const def = c.type ? this.types.get(c.type)?.definition : undefined
    if (!def) return []
    return def.transitions
      .filter((t) => t.from.includes(c.status) && (!t.roles || roles.includes("admin") || t.roles.some((r) => roles.includes(r))))
      .map((t) => ({ to: t.to, label: t.label ?? def.states.find((s) => s.key === t.to)!.label, requires: [...(t.requires ?? [])] }))
  }

  #move(c: Case, b: Record<string, unknown>, lang: Lang, roles: readonly string[]): Response {
    if (b["version"] !== c.version) return this.#problem(lang, 409, "stale_version", msg.stale, undefined, { currentVersion: c.version })
    const def = c.type ? this.types.get(c.type)?.definition : undefined
    const moves = this.#moves(c, roles)
    const to = String(b["to"] ?? "")
    const move = moves.find((m) => m.to === to)
    if (!def || !move) return this.#problem(lang, 409, "move_not_allowed", msg.moveNotAllowed, undefined, { allowed: moves.map((m) => m.to) })
    const target = def.states.find((s) => s.key === to)!
    const missing = def.fields.filter((f) => move.requires.includes(f.key) && isEmpty(c.values[f.key]))
    if (missing.length) return this.#problem(lang, 400, "validation_failed", msg.validation, missing.map((f) => ({ path: `values.${f.key}`, m: msg.fillBefore(f.label, target.label) })))
    const from = c.status
    c.status = to
    c.version++
    c.updatedAt = now()
    this.#journal(c.id, "moved", { from, to, comment: (b["comment"] as string) ?? null })
    this.api.emit("case.moved", { case: { ...c }, from, to })
    return json(200, c)
  }

  #scriptRuns(c: Case, rest: string[], method: string, b: Record<string, unknown>, lang: Lang): Response {
    const response = this.#scriptRunsInner(c, rest, method, b, lang)
    const run = method !== "POST" ? undefined : rest.length ? this.runs.find((r) => r.caseId === c.id && r.id === rest[0]) : this.runs.filter((r) => r.caseId === c.id).at(-1)
    if (run && response.ok) {
      const copy = { ...run }
      setTimeout(() => this.api.emit("case.script_run", { caseId: c.id, run: copy }), 0)
    }
    return response
  }

  #scriptRunsInner(c: Case, rest: string[], method: string, b: Record<string, unknown>, lang: Lang): Response {
    if (!rest.length && method === "GET") return json(200, { items: this.runs.filter((r) => r.caseId === c.id) })
    if (!rest.length && method === "POST") {
      const s = this.scripts.find((x) => x.key === b["scriptKey"])
      if (!s) return this.#problem(lang, 404, "not_found", msg.notFound)
      const run: Run = { id: uuid(), caseId: c.id, scriptKey: s.key, scriptVersion: s.version, current: s.definition.start, path: [], answers: {}, finished: false, updatedAt: now() }
      this.runs.push(run)
      this.#journal(c.id, "script", { action: "start", runId: run.id, scriptKey: s.key, scriptVersion: s.version, name: s.name })
      return json(201, run)
    }
    const run = this.runs.find((r) => r.id === rest[0] && r.caseId === c.id)
    if (!run) return this.#problem(lang, 404, "not_found", msg.notFound)
    const script = this.scripts.find((s) => s.key === run.scriptKey)!
    const qs = script.definition.questions
    if (rest[1] === "answer" && method === "POST") {
      const q = qs.find((x) => x.id === b["questionId"])
      if (!q) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "questionId", m: msg.notFound }])
      let value = b["value"]
      const def = c.type ? this.types.get(c.type)?.definition : undefined
      const field = q.writeTo ? def?.fields.find((f) => f.key === q.writeTo) : undefined
      if (field && value !== null && value !== undefined) {
        const r = checkKind(field, value)
        if ("error" in r) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "value", m: r.error }])
        value = r.value
        const from = c.values[field.key] ?? null
        if (JSON.stringify(from) !== JSON.stringify(value)) {
          c.values = { ...c.values, [field.key]: value }
          c.version++
          c.updatedAt = now()
          this.#journal(c.id, "fields", { changes: [{ field: field.key, from, to: value }] })
          this.api.emit("case.updated", { ...c })
        }
      }
      this.#journal(c.id, "script", { action: "answer", runId: run.id, scriptKey: run.scriptKey, questionId: q.id, question: q.text, value, field: q.writeTo ?? null })
      run.answers = { ...run.answers, [q.id]: value }
      if (q.kind === "yes_no") value = value === true || value === "yes"
      const option = q.options?.find((o) => o.value === (q.kind === "yes_no" ? (value ? "yes" : "no") : value))
      const next = option?.next ?? q.next ?? null
      run.path = [...run.path, q.id]
      run.current = next
      run.finished = next === null
      run.updatedAt = now()
      if (run.finished) this.#journal(c.id, "script", { action: "finish", runId: run.id, scriptKey: run.scriptKey })
      return json(200, { run, case: c })
    }
    if (rest[1] === "back" && method === "POST") {
      const prev = run.path[run.path.length - 1]
      if (prev) {
        run.path = run.path.slice(0, -1)
        run.current = prev
        run.finished = false
        run.updatedAt = now()
      }
      return json(200, run)
    }
    if (rest[1] === "jump" && method === "POST") {
      const target = String(b["questionId"] ?? "")
      if (!qs.some((x) => x.id === target)) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "questionId", m: msg.notFound }])
      const i = run.path.indexOf(target)
      run.path = i >= 0 ? run.path.slice(0, i) : run.current ? [...run.path, run.current] : run.path
      run.current = target
      run.finished = false
      run.updatedAt = now()
      return json(200, run)
    }
    return this.#problem(lang, 404, "not_found", msg.notFound)
  }

  #services(c: Case, rest: string[], method: string, b: Record<string, unknown>, lang: Lang): Response {
    const announce = (s: Service) => setTimeout(() => this.api.emit("case.service_changed", { caseId: c.id, service: { ...s } }), 0)
    if (!rest.length && method === "GET") return json(200, { items: this.services.filter((s) => s.caseId === c.id) })
    if (!rest.length && method === "POST") {
      const kind = String(b["kind"] ?? "")
      if (!this.dictionaries["service_types"]!.some((i) => i.code === kind)) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "kind", m: msg.id }])
      const partner = this.partners.find((p) => p.id === b["partnerId"])
      const s = this.addService(c.id, {
        kind,
        partnerId: partner?.id ?? null,
        partnerName: partner?.name ?? null,
        comment: (b["comment"] as string) ?? null,
        customerCost: (b["customerCost"] as Service["customerCost"]) ?? null,
        partnerCost: (b["partnerCost"] as Service["partnerCost"]) ?? null,
      })
      this.#journal(c.id, "service", { change: "service_added", serviceId: s.id, kind, kindLabel: s.kindLabel, status: "draft", partnerId: s.partnerId, partnerName: s.partnerName, customerCost: s.customerCost, partnerCost: s.partnerCost })
      announce(s)
      return json(201, s)
    }
    const s = this.services.find((x) => x.id === rest[0] && x.caseId === c.id)
    if (!s) return this.#problem(lang, 404, "not_found", msg.notFound)
    if (rest[1] === "back-office" && method === "POST") {
      if (s.handedOffAt) return this.#problem(lang, 409, "already_handed_off", msg.already)
      if (b["version"] !== s.version) return this.#problem(lang, 409, "stale_version", msg.stale, undefined, { currentVersion: s.version })
      const fields: { path: string; m: { ru: string; en: string } }[] = []
      const own: [keyof Service, { ru: string; en: string }][] = [
        ["partnerId", t2("партнёр", "partner")],
        ["orderedAt", t2("время заказа", "order time")],
        ["customerCost", t2("стоимость для клиента", "customer cost")],
        ["partnerCost", t2("стоимость партнёра", "partner cost")],
      ]
      for (const [k, name] of own) if (s[k] === null) fields.push({ path: String(k), m: msg.handOffField(name) })
      const def = c.type ? this.types.get(c.type)?.definition : undefined
      for (const key of def?.handOff?.requires ?? []) {
        const f = def!.fields.find((x) => x.key === key)!
        if (isEmpty(c.values[key])) fields.push({ path: `values.${key}`, m: msg.handOffField(f.label) })
      }
      if (fields.length) return this.#problem(lang, 400, "validation_failed", msg.validation, fields)
      s.handedOffAt = now()
      s.handedOffBy = "operator"
      s.version++
      this.#journal(c.id, "service", { change: "service_handed_off", serviceId: s.id, kind: s.kind, actionId: uuid() })
      announce(s)
      return json(200, s)
    }
    if (!rest[1] && method === "PATCH") {
      if (b["version"] !== s.version) return this.#problem(lang, 409, "stale_version", msg.stale, undefined, { currentVersion: s.version })
      const before = { ...s }
      const order = ["draft", "ordered", "assigned", "in_progress", "done"]
      if (b["status"] !== undefined && b["status"] !== s.status) {
        const to = String(b["status"])
        const i = order.indexOf(s.status)
        const allowed = s.status === "done" || s.status === "cancelled" ? [] : [order[i + 1]!, "cancelled"]
        if (!allowed.includes(to)) return this.#problem(lang, 409, "move_not_allowed", msg.serviceMove, undefined, { allowed })
        s.status = to
        const stamp: Record<string, keyof Service> = { ordered: "orderedAt", assigned: "assignedAt", in_progress: "arrivedAt", done: "finishedAt" }
        const key = stamp[to]
        if (key && !s[key] && b[key] === undefined) (s as Record<string, unknown>)[key] = now()
      }
      for (const k of ["orderedAt", "assignedAt", "arrivedAt", "finishedAt", "customerCost", "partnerCost", "comment", "satisfied"] as const) {
        if (b[k] !== undefined) (s as Record<string, unknown>)[k] = b[k]
      }
      if (b["partnerId"] !== undefined) {
        const p = this.partners.find((x) => x.id === b["partnerId"])
        s.partnerId = p?.id ?? null
        s.partnerName = p?.name ?? null
      }
      s.version++
      s.updatedAt = now()
      const fields = ["status", "partnerId", "orderedAt", "assignedAt", "arrivedAt", "finishedAt", "customerCost", "partnerCost", "comment", "satisfied"] as const
      const changes = fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(s[f])).map((field) => ({ field, from: before[field], to: s[field] }))
      this.#journal(c.id, "service", { change: "service_changed", serviceId: s.id, kind: s.kind, changes })
      announce(s)
      return json(200, s)
    }
    return this.#problem(lang, 404, "not_found", msg.notFound)
  }

  async #attachmentsBody(body: unknown): Promise<File | null> {
    if (body instanceof FormData) {
      const f = body.get("file")
      return f instanceof File ? f : null
    }
    return null
  }

  async #attachments(c: Case, rest: string[], method: string, body: unknown, lang: Lang): Promise<Response> {
    if (!rest.length && method === "GET") return json(200, { items: this.attachments.filter((a) => a.dto.caseId === c.id).map((a) => a.dto) })
    if (!rest.length && method === "POST") {
      const file = await this.#attachmentsBody(body)
      if (!file) return this.#problem(lang, 400, "validation_failed", msg.validation, [{ path: "file", m: msg.required(t2("файл", "file")) }])
      if (file.size > 1024 * 1024) return this.#problem(lang, 413, "payload_too_large", msg.tooLarge)
      if (file.type === "application/x-msdownload") return this.#problem(lang, 415, "unsupported_media_type", msg.badType)
      const dto: AttachmentDto = { id: uuid(), caseId: c.id, name: file.name, contentType: file.type || "application/octet-stream", size: file.size, sha256: "0".repeat(64), createdAt: now(), createdBy: "operator" }
      this.attachments.push({ dto, blob: file })
      this.#journal(c.id, "attachment", { attachmentId: dto.id, name: dto.name, size: dto.size })
      setTimeout(() => this.api.emit("case.attachment_added", { caseId: c.id, attachment: dto }), 0)
      return json(201, dto)
    }
    const a = this.attachments.find((x) => x.dto.id === rest[0] && x.dto.caseId === c.id)
    if (a && method === "GET") {
      return new Response(a.blob, {
        status: 200,
        headers: { "Content-Type": a.dto.contentType, "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.dto.name)}` },
      })
    }
    return this.#problem(lang, 404, "not_found", msg.notFound)
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "")
}

function normalisePhone(raw: string): string {
  const digits = raw.replace(/\D/g, "")
  return digits.length === 11 && (digits.startsWith("7") || digits.startsWith("8")) ? `+7${digits.slice(1)}` : `+${digits}`
}

function checkKind(f: CaseFieldDef, raw: unknown): { value: unknown } | { error: { ru: string; en: string } } {
  switch (f.kind) {
    case "text":
      return typeof raw === "string" ? { value: raw } : { error: msg.text }
    case "number":
      return typeof raw === "number" && Number.isFinite(raw) ? { value: raw } : { error: msg.number }
    case "money": {
      const m = raw as { amount?: unknown; currency?: unknown }
      return typeof m === "object" && Number.isInteger(m.amount) && typeof m.currency === "string" && /^[A-Z]{3}$/.test(m.currency) ? { value: raw } : { error: msg.money }
    }
    case "date":
      return typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? { value: raw } : { error: msg.date }
    case "phone":
      return typeof raw === "string" && /^\+?[\d\s()-]{5,20}$/.test(raw) ? { value: normalisePhone(raw) } : { error: msg.phone }
    case "email":
      return typeof raw === "string" && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(raw) ? { value: raw.trim().toLowerCase() } : { error: msg.email }
    case "vin": {
      const v = typeof raw === "string" ? raw.trim().toUpperCase() : ""
      return /^[A-HJ-NPR-Z0-9]{17}$/.test(v) ? { value: v } : { error: msg.vin }
    }
    case "plate":
    case "oms_policy":
    case "snils":
      return typeof raw === "string" && raw.trim() ? { value: raw.trim().toUpperCase() } : { error: msg.text }
    case "address": {
      const a = raw as { text?: unknown; lat?: unknown; lon?: unknown }
      if (typeof a !== "object" || typeof a.text !== "string" || !a.text.trim()) return { error: msg.address }
      return { value: raw }
    }
    default:
      return typeof raw === "string" && raw ? { value: raw } : { error: msg.id }
  }
}

/** Installs a {@link FakeCaseCard} in front of an installed {@link FakeApi}. */
export function installFakeCaseCard(api: FakeApi, options?: FakeCaseCardOptions): FakeCaseCard {
  return new FakeCaseCard(api, options).install()
}
