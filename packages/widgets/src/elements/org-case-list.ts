import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import type { ConnectionState } from "../api/events.js"
import type { CaseDto, ServerEvent } from "../api/types.js"
import { CaseCreatedEvent } from "../events.js"
import { formatDateTime, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

type LoadState = "loading" | "ready" | "error"

const FORM_FIELDS = ["title", "applicantPhone"] as const
type FormField = (typeof FORM_FIELDS)[number]

const STATUS_KEYS: Record<string, MessageKey> = {
  new: "cases.status.new",
  in_progress: "cases.status.in_progress",
  resolved: "cases.status.resolved",
  closed: "cases.status.closed",
}

/**
 * `<org-case-list>`: the cases of the tenant, newest first, with a form to create one and live
 * updates from the events socket.
 *
 * @attr token - widget token (optional; without it the console session cookie is used)
 * @attr base-url - server origin/prefix (optional)
 * @attr page-size - cases per page, default 50
 * @attr time-zone - IANA zone for dates; default: the tenant's (from the session, else `GET /auth/me`)
 * @fires org-case-created - {@link CaseCreatedEvent} after the form created a case
 * @csspart form, table, row, badge, input, field-error, submit, load-more, empty, loading, error, notice
 */
export class OrgCaseList extends OrgElement {
  static override properties = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    pageSize: { type: Number, attribute: "page-size" },
    timeZone: { type: String, attribute: "time-zone" },
    _items: { state: true },
    _nextCursor: { state: true },
    _loadState: { state: true },
    _loadError: { state: true },
    _loadingMore: { state: true },
    _moreError: { state: true },
    _submitting: { state: true },
    _fieldErrors: { state: true },
    _formError: { state: true },
    _announcement: { state: true },
    _socket: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare pageSize: number
  declare timeZone: string | undefined
  declare _items: CaseDto[]
  declare _nextCursor: string | null
  declare _loadState: LoadState
  declare _loadError: ErrorText | null
  declare _loadingMore: boolean
  declare _moreError: ErrorText | null
  declare _submitting: boolean
  declare _fieldErrors: Partial<Record<FormField, string>>
  declare _formError: ErrorText | null
  declare _announcement: string
  declare _socket: ConnectionState

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  #client: ApiClient | undefined
  #loadSeq = 0
  #inFlight = false
  #release: (() => void) | undefined
  #off: (() => void) | undefined
  #offState: (() => void) | undefined
  readonly #fresh = new Set<string>()

  constructor() {
    super()
    this.pageSize = 50
    this._items = []
    this._nextCursor = null
    this._loadState = "loading"
    this._loadError = null
    this._loadingMore = false
    this._moreError = null
    this._submitting = false
    this._fieldErrors = {}
    this._formError = null
    this._announcement = ""
    this._socket = "closed"
  }

  /** The cases shown, newest first. */
  get cases(): readonly CaseDto[] {
    return this._items
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
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client) {
      this.#unlisten()
      this.#client = client
      this._items = []
      this._nextCursor = null
      if (this.isConnected) this.#listen(client)
      void this.#loadFirst()
    }
  }

  #listen(client: ApiClient): void {
    if (this.#release) return
    const events = client.events()
    this.#off = events.on("case.created", this.#onCaseEvent)
    this.#offState = events.onStateChange((state) => {
      this._socket = state
    })
    events.subscribe(["case.created"])
    this.#release = events.retain()
    this._socket = events.state
  }

  #unlisten(): void {
    this.#off?.()
    this.#offState?.()
    this.#release?.()
    this.#off = undefined
    this.#offState = undefined
    this.#release = undefined
  }

  readonly #onCaseEvent = (event: ServerEvent<CaseDto>): void => {
    const item = event.payload
    if (!item || typeof item.id !== "string") return
    if (this.#insert(item)) this.#markFresh(item.id)
  }

  /** Prepends unless a case with that id is shown already. Returns whether it was added. */
  #insert(item: CaseDto): boolean {
    if (this._items.some((c) => c.id === item.id)) return false
    this._items = [item, ...this._items]
    return true
  }

  #markFresh(id: string): void {
    this.#fresh.add(id)
    setTimeout(() => {
      this.#fresh.delete(id)
      this.requestUpdate()
    }, 2500)
  }

  async #loadFirst(): Promise<void> {
    const client = this.#client
    if (!client) return
    const seq = ++this.#loadSeq
    this._loadState = "loading"
    this._loadError = null
    this._moreError = null
    try {
      const [page] = await Promise.all([
        client.listCases({ limit: this.pageSize }, { lang: this.locale }),
        this.#zone.ready(), // dates appear in the tenant's time zone from the start
      ])
      if (seq !== this.#loadSeq) return
      // Cases that arrived live while loading are newer than the page: keep them on top.
      const known = new Set(this._items.map((c) => c.id))
      this._items = [...this._items, ...page.items.filter((c) => !known.has(c.id))]
      this._nextCursor = page.nextCursor
      this._loadState = "ready"
    } catch (error) {
      if (seq !== this.#loadSeq) return
      this._loadError = describeError(error, (k) => this.t(k))
      this._loadState = "error"
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
      const page = await client.listCases({ limit: this.pageSize, cursor }, { lang: this.locale })
      if (seq !== this.#loadSeq) return
      const known = new Set(this._items.map((c) => c.id))
      this._items = [...this._items, ...page.items.filter((c) => !known.has(c.id))]
      this._nextCursor = page.nextCursor
    } catch (error) {
      if (seq === this.#loadSeq) this._moreError = describeError(error, (k) => this.t(k))
    } finally {
      if (seq === this.#loadSeq) this._loadingMore = false
    }
  }

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
      const created = await client.createCase(
        applicantPhone ? { title, applicantPhone } : { title },
        { lang: this.locale },
      )
      form.reset()
      this.#insert(created)
      this.#markFresh(created.id)
      this._announcement = this.t("caseForm.created", { number: String(created.number) })
      this.dispatchEvent(new CaseCreatedEvent(created))
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

  #statusLabel(status: string): string {
    const key = STATUS_KEYS[status]
    return key ? this.t(key) : status
  }

  protected override render(): TemplateResult {
    return html`
      ${this._socket === "unauthorized"
        ? html`<div class="alert warning notice" role="status" part="notice" data-state="unauthorized">
            <p>${this.t("cases.unauthorized")}</p>
          </div>`
        : nothing}
      ${this.#renderForm()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
      ${this.#renderBody()}
    `
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
          ${errors.title
            ? html`<span id="title-error" class="field-error" part="field-error">${errors.title}</span>`
            : nothing}
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
            ? html`<span id="applicantPhone-error" class="field-error" part="field-error"
                >${errors.applicantPhone}</span
              >`
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
      return html`<div class="state empty" part="empty">
        <strong>${this.t("cases.empty")}</strong>
        <span class="muted">${this.t("cases.empty.hint")}</span>
      </div>`
    }
    const locale = this.locale
    const zone = this.#zone.value
    return html`
      <div class="table-wrap">
        <table part="table">
          <caption class="visually-hidden">${this.t("cases.heading")}</caption>
          <thead>
            <tr>
              <th scope="col" class="c-num">${this.t("cases.col.number")}</th>
              <th scope="col" class="c-title">${this.t("cases.col.title")}</th>
              <th scope="col" class="c-status">${this.t("cases.col.status")}</th>
              <th scope="col" class="c-phone">${this.t("cases.col.phone")}</th>
              <th scope="col" class="c-created">${this.t("cases.col.created")}</th>
            </tr>
          </thead>
          <tbody>
            ${repeat(
              this._items,
              (c) => c.id,
              (c) => html`
                <tr part="row" data-id=${c.id} class=${this.#fresh.has(c.id) ? "fresh" : ""}>
                  <td class="c-num"><span class="num-prefix">${this.t("cases.col.number")} </span>${c.number}</td>
                  <td class="c-title">${c.title}</td>
                  <td class="c-status">
                    <span class="badge" part="badge" data-status=${c.status}>${this.#statusLabel(c.status)}</span>
                  </td>
                  <td class="c-phone">${c.applicantPhone || html`<span class="muted">${this.t("cases.noPhone")}</span>`}</td>
                  <td class="c-created">
                    <time datetime=${c.createdAt} title=${c.createdAt}>${formatDateTime(c.createdAt, locale, zone)}</time>
                  </td>
                </tr>
              `,
            )}
          </tbody>
        </table>
      </div>
      ${this._moreError
        ? html`<div class="alert more-alert" role="alert" part="error"><p>${this._moreError.message}</p></div>`
        : nothing}
      ${this._nextCursor
        ? html`<div class="more">
            <button class="btn" part="load-more" type="button" ?disabled=${this._loadingMore} @click=${() => this.#loadMore()}>
              ${this._loadingMore ? this.t("cases.loadingMore") : this.t("cases.loadMore")}
            </button>
          </div>`
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
        container-type: inline-size;
      }
      .notice {
        margin-bottom: 12px;
      }
      .muted {
        color: var(--_muted);
      }
      .form {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr) auto;
        grid-template-areas:
          "heading heading heading"
          "title phone actions"
          "alert alert alert";
        gap: 6px 10px;
        align-items: start;
        padding: 10px 12px 12px;
        margin-bottom: 12px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .form-heading {
        grid-area: heading;
        margin: 0;
        font-size: 13px;
        font-weight: 600;
      }
      .field-title {
        grid-area: title;
      }
      .field-phone {
        grid-area: phone;
      }
      .actions {
        grid-area: actions;
        padding-top: 20px;
      }
      .label {
        height: 17px;
        line-height: 17px;
      }
      .form-alert {
        grid-area: alert;
      }
      .state {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 4px;
        padding: 16px 12px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .state.muted {
        flex-direction: row;
        align-items: center;
        gap: 8px;
      }
      .state.empty {
        align-items: center;
        padding: 28px 12px;
        text-align: center;
        background: var(--_surface);
        border-style: dashed;
      }
      .state.alert .btn {
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
      .table-wrap {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        overflow: hidden;
        background: var(--_bg);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 7px 10px;
        text-align: left;
        vertical-align: middle;
        border-bottom: 1px solid var(--_border);
      }
      th {
        position: sticky;
        top: 0;
        background: var(--_surface);
        font-size: 12px;
        font-weight: 600;
        color: var(--_muted);
        white-space: nowrap;
      }
      tbody tr:last-child td {
        border-bottom: 0;
      }
      tbody tr:hover {
        background: var(--_row-hover);
      }
      tr.fresh {
        animation: fresh 2.5s ease-out;
      }
      @keyframes fresh {
        from {
          background: color-mix(in srgb, var(--_primary) 14%, transparent);
        }
      }
      .c-num {
        width: 1%;
        white-space: nowrap;
        color: var(--_muted);
      }
      .c-title {
        overflow-wrap: anywhere;
      }
      .num-prefix {
        display: none;
      }
      .c-status,
      .c-phone,
      .c-created {
        width: 1%;
        white-space: nowrap;
      }
      .c-created {
        color: var(--_muted);
      }
      .badge {
        display: inline-block;
        padding: 1px 8px;
        border-radius: 999px;
        border: 1px solid var(--_badge-border, var(--_border));
        background: var(--_badge-bg, var(--_surface));
        color: var(--_badge-fg, var(--_muted));
        font-size: 12px;
        font-weight: 500;
        line-height: 18px;
        white-space: nowrap;
      }
      .badge[data-status="new"] {
        --_badge-bg: var(--org-status-new-bg, #eff6ff);
        --_badge-fg: var(--org-status-new-fg, #1d4ed8);
        --_badge-border: var(--org-status-new-border, #bfdbfe);
      }
      .badge[data-status="in_progress"] {
        --_badge-bg: var(--org-status-in-progress-bg, #fffbeb);
        --_badge-fg: var(--org-status-in-progress-fg, #b45309);
        --_badge-border: var(--org-status-in-progress-border, #fde68a);
      }
      .badge[data-status="resolved"] {
        --_badge-bg: var(--org-status-resolved-bg, #f0fdf4);
        --_badge-fg: var(--org-status-resolved-fg, #15803d);
        --_badge-border: var(--org-status-resolved-border, #bbf7d0);
      }
      .badge[data-status="closed"] {
        --_badge-bg: var(--org-status-closed-bg, #f1f5f9);
        --_badge-fg: var(--org-status-closed-fg, #475569);
        --_badge-border: var(--org-status-closed-border, #e2e8f0);
      }
      .more {
        display: flex;
        justify-content: center;
        padding: 10px 0 2px;
      }
      .more-alert {
        margin-top: 8px;
      }

      @container (max-width: 560px) {
        .form {
          grid-template-columns: minmax(0, 1fr);
          grid-template-areas: "heading" "title" "phone" "alert" "actions";
        }
        .actions {
          padding-top: 2px;
        }
        .actions .btn {
          width: 100%;
        }
        thead {
          display: none;
        }
        table,
        tbody {
          display: block;
        }
        tbody tr {
          display: grid;
          grid-template-columns: auto minmax(0, 1fr);
          grid-template-areas:
            "num created"
            "title title"
            "status phone";
          gap: 3px 8px;
          align-items: center;
          padding: 8px 10px;
          border-bottom: 1px solid var(--_border);
        }
        tbody tr:last-child {
          border-bottom: 0;
        }
        td.c-num,
        td.c-title,
        td.c-status,
        td.c-phone,
        td.c-created {
          display: block;
          width: auto;
          padding: 0;
          border: 0;
        }
        td.c-num {
          grid-area: num;
          font-size: 12px;
        }
        .num-prefix {
          display: inline;
        }
        td.c-created {
          grid-area: created;
          justify-self: end;
          font-size: 12px;
        }
        td.c-title {
          grid-area: title;
          font-weight: 500;
        }
        td.c-status {
          grid-area: status;
        }
        td.c-phone {
          grid-area: phone;
          justify-self: start;
        }
      }
    `,
  ]
}

define("org-case-list", OrgCaseList)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-list": OrgCaseList
  }
}
