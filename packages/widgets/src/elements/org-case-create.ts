import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import {
  type ApplicantLookupDto,
  CaseCardApi,
  type CaseFieldDef,
  type CaseTypeDefinition,
  type CaseTypeSummaryDto,
} from "../api/case-card.js"
import { ApiError } from "../api/errors.js"
import type { CaseDto } from "../api/types.js"
import { CaseCreateCancelEvent } from "../case-card-events.js"
import { CaseCreatedEvent, CaseOpenEvent } from "../events.js"
import { formatDateTime, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { caseType, tenantUsers } from "../lib/case-desk-cache.js"
import { type FieldEdit, fieldInputStyles, parseEdit, renderFieldInput } from "../lib/case-field-input.js"
import { groupFields, isEmptyValue, label, valueErrors } from "../lib/case-fields.js"
import { CurrentUserController } from "../lib/current-user.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

const GROUP_KEYS: Record<string, MessageKey> = {
  case: "card.group.case",
  applicant: "card.group.applicant",
  vehicle: "card.group.vehicle",
  program: "card.group.program",
  location: "card.group.location",
  work: "card.group.work",
}

/** Digits enough to be worth looking an applicant up. */
const phoneDigits = (p: string) => p.replace(/\D/g, "").length

/**
 * `<org-case-create>`: the typed "new case" form — pick a case type (`GET /types`), the
 * fields required on create come first, the rest under "More fields". Typing the applicant's
 * phone looks them up (`GET /applicants/lookup`): a known applicant's fields are pre-filled
 * (and their open cases offered, to avoid a duplicate). Creating dispatches `org-case-created`
 * and `org-case-open` with the new case's id.
 *
 * @attr type - the case type to preselect
 * @attr phone - the applicant phone to start with (e.g. from an incoming call)
 * @attr token, base-url, time-zone
 * @fires org-case-created - {@link CaseCreatedEvent} with the new case
 * @fires org-case-open - {@link CaseOpenEvent} with the new case's id (or an existing case picked from the applicant's)
 * @fires org-case-create-cancel - {@link CaseCreateCancelEvent} on Cancel / Escape
 * @csspart form, type, title, phone, applicant, field, input, field-error, more, submit, cancel, error
 */
export class OrgCaseCreate extends OrgElement {
  static override properties = {
    type: { type: String },
    phone: { type: String },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _types: { state: true },
    _typeKey: { state: true },
    _def: { state: true },
    _state: { state: true },
    _loadError: { state: true },
    _title: { state: true },
    _phone: { state: true },
    _edits: { state: true },
    _prefill: { state: true },
    _lookup: { state: true },
    _lookingUp: { state: true },
    _errors: { state: true },
    _formError: { state: true },
    _submitting: { state: true },
    _more: { state: true },
    _coords: { state: true },
    _users: { state: true },
    _announcement: { state: true },
  }

  declare type: string | undefined
  declare phone: string | undefined
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _types: CaseTypeSummaryDto[]
  declare _typeKey: string
  declare _def: CaseTypeDefinition | null
  declare _state: "loading" | "ready" | "error"
  declare _loadError: ErrorText | null
  declare _title: string
  declare _phone: string
  declare _edits: Readonly<Record<string, FieldEdit>>
  declare _prefill: Readonly<Record<string, unknown>>
  declare _lookup: ApplicantLookupDto | null
  declare _lookingUp: boolean
  declare _errors: Readonly<Record<string, string>>
  declare _formError: ErrorText | null
  declare _submitting: boolean
  declare _more: boolean
  declare _coords: ReadonlySet<string>
  declare _users: readonly { id: string; name: string }[]
  declare _announcement: string

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #me = new CurrentUserController(this, this.#api)
  #loadedFor: unknown
  #lookupTimer: ReturnType<typeof setTimeout> | undefined
  #lookupSeq = 0
  #defSeq = 0

  constructor() {
    super()
    this._types = []
    this._typeKey = ""
    this._def = null
    this._state = "loading"
    this._loadError = null
    this._title = ""
    this._phone = ""
    this._edits = {}
    this._prefill = {}
    this._lookup = null
    this._lookingUp = false
    this._errors = {}
    this._formError = null
    this._submitting = false
    this._more = false
    this._coords = new Set()
    this._users = []
    this._announcement = ""
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#lookupTimer)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#loadedFor) {
      this.#loadedFor = client
      void this.#loadTypes()
    }
    if (changed.has("phone") && this.phone !== undefined && this.phone !== this._phone) {
      this._phone = this.phone
      this.#scheduleLookup(0)
    }
  }

  async #loadTypes(): Promise<void> {
    this._state = "loading"
    try {
      const [types] = await Promise.all([new CaseCardApi(this.#api.client).types({ lang: this.locale }), this.#zone.ready()])
      this._types = types.filter((t) => !t.archived)
      this._state = "ready"
      const pick = this._types.find((t) => t.key === this.type) ?? (this._types.length === 1 ? this._types[0] : undefined)
      if (pick) await this.#selectType(pick.key)
    } catch (error) {
      this._loadError = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
    void this.#me.ready().then(() => this.requestUpdate())
    void tenantUsers(this.#api.client).then((users) => {
      this._users = (users ?? []).filter((u) => !u.disabled).map((u) => ({ id: u.id, name: u.name || u.login }))
    })
  }

  async #selectType(key: string): Promise<void> {
    const seq = ++this.#defSeq
    this._typeKey = key
    this._errors = {}
    this._formError = null
    if (!key) {
      this._def = null
      return
    }
    try {
      const t = await caseType(this.#api.client, key)
      if (seq !== this.#defSeq) return
      this._def = t.definition
      // Keep what was typed in fields of the same key; forget the rest.
      const keys = new Set(t.definition.fields.map((f) => f.key))
      this._edits = Object.fromEntries(Object.entries(this._edits).filter(([k]) => keys.has(k)))
      this.#applyLookup()
    } catch (error) {
      if (seq === this.#defSeq) this._formError = describeError(error, (k) => this.t(k))
    }
  }

  #scheduleLookup(delay = 400): void {
    clearTimeout(this.#lookupTimer)
    this.#lookupTimer = setTimeout(() => void this.#lookupPhone(), delay)
  }

  async #lookupPhone(): Promise<void> {
    const phone = this._phone.trim()
    const seq = ++this.#lookupSeq
    if (phoneDigits(phone) < 10) {
      this._lookup = null
      this.#applyLookup()
      return
    }
    this._lookingUp = true
    try {
      const found = await new CaseCardApi(this.#api.client).lookupApplicant(phone, { lang: this.locale })
      if (seq !== this.#lookupSeq) return
      this._lookup = found
      this.#applyLookup()
    } catch {
      if (seq === this.#lookupSeq) this._lookup = null
    } finally {
      if (seq === this.#lookupSeq) this._lookingUp = false
    }
  }

  /** Pre-fills the applicant's known fields (and phone fields from the typed phone) not edited by hand. */
  #applyLookup(): void {
    const def = this._def
    if (!def) return
    const known = this._lookup?.applicant?.values ?? {}
    const prefill: Record<string, unknown> = {}
    for (const f of def.fields) {
      if (!f.fromApplicant) continue
      if (!isEmptyValue(known[f.key])) prefill[f.key] = known[f.key]
      else if (f.kind === "phone" && phoneDigits(this._phone) >= 10) prefill[f.key] = this._phone.trim()
    }
    if (!Object.keys(prefill).length && !this._lookup?.applicant) {
      this._prefill = {}
      return
    }
    this._prefill = prefill
  }

  #edit(key: string, edit: FieldEdit): void {
    this._edits = { ...this._edits, [key]: edit }
    if (this._errors[key]) {
      const { [key]: _, ...rest } = this._errors
      this._errors = rest
    }
  }

  #clearError(key: string): void {
    if (!this._errors[key]) return
    const { [key]: _, ...rest } = this._errors
    this._errors = rest
  }

  /** Values to send: pre-filled ones, overridden by what was typed; and fields that cannot be read. */
  #values(): { values: Record<string, unknown>; bad: Record<string, MessageKey> } {
    const values: Record<string, unknown> = {}
    const bad: Record<string, MessageKey> = {}
    for (const f of this._def?.fields ?? []) {
      const edit = this._edits[f.key]
      if (!edit) {
        if (!isEmptyValue(this._prefill[f.key])) values[f.key] = this._prefill[f.key]
        continue
      }
      const parsed = parseEdit(f, edit, this._prefill[f.key])
      if (!parsed.ok) bad[f.key] = parsed.error
      else if (!isEmptyValue(parsed.value)) values[f.key] = parsed.value
    }
    return { values, bad }
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault()
    if (this._submitting) return
    const def = this._def
    const errors: Record<string, string> = {}
    if (this._types.length && !this._typeKey) errors["type"] = this.t("caseCreate.typeRequired")
    const { values, bad } = this.#values()
    for (const [k, key] of Object.entries(bad)) errors[k] = this.t(key)
    for (const f of def?.fields ?? []) if (f.requiredOnCreate && !errors[f.key] && isEmptyValue(values[f.key])) errors[f.key] = this.t("common.required")
    this._formError = null
    this._errors = errors
    if (Object.keys(errors).length) return this.#focusFirstError()
    const title = this._title.trim() || (def ? label(def.name, this.locale) : "")
    if (!title) {
      this._errors = { title: this.t("caseCreate.titleRequired") }
      return this.#focusFirstError()
    }
    this._submitting = true
    try {
      const created = await new CaseCardApi(this.#api.client).createCase(
        {
          title,
          ...(this._phone.trim() ? { applicantPhone: this._phone.trim() } : {}),
          ...(this._typeKey ? { type: this._typeKey, values } : {}),
        },
        { lang: this.locale },
      )
      this._announcement = this.t("caseCreate.created", { number: created.number })
      this.reset()
      this.dispatchEvent(new CaseCreatedEvent(created as unknown as CaseDto))
      this.dispatchEvent(new CaseOpenEvent(created.id))
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        const byField: Record<string, string> = Object.fromEntries(valueErrors(error.fields))
        const other: string[] = []
        for (const f of error.fields) {
          const head = f.path.replace(/^\/|^body\./, "").split(/[./]/)[0]!
          if (head === "values") continue
          if (["title", "applicantPhone", "type"].includes(head)) byField[head] ??= f.message
          else other.push(f.message)
        }
        this._errors = byField
        if (other.length) this._formError = { message: error.title, detail: other.join(" ") }
        // A required field hidden under "More fields" must be visible to be fixed.
        if (Object.keys(byField).some((k) => this._def?.fields.some((f) => f.key === k && !f.requiredOnCreate))) this._more = true
        await this.#focusFirstError()
      } else this._formError = describeError(error, (k) => this.t(k))
    } finally {
      this._submitting = false
    }
  }

  /** Empties the form (the type stays). */
  reset(): void {
    this._title = ""
    this._phone = ""
    this._edits = {}
    this._prefill = {}
    this._lookup = null
    this._errors = {}
    this._formError = null
    this._more = false
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete
    const order = ["type", "title", "applicantPhone", ...(this.#ordered().map((f) => f.key))]
    const key = order.find((k) => this._errors[k])
    if (!key) return
    if (this._def?.fields.some((f) => f.key === key && !f.requiredOnCreate)) {
      this._more = true
      await this.updateComplete
    }
    const el = this.renderRoot.querySelector<HTMLElement>(`[data-field="${key}"] [data-input], [name="${key}"]`)
    el?.focus()
  }

  /** Required fields first, then the others grouped. */
  #ordered(): CaseFieldDef[] {
    const fields = this._def?.fields ?? []
    return [...fields.filter((f) => f.requiredOnCreate), ...groupFields(fields.filter((f) => !f.requiredOnCreate)).flatMap((g) => g.fields)]
  }

  protected override render(): TemplateResult {
    if (this._state === "loading" && !this._types.length) return html`<p class="line muted" aria-busy="true">${this.t("app.loading")}</p>`
    if (this._state === "error") {
      return html`<div class="alert" role="alert" part="error">
        <p>${this.t("caseCreate.loadError")}</p>
        <p>${this._loadError?.message}</p>
        <button class="btn small" type="button" @click=${() => this.#loadTypes()}>${this.t("app.retry")}</button>
      </div>`
    }
    const def = this._def
    const required = def?.fields.filter((f) => f.requiredOnCreate) ?? []
    const others = def ? groupFields(def.fields.filter((f) => !f.requiredOnCreate)) : []
    const otherCount = others.reduce((n, g) => n + g.fields.length, 0)
    return html`<form
      class="form"
      part="form"
      novalidate
      aria-labelledby="cc-title"
      @submit=${this.#submit}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === "Escape" && !e.defaultPrevented) this.dispatchEvent(new CaseCreateCancelEvent())
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) this.#submit(e)
      }}
    >
      <h2 class="heading" id="cc-title">${this.t("caseCreate.heading")}</h2>
      ${this._types.length ? this.#renderTypes() : nothing}
      <div class="grid top">
        <div class="field" data-field="applicantPhone">
          <label class="label" for="cc-phone">${this.t("caseCreate.phone")}</label>
          <input
            id="cc-phone"
            class="input"
            part="phone"
            name="applicantPhone"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            placeholder=${this.t("caseCreate.phonePlaceholder")}
            aria-invalid=${this._errors["applicantPhone"] ? "true" : "false"}
            aria-describedby=${this._errors["applicantPhone"] ? "cc-phone-error" : "cc-applicant"}
            .value=${this._phone}
            @input=${(e: Event) => {
              this._phone = (e.target as HTMLInputElement).value
              this.#clearError("applicantPhone")
              this.#applyLookup()
              this.#scheduleLookup()
            }}
          />
          ${this._errors["applicantPhone"] ? html`<span id="cc-phone-error" class="field-error" part="field-error">${this._errors["applicantPhone"]}</span>` : nothing}
        </div>
        <div class="field wide-2" data-field="title">
          <label class="label" for="cc-title-input">${this.t("caseCreate.title")}</label>
          <input
            id="cc-title-input"
            class="input"
            part="title"
            name="title"
            autocomplete="off"
            maxlength="300"
            placeholder=${def ? this.t("caseCreate.titleDefault", { name: label(def.name, this.locale) }) : this.t("caseCreate.titlePlaceholder")}
            aria-invalid=${this._errors["title"] ? "true" : "false"}
            aria-describedby=${this._errors["title"] ? "cc-title-error" : nothing}
            .value=${this._title}
            @input=${(e: Event) => {
              this._title = (e.target as HTMLInputElement).value
              this.#clearError("title")
            }}
          />
          ${this._errors["title"] ? html`<span id="cc-title-error" class="field-error" part="field-error">${this._errors["title"]}</span>` : nothing}
        </div>
      </div>
      ${this.#renderApplicant()}
      ${required.length
        ? html`<section class="section" aria-labelledby="cc-required">
            <h3 class="section-title" id="cc-required">${this.t("caseCreate.required")}</h3>
            <div class="grid">${required.map((f) => this.#renderField(f))}</div>
          </section>`
        : nothing}
      ${otherCount
        ? html`<button class="btn small ghost more" part="more" type="button" aria-expanded=${this._more ? "true" : "false"} aria-controls="cc-more" @click=${() => (this._more = !this._more)}>
              ${this._more ? "▾" : "▸"} ${this.t("caseCreate.more", { count: otherCount })}
            </button>
            <div id="cc-more" ?hidden=${!this._more}>
              ${others.map(
                (g) => html`<section class="section" aria-labelledby=${`cc-g-${g.group}`}>
                  <h3 class="section-title" id=${`cc-g-${g.group}`}>${GROUP_KEYS[g.group] ? this.t(GROUP_KEYS[g.group]!) : g.group}</h3>
                  <div class="grid">${g.fields.map((f) => this.#renderField(f))}</div>
                </section>`,
              )}
            </div>`
        : nothing}
      ${this._formError
        ? html`<div class="alert" role="alert" part="error"><p>${this._formError.message}</p>${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}</div>`
        : nothing}
      <div class="actions">
        <button class="btn ghost" part="cancel" type="button" @click=${() => this.dispatchEvent(new CaseCreateCancelEvent())}>${this.t("common.cancel")}</button>
        <button class="btn primary" part="submit" type="submit" ?disabled=${this._submitting}>
          ${this._submitting ? this.t("caseCreate.submitting") : this.t("caseCreate.submit")}
        </button>
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
    </form>`
  }

  #renderTypes(): TemplateResult {
    const err = this._errors["type"]
    return html`<fieldset class="types" part="type" data-field="type" aria-describedby=${err ? "cc-type-error" : nothing}>
      <legend class="label">${this.t("caseCreate.type")}</legend>
      <div class="type-options" role="radiogroup">
        ${this._types.map(
          (t) => html`<label class="type-option">
            <input
              type="radio"
              name="type"
              value=${t.key}
              .checked=${t.key === this._typeKey}
              @change=${() => {
                this.#clearError("type")
                void this.#selectType(t.key)
              }}
            />
            <span>${label(t.name, this.locale)}</span>
          </label>`,
        )}
      </div>
      ${err ? html`<span id="cc-type-error" class="field-error" part="field-error">${err}</span>` : nothing}
    </fieldset>`
  }

  #renderApplicant(): TemplateResult {
    const l = this._lookup
    const a = l?.applicant
    const open = (l?.cases ?? []).slice(0, 3)
    return html`<div id="cc-applicant" class="applicant" part="applicant" aria-live="polite">
      ${this._lookingUp
        ? html`<span class="muted">${this.t("caseCreate.lookingUp")}</span>`
        : a
          ? html`<span class="known">${this.t("caseCreate.known", { name: a.name || this.t("card.applicant.unnamed"), count: a.casesCount })}</span>
              ${Object.keys(this._prefill).length ? html`<span class="muted">${this.t("caseCreate.prefilled")}</span>` : nothing}
              ${open.length
                ? html`<span class="recent">
                    ${this.t("caseCreate.recent")}
                    ${open.map(
                      (c) => html`<button class="link" type="button" data-id=${c.id} @click=${() => this.dispatchEvent(new CaseOpenEvent(c.id))}>
                        ${c.number}<span class="muted"> · ${formatDateTime(c.createdAt, this.locale, this.#zone.value)}</span>
                      </button>`,
                    )}
                  </span>`
                : nothing}`
          : l
            ? html`<span class="muted">${this.t("card.applicant.new")}</span>`
            : nothing}
    </div>`
  }

  #renderField(f: CaseFieldDef): TemplateResult {
    const id = `cc-f-${f.key}`
    const error = this._errors[f.key]
    const errId = error ? `${id}-error` : undefined
    const name = label(f.label, this.locale)
    const prefilled = !this._edits[f.key] && !isEmptyValue(this._prefill[f.key])
    const me = this.#me.value
    const users = [...this._users]
    if (me && !users.some((u) => u.id === me.id)) users.unshift({ id: me.id, name: me.name || me.login })
    const wide = f.kind === "address" || (f.kind === "text" && (f.group === "case" || !f.group))
    return html`<div class="field ${wide ? "wide" : ""}" part="field" data-field=${f.key} ?data-prefilled=${prefilled}>
      <label class="label" for=${id}>${name}${f.requiredOnCreate ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</label>
      ${renderFieldInput({
        field: f,
        edit: this._edits[f.key],
        saved: this._prefill[f.key] ?? null,
        id,
        name,
        errorId: errId,
        error,
        lang: this.locale,
        t: (k, p) => this.t(k, p),
        onEdit: (e) => this.#edit(f.key, e),
        current: () => this._edits[f.key],
        coordsOpen: this._coords.has(f.key),
        toggleCoords: () => {
          const next = new Set(this._coords)
          if (next.has(f.key)) next.delete(f.key)
          else next.add(f.key)
          this._coords = next
        },
        users,
        meId: me?.id,
      })}
      ${error
        ? html`<span id=${errId} class="field-error" part="field-error">${error}</span>`
        : prefilled
          ? html`<span class="pre">${this.t("caseCreate.fromApplicant")}</span>`
          : nothing}
    </div>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    fieldInputStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .muted {
        color: var(--_muted);
      }
      .line {
        padding: 16px;
        margin: 0;
      }
      .form {
        padding: 14px 16px 16px;
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) + 2px);
        background: var(--_bg);
      }
      .heading {
        margin: 0 0 12px;
        font-size: 15px;
        font-weight: 600;
      }
      .types {
        margin: 0 0 12px;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      .types legend {
        padding: 0;
      }
      .type-options {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .type-option {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 30px;
        padding: 0 12px 0 9px;
        border: 1px solid var(--_border-strong);
        border-radius: 999px;
        cursor: pointer;
        user-select: none;
      }
      .type-option:has(input:checked) {
        border-color: var(--_primary);
        background: color-mix(in srgb, var(--_primary) 8%, var(--_bg));
        font-weight: 500;
      }
      .type-option:has(input:focus-visible) {
        outline: 2px solid var(--_focus);
        outline-offset: 2px;
      }
      .type-option input {
        margin: 0;
        accent-color: var(--_primary);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
        gap: 10px 12px;
        align-items: start;
      }
      .grid.top {
        grid-template-columns: minmax(0, 1fr) minmax(0, 2fr);
      }
      .field {
        min-width: 0;
      }
      .field.wide {
        grid-column: 1 / -1;
      }
      .label {
        display: block;
      }
      .req {
        color: var(--_danger);
      }
      .pre {
        display: block;
        margin-top: 2px;
        font-size: 11px;
        font-weight: 500;
        color: var(--_success);
      }
      .field[data-prefilled] .input {
        background: color-mix(in srgb, var(--_success) 5%, var(--_bg));
      }
      .applicant {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 4px 12px;
        min-height: 20px;
        margin: 6px 0 4px;
        font-size: 12px;
      }
      .known {
        font-weight: 600;
        color: var(--_success);
      }
      .recent {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 4px 8px;
      }
      .link {
        padding: 0;
        border: 0;
        background: none;
        color: var(--_primary);
        font: inherit;
        cursor: pointer;
      }
      .link:hover {
        text-decoration: underline;
      }
      .section {
        margin-top: 12px;
      }
      .section-title {
        margin: 0 0 6px;
        font-size: 11px;
        font-weight: 600;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--_muted);
      }
      .more {
        margin-top: 12px;
      }
      [hidden] {
        display: none !important;
      }
      .alert {
        margin-top: 12px;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 16px;
      }
      @container (max-width: 520px) {
        .grid.top {
          grid-template-columns: minmax(0, 1fr);
        }
        .actions .btn {
          flex: 1;
        }
      }
    `,
  ]
}

define("org-case-create", OrgCaseCreate)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-create": OrgCaseCreate
  }
}
