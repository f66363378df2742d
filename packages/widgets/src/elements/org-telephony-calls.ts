import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import {
  CALL_DIRECTIONS,
  CALL_DISPOSITIONS,
  listAllSipAccounts,
  listCalls,
  type CallDirection,
  type CallDisposition,
  type CallListParams,
  type CallRecord,
  type SipAccount,
} from "../api/telephony.js"
import { formatDateTime } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { endOfDay, startOfDay } from "../lib/case-desk-dates.js"
import { renderDataTable } from "../lib/data-table.js"
import { LiveTopicsController } from "../lib/live-topics.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, dataLists, dateRange, notes, surfaces, tokens } from "../lib/styles.js"
import { accountName } from "../lib/telephony-accounts-form.js"
import { callFilterStyles, dispositionTone, formatTalk, renderParty } from "../lib/telephony-calls-view.js"
import { renderLoadMore } from "../lib/telephony-panel.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

/** The filters of the call list. Days are `YYYY-MM-DD` in the tenant's time zone; "" is "any". */
export interface CallFilters {
  readonly from: string
  readonly to: string
  /** A SIP account id. */
  readonly account: string
  readonly direction: CallDirection | ""
  readonly disposition: CallDisposition | ""
}

export const DEFAULT_CALL_FILTERS: CallFilters = { from: "", to: "", account: "", direction: "", disposition: "" }

const PAGE = 50
const LIVE_DEBOUNCE_MS = 400

/**
 * `<org-telephony-calls>`: the tenant's call records, newest first — filters by days (in the
 * tenant's time zone), SIP account (made, answered or rung), direction and result; 50 at a time
 * with "Show more". New calls (`call.ended` on the events socket) refresh the first page, or —
 * once more pages are loaded — offer a refresh instead of moving the rows. Supervisors and
 * admins; the account filter needs the accounts list (admins) and is left out without it.
 *
 * @attr token, base-url, time-zone - used when no provider is above the element
 * @prop filters - {@link CallFilters}; setting it re-queries
 * @csspart filters, filter, field-error, reset, refresh, table, row, direction, result, load-more,
 *   new-calls, empty, loading, error
 */
