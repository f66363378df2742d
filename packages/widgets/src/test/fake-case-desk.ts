/**
 * The case desk's side of the in-page fake server, for the tests of `<org-case-list>`,
 * `<org-dictionary-editor>` and `<org-case-dashboard>`: case search with its filters and total,
 * case types, reference books (dictionaries, items, partners — strict bodies, versions, roles,
 * field errors in ru/en) and the roadside analytics with its exports — following
 * /work/briefs/contract.md. It sits on top of {@link FakeApi} (accounts, sessions, tokens, the
 * events socket): its routes are answered here, everything else goes on to the FakeApi.
 */
import type {
  Bilingual,
  CaseListItem,
  CaseTypeDefinition,
  DictionaryDto,
  DictionaryItemDto,
  PartnerDto,
  RoadsideAnalyticsDto,
  StateCategory,
  Weekday,
  WorkingHours,
} from "../api/case-desk.js"
import type { ProblemField, UserDto } from "../api/types.js"
import { FakeApi, type FakeApiOptions, type RecordedRequest } from "./fake-api.js"
import { json, noContent, problem, sleep, type FakeLang } from "./fake-http.js"

export interface FakeCaseType {
  readonly key: string
  readonly version?: number
  readonly archived?: boolean
  readonly definition: CaseTypeDefinition
}

export interface FakeDictionarySeed {
  readonly key: string
  readonly name: Bilingual
  readonly items?: readonly FakeItemSeed[]
}

export interface FakeItemSeed {
  readonly id?: string
  readonly code: string | null
  readonly ru: string
  readonly en?: string
  /** The id of the parent item, or "dictionary/code" of a seeded one. */
  readonly parent?: string
  readonly attributes?: Record<string, unknown>
  readonly archived?: boolean
}

export interface FakeCaseDeskOptions extends FakeApiOptions {
  /** Cases of the search, newest first. */
  readonly deskCases?: readonly CaseListItem[]
  readonly types?: readonly FakeCaseType[]
  readonly dictionaries?: readonly FakeDictionarySeed[]
  readonly partners?: readonly PartnerDto[]
  readonly analytics?: RoadsideAnalyticsDto
}

const texts = {
  ru: {
    validation_failed: "Некоторые поля заполнены неверно",
    forbidden: "Недостаточно прав для этого действия",
    not_found: "Не найдено",
    conflict: "Такая запись уже существует",
    taken: "Значение уже занято",
    stale_version: "Запись уже изменили: обновите её и повторите изменение",
    blank: "Поле не может быть пустым",
    code: "Код — от 1 до 64 символов без пробелов",
    excess: "Неизвестное поле",
    parent: "Родительский элемент не найден",
    parentSelf: "Элемент не может быть родителем самого себя",
    phone: "Ожидается номер телефона, например +7 900 123-45-67",
    time: "Ожидается время, например 09:00",
    closeTime: "Ожидается время, например 18:00 (24:00 — полночь)",
    pair: "Укажите и широту, и долготу, или ни одну из них",
    latitude: "Широта должна быть от -90 до 90",
    longitude: "Долгота должна быть от -180 до 180",
    service: "Такого вида услуги нет в справочнике видов услуг",
    city: "Такого города нет в справочнике городов",
    kind: 'Допустимые значения: "partner", "dealer"',
    email: "Ожидается адрес e-mail",
    title_required: "Укажите тему",
    title_too_long: "Тема длиннее 300 символов",
    internal: "Внутренняя ошибка сервера",
  },
  en: {
    validation_failed: "Some fields are invalid",
    forbidden: "You do not have the rights for this action",
    not_found: "Not found",
    conflict: "It already exists",
    taken: "Value is already taken",
    stale_version: "Someone changed it meanwhile: reload and apply your change again",
    blank: "Must not be blank",
    code: "A code has 1–64 characters and no spaces",
    excess: "Expected no excess property",
    parent: "No such parent item",
    parentSelf: "An item cannot be its own parent or ancestor",
    phone: "Expected a phone number like +7 900 123-45-67",
    time: "Expected a time like 09:00",
    closeTime: "Expected a time like 18:00 (24:00 for midnight)",
    pair: "Give both latitude and longitude, or neither",
    latitude: "Latitude must be between -90 and 90",
    longitude: "Longitude must be between -180 and 180",
    service: "Not a service type of the service_types dictionary",
    city: "Not a city of the cities dictionary",
    kind: 'Expected "partner" | "dealer"',
    email: "Expected an e-mail address",
    title_required: "Title is required",
    title_too_long: "Title is longer than 300 characters",
    internal: "Internal server error",
  },
}
type Texts = (typeof texts)["ru"]

