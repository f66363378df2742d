import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import { formatDateTime, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "./api-controller.js"
import { fieldErrorsOf } from "./form.js"
import { OrgElement } from "./org-element.js"
import { describeError, type ErrorText } from "./problem.js"
import { TimeZoneController } from "./time-zone-controller.js"

/**
 * Base of the administration panels (`<org-admin-users>`, `<org-admin-invitations>`,
 * `<org-admin-api-keys>`): loads a list with the widget's client, shows dates in the tenant's
 * time zone, maps problem fields onto form inputs and revokes items after an inline
 * confirmation. Not registered as an element itself.
 */
export abstract class AdminPanel<T extends { id: string }, F extends string = never> extends OrgElement {
  static override properties: PropertyDeclarations = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _items: { state: true },
    _loadState: { state: true },
    _loadError: { state: true },
    _confirming: { state: true },
    _revoking: { state: true },
    _actionError: { state: true },
    _announcement: { state: true },
    _submitting: { state: true },
    _fieldErrors: { state: true },
    _formError: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _items: T[]
  declare _loadState: "loading" | "ready" | "error"
  declare _loadError: ErrorText | null
  declare _confirming: string | null
  declare _revoking: string | null
  declare _actionError: ErrorText | null
  declare _announcement: string
  declare _submitting: boolean
  declare _fieldErrors: Partial<Record<F, string>>
  declare _formError: ErrorText | null

  protected readonly api = new ApiController(this)
  protected readonly zone = new TimeZoneController(this, this.api)
  #client: ApiClient | undefined
  #seq = 0

  constructor() {
    super()
    this._items = []
    this._loadState = "loading"
    this._loadError = null
    this._confirming = null
    this._revoking = null
    this._actionError = null
    this._announcement = ""
    this._submitting = false
    this._fieldErrors = {}
    this._formError = null
  }

  /** The items shown. */
  get items(): readonly T[] {
    return this._items
  }

  protected abstract fetchItems(client: ApiClient): Promise<T[]>

  /** Revokes an item on the server; panels without revoking never call it. */
  protected revokeItem(_client: ApiClient, _item: T): Promise<void> {
    return Promise.resolve()
  }

  /** Reloads the list. */
  async reload(): Promise<void> {
    const client = this.#client
    if (!client) return
    const seq = ++this.#seq
    if (!this._items.length) this._loadState = "loading"
    this._loadError = null
    try {
      const [items] = await Promise.all([this.fetchItems(client), this.zone.ready()])
      if (seq !== this.#seq) return
      this._items = items
      this._loadState = "ready"
    } catch (error) {
      if (seq !== this.#seq) return
      this._loadError = describeError(error, (k) => this.t(k))
      this._loadState = "error"
    }
  }

  protected get client(): ApiClient {
    return this.#client ?? this.api.client
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.api.client
    if (client !== this.#client) {
      this.#client = client
      this._items = []
      void this.reload()
    }
  }

  protected date(iso: string | null | undefined): string {
    return iso ? formatDateTime(iso, this.locale, this.zone.value) : this.t("common.never")
  }

  protected dateCell(iso: string | null | undefined): TemplateResult {
    return iso ? html`<time datetime=${iso}>${this.date(iso)}</time>` : html`<span class="muted">${this.t("common.never")}</span>`
  }

  /** Loading / error / empty states of the list, or null when there are items to show. */
  protected renderListState(emptyKey: MessageKey): TemplateResult | null {
    if (this._loadState === "loading" && !this._items.length) {
      return html`<div class="state-line" part="loading" aria-busy="true">${this.t("app.loading")}</div>`
    }
    if (this._loadState === "error" && !this._items.length) {
      return html`<div class="alert inline-alert" role="alert" part="error">
        <p>${this.t("common.loadError")}</p>
        <p>${this._loadError?.message}</p>
        <button class="btn small retry" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
      </div>`
    }
    if (!this._items.length) return html`<div class="state-line" part="empty">${this.t(emptyKey)}</div>`
    return null
  }

  protected renderActionError(): TemplateResult | typeof nothing {
    return this._actionError
      ? html`<div class="alert inline-alert" role="alert" part="error"><p>${this._actionError.message}</p></div>`
      : nothing
  }

  /** The "Revoke" button of a row, or nothing while that row asks for confirmation. */
  protected renderRevokeButton(item: T, label: string): TemplateResult {
    const busy = this._revoking === item.id
    return html`<button
      class="btn small danger"
      part="revoke"
      type="button"
      data-id=${item.id}
      aria-label=${label}
      aria-expanded=${this._confirming === item.id ? "true" : "false"}
      ?disabled=${busy}
      @click=${() => this.#askConfirm(item)}
    >
      ${busy ? this.t("admin.revoking") : this.t("admin.revoke")}
    </button>`
  }

  /** A row under the item asking to confirm its revocation. */
  protected renderConfirmRow(item: T, columns: number, question: string, done: string): TemplateResult | typeof nothing {
    if (this._confirming !== item.id) return nothing
    return html`<tr class="confirm-row" part="confirm">
      <td colspan=${columns}>
        <div
          class="confirm"
          role="group"
          aria-label=${question}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === "Escape") this.#cancelConfirm(item)
          }}
        >
          <span class="confirm-text">${question}</span>
          <button class="btn small danger solid" part="confirm-revoke" type="button" @click=${() => this.#revoke(item, done)}>
            ${this.t("admin.confirmYes")}
          </button>
          <button class="btn small" part="cancel-revoke" type="button" @click=${() => this.#cancelConfirm(item)}>
            ${this.t("common.cancel")}
          </button>
        </div>
      </td>
    </tr>`
  }

  async #askConfirm(item: T): Promise<void> {
    this._actionError = null
    this._confirming = this._confirming === item.id ? null : item.id
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>("[part=confirm-revoke]")?.focus()
  }

  async #cancelConfirm(item: T): Promise<void> {
    this._confirming = null
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>(`[part=revoke][data-id="${item.id}"]`)?.focus()
  }

  async #revoke(item: T, done: string): Promise<void> {
    if (this._revoking) return
    this._confirming = null
    this._revoking = item.id
    try {
      await this.revokeItem(this.client, item)
      this._announcement = done
      await this.reload()
    } catch (error) {
      this._actionError = describeError(error, (k) => this.t(k))
    } finally {
      this._revoking = null
    }
  }

  /** Puts a failed create's problem fields next to the inputs (`known` are the form's fields). */
  protected showFormError(error: unknown, known: readonly F[]): void {
    const { byField, other } = fieldErrorsOf(error, known)
    this._fieldErrors = byField
    this._formError = null
    if (other.length && error instanceof ApiError) this._formError = { message: error.title, detail: other.join(" ") }
    else if (!Object.keys(byField).length) this._formError = describeError(error, (k) => this.t(k))
  }

  protected clearFieldError(field: F): void {
    if (!this._fieldErrors[field]) return
    const next = { ...this._fieldErrors }
    delete next[field]
    this._fieldErrors = next
  }

  protected async focusFirstInvalid(order: readonly F[]): Promise<void> {
    await this.updateComplete
    const field = order.find((f) => this._fieldErrors[f])
    if (field) this.renderRoot.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus()
  }

  protected renderFormError(): TemplateResult | typeof nothing {
    return this._formError
      ? html`<div class="alert form-alert" role="alert" part="error">
          <p>${this._formError.message}</p>
          ${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}
        </div>`
      : nothing
  }

  /** The form's error, if any, and its submit button: `idle`, or `busy` while the form is being sent. */
  protected renderFormFooter(idle: MessageKey, busy: MessageKey): TemplateResult {
    return html`${this.renderFormError()}
      <div class="form-actions">
        <button class="btn primary" part="submit" type="submit" ?disabled=${this._submitting}>${this._submitting ? this.t(busy) : this.t(idle)}</button>
      </div>`
  }

  /** A labelled text input with its error below it. */
  protected textField(
    name: F,
    label: string,
    options: { type?: string; placeholder?: string; autocomplete?: string; required?: boolean; maxlength?: number } = {},
  ): TemplateResult {
    const error = this._fieldErrors[name]
    const id = `f-${name}`
    return html`<div class="field">
      <label class="label" for=${id}>${label}</label>
      <input
        id=${id}
        class="input"
        part="input"
        name=${name}
        type=${options.type ?? "text"}
        autocomplete=${options.autocomplete ?? "off"}
        spellcheck="false"
        placeholder=${options.placeholder ?? nothing}
        maxlength=${options.maxlength ?? nothing}
        aria-required=${options.required ? "true" : "false"}
        aria-invalid=${error ? "true" : "false"}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${() => this.clearFieldError(name)}
      />
      ${error ? html`<span id=${`${id}-error`} class="field-error" part="field-error">${error}</span>` : nothing}
    </div>`
  }
}
