import { html, nothing, type PropertyValues, type TemplateResult } from "lit"
import {
  downloadRoadsideExport,
  getRoadsideAnalytics,
  listDictionaryItems,
  listPartners,
  roadsideExportUrl,
  type Bilingual,
  type DictionaryItemDto,
  type ExportFormat,
  type PartnerDto,
  type RoadsideAnalyticsDto,
  type RoadsideFilters,
} from "../api/case-desk.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import { intlLocale } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { caseDashboardStyles, uplotStyles } from "../lib/case-dashboard-styles.js"
import { endOfDay, startOfDay, today } from "../lib/case-desk-dates.js"
import { formatCount, formatMinutes, formatMoney, formatPercent } from "../lib/case-desk-format.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { chartData, chartOptions, uPlot } from "../lib/roadside-chart.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

/** The dashboard's filters; days are `YYYY-MM-DD` in the tenant's time zone, both included. */
export interface CaseDashboardFilters {
  readonly from: string
  readonly to: string
  /** Item id of the `cities` dictionary, "" for all. */
  readonly city: string
  /** Item id of the `programs` dictionary, "" for all. */
  readonly program: string
  /** Partner id, "" for all. */
  readonly partnerId: string
}

const FORMATS: readonly ExportFormat[] = ["xlsx", "csv", "pdf"]
const PRESETS = [7, 30, 90] as const
const CHART_HEIGHT = 240

type LoadState = "loading" | "ready" | "error"

/**
 * `<org-case-dashboard>`: the roadside desk's dashboard for supervisors and admins
 * (`GET /api/v1/cases/analytics/roadside`): filters (period, city, program, partner), KPI tiles
 * (services, average arrival and first processing times, time unassigned / assigned, total
 * cost for customers and at partners, satisfaction), a chart of services per day with the
 * average arrival time, tables per service type and per action type (overdue highlighted), and
 * exports to xlsx / csv / pdf with the same filters (with a widget token the file is fetched
 * with the Bearer token and saved from a Blob).
 *
 * @attr token, base-url - used when no provider is above the element
 * @attr time-zone - IANA zone of the days; default: the tenant's
 * @prop filters - {@link CaseDashboardFilters}; setting it reloads (default: the last 30 days)
 * @csspart filters, preset, filter, export, tiles, tile, chart, by-service, by-action, row, empty, loading, error
 * @cssprop --org-chart-bars, --org-chart-bars-stroke, --org-chart-line, --org-chart-grid - chart colours
 */
export class OrgCaseDashboard extends OrgElement {
  static override properties = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _filters: { state: true },
    _data: { state: true },
    _state: { state: true },
    _error: { state: true },
    _forbidden: { state: true },
    _cities: { state: true },
    _programs: { state: true },
    _partners: { state: true },
    _exporting: { state: true },
    _exportError: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _filters: CaseDashboardFilters | null
  declare _data: RoadsideAnalyticsDto | null
  declare _state: LoadState
  declare _error: ErrorText | null
  declare _forbidden: boolean
  declare _cities: DictionaryItemDto[]
  declare _programs: DictionaryItemDto[]
  declare _partners: PartnerDto[]
  declare _exporting: ExportFormat | null
  declare _exportError: ErrorText | null

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  #client: ApiClient | undefined
  #seq = 0
  #chart: uPlot | undefined
  #chartKey = ""
  #resize: ResizeObserver | undefined

  constructor() {
    super()
    this._filters = null
    this._data = null
    this._state = "loading"
    this._error = null
    this._forbidden = false
    this._cities = []
    this._programs = []
    this._partners = []
    this._exporting = null
    this._exportError = null
  }

  /** The filters in use (the last 30 days until the tenant's zone is known and nothing else is set). */
  get filters(): CaseDashboardFilters {
    return this._filters ?? this.#defaultFilters()
  }