const CASES = "/api/v1/cases"
const REF = `${CASES}/reference`
const EDITORS = ["admin", "supervisor"]
const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

type MutableItem = { -readonly [K in keyof DictionaryItemDto]: DictionaryItemDto[K] }
type MutablePartner = { -readonly [K in keyof PartnerDto]: PartnerDto[K] }
type MutableCase = { -readonly [K in keyof CaseListItem]: CaseListItem[K] }

let seq = 0
const uuid = () => crypto.randomUUID()

/** A case of the search for seeding; `minutesAgo` sets createdAt (and updatedAt unless given). */
export function deskCase(partial: Partial<CaseListItem> & { minutesAgo?: number } = {}): CaseListItem {
  seq++
  const { minutesAgo = seq, ...rest } = partial
  const createdAt = new Date(Date.now() - minutesAgo * 60_000).toISOString()
  return {
    id: uuid(),
    number: String(5000 + seq),
    title: `Case ${seq}`,
    status: "new",
    applicantPhone: null,
    type: null,
    typeVersion: null,
    values: {},
    flags: [],
    assigneeId: null,
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...rest,
  }
}

const t2 = (ru: string, en: string): Bilingual => ({ ru, en })

/** The hotline type of the templates (states and the yellow "attention" flag), as the server has it. */
export const HOTLINE_TYPE: FakeCaseType = {
  key: "hotline",
  version: 1,
  definition: {
    key: "hotline",
    name: t2("Горячая линия", "Hotline"),
    fields: [],
    states: [
      { key: "new", label: t2("Новое", "New"), category: "open", initial: true },
      { key: "in_work", label: t2("В работе", "In work"), category: "open" },
      { key: "registered", label: t2("Зарегистрировано", "Registered"), category: "paused" },
      { key: "rejected", label: t2("Отклонено", "Rejected"), category: "resolved" },
      { key: "completed", label: t2("Выполнено", "Completed"), category: "resolved" },
      { key: "closed_by_user", label: t2("Закрыто пользователем", "Closed by user"), category: "resolved" },
    ],
    flags: [{ key: "attention", label: t2("Внимание!", "Attention!"), color: "#facc15" }],
  },
}

export const ROADSIDE_TYPE: FakeCaseType = {
  key: "roadside",
  version: 3,
  definition: {
    key: "roadside",
    name: t2("Помощь на дорогах", "Roadside assistance"),
    fields: [],
    states: [
      { key: "new", label: t2("Новое", "New"), category: "open", initial: true },
      { key: "in_progress", label: t2("В работе", "In progress"), category: "open" },
      { key: "waiting_partner", label: t2("Ожидание партнёра", "Waiting for the partner"), category: "paused" },
      { key: "completed", label: t2("Выполнено", "Completed"), category: "resolved" },
      { key: "cancelled", label: t2("Отменено", "Cancelled"), category: "resolved" },
    ],
    flags: [{ key: "attention", label: t2("Срочно", "Urgent"), color: "#f97316" }],
  },
}

export class FakeCaseDesk {
  readonly api: FakeApi
  /** Requests this fake answered (the FakeApi records the others). */
  readonly requests: RecordedRequest[] = []
  cases: MutableCase[]
  readonly types = new Map<string, FakeCaseType>()
  readonly dictionaries: (DictionaryDto & { archived: boolean })[] = []
  /** Items by dictionary key. */
  readonly items = new Map<string, MutableItem[]>()
  partners: MutablePartner[]
  analytics: RoadsideAnalyticsDto
  /** Route → status to fail with ("GET /api/v1/cases", "GET /api/v1/cases/analytics/roadside" …). */
  readonly failures = new Map<string, number>()
  latencyMs: number
  /** The search counts matches up to this (the real server: 10 000), then says `totalExact: false`. */
  totalCap = 10_000
  /** Route → a problem to answer once, as the server would for input this fake does not judge. */
  readonly #next = new Map<string, { status: number; code: string; fields: { ru: ProblemField[]; en: ProblemField[] } }>()
  #hold: Promise<void> | null = null
  #nextNumber = 7000
  #installed = false
  #previousFetch: typeof fetch | undefined

  constructor(options: FakeCaseDeskOptions = {}) {
    this.api = new FakeApi(options)
    this.latencyMs = options.latencyMs ?? 0
    this.cases = (options.deskCases ?? []).map((c) => ({ ...c }))
    for (const type of options.types ?? []) this.types.set(type.key, type)
    for (const d of options.dictionaries ?? []) this.addDictionary(d)
    this.partners = (options.partners ?? []).map((p) => ({ ...p }))
    this.analytics = options.analytics ?? emptyAnalytics()
  }

