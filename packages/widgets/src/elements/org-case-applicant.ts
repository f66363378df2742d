import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { type ApplicantLookupDto, CaseCardApi, type CaseTypeDefinition } from "../api/case-card.js"
import { ApiError } from "../api/errors.js"
import { CaseOpenEvent } from "../events.js"
import { formatDateTime } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { caseType } from "../lib/case-desk-cache.js"
import { label } from "../lib/case-fields.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

const SHOWN = 5

/**
 * `<org-case-applicant>`: who is calling — the applicant known by the case's phone
 * (`GET /:id/applicant`) and their previous cases (number, status, date, preview), newest
 * first. Clicking a previous case asks to open it.
 *
 * @attr case-id - the case whose applicant to show
 * @prop phone - the case's applicant phone (a change reloads)
 * @prop definition - the case's type (labels of statuses of the same type)
 * @attr token, base-url, time-zone
 * @fires org-case-open - {@link CaseOpenEvent} with a previous case's id
 * @csspart heading, name, case, error
 */
export class OrgCaseApplicant extends OrgElement {
  static override properties = {
    caseId: { type: String, attribute: "case-id" },
    phone: { type: String },
    definition: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _data: { state: true },
    _state: { state: true },
    _error: { state: true },
    _all: { state: true },
    _labels: { state: true },
  }

  declare caseId: string
  declare phone: string | null | undefined
  declare definition: CaseTypeDefinition | null
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _data: ApplicantLookupDto | null
  declare _state: "loading" | "ready" | "error" | "none"
  declare _error: ErrorText | null
  declare _all: boolean
  declare _labels: Readonly<Record<string, CaseTypeDefinition>>

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  #key = ""
  #seq = 0

  constructor() {
    super()
    this.caseId = ""
    this.definition = null
    this._data = null
    this._state = "loading"
    this._error = null
    this._all = false
    this._labels = {}
  }

  /** What the panel shows (null while loading). */
  get data(): ApplicantLookupDto | null {
    return this._data
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const key = `${this.caseId}|${this.phone ?? ""}`
    if (key !== this.#key) {
      this.#key = key
      void this.reload()
    }
  }

