import { html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import { styleMap } from "lit/directives/style-map.js"
import {
  getCaseType,
  listCaseTypes,
  searchCases,
  type CaseListItem,
  type CasePeriod,
  type CaseSearchParams,
  type CaseStatusGroup,
  type CaseTypeDefinition,
  type CaseTypeSummary,
  type StateCategory,
} from "../api/case-desk.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import type { ConnectionState } from "../api/events.js"
import { CaseCreatedEvent, CaseOpenEvent } from "../events.js"
import { formatDateTime, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { endOfDay, startOfDay } from "../lib/case-desk-dates.js"
import { formatCount } from "../lib/case-desk-format.js"
import { caseListStyles } from "../lib/case-list-styles.js"
import { CurrentUserController } from "../lib/current-user.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, dateRange, notes, searchBox, segmented, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

type LoadState = "loading" | "ready" | "error"

const FORM_FIELDS = ["title", "applicantPhone"] as const
type FormField = (typeof FORM_FIELDS)[number]

/** Texts of the statuses of untyped cases. */
const STATUS_KEYS: Record<string, MessageKey> = {
  new: "cases.status.new",
  in_progress: "cases.status.in_progress",
  resolved: "cases.status.resolved",
  closed: "cases.status.closed",
}
const UNTYPED_CATEGORY: Record<string, StateCategory> = { new: "open", in_progress: "open", resolved: "resolved", closed: "resolved" }

/** The flag that marks a case for everyone's attention, and its colour when the type names none. */
export const ATTENTION_FLAG = "attention"
export const DEFAULT_ATTENTION_COLOR = "#facc15"

/** Topics that may change what the list shows. */
const LIVE_TOPICS = ["case.created", "case.updated", "case.moved"] as const

/** The filters of the list (what the filter bar shows). Dates are `YYYY-MM-DD` in the tenant's zone. */
export interface CaseListFilters {
  readonly q: string
  readonly period: CasePeriod
  readonly from: string
  readonly to: string
  readonly statusGroup: CaseStatusGroup
  /** A case type key, "" for all. */
  readonly type: string
  /** A state of `type`, "" for all. */
  readonly status: string
  /** "" anyone, "me", "none" or a user id. */
  readonly assignee: string
  readonly attention: boolean
}

export const DEFAULT_CASE_LIST_FILTERS: CaseListFilters = {
  q: "",
  period: "all",
  from: "",
  to: "",
  statusGroup: "any",
  type: "",
  status: "",
  assignee: "",
  attention: false,
}

/**
 * `org-case-open`, from a row of `<org-case-list>`: a {@link CaseOpenEvent} (so whoever listens
 * for that one gets it) that also carries the case's people-facing number.
 */
export class CaseListOpenEvent extends CaseOpenEvent {
  readonly id: string
  readonly number: string
  constructor(item: { readonly id: string; readonly number: string | number }) {
    super(item.id)
    this.id = item.id
    this.number = String(item.number)
  }
}

const SEARCH_DEBOUNCE_MS = 300
const LIVE_DEBOUNCE_MS = 250
const MAX_LIMIT = 200

/**
 * `<org-case-list>`: the operator's case list — a filter bar (search, period, active/inactive,
 * type, status of the type, assignee, "Attention!"), the matching cases newest first with their
 * type, status (coloured by its category), applicant, assignee and times, the total, "show more"
 * paging, and live updates: on `case.created` / `case.updated` / `case.moved` the first page is
 * asked again with the same filters (so a case that does not match never appears). Cases flagged
 * `attention` are highlighted in the flag's colour for everyone. A row opens with a click or
 * Enter (`org-case-open`). The form above creates an untyped case (hide it with `no-create`).
 *
 * @attr token - widget token (optional; without it the console session cookie is used)
 * @attr base-url - server origin/prefix (optional)
 * @attr page-size - cases per page, default 50
 * @attr time-zone - IANA zone for dates; default: the tenant's (from the session, else `GET /auth/me`)
 * @attr no-create - hides the create form
 * @attr selected-id - the id of the case shown elsewhere (its row is marked)
 * @prop filters - {@link CaseListFilters}; setting it re-queries
 * @fires org-case-open - {@link CaseListOpenEvent} when a row is clicked or Enter is pressed on it
 * @fires org-case-created - {@link CaseCreatedEvent} after the form created a case
 * @csspart filters, search, filter, attention-toggle, reset, summary, total, form, table, row,
 *   badge, type, assignee, input, field-error, submit, load-more, empty, loading, error, notice
 * @cssprop --org-case-attention - highlight of flagged rows when the type gives no colour
 * @cssprop --org-status-open-bg, --org-status-open-fg, --org-status-paused-bg, --org-status-paused-fg,
 *   --org-status-resolved-bg, --org-status-resolved-fg - status badges by category
 */
export class OrgCaseList extends OrgElement {
  static override properties = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    pageSize: { type: Number, attribute: "page-size" },
    timeZone: { type: String, attribute: "time-zone" },
    noCreate: { type: Boolean, attribute: "no-create", reflect: true },
    selectedId: { type: String, attribute: "selected-id" },
    _filters: { state: true },
    _items: { state: true },
    _nextCursor: { state: true },
    _total: { state: true },
    _totalExact: { state: true },
    _loadState: { state: true },
    _loadError: { state: true },
    _refreshing: { state: true },
    _loadingMore: { state: true },
    _moreError: { state: true },
    _submitting: { state: true },
    _fieldErrors: { state: true },
    _formError: { state: true },
    _announcement: { state: true },
    _socket: { state: true },
    _types: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare pageSize: number
  declare timeZone: string | undefined
  declare noCreate: boolean
  declare selectedId: string | undefined
  declare _filters: CaseListFilters
  declare _items: CaseListItem[]
  declare _nextCursor: string | null
  declare _total: number | null
  declare _totalExact: boolean
  declare _loadState: LoadState
  declare _loadError: ErrorText | null
  declare _refreshing: boolean
  declare _loadingMore: boolean
  declare _moreError: ErrorText | null
  declare _submitting: boolean
  declare _fieldErrors: Partial<Record<FormField, string>>
  declare _formError: ErrorText | null
  declare _announcement: string
  declare _socket: ConnectionState
  declare _types: CaseTypeSummary[]

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #me = new CurrentUserController(this, this.#api)
  #client: ApiClient | undefined
  #loadSeq = 0
  #inFlight = false
  #release: (() => void) | undefined
  #offs: (() => void)[] = []
  readonly #fresh = new Set<string>()
  /** Type definitions by key (null: asked, not available). */
  readonly #defs = new Map<string, CaseTypeDefinition | null>()
  #users: Map<string, string> | undefined
  #usersAsked = false
  #meAsked = false
  #searchTimer: ReturnType<typeof setTimeout> | undefined
  #liveTimer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.pageSize = 50
    this.noCreate = false
    this._filters = DEFAULT_CASE_LIST_FILTERS
    this._items = []
    this._nextCursor = null
    this._total = null
    this._totalExact = true
    this._loadState = "loading"
    this._loadError = null
    this._refreshing = false
    this._loadingMore = false
    this._moreError = null
    this._submitting = false
    this._fieldErrors = {}
    this._formError = null
    this._announcement = ""
    this._socket = "closed"
    this._types = []
  }

  /** The cases shown, in the list's order. */
  get cases(): readonly CaseListItem[] {
    return this._items
  }

  /** Matching cases in all (from the server), or null when it did not say. */
  get total(): number | null {
    return this._total
  }

  /** The current filters. */
  get filters(): CaseListFilters {
    return this._filters
  }

  /** Sets filters (missing ones take their defaults) and re-queries. */
  set filters(value: Partial<CaseListFilters>) {
    this.#setFilters({ ...DEFAULT_CASE_LIST_FILTERS, ...value }, true)
  }

  /** Reloads the first page. */
  reload(): Promise<void> {
    return this.#loadFirst()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.#client) this.#listen(this.#client)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#unlisten()
    clearTimeout(this.#searchTimer)
    clearTimeout(this.#liveTimer)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client) {
      this.#unlisten()
      this.#client = client
      this._items = []
      this._nextCursor = null
      this._total = null
      this._types = []
      this.#defs.clear()
      this.#users = undefined
      this.#usersAsked = false
      this.#meAsked = false
      if (this.isConnected) this.#listen(client)
      void this.#loadFirst()
      void this.#loadTypes(client)
    }
  }

  // --- live ---------------------------------------------------------------------------------

  #listen(client: ApiClient): void {
    if (this.#release) return
    const events = client.events()
    this.#offs = LIVE_TOPICS.map((topic) => events.on(topic, this.#onCaseEvent))
    this.#offs.push(
      events.onStateChange((state) => {
        this._socket = state
      }),
    )
    events.subscribe([...LIVE_TOPICS])
    this.#release = events.retain()
    this._socket = events.state
  }

  #unlisten(): void {
    for (const off of this.#offs) off()
    this.#offs = []
    this.#release?.()
    this.#release = undefined
  }

  readonly #onCaseEvent = (): void => {
    clearTimeout(this.#liveTimer)
    this.#liveTimer = setTimeout(() => void this.#refresh(), LIVE_DEBOUNCE_MS)
  }

  // --- loading ------------------------------------------------------------------------------

  #params(): CaseSearchParams {
    const f = this._filters
    const zone = this.#zone.value
    const range = f.period === "range"
    return {
      q: f.q,
      period: range && !f.from && !f.to ? "all" : f.period,
      ...(range && f.from ? { from: startOfDay(f.from, zone) } : {}),
      ...(range && f.to ? { to: endOfDay(f.to, zone) } : {}),
      statusGroup: f.statusGroup,
      type: f.type,
      status: f.type ? f.status : "",
      assignee: f.assignee,
      attention: f.attention,
    }
  }

  async #loadFirst(): Promise<void> {
    const client = this.#client
    if (!client) return
    const seq = ++this.#loadSeq
    clearTimeout(this.#liveTimer)
    this._loadState = "loading"
    this._loadError = null
    this._moreError = null
    this._loadingMore = false
    try {
      await this.#zone.ready() // dates and day filters in the tenant's time zone from the start
      const page = await searchCases(client, { ...this.#params(), limit: this.pageSize }, { lang: this.locale })
      if (seq !== this.#loadSeq) return
      this._items = page.items
      this._nextCursor = page.nextCursor
      this._total = page.total
      this._totalExact = page.totalExact
      this._loadState = "ready"
      this.#learn(page.items)
    } catch (error) {
      if (seq !== this.#loadSeq) return
      this._loadError = describeError(error, (k) => this.t(k))
      this._loadState = "error"
    }
  }

  /**
   * Asks again for what is shown (the first page, as many rows as are loaded, up to 200) with the
   * same filters, keeping the rows that stay (and so the scroll position) and marking new or
   * changed ones.
   */
  async #refresh(): Promise<void> {
    const client = this.#client
    if (!client) return
    if (this._loadState !== "ready") {
      if (this._loadState === "loading") return void this.#loadFirst()
      return
    }
    const seq = ++this.#loadSeq
    this._refreshing = true
    this._loadingMore = false
    const limit = Math.min(MAX_LIMIT, Math.max(this.pageSize, this._items.length))
    try {
      const page = await searchCases(client, { ...this.#params(), limit }, { lang: this.locale })
      if (seq !== this.#loadSeq) return
      const before = new Map(this._items.map((c) => [c.id, c.updatedAt ?? c.status]))
      for (const c of page.items) {
        const was = before.get(c.id)
        if (was === undefined || was !== (c.updatedAt ?? c.status)) this.#markFresh(c.id)
      }
      this._items = page.items
      this._nextCursor = page.nextCursor
      this._total = page.total
      this._totalExact = page.totalExact
      this.#learn(page.items)
    } catch {
      // A failed live refresh keeps the rows shown; the next event or a reload tries again.
    } finally {
      if (seq === this.#loadSeq) this._refreshing = false
    }
  }

  async #loadMore(): Promise<void> {
    const client = this.#client
    const cursor = this._nextCursor
    if (!client || !cursor || this._loadingMore) return
    const seq = this.#loadSeq
    this._loadingMore = true
    this._moreError = null
    try {
      const page = await searchCases(client, { ...this.#params(), limit: this.pageSize, cursor }, { lang: this.locale })
      if (seq !== this.#loadSeq) return
      const known = new Set(this._items.map((c) => c.id))
      this._items = [...this._items, ...page.items.filter((c) => !known.has(c.id))]
      this._nextCursor = page.nextCursor
      if (page.total !== null) this._total = page.total
      this.#learn(page.items)
    } catch (error) {
      if (seq === this.#loadSeq) this._moreError = describeError(error, (k) => this.t(k))
    } finally {
      if (seq === this.#loadSeq) this._loadingMore = false
    }
  }

  async #loadTypes(client: ApiClient): Promise<void> {
    try {
      const types = await listCaseTypes(client, { lang: this.locale })
      if (client === this.#client) this._types = types.filter((t) => !t.archived || t.key === this._filters.type)
    } catch {
      // Without the types the list still works: the type filter then offers none.
    }
  }

  /** Fetches what the rows need to be shown: their types' definitions, the assignees' names. */
  #learn(items: readonly CaseListItem[]): void {
    const client = this.#client
    if (!client) return
    for (const key of new Set(items.map((c) => c.type).filter((k): k is string => !!k))) void this.#loadDef(client, key)
    if (!this.#meAsked && items.some((c) => c.assigneeId)) {
      this.#meAsked = true
      void this.#me.ready().then(() => this.#loadUsers(client))
    }
  }

  async #loadDef(client: ApiClient, key: string): Promise<void> {
    if (this.#defs.has(key)) return
    this.#defs.set(key, null)
    try {
      const type = await getCaseType(client, key, { lang: this.locale })
      if (client !== this.#client) return
      this.#defs.set(key, type.definition ?? null)
      this.requestUpdate()
    } catch {
      /* shown without the definition: labels from the rows, default colours */
    }
  }

  /** Names of the assignees: the user list is open to admins and supervisors only. */
  async #loadUsers(client: ApiClient): Promise<void> {
    const roles = this.#me.value?.roles ?? []
    if (this.#usersAsked || !(roles.includes("admin") || roles.includes("supervisor"))) return
    this.#usersAsked = true
    try {
      const users = await client.listUsers({ lang: this.locale })
      if (client !== this.#client) return
      this.#users = new Map(users.map((u) => [u.id, u.name]))
      this.requestUpdate()
    } catch {
      /* ids stay unnamed */
    }
  }

  #markFresh(id: string): void {
    this.#fresh.add(id)
    setTimeout(() => {
      this.#fresh.delete(id)
      this.requestUpdate()
    }, 2500)
  }

  // --- filters ------------------------------------------------------------------------------

  #setFilters(next: CaseListFilters, now: boolean): void {
    if (next.type !== this._filters.type) {
      next = { ...next, status: "" }
      if (next.type && this.#client) void this.#loadDef(this.#client, next.type)
    }
    this._filters = next
    clearTimeout(this.#searchTimer)
    if (this.#badRange) return // said by the dates; nothing to ask until they make sense
    if (now) void this.#loadFirst()
    else this.#searchTimer = setTimeout(() => void this.#loadFirst(), SEARCH_DEBOUNCE_MS)
  }

  #update<K extends keyof CaseListFilters>(key: K, value: CaseListFilters[K], now = true): void {
    if (this._filters[key] === value) return
    this.#setFilters({ ...this._filters, [key]: value }, now)
  }

  /** A date range whose start is after its end. */
  get #badRange(): boolean {
    const f = this._filters
    return f.period === "range" && !!f.from && !!f.to && f.from > f.to
  }

  get #filtered(): boolean {
    const f = this._filters
    const d = DEFAULT_CASE_LIST_FILTERS
    return (Object.keys(d) as (keyof CaseListFilters)[]).some((k) => f[k] !== d[k])
  }

  #reset(): void {
    this.#setFilters(DEFAULT_CASE_LIST_FILTERS, true)
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("[part~=search]")?.focus())
  }

  // --- the create form ----------------------------------------------------------------------

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this.#inFlight) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const title = String(data.get("title") ?? "").trim()
    const applicantPhone = String(data.get("applicantPhone") ?? "").trim()
    this._formError = null
    if (!title) {
      this._fieldErrors = { title: this.t("caseForm.titleRequired") }
      await this.#focusFirstInvalid()
      return
    }
    const client = this.#client
    if (!client) return
    this.#inFlight = true
    this._submitting = true
    this._fieldErrors = {}
    try {
      const created = await client.createCase(applicantPhone ? { title, applicantPhone } : { title }, { lang: this.locale })
      form.reset()
      // Newest first: with no filters it belongs on top now; with filters the server decides.
      if (!this.#filtered && !this._items.some((c) => c.id === created.id)) {
        this._items = [created, ...this._items]
        if (this._total !== null) this._total += 1
      }
      this.#markFresh(created.id)
      this._announcement = this.t("caseForm.created", { number: String(created.number) })
      this.dispatchEvent(new CaseCreatedEvent(created))
      if (this.#filtered) this.#onCaseEvent()
    } catch (error) {
      this.#showSubmitError(error)
    } finally {
      this.#inFlight = false
      this._submitting = false
    }
    if (Object.keys(this._fieldErrors).length) await this.#focusFirstInvalid()
  }

  #showSubmitError(error: unknown): void {
    if (error instanceof ApiError && error.fields.length) {
      const fieldErrors: Partial<Record<FormField, string>> = {}
      const other: string[] = []
      for (const f of error.fields) {
        const path = f.path.replace(/^\/|^body\./, "") as FormField
        if ((FORM_FIELDS as readonly string[]).includes(path)) fieldErrors[path] ??= f.message
        else other.push(f.message)
      }
      this._fieldErrors = fieldErrors
      if (other.length) this._formError = { message: error.title, detail: other.join(" ") }
      else if (!Object.keys(fieldErrors).length) this._formError = describeError(error, (k) => this.t(k))
      return
    }
    this._formError = describeError(error, (k) => this.t(k))
  }

  async #focusFirstInvalid(): Promise<void> {
    await this.updateComplete
    const field = FORM_FIELDS.find((f) => this._fieldErrors[f])
    if (field) this.renderRoot.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus()
  }

  #clearFieldError(field: FormField): void {
    if (this._fieldErrors[field]) {
      const { [field]: _, ...rest } = this._fieldErrors
      this._fieldErrors = rest
    }
  }

  // --- rows ---------------------------------------------------------------------------------

  #open(item: CaseListItem): void {
    this.dispatchEvent(new CaseListOpenEvent(item))
  }

  #onRowKey(event: KeyboardEvent, item: CaseListItem): void {
    const row = event.currentTarget as HTMLTableRowElement
    if (event.key === "Enter") {
      event.preventDefault()
      this.#open(item)
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault()
      const next = event.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling
      if (next instanceof HTMLElement) next.focus()
    }
  }

  #label(text: { ru: string; en: string } | null | undefined): string | undefined {
    if (!text) return undefined
    return (this.locale === "en" ? text.en : text.ru) || text.ru || text.en || undefined
  }

  #def(item: CaseListItem): CaseTypeDefinition | undefined {
    return item.type ? (this.#defs.get(item.type) ?? undefined) : undefined
  }

  #status(item: CaseListItem): { label: string; category: StateCategory | undefined } {
    const state = this.#def(item)?.states.find((s) => s.key === item.status)
    const key = item.type ? undefined : STATUS_KEYS[item.status]
    const label = this.#label(item.statusLabel) ?? this.#label(state?.label) ?? (key ? this.t(key) : item.status)
    const category = item.statusCategory ?? state?.category ?? (item.type ? undefined : UNTYPED_CATEGORY[item.status])
    return { label, category }
  }

  #typeName(item: CaseListItem): string | undefined {
    if (!item.type) return undefined
    return this.#label(item.typeName) ?? this.#label(this.#def(item)?.name) ?? this.#label(this._types.find((t) => t.key === item.type)?.name) ?? item.type
  }

  #attention(item: CaseListItem): { color: string; label: string } | undefined {
    if (!item.flags?.includes(ATTENTION_FLAG)) return undefined
    const flag = this.#def(item)?.flags?.find((f) => f.key === ATTENTION_FLAG)
    return { color: flag?.color || DEFAULT_ATTENTION_COLOR, label: this.#label(flag?.label) ?? this.t("caseList.attention") }
  }

  #assignee(item: CaseListItem): TemplateResult {
    const id = item.assigneeId
    if (!id) return html`<span class="muted">${this.t("caseList.unassigned")}</span>`
    const me = this.#me.value
    if (me && me.id === id) return html`<span class="you">${this.t("caseList.assignee.you")}</span>`
    const name = this.#users?.get(id)
    return name ? html`${name}` : html`<span class="muted">${this.t("caseList.assignee.someone")}</span>`
  }

  // --- render -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`
      ${this._socket === "unauthorized"
        ? html`<div class="alert warning notice" role="status" part="notice" data-state="unauthorized">
            <p>${this.t("cases.unauthorized")}</p>
          </div>`
        : nothing}
      ${this.noCreate ? nothing : this.#renderForm()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
      ${this.#renderFilters()} ${this.#renderSummary()} ${this.#renderBody()}
    `
  }

  #renderFilters(): TemplateResult {
    const f = this._filters
    const t = this.t.bind(this)
    const def = f.type ? (this.#defs.get(f.type) ?? undefined) : undefined
    const groups: CaseStatusGroup[] = ["active", "inactive", "any"]
    return html`<div class="filters" part="filters" role="search" aria-label=${t("caseList.filters")}>
      <div class="filter search-box">
        <label class="visually-hidden" for="f-q">${t("caseList.search.label")}</label>
        <svg class="search-icon" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.5" />
          <path d="M10.5 10.5 14 14" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
        </svg>
        <input
          id="f-q"
          class="input search"
          part="search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          maxlength="200"
          .value=${f.q}
          placeholder=${t("caseList.search.placeholder")}
          @input=${(e: InputEvent) => this.#update("q", (e.target as HTMLInputElement).value, false)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === "Enter") {
              e.preventDefault()
              clearTimeout(this.#searchTimer)
              void this.#loadFirst()
            }
          }}
        />
      </div>
      <div class="filter">
        <label class="label" for="f-period">${t("caseList.period.label")}</label>
        <select
          id="f-period"
          class="input select"
          part="filter"
          name="period"
          .value=${f.period}
          @change=${(e: Event) => this.#update("period", (e.target as HTMLSelectElement).value as CasePeriod)}
        >
          <option value="all" ?selected=${f.period === "all"}>${t("caseList.period.all")}</option>
          <option value="24h" ?selected=${f.period === "24h"}>${t("caseList.period.24h")}</option>
          <option value="range" ?selected=${f.period === "range"}>${t("caseList.period.range")}</option>
        </select>
      </div>
      ${f.period === "range"
        ? html`<div class="filter range">
            <div>
              <label class="label" for="f-from">${t("caseList.from")}</label>
              <input
                id="f-from"
                class="input date"
                part="filter"
                name="from"
                type="date"
                .value=${f.from}
                max=${f.to || nothing}
                aria-invalid=${this.#badRange ? "true" : "false"}
                aria-describedby=${this.#badRange ? "range-error" : nothing}
                @change=${(e: Event) => this.#update("from", (e.target as HTMLInputElement).value)}
              />
            </div>
            <div>
              <label class="label" for="f-to">${t("caseList.to")}</label>
              <input
                id="f-to"
                class="input date"
                part="filter"
                name="to"
                type="date"
                .value=${f.to}
                min=${f.from || nothing}
                aria-invalid=${this.#badRange ? "true" : "false"}
                aria-describedby=${this.#badRange ? "range-error" : nothing}
                @change=${(e: Event) => this.#update("to", (e.target as HTMLInputElement).value)}
              />
            </div>
            ${this.#badRange
              ? html`<span id="range-error" class="field-error range-error" part="field-error">${t("caseList.range.invalid")}</span>`
              : nothing}
          </div>`
        : nothing}
      <fieldset class="filter segmented" part="filter">
        <legend class="label">${t("caseList.statusGroup.label")}</legend>
        <div class="segments">
          ${groups.map(
            (g) => html`<label class="segment">
              <input
                type="radio"
                name="statusGroup"
                value=${g}
                .checked=${f.statusGroup === g}
                @change=${() => this.#update("statusGroup", g)}
              />
              <span>${t(`caseList.statusGroup.${g}`)}</span>
            </label>`,
          )}
        </div>
      </fieldset>
      <div class="filter">
        <label class="label" for="f-type">${t("caseList.type.label")}</label>
        <select
          id="f-type"
          class="input select"
          part="filter"
          name="type"
          @change=${(e: Event) => this.#update("type", (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!f.type}>${t("caseList.type.any")}</option>
          ${this._types.map((type) => html`<option value=${type.key} ?selected=${f.type === type.key}>${this.#label(type.name) ?? type.key}</option>`)}
        </select>
      </div>
      <div class="filter">
        <label class="label" for="f-status">${t("caseList.status.label")}</label>
        <select
          id="f-status"
          class="input select"
          part="filter"
          name="status"
          ?disabled=${!f.type}
          title=${f.type ? nothing : t("caseList.status.pickType")}
          @change=${(e: Event) => this.#update("status", (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!f.status}>${t("caseList.status.any")}</option>
          ${(def?.states ?? []).map(
            (s) => html`<option value=${s.key} ?selected=${f.status === s.key}>${this.#label(s.label) ?? s.key}</option>`,
          )}
        </select>
      </div>
      <div class="filter">
        <label class="label" for="f-assignee">${t("caseList.assignee.label")}</label>
        <select
          id="f-assignee"
          class="input select"
          part="filter"
          name="assignee"
          @change=${(e: Event) => this.#update("assignee", (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!f.assignee}>${t("caseList.assignee.anyone")}</option>
          <option value="me" ?selected=${f.assignee === "me"}>${t("caseList.assignee.me")}</option>
          <option value="none" ?selected=${f.assignee === "none"}>${t("caseList.assignee.none")}</option>
          ${f.assignee && f.assignee !== "me" && f.assignee !== "none"
            ? html`<option value=${f.assignee} selected>${this.#users?.get(f.assignee) ?? f.assignee}</option>`
            : nothing}
        </select>
      </div>
      <div class="filter toggles">
        <button
          class="btn toggle attention-toggle"
          part="attention-toggle"
          type="button"
          aria-pressed=${f.attention ? "true" : "false"}
          title=${t("caseList.attention.hint")}
          @click=${() => this.#update("attention", !f.attention)}
        >
          <span class="flag-dot" aria-hidden="true"></span>${t("caseList.attention")}
        </button>
        ${this.#filtered
          ? html`<button class="btn ghost reset" part="reset" type="button" @click=${() => this.#reset()}>${t("caseList.reset")}</button>`
          : nothing}
      </div>
    </div>`
  }

  #renderSummary(): TemplateResult | typeof nothing {
    if (this._loadState === "error" && !this._items.length) return nothing
    const busy = this._loadState === "loading" || this._refreshing
    return html`<div class="summary" part="summary" aria-live="polite">
      ${this._total !== null && this._loadState !== "loading"
        ? html`<span class="total" part="total" data-total=${this._total}
            >${this.t(this._totalExact ? "caseList.total" : "caseList.totalMore", { count: formatCount(this._total, this.locale) })}</span
          >`
        : nothing}
      ${this._items.length && this._total !== null && this._items.length < this._total
        ? html`<span class="muted">${this.t("caseList.shown", { count: this._items.length })}</span>`
        : nothing}
      ${busy && this._items.length ? html`<span class="spinner small" aria-hidden="true"></span>` : nothing}
    </div>`
  }

  #renderForm(): TemplateResult {
    const errors = this._fieldErrors
    return html`
      <form part="form" class="form" novalidate @submit=${this.#submit} aria-labelledby="form-heading">
        <h2 id="form-heading" class="form-heading">${this.t("caseForm.heading")}</h2>
        <div class="field field-title">
          <label class="label" for="title">${this.t("caseForm.title")}</label>
          <input
            id="title"
            class="input"
            part="input"
            name="title"
            autocomplete="off"
            maxlength="500"
            placeholder=${this.t("caseForm.title.placeholder")}
            aria-required="true"
            aria-invalid=${errors.title ? "true" : "false"}
            aria-describedby=${errors.title ? "title-error" : nothing}
            @input=${() => this.#clearFieldError("title")}
          />
          ${errors.title ? html`<span id="title-error" class="field-error" part="field-error">${errors.title}</span>` : nothing}
        </div>
        <div class="field field-phone">
          <label class="label" for="applicantPhone">${this.t("caseForm.phone")}</label>
          <input
            id="applicantPhone"
            class="input"
            part="input"
            name="applicantPhone"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            placeholder=${this.t("caseForm.phone.placeholder")}
            aria-invalid=${errors.applicantPhone ? "true" : "false"}
            aria-describedby=${errors.applicantPhone ? "applicantPhone-error" : nothing}
            @input=${() => this.#clearFieldError("applicantPhone")}
          />
          ${errors.applicantPhone
            ? html`<span id="applicantPhone-error" class="field-error" part="field-error">${errors.applicantPhone}</span>`
            : nothing}
        </div>
        <div class="actions">
          <button class="btn primary" part="submit" type="submit" ?disabled=${this._submitting}>
            ${this._submitting ? this.t("caseForm.submitting") : this.t("caseForm.submit")}
          </button>
        </div>
        ${this._formError
          ? html`<div class="alert form-alert" role="alert" part="error">
              <p>${this._formError.message}</p>
              ${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}
            </div>`
          : nothing}
      </form>
    `
  }

  #renderBody(): TemplateResult {
    if (this._loadState === "error" && this._items.length === 0) {
      return html`<div class="state alert" role="alert" part="error">
        <p>${this.t("cases.loadError")}</p>
        <p>${this._loadError?.message}</p>
        <button class="btn" type="button" @click=${() => this.#loadFirst()}>${this.t("app.retry")}</button>
      </div>`
    }
    if (this._loadState === "loading" && this._items.length === 0) {
      return html`<div class="state muted" part="loading" aria-busy="true">
        <span class="spinner" aria-hidden="true"></span>${this.t("cases.loading")}
      </div>`
    }
    if (this._items.length === 0) {
      return this.#filtered
        ? html`<div class="state empty" part="empty" data-filtered>
            <strong>${this.t("caseList.empty.filtered")}</strong>
            <span class="muted">${this.t("caseList.empty.filteredHint")}</span>
            <button class="btn small" type="button" @click=${() => this.#reset()}>${this.t("caseList.reset")}</button>
          </div>`
        : html`<div class="state empty" part="empty">
            <strong>${this.t("cases.empty")}</strong>
            <span class="muted">${this.t(this.noCreate ? "caseList.empty.hint" : "cases.empty.hint")}</span>
          </div>`
    }
    const t = this.t.bind(this)
    return html`
      <div class="table-wrap" aria-busy=${this._loadState === "loading" ? "true" : "false"}>
        <table part="table" class=${this._loadState === "loading" ? "stale" : ""}>
          <caption class="visually-hidden">${t("cases.heading")}</caption>
          <thead>
            <tr>
              <th scope="col" class="c-num">${t("cases.col.number")}</th>
              <th scope="col" class="c-type">${t("caseList.col.type")}</th>
              <th scope="col" class="c-status">${t("cases.col.status")}</th>
              <th scope="col" class="c-title">${t("cases.col.title")}</th>
              <th scope="col" class="c-phone">${t("cases.col.phone")}</th>
              <th scope="col" class="c-assignee">${t("caseList.col.assignee")}</th>
              <th scope="col" class="c-created">${t("cases.col.created")}</th>
              <th scope="col" class="c-updated">${t("caseList.col.updated")}</th>
            </tr>
          </thead>
          <tbody>
            ${repeat(
              this._items,
              (c) => c.id,
              (c) => this.#renderRow(c),
            )}
          </tbody>
        </table>
      </div>
      ${this._moreError ? html`<div class="alert more-alert" role="alert" part="error"><p>${this._moreError.message}</p></div>` : nothing}
      ${this._nextCursor
        ? html`<div class="more">
            <button class="btn" part="load-more" type="button" ?disabled=${this._loadingMore} @click=${() => this.#loadMore()}>
              ${this._loadingMore ? t("cases.loadingMore") : t("cases.loadMore")}
            </button>
          </div>`
        : nothing}
    `
  }

  #renderRow(c: CaseListItem): TemplateResult {
    const locale = this.locale
    const zone = this.#zone.value
    const status = this.#status(c)
    const attention = this.#attention(c)
    const type = this.#typeName(c)
    const selected = !!this.selectedId && this.selectedId === c.id
    const classes = [this.#fresh.has(c.id) ? "fresh" : "", attention ? "attention" : ""].filter(Boolean).join(" ")
    const updated = c.updatedAt && c.updatedAt !== c.createdAt ? c.updatedAt : undefined
    return html`<tr
      part="row"
      tabindex="0"
      data-id=${c.id}
      data-number=${String(c.number)}
      class=${classes}
      ?data-attention=${!!attention}
      ?data-selected=${selected}
      aria-current=${selected ? "true" : nothing}
      style=${attention ? styleMap({ "--_flag": attention.color }) : nothing}
      @click=${(e: MouseEvent) => {
        // Selecting text in a row is not a click on it.
        if (!getSelection()?.isCollapsed && (e.currentTarget as Node).contains(getSelection()?.anchorNode ?? null)) return
        this.#open(c)
      }}
      @keydown=${(e: KeyboardEvent) => this.#onRowKey(e, c)}
    >
      <td class="c-num">
        <span class="num-prefix">${this.t("cases.col.number")} </span>${c.number}
        <span class="num-type" aria-hidden="true">${type ?? this.t("caseList.untyped")}</span>
      </td>
      <td class="c-type" part="type">${type ?? html`<span class="muted">${this.t("caseList.untyped")}</span>`}</td>
      <td class="c-status">
        <span class="badge" part="badge" data-status=${c.status} data-category=${status.category ?? "unknown"}>${status.label}</span>
      </td>
      <td class="c-title">
        ${attention
          ? html`<span class="flag-mark" part="flag" title=${attention.label}
              ><span class="visually-hidden">${attention.label}</span></span
            >`
          : nothing}<span class="title-text">${c.title}</span>
      </td>
      <td class="c-phone">${c.applicantPhone || html`<span class="muted">${this.t("cases.noPhone")}</span>`}</td>
      <td class="c-assignee" part="assignee">${this.#assignee(c)}</td>
      <td class="c-created">
        <time datetime=${c.createdAt} title=${c.createdAt}>${formatDateTime(c.createdAt, locale, zone)}</time>
      </td>
      <td class="c-updated">
        ${updated ? html`<time datetime=${updated} title=${updated}>${formatDateTime(updated, locale, zone)}</time>` : html`<span class="muted">—</span>`}
      </td>
    </tr>`
  }

  static override styles = [tokens, controls, notes, searchBox, segmented, dateRange, caseListStyles]
}

define("org-case-list", OrgCaseList)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-list": OrgCaseList
  }
}