  /** Adds a dictionary with its items (parents as ids or "dictionary/code" of items seeded before). */
  addDictionary(seed: FakeDictionarySeed): DictionaryDto {
    const dict = { id: uuid(), key: seed.key, name: seed.name, archived: false }
    this.dictionaries.push(dict)
    const items: MutableItem[] = []
    this.items.set(seed.key, items)
    for (const [i, s] of (seed.items ?? []).entries()) {
      items.push({
        id: s.id ?? uuid(),
        dictionary: seed.key,
        code: s.code,
        label: { ru: s.ru, en: s.en ?? s.ru },
        parentId: s.parent ? this.#resolveParent(s.parent) : null,
        sort: (i + 1) * 10,
        attributes: s.attributes ?? {},
        archived: s.archived ?? false,
        version: 1,
        updatedAt: new Date().toISOString(),
      })
    }
    return dict
  }

  #resolveParent(ref: string): string | null {
    const [key, code] = ref.split("/")
    if (code !== undefined) return this.items.get(key!)?.find((i) => i.code === code)?.id ?? null
    return ref
  }

  /** The item of a dictionary with that code. */
  item(key: string, code: string): MutableItem {
    const found = this.items.get(key)?.find((i) => i.code === code)
    if (!found) throw new Error(`no item ${key}/${code}`)
    return found
  }

  install(): this {
    if (this.#installed) return this
    this.#installed = true
    this.api.install()
    this.#previousFetch = globalThis.fetch
    const inner = this.#previousFetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => this.#fetch(input, init, inner)
    return this
  }

  restore(): void {
    if (!this.#installed) return
    this.#installed = false
    this.api.restore()
  }

  /** Requests with this method to exactly this path (no query). */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === this.api.prefix + path)
  }

  /** Answers the next request of `route` ("PUT /api/v1/…") with a 400 (or `status`) carrying these fields. */
  failNext(route: string, fields: { ru: ProblemField[]; en: ProblemField[] }, status = 400, code = "validation_failed"): void {
    this.#next.set(route, { status, code, fields })
  }

  /** Holds every case search until the returned function is called. */
  holdSearches(): () => void {
    let release!: () => void
    this.#hold = new Promise<void>((resolve) => (release = resolve))
    return () => {
      this.#hold = null
      release()
    }
  }

  // --- what other clients do -----------------------------------------------------------------

  /** Another operator opened a case: stored and announced on the socket. */
  createFromOtherClient(partial: Partial<CaseListItem>): CaseListItem {
    const created = { ...deskCase({ minutesAgo: 0 }), number: String(this.#nextNumber++), ...partial } as MutableCase
    this.cases.unshift(created)
    this.api.emit("case.created", this.#strip(created))
    return created
  }

  /** Another operator changed a case (fields, flags, assignee). */
  updateFromOtherClient(id: string, patch: Partial<CaseListItem>): CaseListItem {
    const c = this.#case(id)
    Object.assign(c, patch, { version: (c.version ?? 1) + 1, updatedAt: new Date().toISOString() })
    this.api.emit("case.updated", this.#strip(c))
    return c
  }

  /** Another operator moved a case to another state. */
  moveFromOtherClient(id: string, to: string): CaseListItem {
    const c = this.#case(id)
    const from = c.status
    Object.assign(c, { status: to, version: (c.version ?? 1) + 1, updatedAt: new Date().toISOString() })
    this.api.emit("case.moved", { case: this.#strip(c), from, to })
    return c
  }

  /** Another editor saved an item meanwhile (its version goes up). */
  changeItemElsewhere(key: string, id: string, patch: Partial<DictionaryItemDto> = {}): DictionaryItemDto {
    const item = this.items.get(key)!.find((i) => i.id === id)!
    Object.assign(item, patch, { version: item.version + 1, updatedAt: new Date().toISOString() })
    return item
  }

  changePartnerElsewhere(id: string, patch: Partial<PartnerDto> = {}): PartnerDto {
    const p = this.partners.find((x) => x.id === id)!
    Object.assign(p, patch, { version: p.version + 1, updatedAt: new Date().toISOString() })
    return p
  }

  #case(id: string): MutableCase {
    const c = this.cases.find((x) => x.id === id)
    if (!c) throw new Error(`no case ${id}`)
    return c
  }

  /** A CaseDto as events carry it (without the list's extras). */
  #strip(c: CaseListItem): CaseListItem {
    const { statusCategory: _a, typeName: _b, statusLabel: _c, ...dto } = c
    return dto
  }

  // --- HTTP ----------------------------------------------------------------------------------

  #owns(path: string): boolean {
    return (
      path === CASES ||
      path === `${CASES}/types` ||
      path.startsWith(`${CASES}/types/`) ||
      path.startsWith(`${REF}/`) ||
      path.startsWith(`${CASES}/analytics/`)
    )
  }

  async #fetch(input: RequestInfo | URL, init: RequestInit = {}, inner: typeof fetch): Promise<Response> {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request ? request.url : String(input), location.href)
    const path = url.pathname.slice(this.api.prefix.length)
    if (url.origin !== this.api.origin || !url.pathname.startsWith(this.api.prefix) || !this.#owns(path)) return inner(input, init)
    const method = (init.method ?? request?.method ?? "GET").toUpperCase()
    const headers = new Headers(init.headers ?? request?.headers)
    const raw = typeof init.body === "string" ? init.body : undefined
    let body: unknown
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      body = raw
    }
    this.requests.push({ method, path: url.pathname, query: url.searchParams, headers, credentials: init.credentials, body })
    if (this.latencyMs) await sleep(this.latencyMs)
    const lang: FakeLang = headers.get("accept-language")?.toLowerCase().startsWith("en") ? "en" : "ru"
    const t = texts[lang]
    if (!this.api.authorised(headers)) return problem(401, "unauthorized", lang === "en" ? "Sign-in required" : "Требуется вход")
    const actor = headers.get("authorization")?.startsWith("Bearer ") ? this.api.directory.accounts[0]!.user : this.api.directory.current.user
    const once = this.#next.get(`${method} ${path}`)
    if (once) {
      this.#next.delete(`${method} ${path}`)
      return problem(once.status, once.code, t.validation_failed, undefined, once.fields[lang])
    }
    const failure = this.failures.get(`${method} ${path}`)
    if (failure) return problem(failure, "internal", t.internal)
    return this.#route(method, path, url.searchParams, body, t, actor)
  }

  async #route(method: string, path: string, query: URLSearchParams, body: unknown, t: Texts, actor: UserDto): Promise<Response> {
    if (path === CASES && method === "GET") {
      if (this.#hold) await this.#hold
      return this.#search(query, actor)
    }
    if (path === CASES && method === "POST") return this.#createCase(body, t)
    if (path === `${CASES}/types` && method === "GET") {
      return json(200, {
        items: [...this.types.values()].map((x) => ({ key: x.key, name: x.definition.name, version: x.version ?? 1, archived: !!x.archived })),
        templates: [],
      })
    }
    const typeMatch = /^\/api\/v1\/cases\/types\/([^/]+)$/.exec(path)
    if (typeMatch && method === "GET") {
      const type = this.types.get(decodeURIComponent(typeMatch[1]!))
      if (!type) return problem(404, "not_found", t.not_found)
      return json(200, { key: type.key, name: type.definition.name, version: type.version ?? 1, archived: !!type.archived, definition: type.definition })
    }
    if (path === `${CASES}/analytics/roadside` && method === "GET") return this.#analytics(query, t, actor)
    if (path.startsWith(`${REF}/`)) return this.#reference(method, path.slice(REF.length), query, body, t, actor)
    return problem(404, "not_found", t.not_found)
  }

  // --- case search -----------------------------------------------------------------------------

  #enrich(c: CaseListItem): CaseListItem {
    const type = c.type ? this.types.get(c.type) : undefined
    const state = type?.definition.states.find((s) => s.key === c.status)
    const untyped: Record<string, StateCategory> = { new: "open", in_progress: "open", resolved: "resolved", closed: "resolved" }
    return {
      ...c,
      statusCategory: state?.category ?? untyped[c.status] ?? "open",
      typeName: type ? type.definition.name : null,
      statusLabel: state ? state.label : null,
    }
  }

  #search(query: URLSearchParams, actor: UserDto): Response {
    const limit = Math.min(200, Math.max(1, Number(query.get("limit") ?? 50) || 50))
    const offset = Number((query.get("cursor") ?? "o:0").slice(2)) || 0
    const q = query.get("q")?.trim().toLowerCase()
    const period = query.get("period") ?? "all"
    const from = query.get("from") ? Date.parse(query.get("from")!) : -Infinity
    const to = query.get("to") ? Date.parse(query.get("to")!) : Infinity
    const group = query.get("statusGroup") ?? "any"
    const assignee = query.get("assignee")
    const matches = this.cases.map((c) => this.#enrich(c)).filter((c) => {
      const created = Date.parse(c.createdAt)
      if (q) {
        const digits = q.replace(/\D/g, "")
        const hay = [c.number, c.title, JSON.stringify(c.values ?? {})].join(" ").toLowerCase()
        const phone = (c.applicantPhone ?? "").replace(/\D/g, "")
        if (!hay.includes(q) && !(digits.length >= 4 && phone.includes(digits))) return false
      }
      if (period === "24h" && created < Date.now() - 86_400_000) return false
      if (period === "range" && (created < from || created >= to)) return false
      if (group === "active" && c.statusCategory === "resolved") return false
      if (group === "inactive" && c.statusCategory !== "resolved") return false
      if (query.get("type") && c.type !== query.get("type")) return false
      if (query.get("status") && c.status !== query.get("status")) return false
      if (assignee === "me" && c.assigneeId !== actor.id) return false
      if (assignee === "none" && c.assigneeId) return false
      if (assignee && assignee !== "me" && assignee !== "none" && c.assigneeId !== assignee) return false
      if (query.get("attention") === "true" && !c.flags?.includes("attention")) return false
      return true
    })
    const items = matches.slice(offset, offset + limit)
    const next = offset + limit < matches.length ? `o:${offset + limit}` : null
    const capped = matches.length > this.totalCap
    return json(200, { items, nextCursor: next, total: capped ? this.totalCap : matches.length, totalExact: !capped })
  }

  #createCase(body: unknown, t: Texts): Response {
    const b = (body ?? {}) as { title?: unknown; applicantPhone?: unknown }
    const fields: ProblemField[] = []
    const title = typeof b.title === "string" ? b.title.trim() : ""
    if (!title) fields.push({ path: "title", message: t.title_required })
    else if (title.length > 300) fields.push({ path: "title", message: t.title_too_long })
    const phone = b.applicantPhone
    if (phone != null && (typeof phone !== "string" || !/^\+?[\d\s()-]{5,20}$/.test(phone))) fields.push({ path: "applicantPhone", message: t.phone })
    if (fields.length) return problem(400, "validation_failed", t.validation_failed, undefined, fields)
    const created = { ...deskCase({ minutesAgo: 0 }), number: String(this.#nextNumber++), title, applicantPhone: typeof phone === "string" ? phone : null }
    this.cases.unshift(created)
    setTimeout(() => this.api.emit("case.created", this.#strip(created)), 0)
    return json(201, this.#strip(created))
  }

  // --- reference -------------------------------------------------------------------------------

  #reference(method: string, path: string, query: URLSearchParams, body: unknown, t: Texts, actor: UserDto): Response {
    const editor = actor.roles.some((r) => EDITORS.includes(r))
    const forbidden = () => problem(403, "forbidden", t.forbidden, "roles: admin, supervisor")
    if (path === "/dictionaries" && method === "GET") return json(200, { items: this.dictionaries.filter((d) => !d.archived) })
    const itemsMatch = /^\/dictionaries\/([^/]+)\/items(?:\/([^/]+)(\/archive)?)?$/.exec(path)
    if (itemsMatch) {
      const key = decodeURIComponent(itemsMatch[1]!)
      const items = this.items.get(key)
      if (!items) return problem(404, "not_found", t.not_found, `dictionary ${key}`)
      const id = itemsMatch[2] ? decodeURIComponent(itemsMatch[2]) : undefined
      if (!id && method === "GET") return this.#listItems(items, query)
      if (method !== "GET" && !editor) return forbidden()
      if (!id && method === "POST") return this.#saveItem(key, items, undefined, body, t)
      const item = items.find((i) => i.id === id)
      if (!item) return problem(404, "not_found", t.not_found)
      if (itemsMatch[3] && method === "POST") {
        if (!item.archived) Object.assign(item, { archived: true, version: item.version + 1 })
        return noContent()
      }
      if (!itemsMatch[3] && method === "PUT") return this.#saveItem(key, items, item, body, t)
    }
    if (path === "/partners" && method === "GET") return this.#listPartners(query)
    if (path === "/partners" && method === "POST") return editor ? this.#savePartner(undefined, body, t) : forbidden()
    const partnerMatch = /^\/partners\/([^/]+)(\/archive)?$/.exec(path)
    if (partnerMatch) {
      const partner = this.partners.find((p) => p.id === decodeURIComponent(partnerMatch[1]!))
      if (!partner) return problem(404, "not_found", t.not_found)
      if (method === "GET" && !partnerMatch[2]) return json(200, partner)
      if (!editor) return forbidden()
      if (method === "POST" && partnerMatch[2]) {
        if (!partner.archived) Object.assign(partner, { archived: true, version: partner.version + 1 })
        return noContent()
      }
      if (method === "PUT" && !partnerMatch[2]) return this.#savePartner(partner, body, t)
    }
    return problem(404, "not_found", t.not_found)
  }

  #listItems(items: readonly MutableItem[], query: URLSearchParams): Response {
    const limit = Math.min(200, Math.max(1, Number(query.get("limit") ?? 200) || 200))
    const offset = Number((query.get("cursor") ?? "o:0").slice(2)) || 0
    const q = query.get("q")?.trim().toLowerCase()
    const parent = query.get("parent")
    const all = query.get("includeArchived") === "true"
    const matching = items
      .filter((i) => all || !i.archived)
      .filter((i) => !parent || i.parentId === parent)
      .filter((i) => !q || [i.code ?? "", i.label.ru, i.label.en].join("\n").toLowerCase().includes(q))
      .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.label.ru.localeCompare(b.label.ru))
    const page = matching.slice(offset, offset + limit)
    return json(200, { items: page, nextCursor: offset + limit < matching.length ? `o:${offset + limit}` : null })
  }

  #saveItem(key: string, items: MutableItem[], current: MutableItem | undefined, body: unknown, t: Texts): Response {
    const b = (body ?? {}) as Record<string, unknown>
    const fields: ProblemField[] = []
    const allowed = ["code", "label", "parentId", "sort", "attributes", ...(current ? ["version"] : [])]
    for (const k of Object.keys(b)) if (!allowed.includes(k)) fields.push({ path: k, message: t.excess })
    const label = (b["label"] ?? {}) as { ru?: unknown; en?: unknown }
    if (typeof label.ru !== "string" || !label.ru.trim()) fields.push({ path: "label.ru", message: t.blank })
    const code = b["code"]
    if (code != null && (typeof code !== "string" || !/^[^\s]{1,64}$/.test(code))) fields.push({ path: "code", message: t.code })
    const parentId = b["parentId"]
    if (parentId != null) {
      const all = [...this.items.values()].flat()
      if (typeof parentId !== "string" || !all.some((i) => i.id === parentId)) fields.push({ path: "parentId", message: t.parent })
      else if (current && parentId === current.id) fields.push({ path: "parentId", message: t.parentSelf })
    }
    const attributes = b["attributes"]
    if (attributes !== undefined && (typeof attributes !== "object" || attributes === null || Array.isArray(attributes))) {
      fields.push({ path: "attributes", message: t.excess })
    }
    if (fields.length) return problem(400, "validation_failed", t.validation_failed, undefined, fields)
    if (current && b["version"] !== current.version) {
      return json(409, { type: "urn:problem:stale_version", title: t.stale_version, status: 409, code: "stale_version", currentVersion: current.version })
    }
    const trimmedCode = typeof code === "string" ? code.trim() : null
    if (trimmedCode && items.some((i) => i.code === trimmedCode && i.id !== current?.id)) {
      return problem(409, "conflict", t.conflict, undefined, [{ path: "code", message: t.taken }])
    }
    const values = {
      code: trimmedCode,
      label: { ru: String(label.ru).trim(), en: typeof label.en === "string" && label.en.trim() ? label.en.trim() : String(label.ru).trim() },
      parentId: (parentId as string | null | undefined) ?? null,
      sort: typeof b["sort"] === "number" ? b["sort"] : 0,
      attributes: (attributes as Record<string, unknown> | undefined) ?? {},
      updatedAt: new Date().toISOString(),
    }
    if (current) {
      Object.assign(current, values, { version: current.version + 1 })
      return json(200, current)
    }
    const created: MutableItem = { id: uuid(), dictionary: key, archived: false, version: 1, ...values }
    items.push(created)
    return json(201, created)
  }

  #listPartners(query: URLSearchParams): Response {
    const limit = Math.min(200, Math.max(1, Number(query.get("limit") ?? 200) || 200))
    const offset = Number((query.get("cursor") ?? "o:0").slice(2)) || 0
    const q = query.get("q")?.trim().toLowerCase()
    const kind = query.get("kind")
    const matching = this.partners
      .filter((p) => !p.archived)
      .filter((p) => !kind || p.kind === kind)
      .filter((p) => !q || [p.name, p.address ?? "", p.email ?? "", ...p.phones].join("\n").toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name))
    const page = matching.slice(offset, offset + limit)
    return json(200, { items: page, nextCursor: offset + limit < matching.length ? `o:${offset + limit}` : null })
  }

  #savePartner(current: MutablePartner | undefined, body: unknown, t: Texts): Response {
    const b = (body ?? {}) as Record<string, unknown>
    const fields: ProblemField[] = []
    const allowed = ["name", "kind", "phones", "email", "address", "lat", "lon", "cityId", "services", "workingHours", "comment", ...(current ? ["version"] : [])]
    for (const k of Object.keys(b)) if (!allowed.includes(k)) fields.push({ path: k, message: t.excess })
    if (typeof b["name"] !== "string" || !b["name"].trim()) fields.push({ path: "name", message: t.blank })
    if (b["kind"] !== "partner" && b["kind"] !== "dealer") fields.push({ path: "kind", message: t.kind })
    const phones = Array.isArray(b["phones"]) ? (b["phones"] as unknown[]) : []
    phones.forEach((p, i) => {
      if (typeof p !== "string" || !/^\+?[\d\s()-]{5,20}$/.test(p)) fields.push({ path: `phones.${i}`, message: t.phone })
    })
    if (b["email"] != null && (typeof b["email"] !== "string" || !/^[^@\s]+@[^@\s]+$/.test(b["email"]))) fields.push({ path: "email", message: t.email })
    const lat = b["lat"] as number | null | undefined
    const lon = b["lon"] as number | null | undefined
    if (lat != null && (typeof lat !== "number" || lat < -90 || lat > 90)) fields.push({ path: "lat", message: t.latitude })
    if (lon != null && (typeof lon !== "number" || lon < -180 || lon > 180)) fields.push({ path: "lon", message: t.longitude })
    if ((lat == null) !== (lon == null)) fields.push({ path: lat == null ? "lat" : "lon", message: t.pair })
    const cities = this.items.get("cities") ?? []
    if (b["cityId"] != null && !cities.some((c) => c.id === b["cityId"] && !c.archived)) fields.push({ path: "cityId", message: t.city })
    const serviceTypes = this.items.get("service_types") ?? []
    const services = Array.isArray(b["services"]) ? (b["services"] as unknown[]) : []
    services.forEach((s, i) => {
      if (!serviceTypes.some((x) => x.id === s && !x.archived)) fields.push({ path: `services.${i}`, message: t.service })
    })
    const hours = b["workingHours"] as { alwaysOpen?: boolean; days?: Record<string, { open?: unknown; close?: unknown } | null> } | null | undefined
    for (const day of WEEKDAYS) {
      const d = hours?.days?.[day]
      if (!d) continue
      if (typeof d.open !== "string" || !/^([01]\d|2[0-3]):[0-5]\d$/.test(d.open)) fields.push({ path: `workingHours.days.${day}.open`, message: t.time })
      if (typeof d.close !== "string" || !/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(d.close)) fields.push({ path: `workingHours.days.${day}.close`, message: t.closeTime })
    }
    if (fields.length) return problem(400, "validation_failed", t.validation_failed, undefined, fields)
    if (current && b["version"] !== current.version) {
      return json(409, { type: "urn:problem:stale_version", title: t.stale_version, status: 409, code: "stale_version", currentVersion: current.version })
    }
    const values = {
      name: String(b["name"]).trim(),
      kind: b["kind"] as "partner" | "dealer",
      phones: phones as string[],
      email: (b["email"] as string | null | undefined) ?? null,
      address: typeof b["address"] === "string" && b["address"].trim() ? b["address"].trim() : null,
      lat: lat ?? null,
      lon: lon ?? null,
      cityId: (b["cityId"] as string | null | undefined) ?? null,
      services: services as string[],
      workingHours: hours
        ? {
            alwaysOpen: hours.alwaysOpen ?? false,
            days: Object.fromEntries(WEEKDAYS.map((d) => [d, hours.days?.[d] ?? null])) as WorkingHours["days"],
          }
        : null,
      comment: typeof b["comment"] === "string" && b["comment"].trim() ? b["comment"].trim() : null,
      updatedAt: new Date().toISOString(),
    }
    if (current) {
      Object.assign(current, values, { version: current.version + 1 })
      return json(200, current)
    }
    const created: MutablePartner = { id: uuid(), archived: false, version: 1, ...values }
    this.partners.push(created)
    return json(201, created)
  }

  // --- analytics -------------------------------------------------------------------------------

  #analytics(query: URLSearchParams, t: Texts, actor: UserDto): Response {
    if (!actor.roles.some((r) => EDITORS.includes(r))) return problem(403, "forbidden", t.forbidden, "roles: supervisor, admin")
    const format = query.get("format") ?? "json"
    if (format === "json") return json(200, this.analytics)
    const types: Record<string, string> = {
      csv: "text/csv; charset=utf-8",
      xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      pdf: "application/pdf",
    }
    if (!types[format]) return problem(400, "validation_failed", t.validation_failed, undefined, [{ path: "query.format", message: t.excess }])
    const content = format === "csv" ? `day;services\n${this.analytics.series.map((s) => `${s.day};${s.services}`).join("\n")}\n` : `${format.toUpperCase()} ${query.toString()}`
    return new Response(content, {
      status: 200,
      headers: { "Content-Type": types[format]!, "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`Отчёт по услугам.${format}`)}` },
    })
  }
}

