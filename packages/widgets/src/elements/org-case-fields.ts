import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import { type AttachmentDto, CaseCardApi, type CaseFieldDef, type CaseTypeDefinition, type TypedCaseDto } from "../api/case-card.js"
import { ApiError } from "../api/errors.js"
import type { UserListItemDto } from "../api/types.js"
import { CaseUpdatedEvent } from "../case-card-events.js"
import type { MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { dictionaryStore, tenantUsers } from "../lib/case-desk-cache.js"
import { type FieldEdit, fieldInputStyles, parseEdit, renderFieldInput } from "../lib/case-field-input.js"
import { fieldValueText, groupFields, label, type Parsed, sameValue, valueErrors } from "../lib/case-fields.js"
import { CurrentUserController } from "../lib/current-user.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"

/** Unsaved edits of a case and the version they are based on. */
export interface CaseFieldsDraft {
  readonly base: TypedCaseDto
  readonly edits: Readonly<Record<string, FieldEdit>>
}

const GROUP_KEYS: Record<string, MessageKey> = {
  case: "card.group.case",
  applicant: "card.group.applicant",
  vehicle: "card.group.vehicle",
  program: "card.group.program",
  location: "card.group.location",
  work: "card.group.work",
}

const PICK_KINDS = new Set(["dictionary", "person", "file"])

/**
 * `<org-case-fields>`: the case panel of `<org-case-card>` — the type's fields grouped (case,
 * applicant, vehicle, program, location, work …), each edited in place by its kind. Save sends
 * only the changed fields with the version they were read at; a 400 puts each message by its
 * field; a 409 (another operator saved first) loads their version, keeps the operator's edits and
 * says which fields they changed. A newer version arriving while there are unsaved edits does not
 * overwrite them: a note offers to load it. Unsaved edits are kept per case while the element
 * lives (switching to another case and back restores them).
 *
 * @prop case - the case (TypedCaseDto)
 * @prop definition - its type's definition
 * @prop highlight - `{fieldKey: message}` to mark (e.g. the fields a refused move needs)
 * @attr token, base-url - when no provider is above
 * @fires org-case-updated - {@link CaseUpdatedEvent} after a save (and after loading a newer version)
 * @csspart group, field, input, field-error, save, discard, remote, notice, error
 */
export class OrgCaseFields extends OrgElement {
  static override properties = {
    case: { attribute: false },
    definition: { attribute: false },
    highlight: { attribute: false },
    drafts: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    _base: { state: true },
    _edits: { state: true },
    _errors: { state: true },
    _saving: { state: true },
    _remote: { state: true },
    _notice: { state: true },
    _formError: { state: true },
    _users: { state: true },
    _attachments: { state: true },
    _uploading: { state: true },
    _coords: { state: true },
    _announcement: { state: true },
  }

  declare case: TypedCaseDto | null
  declare definition: CaseTypeDefinition | null
  declare highlight: Readonly<Record<string, string>>
  /** Where unsaved edits of other cases are kept (the card passes its own, so they outlive this element). */
  declare drafts: Map<string, CaseFieldsDraft>
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare _base: TypedCaseDto | null
  declare _edits: Readonly<Record<string, FieldEdit>>
  declare _errors: Readonly<Record<string, string>>
  declare _saving: boolean
  declare _remote: TypedCaseDto | null
  declare _notice: { readonly kind: "rebased" | "stale"; readonly fields: readonly string[]; readonly conflicts: readonly string[] } | null
  declare _formError: ErrorText | null
  declare _users: readonly UserListItemDto[] | null
  declare _attachments: readonly AttachmentDto[]
  declare _uploading: string | null
  declare _coords: ReadonlySet<string>
  declare _announcement: string

  readonly #api = new ApiController(this)
  readonly #me = new CurrentUserController(this, this.#api)
  #offStores: (() => void)[] = []
  #storesFor = ""
  #attachmentsFor = ""

  constructor() {
    super()
    this.case = null
    this.definition = null
    this.highlight = {}
    this.drafts = new Map()
    this._base = null
    this._edits = {}
    this._errors = {}
    this._saving = false
    this._remote = null
    this._notice = null
    this._formError = null
    this._users = null
    this._attachments = []
    this._uploading = null
    this._coords = new Set()
    this._announcement = ""
  }

  /** True while some field differs from the saved case (or cannot be read). */
  get dirty(): boolean {
    return this.#changes().dirty
  }

  /** The case the edits are based on. */
  get base(): TypedCaseDto | null {
    return this._base
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    // Removed while another case loads: the edits wait in `drafts` for this case to come back.
    const base = this._base
    if (base && this.#changes().dirty) this.drafts.set(base.id, { base, edits: this._edits })
    for (const off of this.#offStores) off()
    this.#offStores = []
    this.#storesFor = ""
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (changed.has("case")) this.#takeCase(this.case)
    if (changed.has("definition") || !this.#storesFor) this.#watchStores()
    const id = this._base?.id ?? ""
    if (id && id !== this.#attachmentsFor && this.definition?.fields.some((f) => f.kind === "file")) {
      this.#attachmentsFor = id
      void this.#loadAttachments(id)
    }
    if (this._users === null && this.definition?.fields.some((f) => f.kind === "person")) {
      void tenantUsers(this.#api.client).then((users) => (this._users = users ?? []))
      void this.#me.ready()
    }
  }

  /** A new `case` arrived (another case, a newer version, or ours after a save). */
  #takeCase(next: TypedCaseDto | null): void {
    const base = this._base
    if (!next) {
      this._base = null
      return
    }
    if (!base || base.id !== next.id) {
      if (base && Object.keys(this._edits).length) this.drafts.set(base.id, { base, edits: this._edits })
      const stashed = this.drafts.get(next.id)
      this.drafts.delete(next.id)
      this._errors = {}
      this._notice = null
      this._formError = null
      this._coords = new Set()
      if (stashed) {
        this._base = stashed.base
        this._edits = stashed.edits
        this._remote = stashed.base.version < next.version ? next : null
      } else {
        this._base = next
        this._edits = {}
        this._remote = null
      }
      return
    }
    if (next.version < base.version) return
    if (!this.#changes().dirty) {
      this._base = next
      this._edits = {}
      this._remote = null
    } else if (next.version > base.version) {
      // A flag, the status or the assignee changed: the edits still apply to the same values.
      if (sameValue(base.values, next.values)) this._base = next
      else this._remote = next
    }
  }

  #watchStores(): void {
    for (const off of this.#offStores) off()
    this.#offStores = []
    const client = this.#api.client
    const keys = new Set((this.definition?.fields ?? []).filter((f) => f.kind === "dictionary" && f.dictionary).map((f) => f.dictionary!))
    this.#storesFor = [...keys].join(",") || "-"
    for (const key of keys) {
      const store = dictionaryStore(client, key)
      this.#offStores.push(store.onChange(() => this.requestUpdate()))
      void store.ensure()
    }
  }

  async #loadAttachments(caseId: string): Promise<void> {
    try {
      const list = await new CaseCardApi(this.#api.client).attachments(caseId, { lang: this.locale })
      if (this._base?.id === caseId) this._attachments = list
    } catch {
      /* names stay short ids */
    }
  }

  #fields(): readonly CaseFieldDef[] {
    return this.definition?.fields ?? []
  }

  /** The saved value of a field. */
  #saved(key: string): unknown {
    return this._base?.values[key] ?? null
  }

  #parse(field: CaseFieldDef, edit: FieldEdit): Parsed {
    return parseEdit(field, edit, this.#saved(field.key))
  }

  /** Changed values (parsed), fields that cannot be read, and whether anything differs. */
  #changes(): { values: Record<string, unknown>; bad: Record<string, MessageKey>; dirty: boolean } {
    const values: Record<string, unknown> = {}
    const bad: Record<string, MessageKey> = {}
    for (const field of this.#fields()) {
      const edit = this._edits[field.key]
      if (!edit) continue
      const parsed = this.#parse(field, edit)
      if (!parsed.ok) bad[field.key] = parsed.error
      else if (!sameValue(parsed.value, this.#saved(field.key))) values[field.key] = parsed.value
    }
    return { values, bad, dirty: Object.keys(values).length > 0 || Object.keys(bad).length > 0 }
  }

  #edit(key: string, edit: FieldEdit): void {
    this._edits = { ...this._edits, [key]: edit }
    if (this._errors[key]) {
      const { [key]: _, ...rest } = this._errors
      this._errors = rest
    }
  }

  /** Drops every unsaved edit (and loads the newer version if one is waiting). */
  discard(): void {
    this._edits = {}
    this._errors = {}
    this._formError = null
    this._notice = null
    if (this._remote) {
      this._base = this._remote
      this._remote = null
    }
  }

  /** Moves the focus to a field's input (e.g. from the "unfilled fields" panel). */
  async focusField(key: string): Promise<void> {
    await this.updateComplete
    const target = this.renderRoot.querySelector<HTMLElement>(`[data-field="${key}"] [data-input]`)
    target?.scrollIntoView?.({ block: "center" })
    target?.focus()
  }

  /**
   * Saves the changed fields (`PATCH` with the version the edits are based on). Resolves to true
   * when nothing was left to save.
   */
  async save(): Promise<boolean> {
    const base = this._base
    if (!base || this._saving) return false
    const { values, bad } = this.#changes()
    this._formError = null
    if (Object.keys(bad).length) {
      this._errors = { ...this._errors, ...Object.fromEntries(Object.entries(bad).map(([k, key]) => [k, this.t(key)])) }
      await this.focusField(this.#fields().find((f) => bad[f.key])!.key)
      return false
    }
    if (!Object.keys(values).length) {
      this._edits = {}
      return true
    }
    this._saving = true
    const api = new CaseCardApi(this.#api.client)
    try {
      const saved = await api.updateCase(base.id, { version: base.version, values }, { lang: this.locale })
      if (this._base?.id !== base.id) return false
      this._base = saved
      this._remote = null
      this._edits = {}
      this._errors = {}
      this._notice = null
      this._announcement = this.t("card.fields.saved")
      this.dispatchEvent(new CaseUpdatedEvent(saved))
      return true
    } catch (error) {
      if (this._base?.id !== base.id) return false
      if (error instanceof ApiError && error.status === 409 && error.code === "stale_version") {
        try {
          const latest = await api.getCase(base.id, { lang: this.locale })
          this.#rebase(latest, "stale")
          this.dispatchEvent(new CaseUpdatedEvent(latest))
        } catch (reload) {
          this._formError = describeError(reload, (k) => this.t(k))
        }
        return false
      }
      if (error instanceof ApiError && error.fields.length) {
        const byField = valueErrors(error.fields)
        this._errors = { ...this._errors, ...Object.fromEntries(byField) }
        const other = error.fields.filter((f) => !/values[./]/.test(f.path)).map((f) => f.message)
        if (other.length || !byField.size) this._formError = { message: error.title, detail: other.join(" ") || error.detail }
        const first = this.#fields().find((f) => byField.has(f.key))
        if (first) await this.focusField(first.key)
        return false
      }
      this._formError = describeError(error, (k) => this.t(k))
      return false
    } finally {
      this._saving = false
    }
  }

  /** Takes `latest` as the base, keeps the edits, and tells which fields another operator changed. */
  #rebase(latest: TypedCaseDto, kind: "rebased" | "stale"): void {
    const before = this._base
    const fields = this.#fields()
    const changed = fields.filter((f) => !sameValue(before?.values[f.key], latest.values[f.key]))
    const conflicts = changed.filter((f) => this._edits[f.key]).map((f) => f.key)
    this._base = latest
    this._remote = null
    // Edits that now equal the saved value are no edits any more.
    const edits: Record<string, FieldEdit> = {}
    for (const [key, edit] of Object.entries(this._edits)) {
      const field = fields.find((f) => f.key === key)
      const parsed = field ? this.#parse(field, edit) : { ok: true as const, value: null }
      if (!parsed.ok || !sameValue(parsed.value, latest.values[key] ?? null)) edits[key] = edit
    }
    this._edits = edits
    this._notice = { kind, fields: changed.map((f) => label(f.label, this.locale)), conflicts }
  }

  #loadRemote(): void {
    const remote = this._remote
    if (!remote) return
    this.#rebase(remote, "rebased")
  }

  #names() {
    const client = this.#api.client
    return {
      dictionary: (dict: string, id: string) => {
        const item = dictionaryStore(client, dict).get(id)
        return item ? label(item.label, this.locale) : undefined
      },
      person: (id: string) => this.#userName(id),
      file: (id: string) => this._attachments.find((a) => a.id === id)?.name,
    }
  }

  #userName(id: string): string | undefined {
    const u = this._users?.find((x) => x.id === id)
    if (u) return u.name || u.login
    const me = this.#me.value
    return me && me.id === id ? me.name || me.login : undefined
  }

  protected override render(): TemplateResult {
    const base = this._base
    const def = this.definition
    if (!base || !def) return html``
    const { dirty, values, bad } = this.#changes()
    const count = Object.keys(values).length + Object.keys(bad).length
    return html`
      ${this.#renderRemote()} ${this.#renderNotice()}
      <form
        class="form"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault()
          void this.save()
        }}
        @keydown=${(e: KeyboardEvent) => {
          if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "Enter")) {
            e.preventDefault()
            void this.save()
          }
        }}
      >
        ${groupFields(def.fields).map(
          (g) => html`<section class="group" part="group" data-group=${g.group} aria-labelledby=${`g-${g.group}`}>
            <h3 class="group-title" id=${`g-${g.group}`}>${this.#groupLabel(g.group)}</h3>
            <div class="grid">${repeat(g.fields, (f) => f.key, (f) => this.#renderField(f))}</div>
          </section>`,
        )}
        ${this._formError
          ? html`<div class="alert" role="alert" part="error">
              <p>${this._formError.message}</p>
              ${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}
            </div>`
          : nothing}
        <div class="bar" ?data-dirty=${dirty}>
          <span class="bar-text" aria-live="polite">
            ${dirty ? this.t("card.fields.unsaved", { count }) : this.t("card.fields.allSaved")}
          </span>
          <button class="btn ghost" part="discard" type="button" ?disabled=${!dirty || this._saving} @click=${() => this.discard()}>
            ${this.t("card.fields.discard")}
          </button>
          <button class="btn primary" part="save" type="submit" ?disabled=${!dirty || this._saving}>
            ${this._saving ? this.t("card.fields.saving") : this.t("card.fields.save")}
          </button>
        </div>
      </form>
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
    `
  }

  #groupLabel(group: string): string {
    const key = GROUP_KEYS[group]
    return key ? this.t(key) : group.charAt(0).toUpperCase() + group.slice(1).replace(/_/g, " ")
  }

  #renderRemote(): TemplateResult | typeof nothing {
    if (!this._remote) return nothing
    return html`<div class="alert warning remote" role="status" part="remote">
      <p>${this.t("card.fields.remote")}</p>
      <div class="note-actions">
        <button class="btn small" type="button" part="load-remote" @click=${() => this.#loadRemote()}>${this.t("card.fields.loadRemote")}</button>
        <button class="btn small ghost" type="button" @click=${() => this.discard()}>${this.t("card.fields.discardMine")}</button>
      </div>
    </div>`
  }

  #renderNotice(): TemplateResult | typeof nothing {
    const n = this._notice
    if (!n) return nothing
    const head = n.kind === "stale" ? this.t("card.fields.staleSaved") : this.t("card.fields.rebased")
    const list = n.fields.length ? this.t("card.fields.changedBy", { fields: n.fields.join(", ") }) : this.t("card.fields.changedNothing")
    return html`<div class="alert info notice" role="alert" part="notice">
      <p>${head}</p>
      <p>${list} ${Object.keys(this._edits).length ? this.t("card.fields.keptYours") : ""}</p>
      <div class="note-actions">
        <button class="btn small ghost" type="button" @click=${() => (this._notice = null)}>${this.t("card.close")}</button>
      </div>
    </div>`
  }

  #renderField(f: CaseFieldDef): TemplateResult {
    const edit = this._edits[f.key]
    const error = this._errors[f.key] ?? (edit ? undefined : this.highlight[f.key])
    const id = `f-${f.key}`
    const errId = `${id}-error`
    const name = label(f.label, this.locale)
    const wide = f.kind === "address" || (f.kind === "text" && (f.group === "case" || f.group === "work" || !f.group))
    const conflict = this._notice?.conflicts.includes(f.key)
    const changed = edit !== undefined && (() => {
      const p = this.#parse(f, edit)
      return !p.ok || !sameValue(p.value, this.#saved(f.key))
    })()
    return html`<div
      class="field ${wide ? "wide" : ""}"
      part="field"
      data-field=${f.key}
      data-kind=${f.kind}
      ?data-changed=${changed}
      ?data-invalid=${!!error}
    >
      <label class="label" for=${id} id=${`${id}-label`}>
        ${name}${f.requiredOnCreate ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}
        ${changed ? html`<span class="dot" title=${this.t("card.fields.edited")}></span>` : nothing}
      </label>
      ${this.#renderInput(f, edit, id, name, error ? errId : undefined, error)}
      ${conflict
        ? html`<span class="conflict" part="conflict">${this.t("card.fields.theirs", {
            value: fieldValueText(f, this.#saved(f.key), this.locale, this.#names()) || this.t("card.empty"),
          })}</span>`
        : nothing}
      ${error ? html`<span id=${errId} class="field-error" part="field-error">${error}</span>` : nothing}
    </div>`
  }

  #renderInput(f: CaseFieldDef, edit: FieldEdit | undefined, id: string, name: string, errorId: string | undefined, error: string | undefined): TemplateResult {
    const me = this.#me.value
    const users: { id: string; name: string }[] = (this._users ?? []).filter((u) => !u.disabled).map((u) => ({ id: u.id, name: u.name || u.login }))
    if (me && !users.some((o) => o.id === me.id)) users.unshift({ id: me.id, name: me.name || me.login })
    return renderFieldInput({
      field: f,
      edit,
      saved: this.#saved(f.key),
      id,
      name,
      errorId,
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
      fileName: (fid) => this._attachments.find((a) => a.id === fid)?.name,
      uploading: this._uploading === f.key,
      onFile: (input) => void this.#upload(f, input),
    })
  }

  async #upload(f: CaseFieldDef, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0]
    const base = this._base
    if (!file || !base) return
    this._uploading = f.key
    try {
      const att = await new CaseCardApi(this.#api.client).upload(base.id, file, { lang: this.locale })
      this._attachments = [...this._attachments, att]
      this.#edit(f.key, { pick: att.id })
    } catch (error) {
      this._errors = { ...this._errors, [f.key]: describeError(error, (k) => this.t(k)).message }
    } finally {
      this._uploading = null
      input.value = ""
    }
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
      .group {
        padding: 10px 12px 12px;
        border-bottom: 1px solid var(--_border);
      }
      .group-title {
        margin: 0 0 8px;
        font-size: 11px;
        font-weight: 600;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--_muted);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
        gap: 8px 12px;
        align-items: start;
      }
      .field {
        position: relative;
        min-width: 0;
      }
      .field.wide {
        grid-column: 1 / -1;
      }
      .label {
        display: flex;
        align-items: center;
        gap: 4px;
        margin-bottom: 2px;
        font-size: 12px;
        font-weight: 500;
        color: var(--_muted);
      }
      .req {
        color: var(--_danger);
      }
      .dot {
        width: 6px;
        height: 6px;
        border-radius: 50%;
        background: var(--_primary);
      }
      .field[data-changed] .input {
        border-color: color-mix(in srgb, var(--_primary) 55%, var(--_border-strong));
        background: color-mix(in srgb, var(--_primary) 4%, var(--_bg));
      }
      .conflict {
        display: block;
        margin-top: 2px;
        font-size: 12px;
        color: var(--org-warning-fg, #92400e);
      }
      .bar {
        position: sticky;
        bottom: 0;
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px 12px;
        background: var(--_bg);
        border-top: 1px solid var(--_border);
      }
      .bar[data-dirty] {
        background: color-mix(in srgb, var(--_primary) 5%, var(--_bg));
      }
      .bar-text {
        flex: 1;
        min-width: 0;
        color: var(--_muted);
        font-size: 12px;
      }
      .bar[data-dirty] .bar-text {
        color: var(--_text);
        font-weight: 500;
      }
      .alert {
        margin: 8px 12px 0;
      }
      .note-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 6px;
      }
      @container (max-width: 420px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ]
}


define("org-case-fields", OrgCaseFields)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-fields": OrgCaseFields
  }
}