  set filters(value: Partial<CaseDashboardFilters>) {
    this._filters = { ...this.#defaultFilters(), ...value }
    void this.reload()
  }

  /** The analytics shown (null until loaded). */
  get data(): RoadsideAnalyticsDto | null {
    return this._data
  }

  /** The request's filters: days turned into instants of the tenant's zone. */
  get query(): RoadsideFilters {
    const f = this.filters
    const zone = this.#zone.value
    return {
      ...(f.from ? { from: startOfDay(f.from, zone) } : {}),
      ...(f.to ? { to: endOfDay(f.to, zone) } : {}),
      ...(f.city ? { city: f.city } : {}),
      ...(f.program ? { program: f.program } : {}),
      ...(f.partnerId ? { partnerId: f.partnerId } : {}),
    }
  }

  #defaultFilters(days = 30): CaseDashboardFilters {
    const zone = this.#zone.value
    return { from: today(zone, -(days - 1)), to: today(zone), city: "", program: "", partnerId: "" }
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.#resize = new ResizeObserver(() => this.#fitChart())
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#resize?.disconnect()
    this.#resize = undefined
    this.#chart?.destroy()
    this.#chart = undefined
    this.#chartKey = ""
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client) {
      this.#client = client
      this._data = null
      void this.reload()
      void this.#loadOptions(client)
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed)
    this.#drawChart()
  }

  /** Loads the analytics for the current filters. */
  async reload(): Promise<void> {
    const client = this.#client
    if (!client) return
    const seq = ++this.#seq
    this._state = "loading"
    this._error = null
    try {
      await this.#zone.ready() // the days are the tenant's days
      if (!this._filters) this._filters = this.#defaultFilters()
      const data = await getRoadsideAnalytics(client, this.query, { lang: this.locale })
      if (seq !== this.#seq) return
      this._data = data
      this._forbidden = false
      this._state = "ready"
    } catch (error) {
      if (seq !== this.#seq) return
      this._forbidden = error instanceof ApiError && error.status === 403
      this._error = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
  }

  async #loadOptions(client: ApiClient): Promise<void> {
    const lang = { lang: this.locale }
    const items = (key: string) =>
      listDictionaryItems(client, key, { limit: 200 }, lang).then(
        (p) => p.items,
        () => [] as DictionaryItemDto[],
      )
    const [cities, programs, partners] = await Promise.all([
      items("cities"),
      items("programs"),
      listPartners(client, { limit: 200 }, lang).then(
        (p) => p.items,
        () => [] as PartnerDto[],
      ),
    ])
    if (client !== this.#client) return
    this._cities = cities
    this._programs = programs
    this._partners = partners
  }

  #set(patch: Partial<CaseDashboardFilters>): void {
    this._filters = { ...this.filters, ...patch }
    if (this.#badRange) return // the dates say so; nothing to ask until they make sense
    void this.reload()
  }

  /** A period whose start is after its end. */
  get #badRange(): boolean {
    const f = this.filters
    return !!f.from && !!f.to && f.from > f.to
  }

  async #export(event: MouseEvent, format: ExportFormat): Promise<void> {
    const client = this.#client
    // With the session cookie the link downloads by itself; a widget token must go in a header.
    if (!client?.token) return
    event.preventDefault()
    if (this._exporting) return
    this._exporting = format
    this._exportError = null
    try {
      const { blob, filename } = await downloadRoadsideExport(client, this.query, format, { lang: this.locale })
      const url = URL.createObjectURL(blob)
      const a = document.createElement("a")
      a.href = url
      a.download = filename
      a.style.display = "none"
      this.renderRoot.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
    } catch (error) {
      this._exportError = describeError(error, (k) => this.t(k))
    } finally {
      this._exporting = null
    }
  }

  // --- chart --------------------------------------------------------------------------------

  #drawChart(): void {
    const host = this.renderRoot.querySelector<HTMLElement>("#chart")
    const series = this._data?.series ?? []
    if (!host || !series.length) {
      if (this.#chart) {
        this.#chart.destroy()
        this.#chart = undefined
        this.#chartKey = ""
      }
      return
    }
    const key = `${this.locale}|${JSON.stringify(series)}`
    if (this.#chart && this.#chartKey === key && this.#chart.root.parentElement === host) return
    this.#chart?.destroy()
    const css = getComputedStyle(this)
    const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
    const lang = this.locale
    const dayFormat = new Intl.DateTimeFormat(intlLocale(lang), { day: "2-digit", month: "2-digit", timeZone: "UTC" })
    const options = chartOptions(
      series,
      { width: Math.max(280, host.clientWidth), height: CHART_HEIGHT },
      {
        dayLabel: this.t("dashboard.chart.day"),
        services: this.t("dashboard.chart.services"),
        arrival: this.t("dashboard.chart.arrival"),
        day: (day) => dayFormat.format(new Date(`${day}T00:00:00Z`)),
        count: (n) => formatCount(n, lang),
        minutes: (n) => this.t("dashboard.duration.m", { m: formatCount(n, lang) }),
      },
      {
        bars: read("--_chart-bars", "#93c5fd"),
        barsStroke: read("--_chart-bars-stroke", "#2563eb"),
        line: read("--_chart-line", "#ea580c"),
        grid: read("--_chart-grid", "#eef2f7"),
        text: read("--_muted", "#6b7280"),
      },
      read("--_font", "system-ui, sans-serif"),
    )
    this.#chart = new uPlot(options, chartData(series), host)
    this.#chartKey = key
    this.#resize?.disconnect()
    this.#resize?.observe(host)
  }

  #fitChart(): void {
    const host = this.renderRoot.querySelector<HTMLElement>("#chart")
    if (!host || !this.#chart) return
    const width = Math.max(280, host.clientWidth)
    if (Math.abs(width - this.#chart.width) > 1) this.#chart.setSize({ width, height: CHART_HEIGHT })
  }

  // --- render -------------------------------------------------------------------------------

  #label(text: Bilingual | null | undefined): string {
    if (!text) return ""
    return (this.locale === "en" ? text.en : text.ru) || text.ru || text.en
  }

  protected override render(): TemplateResult {
    const t = this.t.bind(this)
    return html`
      <div class="head">
        <h2 class="title">${t("dashboard.heading")}</h2>
        ${this.#renderExports()}
      </div>
      ${this._exportError
        ? html`<div class="alert export-error" role="alert" part="error">
            <p>${t("dashboard.exportError")}</p>
            <p>${this._exportError.message}</p>
          </div>`
        : nothing}
      ${this.#renderFilters()} ${this.#renderBody()}
    `
  }

  #renderExports(): TemplateResult {
    const t = this.t.bind(this)
    const client = this.#client
    return html`<div class="exports" role="group" aria-label=${t("dashboard.export")}>
      <span class="label muted">${t("dashboard.export")}</span>
      ${FORMATS.map((format) => {
        const busy = this._exporting === format
        return html`<a
          class="btn small"
          part="export"
          data-format=${format}
          href=${client ? roadsideExportUrl(client, this.query, format) : nothing}
          download
          aria-label=${t("dashboard.export.label", { format: format.toUpperCase() })}
          aria-busy=${busy ? "true" : "false"}
          @click=${(e: MouseEvent) => this.#export(e, format)}
          >${busy ? t("dashboard.exporting") : format.toUpperCase()}</a
        >`
      })}
    </div>`
  }

  #renderFilters(): TemplateResult {
    const t = this.t.bind(this)
    const f = this.filters
    const todayDay = today(this.#zone.value)
    const preset = PRESETS.find((d) => f.to === todayDay && f.from === today(this.#zone.value, -(d - 1)))
    const invalid = this.#badRange
    return html`<div class="filters" part="filters" role="group" aria-label=${t("dashboard.filters")}>
      <div class="filter presets-box">
        <span class="label" id="preset-label">${t("dashboard.period")}</span>
        <div class="presets" role="group" aria-labelledby="preset-label">
          ${PRESETS.map(
            (d) => html`<button
              class="preset"
              part="preset"
              type="button"
              data-days=${d}
              aria-pressed=${preset === d ? "true" : "false"}
              @click=${() => this.#set({ from: today(this.#zone.value, -(d - 1)), to: todayDay })}
            >
              ${t("dashboard.preset", { days: d })}
            </button>`,
          )}
        </div>
      </div>
      <div class="filter">
        <label class="label" for="d-from">${t("dashboard.from")}</label>
        <input
          id="d-from"
          class="input date"
          part="filter"
          type="date"
          name="from"
          .value=${f.from}
          max=${f.to || nothing}
          aria-invalid=${invalid ? "true" : "false"}
          aria-describedby=${invalid ? "range-error" : nothing}
          @change=${(e: Event) => this.#set({ from: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="filter">
        <label class="label" for="d-to">${t("dashboard.to")}</label>
        <input
          id="d-to"
          class="input date"
          part="filter"
          type="date"
          name="to"
          .value=${f.to}
          min=${f.from || nothing}
          aria-invalid=${invalid ? "true" : "false"}
          aria-describedby=${invalid ? "range-error" : nothing}
          @change=${(e: Event) => this.#set({ to: (e.target as HTMLInputElement).value })}
        />
        ${invalid ? html`<span id="range-error" class="field-error" part="field-error">${t("dashboard.range.invalid")}</span>` : nothing}
      </div>
      ${this.#select("city", t("dashboard.city"), t("dashboard.city.all"), this._cities.map((c) => ({ value: c.id, label: this.#label(c.label) })))}
      ${this.#select("program", t("dashboard.program"), t("dashboard.program.all"), this._programs.map((p) => ({ value: p.id, label: this.#label(p.label) })))}
      ${this.#select("partnerId", t("dashboard.partner"), t("dashboard.partner.all"), this._partners.map((p) => ({ value: p.id, label: p.name })))}
    </div>`
  }

  #select(name: "city" | "program" | "partnerId", label: string, all: string, options: { value: string; label: string }[]): TemplateResult {
    const value = this.filters[name]
    return html`<div class="filter">
      <label class="label" for=${`d-${name}`}>${label}</label>
      <select id=${`d-${name}`} class="input" part="filter" name=${name} @change=${(e: Event) => this.#set({ [name]: (e.target as HTMLSelectElement).value } as Partial<CaseDashboardFilters>)}>
        <option value="" ?selected=${!value}>${all}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
        ${value && !options.some((o) => o.value === value) ? html`<option value=${value} selected>${value}</option>` : nothing}
      </select>
    </div>`
  }

  #renderBody(): TemplateResult {
    const t = this.t.bind(this)
    const data = this._data
    if (this._state === "error" && (!data || this._forbidden)) {
      return html`<div class="state alert" role="alert" part="error" ?data-forbidden=${this._forbidden}>
        <p>${this._forbidden ? t("dashboard.forbidden") : t("dashboard.loadError")}</p>
        ${this._forbidden ? nothing : html`<p>${this._error?.message}</p>`}
        ${this._forbidden ? nothing : html`<button class="btn small" type="button" @click=${() => this.reload()}>${t("app.retry")}</button>`}
      </div>`
    }
    if (!data) {
      return html`<div class="state loading" part="loading" aria-busy="true"><span class="spinner" aria-hidden="true"></span>${t("dashboard.loading")}</div>`
    }
    const stale = this._state === "loading"
    const empty = !data.totals.services && !data.series.some((d) => d.services)
    return html`<div class="body ${stale ? "stale" : ""}" aria-busy=${stale ? "true" : "false"}>
      ${this._state === "error"
        ? html`<div class="alert" role="alert" part="error"><p>${t("dashboard.loadError")}</p><p>${this._error?.message}</p></div>`
        : nothing}
      ${this.#renderTiles(data)}
      ${empty
        ? html`<div class="state" part="empty">
            <strong>${t("dashboard.empty")}</strong>
            <span class="muted">${t("dashboard.empty.hint")}</span>
          </div>`
        : html`<section class="card" part="chart" aria-labelledby="chart-title">
              <div class="card-head"><h3 id="chart-title" class="card-title">${t("dashboard.chart.title")}</h3></div>
              <div id="chart" class="chart" role="img" aria-label=${this.#chartSummary(data)}></div>
            </section>
            <div class="tables">${this.#renderByService(data)} ${this.#renderByAction(data)}</div>`}
    </div>`
  }

  #chartSummary(data: RoadsideAnalyticsDto): string {
    const peak = data.series.reduce((best, d) => (d.services > (best?.services ?? -1) ? d : best), data.series[0])
    return this.t("dashboard.chart.summary", { days: data.series.length, services: data.totals.services, peak: peak ? peak.services : 0 })
  }

  #renderTiles(data: RoadsideAnalyticsDto): TemplateResult {
    const t = this.t.bind(this)
    const lang = this.locale
    const x = data.totals
    const tiles: { key: string; label: string; value: string; none: boolean; sub?: string }[] = [
      { key: "services", label: t("dashboard.kpi.services"), value: formatCount(x.services, lang), none: false },
      { key: "arrival", label: t("dashboard.kpi.arrival"), value: formatMinutes(x.avgArrivalMinutes, t), none: x.avgArrivalMinutes === null, sub: t("dashboard.kpi.avg") },
      { key: "firstProcessing", label: t("dashboard.kpi.firstProcessing"), value: formatMinutes(x.avgFirstProcessingMinutes, t), none: x.avgFirstProcessingMinutes === null, sub: t("dashboard.kpi.avg") },
      { key: "unassigned", label: t("dashboard.kpi.unassigned"), value: formatMinutes(x.avgUnassignedMinutes, t), none: x.avgUnassignedMinutes === null, sub: t("dashboard.kpi.avg") },
      { key: "assigned", label: t("dashboard.kpi.assigned"), value: formatMinutes(x.avgAssignedMinutes, t), none: x.avgAssignedMinutes === null, sub: t("dashboard.kpi.avg") },
      { key: "customerCost", label: t("dashboard.kpi.customerCost"), value: formatMoney(x.customerCost, lang), none: false },
      { key: "partnerCost", label: t("dashboard.kpi.partnerCost"), value: formatMoney(x.partnerCost, lang), none: false },
      { key: "satisfaction", label: t("dashboard.kpi.satisfaction"), value: formatPercent(x.satisfactionPercent, lang), none: x.satisfactionPercent === null },
    ]
    return html`<dl class="tiles" part="tiles">
      ${tiles.map(
        (tile) => html`<div class="tile" part="tile" data-kpi=${tile.key}>
          <dt class="tile-label" title=${tile.label}>${tile.label}</dt>
          <dd class="tile-value ${tile.none ? "none" : ""}" style="margin:0">${tile.value}</dd>
          ${tile.sub ? html`<dd class="tile-sub" style="margin:0">${tile.sub}</dd>` : nothing}
        </div>`,
      )}
    </dl>`
  }

  #renderByService(data: RoadsideAnalyticsDto): TemplateResult {
    const t = this.t.bind(this)
    const lang = this.locale
    const rows = data.byServiceType
    const currency = rows[0]?.customerCost.currency ?? data.totals.customerCost.currency
    const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0)
    return html`<section class="card" part="by-service" aria-labelledby="by-service-title">
      <div class="card-head"><h3 id="by-service-title" class="card-title">${t("dashboard.byService")}</h3></div>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${t("dashboard.col.service")}</th>
              <th scope="col" class="num">${t("dashboard.col.count")}</th>
              <th scope="col" class="num">${t("dashboard.col.wait")}</th>
              <th scope="col" class="num">${t("dashboard.col.serviceTime")}</th>
              <th scope="col" class="num">${t("dashboard.col.customerCost")}</th>
              <th scope="col" class="num">${t("dashboard.col.partnerCost")}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.length
              ? rows.map(
                  (r) => html`<tr part="row" data-kind=${r.kind}>
                    <td class="name">${this.#label(r.label) || r.kind}</td>
                    <td class="num">${formatCount(r.count, lang)}</td>
                    <td class="num">${formatMinutes(r.avgWaitMinutes, t)}</td>
                    <td class="num">${formatMinutes(r.avgServiceMinutes, t)}</td>
                    <td class="num">${formatMoney(r.customerCost, lang)}</td>
                    <td class="num">${formatMoney(r.partnerCost, lang)}</td>
                  </tr>`,
                )
              : html`<tr><td colspan="6" class="muted">${t("dashboard.noRows")}</td></tr>`}
          </tbody>
          ${rows.length > 1
            ? html`<tfoot>
                <tr>
                  <td>${t("dashboard.total")}</td>
                  <td class="num">${formatCount(sum((r) => r.count), lang)}</td>
                  <td></td>
                  <td></td>
                  <td class="num">${formatMoney({ amount: sum((r) => r.customerCost.amount), currency }, lang)}</td>
                  <td class="num">${formatMoney({ amount: sum((r) => r.partnerCost.amount), currency }, lang)}</td>
                </tr>
              </tfoot>`
            : nothing}
        </table>
      </div>
    </section>`
  }

  #renderByAction(data: RoadsideAnalyticsDto): TemplateResult {
    const t = this.t.bind(this)
    const lang = this.locale
    const rows = data.byActionType
    return html`<section class="card" part="by-action" aria-labelledby="by-action-title">
      <div class="card-head"><h3 id="by-action-title" class="card-title">${t("dashboard.byAction")}</h3></div>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${t("dashboard.col.action")}</th>
              <th scope="col" class="num">${t("dashboard.col.count")}</th>
              <th scope="col" class="num">${t("dashboard.col.overdue")}</th>
              <th scope="col" class="num">${t("dashboard.col.execution")}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.length
              ? rows.map(
                  (r) => html`<tr part="row" data-kind=${r.kind} class=${r.overdue > 0 ? "overdue" : ""} ?data-overdue=${r.overdue > 0}>
                    <td class="name">${this.#label(r.label) || r.kind}</td>
                    <td class="num">${formatCount(r.count, lang)}</td>
                    <td class="num">
                      ${r.overdue > 0
                        ? html`<span class="overdue-count" title=${t("dashboard.overdue", { count: r.overdue })}>${formatCount(r.overdue, lang)}</span>`
                        : html`<span class="muted">0</span>`}
                    </td>
                    <td class="num">${formatMinutes(r.avgExecutionMinutes, t)}</td>
                  </tr>`,
                )
              : html`<tr><td colspan="4" class="muted">${t("dashboard.noRows")}</td></tr>`}
          </tbody>
        </table>
      </div>
    </section>`
  }

  static override styles = [tokens, controls, notes, uplotStyles, caseDashboardStyles]
}

define("org-case-dashboard", OrgCaseDashboard)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-dashboard": OrgCaseDashboard
  }
}