export function emptyAnalytics(): RoadsideAnalyticsDto {
  return {
    totals: {
      services: 0,
      avgArrivalMinutes: null,
      avgFirstProcessingMinutes: null,
      avgUnassignedMinutes: null,
      avgAssignedMinutes: null,
      customerCost: { amount: 0, currency: "RUB" },
      partnerCost: { amount: 0, currency: "RUB" },
      satisfactionPercent: null,
    },
    byServiceType: [],
    byActionType: [],
    series: [],
  }
}

/** A filled dashboard: 14 days of services, four service types, three action types. */
export function sampleAnalytics(days = 14, end = new Date()): RoadsideAnalyticsDto {
  const series = Array.from({ length: days }, (_, i) => {
    const d = new Date(end.getTime() - (days - 1 - i) * 86_400_000)
    const services = [12, 15, 9, 18, 22, 7, 5, 14, 19, 21, 16, 11, 6, 13][i % 14]!
    return { day: d.toISOString().slice(0, 10), services, avgArrivalMinutes: services ? 38 + ((i * 7) % 23) : null }
  })
  const total = series.reduce((s, d) => s + d.services, 0)
  const rub = (amount: number) => ({ amount, currency: "RUB" })
  // The per-type counts add up to the total (they are 96, 61, 24, 7 for 14 days).
  const base = [96, 61, 24, 7]
  const counts = base.map((c) => Math.round((c * total) / 188))
  counts[0]! += total - counts.reduce((s, c) => s + c, 0)
  return {
    totals: {
      services: total,
      avgArrivalMinutes: 47.4,
      avgFirstProcessingMinutes: 3.2,
      avgUnassignedMinutes: 6.5,
      avgAssignedMinutes: 84,
      customerCost: rub(184_250_000),
      partnerCost: rub(126_730_050),
      satisfactionPercent: 92.3,
    },
    byServiceType: [
      { kind: "TOW", label: t2("Эвакуация", "Tow truck"), count: counts[0]!, avgWaitMinutes: 52, avgServiceMinutes: 95, customerCost: rub(115_200_000), partnerCost: rub(80_640_000) },
      { kind: "TECH_HELP", label: t2("Техническая помощь", "Technical help"), count: counts[1]!, avgWaitMinutes: 41, avgServiceMinutes: 35, customerCost: rub(42_700_000), partnerCost: rub(29_890_000) },
      { kind: "TAXI", label: t2("Такси", "Taxi"), count: counts[2]!, avgWaitMinutes: 17, avgServiceMinutes: 44, customerCost: rub(16_800_000), partnerCost: rub(11_760_000) },
      { kind: "HOTEL", label: t2("Гостиница", "Hotel"), count: counts[3]!, avgWaitMinutes: null, avgServiceMinutes: null, customerCost: rub(9_550_000), partnerCost: rub(4_440_050) },
    ],
    byActionType: [
      { kind: "CALL_CLIENT", label: t2("Звонок клиенту", "Call the client"), count: 142, overdue: 0, avgExecutionMinutes: 4.5 },
      { kind: "ORDER_SERVICE", label: t2("Заказ услуги у партнёра", "Order a service from a partner"), count: 188, overdue: 6, avgExecutionMinutes: 11 },
      { kind: "BACK_OFFICE", label: t2("Передача в бэк-офис", "Hand over to the back office"), count: 97, overdue: 2, avgExecutionMinutes: 260 },
    ],
    series,
  }
}

/** A partner for seeding. */
export function makePartner(partial: Partial<PartnerDto> = {}): PartnerDto {
  return {
    id: uuid(),
    name: "Эвакуатор-Сервис",
    kind: "partner",
    phones: ["+74951234567"],
    email: null,
    address: "Москва, Ленинградское ш., 42",
    lat: 55.8,
    lon: 37.5,
    cityId: null,
    services: [],
    workingHours: null,
    comment: null,
    archived: false,
    version: 1,
    updatedAt: new Date().toISOString(),
    ...partial,
  }
}

export function installFakeCaseDesk(options?: FakeCaseDeskOptions): FakeCaseDesk {
  return new FakeCaseDesk(options).install()
}