  async reload(): Promise<void> {
    const id = this.caseId
    const seq = ++this.#seq
    if (!id) return
    this._state = "loading"
    this._all = false
    try {
      const [data] = await Promise.all([new CaseCardApi(this.#api.client).applicantOf(id, { lang: this.locale }), this.#zone.ready()])
      if (seq !== this.#seq) return
      this._data = data
      this._state = "ready"
      void this.#loadTypes(data)
    } catch (error) {
      if (seq !== this.#seq) return
      if (error instanceof ApiError && error.status === 404 && error.code === "not_found") {
        // A case without an applicant phone has no applicant.
        this._data = { applicant: null, cases: [] }
        this._state = "none"
        return
      }
      this._error = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
  }

  async #loadTypes(data: ApplicantLookupDto): Promise<void> {
    const keys = [...new Set(data.cases.map((c) => c.type).filter((t): t is string => !!t))]
    for (const key of keys) {
      if (this._labels[key] || this.definition?.key === key) continue
      try {
        const t = await caseType(this.#api.client, key)
        this._labels = { ...this._labels, [key]: t.definition }
      } catch {
        /* the status key is shown as it is */
      }
    }
  }

  #statusOf(type: string | null, status: string): { text: string; category: string } {
    const def = type && (this.definition?.key === type ? this.definition : this._labels[type])
    const s = def ? def.states.find((x) => x.key === status) : undefined
    return s ? { text: label(s.label, this.locale), category: s.category } : { text: status, category: "open" }
  }

  protected override render(): TemplateResult {
    const d = this._data
    const a = d?.applicant
    return html`<section class="box" aria-labelledby="app-title">
      <div class="head">
        <h2 class="title" id="app-title" part="heading">${this.t("card.applicant.heading")}</h2>
        ${a ? html`<span class="sub">${this.t("card.applicant.count", { count: a.casesCount })}</span>` : nothing}
      </div>
      ${this._state === "loading" && !d
        ? html`<p class="line muted" aria-busy="true">${this.t("app.loading")}</p>`
        : this._state === "error"
          ? html`<div class="alert" role="alert" part="error">
              <p>${this._error?.message}</p>
              <button class="btn small" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
            </div>`
          : this.#renderBody(d)}
    </section>`
  }

  #renderBody(d: ApplicantLookupDto | null): TemplateResult {
    if (!d || this._state === "none") return html`<p class="line muted">${this.t("card.applicant.noPhone")}</p>`
    const a = d.applicant
    const cases = this._all ? d.cases : d.cases.slice(0, SHOWN)
    return html`
      <div class="who">
        ${a
          ? html`<span class="name" part="name">${a.name || this.t("card.applicant.unnamed")}</span>
              ${a.lastCaseAt
                ? html`<span class="muted small">${this.t("card.applicant.last", { time: formatDateTime(a.lastCaseAt, this.locale, this.#zone.value) })}</span>`
                : nothing}`
          : html`<span class="muted">${this.t("card.applicant.new")}</span>`}
      </div>
      ${d.cases.length
        ? html`<ul class="cases" aria-label=${this.t("card.applicant.previous")}>
            ${cases.map((c) => {
              const st = this.#statusOf(c.type, c.status)
              return html`<li>
                <button class="case" part="case" type="button" data-id=${c.id} @click=${() => this.dispatchEvent(new CaseOpenEvent(c.id))}>
                  <span class="case-top">
                    <span class="num">${c.number}</span>
                    <span class="badge" data-category=${st.category}>${st.text}</span>
                    <time class="muted small" datetime=${c.createdAt}>${formatDateTime(c.createdAt, this.locale, this.#zone.value)}</time>
                  </span>
                  <span class="preview">${c.preview || c.title}</span>
                </button>
              </li>`
            })}
          </ul>
          ${d.cases.length > SHOWN && !this._all
            ? html`<button class="btn small ghost more" type="button" @click=${() => (this._all = true)}>
                ${this.t("card.applicant.all", { count: d.cases.length })}
              </button>`
            : nothing}`
        : a
          ? html`<p class="line muted">${this.t("card.applicant.noCases")}</p>`
          : nothing}
    `
  }

  static override styles = [
    tokens,
    controls,
    notes,
    css`
      :host {
        display: block;
      }
      .muted {
        color: var(--_muted);
      }
      .small {
        font-size: 12px;
      }
      .head {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
        padding: 9px 12px;
        border-bottom: 1px solid var(--_border);
      }
      .title {
        margin: 0;
        font-size: 13px;
        font-weight: 600;
      }
      .sub {
        font-size: 12px;
        color: var(--_muted);
      }
      .line {
        margin: 0;
        padding: 10px 12px;
      }
      .who {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 4px 10px;
        padding: 8px 12px 4px;
      }
      .name {
        font-weight: 600;
      }
      .cases {
        margin: 0;
        padding: 4px 6px 6px;
        list-style: none;
      }
      .case {
        display: grid;
        gap: 2px;
        width: 100%;
        padding: 6px;
        border: 0;
        border-radius: var(--_radius);
        background: transparent;
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      .case:hover {
        background: var(--_row-hover);
      }
      .case-top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
      }
      .num {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 12px;
        font-weight: 600;
        color: var(--_primary);
      }
      .preview {
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
        color: var(--_text);
        font-size: 12px;
      }
      .badge {
        padding: 0 7px;
        border-radius: 999px;
        border: 1px solid #bfdbfe;
        background: #eff6ff;
        color: #1d4ed8;
        font-size: 11px;
        font-weight: 500;
        line-height: 17px;
      }
      .badge[data-category="paused"] {
        border-color: #fde68a;
        background: #fffbeb;
        color: #b45309;
      }
      .badge[data-category="resolved"] {
        border-color: #bbf7d0;
        background: #f0fdf4;
        color: #15803d;
      }
      .more {
        margin: 0 6px 8px;
      }
      .btn.small {
        height: 26px;
        padding: 0 9px;
        font-size: 12px;
      }
      .alert {
        margin: 10px 12px;
      }
    `,
  ]
}

define("org-case-applicant", OrgCaseApplicant)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-applicant": OrgCaseApplicant
  }
}