export class OrgTelephonyCalls extends OrgElement {
  static override properties = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _filters: { state: true },
    _items: { state: true },
    _next: { state: true },
    _loadState: { state: true },
    _loadError: { state: true },
    _loadingMore: { state: true },
    _accounts: { state: true },
    _newCalls: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _filters: CallFilters
  declare _items: CallRecord[]
  declare _next: string | null
  declare _loadState: "idle" | "loading" | "ready" | "error"
  declare _loadError: ErrorText | null
  declare _loadingMore: boolean
  /** Accounts for the filter; null when the user may not list them. */
  declare _accounts: SipAccount[] | null
  declare _newCalls: boolean

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #live = new LiveTopicsController(this, this.#api, ["call.ended"], () => this.#onCallEnded())
  #client: ApiClient | undefined
  #seq = 0
  #pages = 0
  #liveTimer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this._filters = DEFAULT_CALL_FILTERS
    this._items = []
    this._next = null
    this._loadState = "idle"
    this._loadError = null
    this._loadingMore = false
    this._accounts = null
    this._newCalls = false
  }

  /** The calls shown. */
  get items(): readonly CallRecord[] {
    return this._items
  }

  get filters(): CallFilters {
    return this._filters
  }

  set filters(value: Partial<CallFilters>) {
    this._filters = { ...DEFAULT_CALL_FILTERS, ...value }
    if (this.#client) void this.reload()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#liveTimer)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    // A new client: "call.ended" is listened to on it (while connected) and all is loaded again.
    if (!this.#live.sync()) return
    const client = this.#api.client
    this.#client = client
    this._items = []
    this._accounts = null
    void this.reload()
    void this.#loadAccounts(client)
  }

  // --- live -----------------------------------------------------------------------------------

  #onCallEnded(): void {
    // With more pages loaded a refresh would drop them and move the rows: offer it instead.
    if (this.#pages > 1) {
      this._newCalls = true
      return
    }
    clearTimeout(this.#liveTimer)
    this.#liveTimer = setTimeout(() => void this.reload(), LIVE_DEBOUNCE_MS)
  }

  // --- loading --------------------------------------------------------------------------------

  get #badRange(): boolean {
    const f = this._filters
    return !!f.from && !!f.to && f.from > f.to
  }

  get #filtered(): boolean {
    const f = this._filters
    return !!(f.from || f.to || f.account || f.direction || f.disposition)
  }

  /** The query for the current filters (days become instants in the tenant's zone; `to` is the end of its day). */
  params(cursor: string | null = null): CallListParams {
    const f = this._filters
    const zone = this.#zone.value
    return {
      from: f.from ? startOfDay(f.from, zone) : undefined,
      to: f.to ? endOfDay(f.to, zone) : undefined,
      account: f.account || undefined,
      direction: f.direction || undefined,
      disposition: f.disposition || undefined,
      limit: PAGE,
      cursor,
    }
  }

  /** Loads the first page for the current filters. */
  async reload(): Promise<void> {
    const client = this.#client
    if (!client || this.#badRange) return
    const seq = ++this.#seq
    this._loadState = "loading"
    this._loadError = null
    try {
      await this.#zone.ready() // the days of the filter in the tenant's time zone from the start
      const page = await listCalls(client, this.params(), { lang: this.locale })
      if (seq !== this.#seq) return
      this._items = page.items
      this._next = page.nextCursor
      this._loadState = "ready"
      this._newCalls = false
      this.#pages = 1
    } catch (error) {
      if (seq !== this.#seq) return
      this._loadError = describeError(error, (k) => this.t(k))
      this._loadState = "error"
    }
  }

  async #loadMore(): Promise<void> {
    const client = this.#client
    if (!client || !this._next || this._loadingMore) return
    const seq = this.#seq
    this._loadingMore = true
    try {
      const page = await listCalls(client, this.params(this._next), { lang: this.locale })
      if (seq !== this.#seq) return
      const known = new Set(this._items.map((c) => c.id))
      this._items = [...this._items, ...page.items.filter((c) => !known.has(c.id))]
      this._next = page.nextCursor
      this.#pages++
    } catch (error) {
      if (seq !== this.#seq) return
      this._loadError = describeError(error, (k) => this.t(k))
    } finally {
      this._loadingMore = false
    }
  }

  async #loadAccounts(client: ApiClient): Promise<void> {
    try {
      const accounts = await listAllSipAccounts(client, { lang: this.locale })
      if (client === this.#client) this._accounts = accounts
    } catch {
      // Supervisors may read calls but not list accounts: the filter is left out for them.
      if (client === this.#client) this._accounts = null
    }
  }

  #set<K extends keyof CallFilters>(key: K, value: CallFilters[K]): void {
    if (this._filters[key] === value) return
    this._filters = { ...this._filters, [key]: value }
    void this.reload()
  }

  #reset(): void {
    this._filters = DEFAULT_CALL_FILTERS
    void this.reload()
  }

  // --- render ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const t = this.t.bind(this)
    return html`<section class="card" aria-labelledby="calls-heading" aria-busy=${this._loadState === "loading" ? "true" : "false"}>
      <div class="card-head">
        <h2 id="calls-heading" class="card-title">${t("calls.heading")}</h2>
        ${this._items.length ? html`<p class="card-sub">${t("calls.shown", { count: this._items.length })}</p>` : nothing}
      </div>
      ${this.#renderFilters()}
      ${this._newCalls
        ? html`<div class="new-calls">
            <button class="btn small" part="new-calls" type="button" @click=${() => this.reload()}>${t("calls.new")}</button>
          </div>`
        : nothing}
      ${this.#renderBody()}
    </section>`
  }

  #renderFilters(): TemplateResult {
    const t = this.t.bind(this)
    const f = this._filters
    const bad = this.#badRange
    const date = (name: "from" | "to", label: string) => html`<div class="filter">
      <label class="label" for=${`c-${name}`}>${label}</label>
      <input
        id=${`c-${name}`}
        class="input date"
        part="filter"
        name=${name}
        type="date"
        .value=${f[name]}
        min=${name === "to" ? f.from || nothing : nothing}
        max=${name === "from" ? f.to || nothing : nothing}
        aria-invalid=${bad ? "true" : "false"}
        aria-describedby=${bad ? "range-error" : nothing}
        @change=${(e: Event) => this.#set(name, (e.target as HTMLInputElement).value)}
      />
    </div>`
    const select = <K extends "account" | "direction" | "disposition">(
      name: K,
      label: string,
      any: string,
      options: readonly { value: string; label: string }[],
    ) => html`<div class="filter">
      <label class="label" for=${`c-${name}`}>${label}</label>
      <select
        id=${`c-${name}`}
        class="input select"
        part="filter"
        name=${name}
        @change=${(e: Event) => this.#set(name, (e.target as HTMLSelectElement).value as CallFilters[K])}
      >
        <option value="" ?selected=${!f[name]}>${any}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${f[name] === o.value}>${o.label}</option>`)}
      </select>
    </div>`
    return html`<div class="filters" part="filters" role="search" aria-label=${t("calls.filters")}>
      <div class="range">
        ${date("from", t("calls.from"))} ${date("to", t("calls.to"))}
        ${bad ? html`<span id="range-error" class="field-error range-error" part="field-error" role="alert">${t("calls.range.invalid")}</span>` : nothing}
      </div>
      ${this._accounts
        ? select(
            "account",
            t("calls.account"),
            t("calls.account.any"),
            this._accounts.map((a) => ({ value: a.id, label: a.comment ? `${accountName(a)} (${a.username})` : a.username })),
          )
        : nothing}
      ${select("direction", t("calls.direction"), t("calls.direction.any"), CALL_DIRECTIONS.map((d) => ({ value: d, label: t(`calls.direction.${d}`) })))}
      ${select(
        "disposition",
        t("calls.disposition"),
        t("calls.disposition.any"),
        CALL_DISPOSITIONS.map((d) => ({ value: d, label: t(`calls.disposition.${d}`) })),
      )}
      <div class="filter-buttons">
        ${this.#filtered ? html`<button class="btn" part="reset" type="button" @click=${() => this.#reset()}>${t("tel.reset")}</button>` : nothing}
        <button class="btn" part="refresh" type="button" ?disabled=${this._loadState === "loading"} @click=${() => this.reload()}>${t("tel.refresh")}</button>
      </div>
    </div>`
  }

  #renderBody(): TemplateResult {
    const t = this.t.bind(this)
    if ((this._loadState === "loading" || this._loadState === "idle") && !this._items.length) {
      return html`<div class="state-line" part="loading" aria-busy="true">${t("app.loading")}</div>`
    }
    const error = this._loadError
      ? html`<div class="alert inline-alert" role="alert" part="error">
          <p>${t("common.loadError")}</p>
          <p>${this._loadError.message}</p>
          <button class="btn small retry" type="button" @click=${() => this.reload()}>${t("app.retry")}</button>
        </div>`
      : nothing
    if (!this._items.length) {
      if (this._loadState === "error") return html`${error}`
      return html`<div class="state-line" part="empty">
        <p>${this.#filtered ? t("calls.emptyFiltered") : t("calls.empty")}</p>
        ${this.#filtered ? html`<button class="btn small" type="button" @click=${() => this.#reset()}>${t("tel.reset")}</button>` : nothing}
      </div>`
    }
    const table = renderDataTable(
      [
        { label: t("calls.col.time") },
        { label: t("calls.col.direction") },
        { label: t("calls.col.from") },
        { label: t("calls.col.to") },
        { label: t("calls.col.result") },
        { label: t("calls.col.ring"), class: "num" },
        { label: t("calls.col.talk"), class: "num" },
      ],
      this._items.map((c) => this.#renderRow(c)),
      { stale: this._loadState === "loading" },
    )
    return html`${error} ${table} ${this._next ? renderLoadMore(t, this._loadingMore, () => this.#loadMore()) : nothing}`
  }

  #renderRow(c: CallRecord): TemplateResult {
    const t = this.t.bind(this)
    const transfer = c.transfers.at(-1)
    const note =
      c.disposition === "answered"
        ? t(`calls.hangup.${c.hangup}`)
        : [t("calls.status", { status: c.status }), c.reason].filter(Boolean).join(" · ")
    return html`<tr part="row" data-id=${c.id} data-disposition=${c.disposition} data-direction=${c.direction}>
      <td class="primary nowrap" data-label=${t("calls.col.time")}>
        <time datetime=${c.startedAt}>${formatDateTime(c.startedAt, this.locale, this.#zone.value)}</time>
      </td>
      <td data-label=${t("calls.col.direction")}><span class="direction" part="direction">${t(`calls.direction.${c.direction}`)}</span></td>
      <td data-label=${t("calls.col.from")}>${renderParty(c.from, c.callerName)}</td>
      <td data-label=${t("calls.col.to")}>
        ${renderParty(c.to, c.calleeName)}
        ${transfer ? html`<span class="sub muted">${t("calls.transferred", { target: transfer.targetUser ?? transfer.target })}</span>` : nothing}
      </td>
      <td data-label=${t("calls.col.result")}>
        <span class="result">
          <span class="tag" part="result" data-tone=${dispositionTone(c.disposition)}>${t(`calls.disposition.${c.disposition}`)}</span>
          <span class="sub muted">${note}</span>
        </span>
      </td>
      <td class="num nowrap" data-label=${t("calls.col.ring")}>${t("calls.seconds", { count: Math.round(c.ringSeconds) })}</td>
      <td class="num nowrap" data-label=${t("calls.col.talk")}>
        ${c.talkSeconds > 0 ? formatTalk(c.talkSeconds) : html`<span class="muted">${t("tel.none")}</span>`}
      </td>
    </tr>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    dataLists,
    dateRange,
    callFilterStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
    `,
  ]
}

define("org-telephony-calls", OrgTelephonyCalls)

declare global {
  interface HTMLElementTagNameMap {
    "org-telephony-calls": OrgTelephonyCalls
  }
}
