import { ContextProvider } from "@lit/context"
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import {
  allowedOf,
  CaseCardApi,
  type CaseListItemDto,
  onTopic,
  type CaseMoveDto,
  type CaseMovedPayload,
  type CaseStateDef,
  type CaseTypeDefinition,
  type SlaClock,
  type SlaDto,
  type TypedCaseDto,
} from "../api/case-card.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import type { UserListItemDto } from "../api/types.js"
import type { CaseUpdatedEvent, UnfilledFieldsEvent, UnfilledItem } from "../case-card-events.js"
import { apiContext } from "../context.js"
import { CaseOpenEvent } from "../events.js"
import { formatDateTime, intlLocale, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { caseType, tenantUsers } from "../lib/case-desk-cache.js"
import { isEmptyValue, label, shortId, valueErrors } from "../lib/case-fields.js"
import { CurrentUserController } from "../lib/current-user.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"
import "./org-case-applicant.js"
import "./org-case-chat.js"
import "./org-case-fields.js"
import type { CaseFieldsDraft, OrgCaseFields } from "./org-case-fields.js"
import "./org-case-history.js"
import "./org-case-script.js"
import "./org-case-services.js"
import "./org-copy-button.js"

export type CaseCardTab = "script" | "services" | "chat" | "history"

const TAB_LABELS: Record<CaseCardTab, MessageKey> = {
  script: "card.tab.script",
  services: "card.tab.services",
  chat: "card.tab.chat",
  history: "card.tab.history",
}

/** Live topics the card (and its panels) follow for its case. */
const TOPICS = ["case.updated", "case.moved", "case.message", "case.sla_warning", "case.sla_breached"] as const

/**
 * `<org-case-card>`: the operator's case workspace, kept open during a call. The header holds
 * the case number and applicant phone (each with a copy button), the type, the status with the
 * moves the user may make, the type's flags (Attention!), the SLA due time, "take" (assign to
 * me) and a switcher of my cases in work. Below: the case panel (`<org-case-fields>`), the
 * applicant (`<org-case-applicant>`) and tabs with the script (`<org-case-script>`), partner
 * services (`<org-case-services>`, for types with a hand-off), the chat (`<org-case-chat>`)
 * and the history (`<org-case-history>`). A refused move (or hand-off) lists the fields still
 * needed in an "unfilled fields" panel and focuses the first; a move that is no longer possible
 * lists the possible ones. The card follows its case live (`case.updated`, `case.moved`, …):
 * another operator's change appears at once, without overwriting unsaved edits.
 *
 * @attr case-id - the case to show
 * @attr token - widget token (optional; without it the console session is used)
 * @attr base-url - server origin/prefix (optional)
 * @attr time-zone - IANA zone for dates (default: the tenant's)
 * @attr tab - the tab shown first: script | services | chat | history
 * @fires org-case-open - {@link CaseOpenEvent} when the user opens another case (my cases, the
 *   applicant's previous cases); unless a listener calls preventDefault() the card shows it
 * @csspart header, number, phone, type, status, status-menu, move, flag, sla, assignee, take,
 *   switcher, unfilled, allowed, error, fields, applicant, tabs, tab, panel
 */
export class OrgCaseCard extends OrgElement {
  static override properties = {
    caseId: { type: String, attribute: "case-id" },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    tab: { type: String },
    _case: { state: true },
    _def: { state: true },
    _moves: { state: true },
    _loadState: { state: true },
    _loadError: { state: true },
    _menu: { state: true },
    _busy: { state: true },
    _actionError: { state: true },
    _unfilled: { state: true },
    _allowed: { state: true },
    _highlight: { state: true },
    _mine: { state: true },
    _sla: { state: true },
    _users: { state: true },
    _unread: { state: true },
    _visited: { state: true },
    _announcement: { state: true },
  }

  declare caseId: string
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare tab: CaseCardTab
  declare _case: TypedCaseDto | null
  declare _def: CaseTypeDefinition | null
  declare _moves: CaseMoveDto[]
  declare _loadState: "idle" | "loading" | "ready" | "error"
  declare _loadError: ErrorText | null
  declare _menu: boolean
  declare _busy: string | null
  declare _actionError: ErrorText | null
  declare _unfilled: { readonly title: string; readonly items: readonly UnfilledItem[] } | null
  declare _allowed: { readonly moves: readonly CaseMoveDto[]; readonly message: string } | null
  declare _highlight: Readonly<Record<string, string>>
  declare _mine: readonly CaseListItemDto[]
  declare _sla: SlaDto | null
  declare _users: readonly UserListItemDto[] | null
  declare _unread: number
  declare _visited: ReadonlySet<CaseCardTab>
  declare _announcement: string

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #me = new CurrentUserController(this, this.#api)
  readonly #provider = new ContextProvider(this, { context: apiContext })
  /** Unsaved edits of the cases this card showed, by case id. */
  readonly #drafts = new Map<string, CaseFieldsDraft>()
  #client: ApiClient | undefined
  #loadedId = ""
  #seq = 0
  #offEvents: (() => void)[] = []
  #release: (() => void) | undefined
  #chain: Promise<unknown> = Promise.resolve()

  constructor() {
    super()
    this.caseId = ""
    this.tab = "script"
    this._case = null
    this._def = null
    this._moves = []
    this._loadState = "idle"
    this._loadError = null
    this._menu = false
    this._busy = null
    this._actionError = null
    this._unfilled = null
    this._allowed = null
    this._highlight = {}
    this._mine = []
    this._sla = null
    this._users = null
    this._unread = 0
    this._visited = new Set()
    this._announcement = ""
    this.addEventListener("org-case-updated", (e: CaseUpdatedEvent) => this.#take(e.case))
    this.addEventListener("org-case-unfilled", (e: UnfilledFieldsEvent) => void this.#showUnfilled(e.title, e.items))
  }

  /** The case shown (null while loading). */
  get case(): TypedCaseDto | null {
    return this._case
  }

  /** The case type's definition (null for an untyped case). */
  get definition(): CaseTypeDefinition | null {
    return this._def
  }

  /** The moves the user may make now. */
  get moves(): readonly CaseMoveDto[] {
    return this._moves
  }

  get #fields(): OrgCaseFields | null {
    return this.renderRoot.querySelector("org-case-fields")
  }

  #cards(): CaseCardApi {
    return new CaseCardApi(this.#api.client)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.#client) this.#listen(this.#client)
    document.addEventListener("click", this.#onDocumentClick, true)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#unlisten()
    document.removeEventListener("click", this.#onDocumentClick, true)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client) {
      this.#unlisten()
      this.#client = client
      this.#provider.setValue(client)
      if (this.isConnected) this.#listen(client)
      this.#loadedId = ""
      this._users = null
    }
    if (this.caseId !== this.#loadedId) {
      this.#loadedId = this.caseId
      void this.reload()
    }
  }

  #listen(client: ApiClient): void {
    if (this.#release) return
    const events = client.events()
    this.#offEvents = [
      onTopic<TypedCaseDto>(events, "case.updated", (c) => this.#onRemoteCase(c, false)),
      onTopic<CaseMovedPayload>(events, "case.moved", (p) => this.#onRemoteCase(p?.case, true)),
      onTopic<{ caseId?: string; message?: { direction?: string } }>(events, "case.message", (p) => {
        if (p?.caseId === this.caseId && p.message?.direction === "in" && this.#currentTab !== "chat") this._unread++
      }),
      onTopic<{ caseId?: string }>(events, "case.sla_warning", (p) => void (p?.caseId === this.caseId && this.#loadSla())),
      onTopic<{ caseId?: string }>(events, "case.sla_breached", (p) => void (p?.caseId === this.caseId && this.#loadSla())),
    ]
    events.subscribe(TOPICS)
    this.#release = events.retain()
  }

  #unlisten(): void {
    for (const off of this.#offEvents) off()
    this.#offEvents = []
    this.#release?.()
    this.#release = undefined
  }

  #onRemoteCase(c: TypedCaseDto | undefined, moved: boolean): void {
    if (!c || c.id !== this.caseId) return
    const statusChanged = this._case?.status !== c.status
    this.#take(c)
    if (moved || statusChanged) {
      void this.#loadMoves()
      void this.#loadSla()
    }
  }

  /** Shows a newer version of the case (from a panel, a live event or a call's answer). */
  #take(c: TypedCaseDto): void {
    const cur = this._case
    if (!cur || cur.id !== c.id || c.version < cur.version) return
    const statusChanged = cur.status !== c.status
    this._case = c
    if (statusChanged) void this.#loadMoves()
  }

  /** Loads the case, its type, moves, SLA and my cases again. */
  async reload(): Promise<void> {
    const id = this.caseId
    const seq = ++this.#seq
    this._menu = false
    this._actionError = null
    this._unfilled = null
    this._allowed = null
    this._highlight = {}
    this._unread = 0
    if (!id) {
      this._case = null
      this._loadState = "idle"
      return
    }
    if (this._case?.id !== id) {
      this._case = null
      this._def = null
      this._sla = null
      this._visited = new Set()
    }
    this._loadState = "loading"
    this._loadError = null
    const client = this.#api.client
    try {
      const [card] = await Promise.all([this.#cards().moves(id, { lang: this.locale }), this.#zone.ready()])
      if (seq !== this.#seq) return
      let def: CaseTypeDefinition | null = null
      if (card.case.type) def = (await caseType(client, card.case.type)).definition
      if (seq !== this.#seq) return
      this._def = def
      this._case = card.case
      this._moves = card.moves
      this._loadState = "ready"
    } catch (error) {
      if (seq !== this.#seq) return
      this._loadError = describeError(error, (k) => this.t(k))
      this._loadState = "error"
      return
    }
    void this.#loadSla()
    void this.#loadMine()
    void this.#me.ready()
    if (this._users === null) void tenantUsers(client).then((u) => (this._users = u ?? []))
  }

  async #loadMoves(): Promise<void> {
    const id = this.caseId
    try {
      const card = await this.#cards().moves(id, { lang: this.locale })
      if (id !== this.caseId) return
      this.#take(card.case)
      this._moves = card.moves
    } catch {
      /* the menu keeps the moves it had */
    }
  }

  async #loadSla(): Promise<void> {
    const id = this.caseId
    try {
      const sla = await this.#cards().sla(id, { lang: this.locale })
      if (id === this.caseId) this._sla = sla?.policy ? sla : null
    } catch {
      if (id === this.caseId) this._sla = null
    }
  }

  async #loadMine(): Promise<void> {
    try {
      const page = await this.#cards().search({ assignee: "me", statusGroup: "active", sort: "updated_desc", limit: 50 }, { lang: this.locale })
      this._mine = page.items
    } catch {
      this._mine = []
    }
  }

  readonly #onDocumentClick = (e: MouseEvent): void => {
    if (!this._menu) return
    if (!e.composedPath().some((n) => n instanceof HTMLElement && n.classList?.contains("status-wrap"))) this._menu = false
  }

  get #currentTab(): CaseCardTab {
    const tabs = this.#tabs()
    return tabs.includes(this.tab) ? this.tab : tabs[0]!
  }

  #tabs(): CaseCardTab[] {
    const tabs: CaseCardTab[] = []
    if (this._case?.type) tabs.push("script")
    if (this._def?.handOff) tabs.push("services")
    tabs.push("chat", "history")
    return tabs
  }

  #state(key: string): CaseStateDef | undefined {
    return this._def?.states.find((s) => s.key === key)
  }

  #stateLabel(key: string): string {
    const s = this.#state(key)
    return s ? label(s.label, this.locale) : key
  }

  #fieldLabel(key: string): string {
    const f = this._def?.fields.find((x) => x.key === key)
    return f ? label(f.label, this.locale) : key
  }

  /** Opens another case: tells the host; shows it unless the host takes over (preventDefault). */
  #open(id: string): void {
    if (!id || id === this.caseId) return
    const event = new CaseOpenEvent(id)
    this.dispatchEvent(event)
    if (!event.defaultPrevented) this.caseId = id
  }

  async #selectTab(tab: CaseCardTab, focus = false): Promise<void> {
    this.tab = tab
    if (!this._visited.has(tab)) this._visited = new Set([...this._visited, tab])
    if (tab === "chat") this._unread = 0
    if (!focus) return
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${tab}`)?.focus()
  }

  #onTabKey(e: KeyboardEvent): void {
    const tabs = this.#tabs()
    const i = tabs.indexOf(this.#currentTab)
    let next: number | undefined
    if (e.key === "ArrowRight") next = (i + 1) % tabs.length
    else if (e.key === "ArrowLeft") next = (i - 1 + tabs.length) % tabs.length
    else if (e.key === "Home") next = 0
    else if (e.key === "End") next = tabs.length - 1
    if (next === undefined) return
    e.preventDefault()
    void this.#selectTab(tabs[next]!, true)
  }

  // — moves —

  async #toggleMenu(): Promise<void> {
    this._menu = !this._menu
    if (!this._menu) return
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>("[part~=move]")?.focus()
  }

  #onMenuKey(e: KeyboardEvent): void {
    const items = [...this.renderRoot.querySelectorAll<HTMLButtonElement>("[part~=move]")]
    const i = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLButtonElement)
    if (e.key === "Escape") {
      e.preventDefault()
      this._menu = false
      this.renderRoot.querySelector<HTMLButtonElement>("[part=status]")?.focus()
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault()
      const n = items.length
      if (n) items[(i + (e.key === "ArrowDown" ? 1 : -1) + n) % n]!.focus()
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault()
      items[e.key === "Home" ? 0 : items.length - 1]?.focus()
    } else if (e.key === "Tab") {
      this._menu = false
    }
  }

  /** Moves the case; saves unsaved edits first (a move may need them). */
  async move(to: string, retried = false): Promise<boolean> {
    await this.#chain
    const c = this._case
    if (!c || this._busy?.startsWith("move:")) return false
    this._menu = false
    this._actionError = null
    this._allowed = null
    const fields = this.#fields
    if (fields?.dirty) {
      const saved = await fields.save()
      if (!saved) {
        this._actionError = { message: this.t("card.move.saveFirst") }
        return false
      }
    }
    const cur = this._case ?? c
    this._busy = `move:${to}`
    try {
      const moved = await this.#cards().move(cur.id, { to, version: cur.version }, { lang: this.locale })
      this._unfilled = null
      this._highlight = {}
      this.#take(moved)
      this._announcement = this.t("card.move.done", { status: this.#stateLabel(moved.status) })
      this._busy = null
      await this.#loadMoves()
      void this.#loadSla()
      return true
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this._actionError = describeError(error, (k) => this.t(k))
        return false
      }
      if (error.status === 400 && error.fields.length) {
        const missing = valueErrors(error.fields)
        const title = this.t("card.unfilled.move", { status: this.#stateLabel(to) })
        await this.#showUnfilled(
          title,
          [...missing].map(([key, message]) => ({ path: `values.${key}`, field: key, label: this.#fieldLabel(key), message })),
        )
        return false
      }
      if (error.status === 409 && error.code === "move_not_allowed") {
        const allowed = allowedOf(error)
        await this.#loadMoves()
        const moves = this._moves.filter((m) => allowed.includes(m.to))
        this._allowed = {
          message: this.t("card.move.notAllowed", { status: this.#stateLabel(this._case?.status ?? "") }),
          moves: moves.length ? moves : allowed.map((a) => ({ to: a, label: this.#state(a)?.label ?? { ru: a, en: a }, requires: [] })),
        }
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>("[part=allowed] button")?.focus()
        return false
      }
      if (error.status === 409 && error.code === "stale_version" && !retried) {
        await this.#loadMoves()
        this._busy = null
        if (this._moves.some((m) => m.to === to)) return this.move(to, true)
        this._actionError = { message: this.t("card.stale") }
        return false
      }
      this._actionError = describeError(error, (k) => this.t(k))
      return false
    } finally {
      if (this._busy === `move:${to}`) this._busy = null
    }
  }

  async #showUnfilled(title: string, items: readonly UnfilledItem[]): Promise<void> {
    this._unfilled = { title, items }
    this._highlight = Object.fromEntries(items.filter((i) => i.field).map((i) => [i.field!, i.message]))
    await this.updateComplete
    const first = items.find((i) => i.field)
    if (first?.field) await this.#fields?.focusField(first.field)
    else this.renderRoot.querySelector<HTMLElement>("[part=unfilled]")?.focus()
  }

  // — flags and assignee —

  /** Flag and assignee changes run one after another, each on the version the previous one left. */
  #patch(kind: string, change: (c: TypedCaseDto) => { flags?: string[]; assigneeId?: string | null }): Promise<void> {
    const run = this.#chain.then(() => this.#doPatch(kind, change))
    this.#chain = run.catch(() => undefined)
    return run
  }

  async #doPatch(kind: string, change: (c: TypedCaseDto) => { flags?: string[]; assigneeId?: string | null }, retried = false): Promise<void> {
    const c = this._case
    if (!c) return
    this._busy = kind
    this._actionError = null
    try {
      const updated = await this.#cards().updateCase(c.id, { version: c.version, ...change(c) }, { lang: this.locale })
      this.#take(updated)
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === "stale_version" && !retried) {
        await this.#loadMoves()
        this._busy = null
        return this.#doPatch(kind, change, true)
      }
      this._actionError = describeError(error, (k) => this.t(k))
    } finally {
      if (this._busy === kind) this._busy = null
    }
  }

  #toggleFlag(key: string): Promise<void> {
    return this.#patch(`flag:${key}`, (c) => ({ flags: c.flags.includes(key) ? c.flags.filter((f) => f !== key) : [...c.flags, key] }))
  }

  async #takeCase(): Promise<void> {
    await this.#me.ready()
    const me = this.#me.value
    if (!me) return
    await this.#patch("take", () => ({ assigneeId: me.id }))
    if (this._case?.assigneeId === me.id) {
      this._announcement = this.t("card.take.done")
      void this.#loadMine()
    }
  }

  // — rendering —

  protected override render(): TemplateResult {
    if (!this.caseId) return html`<div class="state" part="empty">${this.t("card.noCase")}</div>`
    const c = this._case
    if (!c) {
      if (this._loadState === "error") {
        return html`<div class="alert state-alert" role="alert" part="error">
          <p>${this.t("card.loadError")}</p>
          <p>${this._loadError?.message}</p>
          <button class="btn small" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
        </div>`
      }
      return html`<div class="state" part="loading" aria-busy="true"><span class="spinner" aria-hidden="true"></span>${this.t("card.loading")}</div>`
    }
    return html`
      ${this.#renderHeader(c)}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
      ${this.#renderAlerts()}
      <div class="body">
        <section class="main panel" aria-labelledby="fields-title">
          <div class="panel-head"><h2 class="panel-title" id="fields-title">${this.t("card.fields.heading")}</h2></div>
          ${this._def
            ? html`<org-case-fields
                part="fields"
                lang=${this.locale}
                .case=${c}
                .definition=${this._def}
                .highlight=${this._highlight}
                .drafts=${this.#drafts}
              ></org-case-fields>`
            : html`<p class="muted pad">${this.t("card.untyped")}</p>`}
        </section>
        <div class="aside">
          <org-case-applicant
            part="applicant"
            class="panel"
            lang=${this.locale}
            case-id=${c.id}
            .phone=${c.applicantPhone}
            .definition=${this._def}
            .timeZone=${this.timeZone}
            @org-case-open=${(e: CaseOpenEvent) => {
              // The applicant panel's events are the card's own: re-dispatched from the card.
              e.stopPropagation()
              this.#open(e.caseId)
            }}
          ></org-case-applicant>
          ${this.#renderTabs(c)}
        </div>
      </div>
    `
  }

  #renderHeader(c: TypedCaseDto): TemplateResult {
    const me = this.#me.value
    const state = this.#state(c.status)
    const typeName = this._def ? label(this._def.name, this.locale) : this.t("card.noType")
    const flags = this._def?.flags ?? []
    return html`<header class="header" part="header">
      <div class="row top">
        <div class="ident">
          <span class="number" part="number">${c.number}</span>
          <org-copy-button lang=${this.locale} .value=${c.number} .label=${this.t("card.number")}></org-copy-button>
          <span class="type" part="type">${typeName}</span>
        </div>
        <div class="status-wrap" @keydown=${this.#onMenuKey}>
          <button
            class="badge status"
            part="status"
            type="button"
            data-category=${state?.category ?? "open"}
            aria-haspopup="menu"
            aria-expanded=${this._menu ? "true" : "false"}
            aria-label=${this.t("card.status.label", { status: this.#stateLabel(c.status) })}
            ?disabled=${!this._moves.length && !this._menu}
            @click=${() => this.#toggleMenu()}
          >
            <span class="dot" aria-hidden="true"></span>${this.#stateLabel(c.status)}
            ${this._moves.length ? html`<span class="caret" aria-hidden="true">▾</span>` : nothing}
          </button>
          ${this._menu ? this.#renderMenu(c) : nothing}
        </div>
        ${flags.map((f) => {
          const on = c.flags.includes(f.key)
          return html`<button
            class="flag"
            part="flag"
            type="button"
            data-flag=${f.key}
            aria-pressed=${on ? "true" : "false"}
            style=${`--_flag:${f.color}`}
            ?disabled=${this._busy === `flag:${f.key}`}
            @click=${() => this.#toggleFlag(f.key)}
          >
            <span class="flag-mark" aria-hidden="true">!</span>${label(f.label, this.locale)}
          </button>`
        })}
        ${this.#renderSla()}
        <span class="spacer"></span>
        <span class="assignee" part="assignee">
          ${c.assigneeId
            ? me && c.assigneeId === me.id
              ? html`<span class="who mine">${this.t("card.assignee.me")}</span>`
              : html`<span class="who">${this.t("card.assignee.other", { name: this.#userName(c.assigneeId) })}</span>`
            : html`<span class="who muted">${this.t("card.assignee.none")}</span>`}
          ${me && c.assigneeId !== me.id
            ? html`<button class="btn small primary" part="take" type="button" ?disabled=${this._busy === "take"} @click=${() => this.#takeCase()}>
                ${this.t("card.take")}
              </button>`
            : nothing}
        </span>
        ${this.#renderSwitcher(c)}
      </div>
      <div class="row second">
        <h1 class="title">${c.title}</h1>
        ${c.applicantPhone
          ? html`<span class="phone" part="phone">
              <span class="phone-icon" aria-hidden="true">${phoneIcon}</span>
              <a href=${`tel:${c.applicantPhone}`}>${c.applicantPhone}</a>
              <org-copy-button lang=${this.locale} .value=${c.applicantPhone} .label=${this.t("card.phone")}></org-copy-button>
            </span>`
          : html`<span class="phone muted" part="phone">${this.t("card.noPhone")}</span>`}
        <span class="meta muted">${this.t("card.created", { time: formatDateTime(c.createdAt, this.locale, this.#zone.value) })}</span>
      </div>
    </header>`
  }

  #userName(id: string): string {
    const u = this._users?.find((x) => x.id === id)
    return u ? u.name || u.login : shortId(id)
  }

  #renderMenu(c: TypedCaseDto): TemplateResult {
    return html`<div class="menu" role="menu" part="status-menu" aria-label=${this.t("card.status.menu")}>
      ${this._moves.map((m) => {
        const missing = m.requires.filter((k) => isEmptyValue(c.values[k]))
        return html`<button
          class="menu-item"
          role="menuitem"
          part="move"
          type="button"
          data-to=${m.to}
          ?disabled=${this._busy !== null}
          @click=${() => this.move(m.to)}
        >
          <span class="menu-label">${label(m.label, this.locale)}</span>
          <span class="menu-sub">
            <span class="mini-dot" data-category=${this.#state(m.to)?.category ?? "open"} aria-hidden="true"></span>${this.#stateLabel(m.to)}
            ${missing.length ? html`<span class="needs">${this.t("card.move.needs", { count: missing.length })}</span>` : nothing}
          </span>
        </button>`
      })}
    </div>`
  }

  #renderSla(): TemplateResult | typeof nothing {
    const sla = this._sla
    if (!sla?.policy) return nothing
    const first = sla.firstResponse
    const clock: { kind: "first" | "resolution"; c: SlaClock } | null =
      first && !first.metAt ? { kind: "first", c: first } : sla.resolution ? { kind: "resolution", c: sla.resolution } : first ? { kind: "first", c: first } : null
    if (!clock) return nothing
    const state = sla.paused ? "paused" : clock.c.state
    const due = this.#dueText(clock.c.dueAt)
    const what = this.t(clock.kind === "first" ? "card.sla.first" : "card.sla.resolution", { time: due })
    const suffix: Partial<Record<SlaClock["state"], MessageKey>> = {
      breached: "card.sla.breached",
      met: "card.sla.met",
      paused: "card.sla.paused",
      warning: "card.sla.warning",
    }
    const key = suffix[state]
    const text = key ? `${what} · ${this.t(key)}` : what
    const details = [sla.firstResponse ? this.t("card.sla.first", { time: this.#dueText(sla.firstResponse.dueAt) }) : "", sla.resolution ? this.t("card.sla.resolution", { time: this.#dueText(sla.resolution.dueAt) }) : ""]
      .filter(Boolean)
      .join("; ")
    return html`<span class="sla" part="sla" data-state=${state} title=${details} role="img" aria-label=${`${this.t("card.sla.label")}: ${text}`}>
      <span class="sla-icon" aria-hidden="true">${clockIcon}</span>${text}
    </span>`
  }

  #dueText(iso: string): string {
    const zone = this.#zone.value
    const d = new Date(iso)
    const sameDay = new Intl.DateTimeFormat("en-CA", { timeZone: zone, dateStyle: "short" })
    const opts: Intl.DateTimeFormatOptions = sameDay.format(d) === sameDay.format(new Date()) ? { timeStyle: "short" } : { dateStyle: "short", timeStyle: "short" }
    try {
      return new Intl.DateTimeFormat(intlLocale(this.locale), { ...opts, ...(zone ? { timeZone: zone } : {}) }).format(d)
    } catch {
      return formatDateTime(iso, this.locale)
    }
  }

  #renderSwitcher(c: TypedCaseDto): TemplateResult {
    const mine = this._mine
    const inList = mine.some((m) => m.id === c.id)
    return html`<label class="switcher" part="switcher">
      <span class="visually-hidden">${this.t("card.mine.label")}</span>
      <select
        class="input small"
        aria-label=${this.t("card.mine.label")}
        ?disabled=${!mine.length || (mine.length === 1 && inList)}
        @change=${(e: Event) => {
          const sel = e.target as HTMLSelectElement
          const id = sel.value
          sel.value = inList ? c.id : ""
          this.#open(id)
        }}
      >
        ${inList ? nothing : html`<option value="" selected>${this.t("card.mine.placeholder", { count: mine.length })}</option>`}
        ${mine.map(
          (m) => html`<option value=${m.id} ?selected=${m.id === c.id}>
            ${m.number} · ${m.statusLabel ? label(m.statusLabel, this.locale) : m.status} · ${m.title.length > 40 ? `${m.title.slice(0, 40)}…` : m.title}
          </option>`,
        )}
      </select>
    </label>`
  }

  #renderAlerts(): TemplateResult {
    const u = this._unfilled
    return html`
      ${u
        ? html`<div class="alert warning unfilled" part="unfilled" role="alert" tabindex="-1">
            <div class="alert-head">
              <p class="alert-title">${u.title}</p>
              <button class="btn small ghost" type="button" aria-label=${this.t("card.close")} @click=${() => {
                this._unfilled = null
                this._highlight = {}
              }}>×</button>
            </div>
            <ul class="unfilled-list">
              ${u.items.map(
                (i) => html`<li>
                  ${i.field
                    ? html`<button class="link" type="button" data-field=${i.field} @click=${() => this.#fields?.focusField(i.field!)}>${i.label}</button>`
                    : html`<span class="plain" data-path=${i.path}>${i.label}</span>`}
                </li>`,
              )}
            </ul>
          </div>`
        : nothing}
      ${this._allowed
        ? html`<div class="alert warning" part="allowed" role="alert">
            <div class="alert-head">
              <p class="alert-title">${this._allowed.message}</p>
              <button class="btn small ghost" type="button" aria-label=${this.t("card.close")} @click=${() => (this._allowed = null)}>×</button>
            </div>
            ${this._allowed.moves.length
              ? html`<div class="allowed-moves">
                  <span>${this.t("card.move.possible")}</span>
                  ${this._allowed.moves.map(
                    (m) => html`<button class="btn small" type="button" data-to=${m.to} @click=${() => this.move(m.to)}>${label(m.label, this.locale)}</button>`,
                  )}
                </div>`
              : html`<p>${this.t("card.move.none")}</p>`}
          </div>`
        : nothing}
      ${this._actionError
        ? html`<div class="alert" part="error" role="alert">
            <p>${this._actionError.message}</p>
            ${this._actionError.detail ? html`<p>${this._actionError.detail}</p>` : nothing}
          </div>`
        : nothing}
    `
  }

  #renderTabs(c: TypedCaseDto): TemplateResult {
    const tabs = this.#tabs()
    const current = this.#currentTab
    const visited = new Set([...this._visited, current])
    return html`<section class="panel tabs-panel">
      <div class="tabs" role="tablist" part="tabs" aria-label=${this.t("card.tabs")} @keydown=${this.#onTabKey}>
        ${tabs.map(
          (tab) => html`<button
            id=${`tab-${tab}`}
            class="tab"
            part="tab"
            role="tab"
            type="button"
            data-tab=${tab}
            aria-selected=${tab === current ? "true" : "false"}
            aria-controls=${`panel-${tab}`}
            tabindex=${tab === current ? "0" : "-1"}
            @click=${() => this.#selectTab(tab)}
          >
            ${this.t(TAB_LABELS[tab])}
            ${tab === "chat" && this._unread ? html`<span class="count" aria-label=${this.t("card.chat.unread", { count: this._unread })}>${this._unread}</span>` : nothing}
          </button>`,
        )}
      </div>
      ${tabs.map(
        (tab) => html`<div id=${`panel-${tab}`} class="tab-panel" part="panel" role="tabpanel" aria-labelledby=${`tab-${tab}`} ?hidden=${tab !== current}>
          ${visited.has(tab) ? this.#renderPanel(tab, c) : nothing}
        </div>`,
      )}
    </section>`
  }

  #renderPanel(tab: CaseCardTab, c: TypedCaseDto): TemplateResult {
    const lang = this.locale
    switch (tab) {
      case "script":
        return html`<org-case-script lang=${lang} case-id=${c.id} type-key=${c.type ?? ""} .case=${c} .definition=${this._def}></org-case-script>`
      case "services":
        return html`<org-case-services lang=${lang} case-id=${c.id} .definition=${this._def} .timeZone=${this.timeZone}></org-case-services>`
      case "chat":
        return html`<org-case-chat lang=${lang} case-id=${c.id} .timeZone=${this.timeZone}></org-case-chat>`
      case "history":
        return html`<org-case-history lang=${lang} case-id=${c.id} .definition=${this._def} .timeZone=${this.timeZone}></org-case-history>`
    }
  }

  static override styles = [
    tokens,
    controls,
    notes,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .muted {
        color: var(--_muted);
      }
      .pad {
        padding: 12px;
        margin: 0;
      }
      .state {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 24px 12px;
        color: var(--_muted);
      }
      .state-alert .btn {
        margin-top: 6px;
      }
      .spinner {
        width: 14px;
        height: 14px;
        border: 2px solid var(--_border-strong);
        border-top-color: var(--_primary);
        border-radius: 50%;
        animation: spin 0.8s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      .btn.small {
        height: 26px;
        padding: 0 9px;
        font-size: 12px;
      }
      .input.small {
        height: 26px;
        font-size: 12px;
        padding: 0 4px;
      }
      .header {
        padding: 10px 12px;
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) + 2px);
        background: var(--_bg);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
      }
      .row.second {
        margin-top: 6px;
        gap: 4px 14px;
      }
      .ident {
        display: inline-flex;
        align-items: center;
        gap: 2px;
      }
      .number {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        font-size: 14px;
        font-weight: 600;
      }
      .type {
        margin-left: 6px;
        color: var(--_muted);
      }
      .title {
        margin: 0;
        font-size: 16px;
        font-weight: 600;
        line-height: 1.3;
        overflow-wrap: anywhere;
      }
      .phone {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-variant-numeric: tabular-nums;
      }
      .phone a {
        color: inherit;
        text-decoration: none;
        font-weight: 500;
      }
      .phone a:hover {
        text-decoration: underline;
      }
      .phone-icon {
        display: inline-flex;
        color: var(--_muted);
      }
      .meta {
        font-size: 12px;
      }
      .spacer {
        flex: 1;
      }
      .status-wrap {
        position: relative;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 26px;
        padding: 0 10px;
        border-radius: 999px;
        border: 1px solid var(--_badge-border);
        background: var(--_badge-bg);
        color: var(--_badge-fg);
        font: inherit;
        font-size: 12px;
        font-weight: 600;
        cursor: pointer;
      }
      .badge:disabled {
        cursor: default;
      }
      .badge,
      .mini-dot {
        --_badge-bg: var(--org-status-open-bg, #eff6ff);
        --_badge-fg: var(--org-status-open-fg, #1d4ed8);
        --_badge-border: var(--org-status-open-border, #bfdbfe);
      }
      [data-category="paused"] {
        --_badge-bg: var(--org-status-paused-bg, #fffbeb);
        --_badge-fg: var(--org-status-paused-fg, #b45309);
        --_badge-border: var(--org-status-paused-border, #fde68a);
      }
      [data-category="resolved"] {
        --_badge-bg: var(--org-status-resolved-bg, #f0fdf4);
        --_badge-fg: var(--org-status-resolved-fg, #15803d);
        --_badge-border: var(--org-status-resolved-border, #bbf7d0);
      }
      .badge .dot,
      .mini-dot {
        display: inline-block;
        width: 7px;
        height: 7px;
        border-radius: 50%;
        background: var(--_badge-fg);
      }
      .caret {
        font-size: 10px;
        opacity: 0.8;
      }
      .menu {
        position: absolute;
        z-index: 30;
        top: calc(100% + 4px);
        left: 0;
        min-width: 240px;
        padding: 4px;
        border: 1px solid var(--_border-strong);
        border-radius: var(--_radius);
        background: var(--_bg);
        box-shadow: 0 10px 30px rgb(15 23 42 / 0.16);
      }
      .menu-item {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        width: 100%;
        padding: 6px 8px;
        border: 0;
        border-radius: 4px;
        background: transparent;
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      .menu-item:hover,
      .menu-item:focus-visible {
        background: var(--_row-hover);
        outline: none;
      }
      .menu-label {
        font-weight: 500;
      }
      .menu-sub {
        display: inline-flex;
        align-items: center;
        gap: 5px;
        font-size: 12px;
        color: var(--_muted);
      }
      .needs {
        margin-left: 4px;
        color: var(--org-warning-fg, #b45309);
      }
      .flag {
        display: inline-flex;
        align-items: center;
        gap: 5px;
        height: 26px;
        padding: 0 9px 0 4px;
        border: 1px dashed var(--_border-strong);
        border-radius: 999px;
        background: transparent;
        color: var(--_muted);
        font: inherit;
        font-size: 12px;
        font-weight: 500;
        cursor: pointer;
      }
      .flag-mark {
        display: inline-grid;
        place-items: center;
        width: 18px;
        height: 18px;
        border-radius: 50%;
        background: var(--_surface);
        font-weight: 800;
      }
      .flag[aria-pressed="true"] {
        border: 1px solid color-mix(in srgb, var(--_flag) 70%, #000 10%);
        background: color-mix(in srgb, var(--_flag) 22%, var(--_bg));
        color: var(--_text);
      }
      .flag[aria-pressed="true"] .flag-mark {
        background: var(--_flag);
        color: #1f2937;
      }
      .sla {
        display: inline-flex;
        align-items: center;
        gap: 5px;
        height: 26px;
        padding: 0 9px;
        border-radius: 999px;
        border: 1px solid var(--_border);
        background: var(--_surface);
        font-size: 12px;
        font-weight: 500;
        white-space: nowrap;
      }
      .sla-icon {
        display: inline-flex;
      }
      .sla[data-state="warning"] {
        border-color: #fde68a;
        background: #fffbeb;
        color: #b45309;
      }
      .sla[data-state="breached"] {
        border-color: #fecaca;
        background: #fef2f2;
        color: #b91c1c;
      }
      .sla[data-state="met"] {
        border-color: #bbf7d0;
        background: #f0fdf4;
        color: #15803d;
      }
      .sla[data-state="paused"] {
        color: var(--_muted);
      }
      .assignee {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        font-size: 12px;
      }
      .who.mine {
        font-weight: 600;
        color: var(--_success);
      }
      .switcher select {
        max-width: 240px;
      }
      .alert {
        margin-top: 8px;
      }
      .alert-head {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px;
      }
      .alert-title {
        font-weight: 600;
      }
      .alert-head .btn {
        margin: -4px -6px 0 0;
        color: inherit;
      }
      .unfilled:focus {
        outline: none;
      }
      .unfilled-list {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 6px;
        margin: 6px 0 0;
        padding: 0;
        list-style: none;
      }
      .unfilled-list .link,
      .unfilled-list .plain {
        display: inline-block;
        padding: 2px 8px;
        border: 1px solid color-mix(in srgb, var(--_warning) 45%, transparent);
        border-radius: 999px;
        background: var(--_bg);
        color: var(--org-warning-fg, #92400e);
        font: inherit;
        font-size: 12px;
        font-weight: 500;
      }
      .unfilled-list .link {
        cursor: pointer;
      }
      .unfilled-list .link:hover {
        text-decoration: underline;
      }
      .allowed-moves {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
        margin-top: 6px;
      }
      .body {
        display: grid;
        grid-template-columns: minmax(0, 1.35fr) minmax(0, 1fr);
        gap: 12px;
        align-items: start;
        margin-top: 12px;
      }
      .panel {
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) + 2px);
        background: var(--_bg);
      }
      .panel-head {
        padding: 9px 12px;
        border-bottom: 1px solid var(--_border);
      }
      .panel-title {
        margin: 0;
        font-size: 13px;
        font-weight: 600;
      }
      .aside {
        display: grid;
        gap: 12px;
        min-width: 0;
      }
      .tabs {
        display: flex;
        gap: 2px;
        padding: 0 6px;
        border-bottom: 1px solid var(--_border);
        overflow-x: auto;
        scrollbar-width: none;
      }
      .tab {
        flex: none;
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 36px;
        padding: 0 8px;
        border: 0;
        border-bottom: 2px solid transparent;
        background: transparent;
        color: var(--_muted);
        font: inherit;
        font-weight: 500;
        cursor: pointer;
      }
      .tab[aria-selected="true"] {
        border-bottom-color: var(--_primary);
        color: var(--_text);
      }
      .tab:focus-visible {
        outline-offset: -2px;
      }
      .count {
        min-width: 18px;
        padding: 0 5px;
        border-radius: 999px;
        background: var(--_primary);
        color: var(--_on-primary);
        font-size: 11px;
        line-height: 18px;
        text-align: center;
      }
      .tab-panel[hidden] {
        display: none;
      }
      @container (max-width: 900px) {
        .body {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      @container (max-width: 560px) {
        .spacer {
          display: none;
        }
        .switcher,
        .switcher select {
          width: 100%;
          max-width: none;
        }
        .title {
          font-size: 15px;
          flex-basis: 100%;
        }
        .menu {
          min-width: min(280px, calc(100vw - 40px));
        }
      }
    `,
  ]
}

const phoneIcon = html`<svg width="13" height="13" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true"><path d="M3.5 1.5h2l1 3-1.5 1a8 8 0 0 0 5.5 5.5l1-1.5 3 1v2a1.5 1.5 0 0 1-1.5 1.5A12.5 12.5 0 0 1 2 3a1.5 1.5 0 0 1 1.5-1.5z"/></svg>`
const clockIcon = html`<svg width="13" height="13" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true"><circle cx="8" cy="8" r="6.5"/><path d="M8 4.5V8l2.5 1.5"/></svg>`

define("org-case-card", OrgCaseCard)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-card": OrgCaseCard
  }
}
