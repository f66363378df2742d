import { html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import {
  archiveDictionaryItem,
  archivePartner,
  createDictionaryItem,
  createPartner,
  getPartner,
  listDictionaries,
  listDictionaryItems,
  listPartners,
  updateDictionaryItem,
  updatePartner,
  WEEKDAYS,
  type Bilingual,
  type DictionaryDto,
  type DictionaryItemDto,
  type PartnerDto,
  type PartnerKind,
  type Weekday,
} from "../api/case-desk.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import { formatDateTime } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { CurrentUserController } from "../lib/current-user.js"
import { dictionaryEditorStyles } from "../lib/dictionary-editor-styles.js"
import {
  entryOf,
  itemDraft,
  itemFieldOf,
  itemInput,
  partnerDraft,
  partnerFieldOf,
  partnerInput,
  type AttributeKind,
  type FieldErrors,
  type HoursMode,
  type ItemDraft,
  type PartnerDraft,
} from "../lib/dictionary-drafts.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, segmented, surfaces, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

/** The `dictionary` value that selects the partners and dealers. */
export const PARTNERS = "@partners"

/** Dictionaries whose items have a parent in another dictionary (models → makes). */
export const DEFAULT_PARENT_DICTIONARIES: Readonly<Record<string, string>> = { models: "makes" }

const EDITOR_ROLES = ["admin", "supervisor"]
const PAGE = 50
const SEARCH_DEBOUNCE_MS = 250

type Row = DictionaryItemDto | PartnerDto
type LoadState = "idle" | "loading" | "ready" | "error"

/** `org-reference-change`: a record of a reference book was created, saved or archived. */
export class ReferenceChangeEvent extends Event {
  static readonly type = "org-reference-change" as const
  /** The dictionary's key, or {@link PARTNERS}. */
  readonly dictionary: string
  readonly action: "created" | "updated" | "archived"
  readonly record: DictionaryItemDto | PartnerDto
  constructor(dictionary: string, action: "created" | "updated" | "archived", record: DictionaryItemDto | PartnerDto) {
    super(ReferenceChangeEvent.type, { bubbles: true, composed: true })
    this.dictionary = dictionary
    this.action = action
    this.record = record
  }
}

const isPartner = (r: Row): r is PartnerDto => "kind" in r && "name" in r

/**
 * `<org-dictionary-editor>`: the reference books of the case desk. Dictionaries on the left
 * (and "Partners and dealers" as a special entry), the items of the selected one in a
 * searchable list, the selected record on the right: code, label ru/en, parent (for
 * hierarchical dictionaries such as models → makes), attributes as key/value rows — or for a
 * partner: name, kind, phones, e-mail, city, address, coordinates, services and working hours.
 * Add, Save (with the version read: a 409 `stale_version` offers to reload) and Archive for
 * admins and supervisors; everyone else reads. Field errors of a 400 appear by their fields.
 *
 * @attr token, base-url, time-zone - used when no provider is above the element
 * @attr dictionary - the selected dictionary's key, or "@partners"
 * @prop parentDictionaries - key → key of the dictionary its items' parents come from; default `{models: "makes"}`
 * @fires org-reference-change - {@link ReferenceChangeEvent} after a create, save or archive
 * @csspart dictionaries, dictionary, list, search, item, load-more, record, form, input, field-error,
 *   add, save, revert, archive, confirm-archive, stale, reload, read-only, empty, loading, error
 */
export class OrgDictionaryEditor extends OrgElement {
  static override properties = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    dictionary: { type: String, reflect: true },
    parentDictionaries: { attribute: false },
    _dicts: { state: true },
    _dictsState: { state: true },
    _dictsError: { state: true },
    _rows: { state: true },
    _next: { state: true },
    _listState: { state: true },
    _listError: { state: true },
    _loadingMore: { state: true },
    _q: { state: true },
    _parentFilter: { state: true },
    _kindFilter: { state: true },
    _parentItems: { state: true },
    _cities: { state: true },
    _serviceTypes: { state: true },
    _recordId: { state: true },
    _item: { state: true },
    _partner: { state: true },
    _dirty: { state: true },
    _errors: { state: true },
    _formError: { state: true },
    _stale: { state: true },
    _saving: { state: true },
    _confirmArchive: { state: true },
    _announcement: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare dictionary: string | undefined
  declare parentDictionaries: Readonly<Record<string, string>>
  declare _dicts: DictionaryDto[]
  declare _dictsState: LoadState
  declare _dictsError: ErrorText | null
  declare _rows: Row[]
  declare _next: string | null
  declare _listState: LoadState
  declare _listError: ErrorText | null
  declare _loadingMore: boolean
  declare _q: string
  declare _parentFilter: string
  declare _kindFilter: "" | PartnerKind
  declare _parentItems: DictionaryItemDto[]
  declare _cities: DictionaryItemDto[]
  declare _serviceTypes: DictionaryItemDto[]
  /** The record on the right: an id, "new", or null. */
  declare _recordId: string | null
  declare _item: ItemDraft
  declare _partner: PartnerDraft
  declare _dirty: boolean
  declare _errors: FieldErrors
  declare _formError: ErrorText | null
  declare _stale: boolean
  declare _saving: boolean
  declare _confirmArchive: boolean
  declare _announcement: string

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #me = new CurrentUserController(this, this.#api)
  #client: ApiClient | undefined
  #listSeq = 0
  #parentSeq = 0
  #searchTimer: ReturnType<typeof setTimeout> | undefined
  /** The record as loaded (what Save sends the version of). */
  #record: Row | undefined

  constructor() {
    super()
    this.parentDictionaries = DEFAULT_PARENT_DICTIONARIES
    this._dicts = []
    this._dictsState = "idle"
    this._dictsError = null
    this._rows = []
    this._next = null
    this._listState = "idle"
    this._listError = null
    this._loadingMore = false
    this._q = ""
    this._parentFilter = ""
    this._kindFilter = ""
    this._parentItems = []
    this._cities = []
    this._serviceTypes = []
    this._recordId = null
    this._item = itemDraft()
    this._partner = partnerDraft()
    this._dirty = false
    this._errors = {}
    this._formError = null
    this._stale = false
    this._saving = false
    this._confirmArchive = false
    this._announcement = ""
  }

  /** The records listed for the selected dictionary (or the partners). */
  get records(): readonly (DictionaryItemDto | PartnerDto)[] {
    return this._rows
  }

  /** True when the user may add, save and archive (admin, supervisor). */
  get canEdit(): boolean {
    const roles = this.#me.value?.roles ?? []
    return roles.some((r) => EDITOR_ROLES.includes(r))
  }

  get #partners(): boolean {
    return this.dictionary === PARTNERS
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#searchTimer)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client) {
      this.#client = client
      void this.#me.ready()
      void this.#zone.ready()
      void this.#loadDictionaries(client)
      if (this.dictionary) this.#openDictionary()
    } else if (changed.has("dictionary") && changed.get("dictionary") !== this.dictionary) {
      this.#openDictionary()
    }
  }

  // --- loading ------------------------------------------------------------------------------

  async #loadDictionaries(client: ApiClient): Promise<void> {
    this._dictsState = "loading"
    this._dictsError = null
    try {
      const dicts = await listDictionaries(client, { lang: this.locale })
      if (client !== this.#client) return
      this._dicts = dicts
      this._dictsState = "ready"
      if (!this.dictionary) this.dictionary = dicts[0]?.key ?? PARTNERS
      // Partners refer to cities and service types: their labels come from these dictionaries.
      if (dicts.some((d) => d.key === "cities")) void this.#loadAll(client, "cities").then((items) => (this._cities = items))
      if (dicts.some((d) => d.key === "service_types")) void this.#loadAll(client, "service_types").then((items) => (this._serviceTypes = items))
    } catch (error) {
      if (client !== this.#client) return
      this._dictsError = describeError(error, (k) => this.t(k))
      this._dictsState = "error"
    }
  }

  /** Up to 200 items of a dictionary (for selects), [] when it cannot be read. */
  async #loadAll(client: ApiClient, key: string): Promise<DictionaryItemDto[]> {
    try {
      return (await listDictionaryItems(client, key, { limit: 200 }, { lang: this.locale })).items
    } catch {
      return []
    }
  }

  #openDictionary(): void {
    clearTimeout(this.#searchTimer)
    this._q = ""
    this._parentFilter = ""
    this._kindFilter = ""
    this._parentItems = []
    this.#closeRecord()
    void this.#loadList()
    void this.#loadParents()
  }

  /** The dictionary the items' parents come from, if the selected one is hierarchical. */
  get #parentKey(): string | undefined {
    const key = this.dictionary
    if (!key || this.#partners) return undefined
    const mapped = this.parentDictionaries[key]
    if (mapped) return mapped
    return this._rows.some((r) => !isPartner(r) && r.parentId) ? key : undefined
  }

  async #loadParents(): Promise<void> {
    const client = this.#client
    const key = this.#parentKey
    const seq = ++this.#parentSeq
    if (!client || !key) return
    const items = await this.#loadAll(client, key)
    if (seq === this.#parentSeq && client === this.#client) this._parentItems = items
  }

  async #loadList(more = false): Promise<void> {
    const client = this.#client
    const key = this.dictionary
    if (!client || !key) return
    const cursor = more ? this._next : null
    if (more && !cursor) return
    const seq = more ? this.#listSeq : ++this.#listSeq
    if (more) this._loadingMore = true
    else {
      this._listState = "loading"
      this._listError = null
    }
    try {
      const page = this.#partners
        ? await listPartners(client, { q: this._q, ...(this._kindFilter ? { kind: this._kindFilter } : {}), limit: PAGE, cursor }, { lang: this.locale })
        : await listDictionaryItems(client, key, { q: this._q, parent: this._parentFilter || undefined, limit: PAGE, cursor }, { lang: this.locale })
      if (seq !== this.#listSeq || key !== this.dictionary) return
      const hadParents = !!this.#parentKey
      this._rows = more ? [...this._rows, ...page.items.filter((r) => !this._rows.some((x) => x.id === r.id))] : page.items
      this._next = page.nextCursor
      this._listState = "ready"
      if (!hadParents && this.#parentKey) void this.#loadParents()
    } catch (error) {
      if (seq !== this.#listSeq) return
      if (more) this._listError = describeError(error, (k) => this.t(k))
      else {
        this._listError = describeError(error, (k) => this.t(k))
        this._listState = "error"
      }
    } finally {
      if (more && seq === this.#listSeq) this._loadingMore = false
    }
  }

  #search(value: string): void {
    this._q = value
    clearTimeout(this.#searchTimer)
    this.#searchTimer = setTimeout(() => void this.#loadList(), SEARCH_DEBOUNCE_MS)
  }

  // --- records ------------------------------------------------------------------------------

  #closeRecord(): void {
    this.#record = undefined
    this._recordId = null
    this._item = itemDraft()
    this._partner = partnerDraft()
    this.#resetForm()
  }

  #resetForm(): void {
    this._dirty = false
    this._errors = {}
    this._formError = null
    this._stale = false
    this._confirmArchive = false
  }

  #select(row: Row): void {
    this.#record = row
    this._recordId = row.id
    if (isPartner(row)) this._partner = partnerDraft(row)
    else this._item = itemDraft(row)
    this.#resetForm()
    this._announcement = ""
  }

  async #add(): Promise<void> {
    this.#record = undefined
    this._recordId = "new"
    if (this.#partners) this._partner = partnerDraft()
    else this._item = itemDraft(undefined, this._parentFilter)
    this.#resetForm()
    this._announcement = ""
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>(this.#partners ? "#p-name" : "#i-code")?.focus()
  }

  #revert(): void {
    const row = this.#record
    if (row) this.#select(row)
    else void this.#add()
  }

  #editItem(patch: Partial<ItemDraft>, field?: string): void {
    this._item = { ...this._item, ...patch }
    this._dirty = true
    if (field) this.#clearError(field)
  }

  #editPartner(patch: Partial<PartnerDraft>, field?: string): void {
    this._partner = { ...this._partner, ...patch }
    this._dirty = true
    if (field) this.#clearError(field)
  }

  #clearError(field: string): void {
    if (!(field in this._errors)) return
    const next = { ...this._errors }
    delete next[field]
    this._errors = next
  }

  async #save(event?: SubmitEvent): Promise<void> {
    event?.preventDefault()
    const client = this.#client
    const key = this.dictionary
    if (!client || !key || this._saving || !this.canEdit) return
    this._formError = null
    const t = this.t.bind(this)
    const checked = this.#partners ? partnerInput(this._partner, t) : itemInput(this._item, t)
    if (!checked.input) {
      this._errors = checked.errors
      await this.#focusFirstError()
      return
    }
    const current = this.#record
    this._saving = true
    this._errors = {}
    try {
      let saved: Row
      const lang = { lang: this.locale }
      if (this.#partners) {
        const input = checked.input as Parameters<typeof createPartner>[1]
        saved = current ? await updatePartner(client, current.id, { ...input, version: current.version }, lang) : await createPartner(client, input, lang)
      } else {
        const input = checked.input as Parameters<typeof createDictionaryItem>[2]
        saved = current
          ? await updateDictionaryItem(client, key, current.id, { ...input, version: current.version }, lang)
          : await createDictionaryItem(client, key, input, lang)
      }
      if (key !== this.dictionary) return
      this._rows = current ? this._rows.map((r) => (r.id === saved.id ? saved : r)) : [saved, ...this._rows]
      this.#select(saved)
      this._announcement = t(current ? "dict.saved" : "dict.created", { name: this.#title(saved) })
      this.dispatchEvent(new ReferenceChangeEvent(key, current ? "updated" : "created", saved))
      if (!this.#partners && this.#parentKey === key) void this.#loadParents()
    } catch (error) {
      this.#showError(error)
      await this.#focusFirstError()
    } finally {
      this._saving = false
    }
  }

  #showError(error: unknown): void {
    if (error instanceof ApiError && error.status === 409 && error.code === "stale_version") {
      this._stale = true
      return
    }
    if (error instanceof ApiError && error.fields.length) {
      const errors: Record<string, string> = {}
      const other: string[] = []
      for (const f of error.fields) {
        const field = this.#partners ? partnerFieldOf(f.path) : itemFieldOf(f.path, this._item)
        if (!field) {
          other.push(f.message)
          continue
        }
        const entry = entryOf(f.path)
        const message = entry !== undefined && field === "phones" ? this.t("dict.error.entry", { n: entry, message: f.message }) : f.message
        errors[field] = errors[field] ? `${errors[field]} ${message}` : message
      }
      this._errors = errors
      if (other.length) this._formError = { message: error.title, detail: other.join(" ") }
      return
    }
    this._formError = describeError(error, (k) => this.t(k))
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>("[aria-invalid=true], [data-invalid] input")?.focus()
  }

  /** After a 409: the record as it is now on the server (the user's edits are dropped). */
  async #reloadRecord(): Promise<void> {
    const client = this.#client
    const current = this.#record
    const key = this.dictionary
    if (!client || !current || !key) return
    try {
      let fresh: Row | undefined
      if (this.#partners) fresh = await getPartner(client, current.id, { lang: this.locale })
      else {
        const limit = Math.min(200, Math.max(PAGE, this._rows.length))
        const page = await listDictionaryItems(client, key, { q: this._q, parent: this._parentFilter || undefined, limit }, { lang: this.locale })
        fresh = page.items.find((i) => i.id === current.id)
        if (key === this.dictionary) {
          this._rows = page.items
          this._next = page.nextCursor
        }
      }
      if (key !== this.dictionary) return
      if (!fresh) {
        this.#closeRecord()
        this._announcement = this.t("dict.gone")
        return
      }
      this._rows = this._rows.map((r) => (r.id === fresh.id ? fresh : r))
      this.#select(fresh)
      this._announcement = this.t("dict.reloaded")
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>("[part~=save]")?.focus()
    } catch (error) {
      this._formError = describeError(error, (k) => this.t(k))
    }
  }

  async #archive(): Promise<void> {
    const client = this.#client
    const current = this.#record
    const key = this.dictionary
    if (!client || !current || !key || this._saving) return
    this._saving = true
    this._confirmArchive = false
    try {
      if (this.#partners) await archivePartner(client, current.id, { lang: this.locale })
      else await archiveDictionaryItem(client, key, current.id, { lang: this.locale })
      this._rows = this._rows.filter((r) => r.id !== current.id)
      const name = this.#title(current)
      this.#closeRecord()
      this._announcement = this.t("dict.archived", { name })
      this.dispatchEvent(new ReferenceChangeEvent(key, "archived", current))
    } catch (error) {
      this._formError = describeError(error, (k) => this.t(k))
    } finally {
      this._saving = false
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  #label(text: Bilingual | null | undefined): string {
    if (!text) return ""
    return (this.locale === "en" ? text.en : text.ru) || text.ru || text.en
  }

  #title(row: Row): string {
    return isPartner(row) ? row.name : this.#label(row.label)
  }

  #dictName(key: string | undefined): string {
    if (key === PARTNERS) return this.t("dict.partners")
    const dict = this._dicts.find((d) => d.key === key)
    return dict ? this.#label(dict.name) : (key ?? "")
  }

  #error(field: string, id: string): TemplateResult | typeof nothing {
    const message = this._errors[field]
    return message ? html`<span id=${`${id}-error`} class="field-error" part="field-error" data-field=${field}>${message}</span>` : nothing
  }

  /** A labelled text input bound to a draft field. */
  #text(options: {
    id: string
    field: string
    label: string
    value: string
    onInput: (value: string) => void
    required?: boolean
    placeholder?: string
    type?: string
    inputmode?: string
    mono?: boolean
    wide?: boolean
    /** Two columns of the partner form. */
    span?: boolean
  }): TemplateResult {
    const error = this._errors[options.field]
    const readOnly = !this.canEdit
    return html`<div class="field ${options.wide ? "field-wide" : ""} ${options.span ? "field-span" : ""}">
      <label class="label" for=${options.id}>${options.label}${options.required ? html`<span class="req" aria-hidden="true"> *</span>` : nothing}</label>
      <input
        id=${options.id}
        class="input ${options.mono ? "mono" : ""}"
        part="input"
        name=${options.field}
        type=${options.type ?? "text"}
        inputmode=${options.inputmode ?? nothing}
        autocomplete="off"
        spellcheck="false"
        .value=${options.value}
        placeholder=${options.placeholder ?? nothing}
        ?readonly=${readOnly}
        aria-required=${options.required ? "true" : "false"}
        aria-invalid=${error ? "true" : "false"}
        aria-describedby=${error ? `${options.id}-error` : nothing}
        @input=${(e: InputEvent) => options.onInput((e.target as HTMLInputElement).value)}
      />
      ${this.#error(options.field, options.id)}
    </div>`
  }

  // --- render -------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`<div class="editor" part="editor">
      ${this.#renderDictionaries()} ${this.#renderList()} ${this.#renderRecord()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
    </div>`
  }

  #renderDictionaries(): TemplateResult {
    const t = this.t.bind(this)
    const current = this.dictionary
    const entries = [...this._dicts.map((d) => ({ key: d.key, name: this.#label(d.name) })), { key: PARTNERS, name: t("dict.partners") }]
    return html`<nav class="pane dicts" part="dictionaries" aria-label=${t("dict.heading")}>
      <h2 class="pane-title">${t("dict.heading")}</h2>
      ${this._dictsState === "error"
        ? html`<div class="alert inline-alert" role="alert" part="error">
            <p>${t("dict.loadError")}</p>
            <p>${this._dictsError?.message}</p>
            <button class="btn small" type="button" @click=${() => this.#client && this.#loadDictionaries(this.#client)}>${t("app.retry")}</button>
          </div>`
        : nothing}
      <label class="visually-hidden" for="dict-select">${t("dict.heading")}</label>
      <select id="dict-select" class="input dict-select" @change=${(e: Event) => (this.dictionary = (e.target as HTMLSelectElement).value)}>
        ${entries.map((d) => html`<option value=${d.key} ?selected=${d.key === current}>${d.name}</option>`)}
      </select>
      <ul class="dict-list" role="list">
        ${entries.map(
          (d) => html`<li class=${d.key === PARTNERS ? "special" : ""}>
            <button
              class="dict"
              part="dictionary"
              type="button"
              data-key=${d.key}
              aria-current=${d.key === current ? "true" : nothing}
              @click=${() => (this.dictionary = d.key)}
            >
              <span class="dict-name">${d.name}</span>
              ${d.key === PARTNERS ? nothing : html`<span class="dict-key mono">${d.key}</span>`}
            </button>
          </li>`,
        )}
      </ul>
      ${this._dictsState === "loading" ? html`<p class="muted small" part="loading">${t("app.loading")}</p>` : nothing}
    </nav>`
  }

  #renderList(): TemplateResult {
    const t = this.t.bind(this)
    const key = this.dictionary
    const parentKey = this.#parentKey
    const parentLabels = new Map(this._parentItems.map((p) => [p.id, this.#label(p.label)]))
    const cityLabels = new Map(this._cities.map((c) => [c.id, this.#label(c.label)]))
    return html`<section class="pane list" part="list" aria-labelledby="list-title">
      <header class="pane-head">
        <h2 id="list-title" class="pane-title">${this.#dictName(key)}</h2>
        ${this.canEdit && key
          ? html`<button class="btn small primary" part="add" type="button" @click=${() => this.#add()}>
              <span aria-hidden="true">+</span> ${t("dict.add")}
            </button>`
          : nothing}
      </header>
      <div class="list-tools">
        <label class="visually-hidden" for="list-q">${t("dict.search")}</label>
        <input
          id="list-q"
          class="input"
          part="search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          .value=${this._q}
          placeholder=${t(this.#partners ? "dict.search.partners" : "dict.search.placeholder")}
          @input=${(e: InputEvent) => this.#search((e.target as HTMLInputElement).value)}
        />
        ${parentKey && parentKey !== key
          ? html`<label class="visually-hidden" for="list-parent">${this.#dictName(parentKey)}</label>
              <select
                id="list-parent"
                class="input"
                name="parentFilter"
                @change=${(e: Event) => {
                  this._parentFilter = (e.target as HTMLSelectElement).value
                  void this.#loadList()
                }}
              >
                <option value="">${t("dict.parent.all", { name: this.#dictName(parentKey) })}</option>
                ${this._parentItems.map((p) => html`<option value=${p.id} ?selected=${p.id === this._parentFilter}>${this.#label(p.label)}</option>`)}
              </select>`
          : nothing}
        ${this.#partners
          ? html`<label class="visually-hidden" for="list-kind">${t("dict.partner.kind")}</label>
              <select
                id="list-kind"
                class="input"
                name="kindFilter"
                @change=${(e: Event) => {
                  this._kindFilter = (e.target as HTMLSelectElement).value as "" | PartnerKind
                  void this.#loadList()
                }}
              >
                <option value="">${t("dict.partner.kind.all")}</option>
                <option value="partner" ?selected=${this._kindFilter === "partner"}>${t("dict.partner.kind.partner")}</option>
                <option value="dealer" ?selected=${this._kindFilter === "dealer"}>${t("dict.partner.kind.dealer")}</option>
              </select>`
          : nothing}
      </div>
      ${this._listState === "error"
        ? html`<div class="alert inline-alert" role="alert" part="error">
            <p>${t("common.loadError")}</p>
            <p>${this._listError?.message}</p>
            <button class="btn small" type="button" @click=${() => this.#loadList()}>${t("app.retry")}</button>
          </div>`
        : this._listState === "loading" && !this._rows.length
          ? html`<p class="state-line" part="loading" aria-busy="true">${t("app.loading")}</p>`
          : !this._rows.length && this._listState === "ready"
            ? html`<p class="state-line" part="empty">${t(this._q ? "dict.empty.search" : "dict.empty")}</p>`
            : html`<ul class="rows ${this._listState === "loading" ? "stale" : ""}" role="list" aria-label=${this.#dictName(key)}>
                ${repeat(
                  this._rows,
                  (r) => r.id,
                  (r) => {
                    const sub = isPartner(r)
                      ? [t(`dict.partner.kind.${r.kind}`), (r.cityId && cityLabels.get(r.cityId)) || r.address].filter(Boolean).join(" · ")
                      : (r.parentId && parentLabels.get(r.parentId)) || ""
                    return html`<li>
                      <button
                        class="row"
                        part="item"
                        type="button"
                        data-id=${r.id}
                        aria-current=${this._recordId === r.id ? "true" : nothing}
                        @click=${() => this.#select(r)}
                        @keydown=${(e: KeyboardEvent) => this.#rowKey(e)}
                      >
                        <span class="row-main">
                          <span class="row-title">${this.#title(r)}</span>
                          ${sub ? html`<span class="row-sub">${sub}</span>` : nothing}
                        </span>
                        ${!isPartner(r) && r.code ? html`<span class="row-code mono">${r.code}</span>` : nothing}
                      </button>
                    </li>`
                  },
                )}
              </ul>`}
      ${this._next && this._listState === "ready"
        ? html`<div class="more">
            <button class="btn small" part="load-more" type="button" ?disabled=${this._loadingMore} @click=${() => this.#loadList(true)}>
              ${this._loadingMore ? t("cases.loadingMore") : t("cases.loadMore")}
            </button>
          </div>`
        : nothing}
    </section>`
  }

  #rowKey(event: KeyboardEvent): void {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return
    event.preventDefault()
    const li = (event.currentTarget as HTMLElement).parentElement
    const next = event.key === "ArrowDown" ? li?.nextElementSibling : li?.previousElementSibling
    next?.querySelector<HTMLButtonElement>("button")?.focus()
  }

  #renderRecord(): TemplateResult {
    const t = this.t.bind(this)
    const record = this.#record
    const isNew = this._recordId === "new"
    if (!this._recordId) {
      return html`<section class="pane record empty-record" part="record">
        <p class="state-line">${t(this.canEdit ? "dict.pick.edit" : "dict.pick")}</p>
      </section>`
    }
    const heading = isNew ? t(this.#partners ? "dict.new.partner" : "dict.new") : record ? this.#title(record) : ""
    return html`<section class="pane record" part="record" aria-labelledby="record-title">
      <header class="pane-head">
        <h2 id="record-title" class="pane-title">${heading}</h2>
        ${record
          ? html`<span class="muted small" part="version"
              >${t("dict.version", { version: record.version })}${record.updatedAt
                ? html` · <time datetime=${record.updatedAt}>${formatDateTime(record.updatedAt, this.locale, this.#zone.value)}</time>`
                : nothing}</span
            >`
          : nothing}
      </header>
      ${this.canEdit ? nothing : html`<p class="alert info read-only" part="read-only">${t("dict.readOnly")}</p>`}
      ${this._stale
        ? html`<div class="alert warning stale" role="alert" part="stale">
            <p>${t("dict.stale")}</p>
            <p>${t("dict.stale.hint")}</p>
            <button class="btn small" part="reload" type="button" @click=${() => this.#reloadRecord()}>${t("dict.reload")}</button>
          </div>`
        : nothing}
      <form class="form" part="form" novalidate @submit=${(e: SubmitEvent) => this.#save(e)}>
        ${this.#partners ? this.#renderPartnerFields() : this.#renderItemFields()}
        ${this._formError
          ? html`<div class="alert form-alert" role="alert" part="error">
              <p>${this._formError.message}</p>
              ${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}
            </div>`
          : nothing}
        ${this.canEdit ? this.#renderActions(isNew) : nothing}
      </form>
    </section>`
  }

  #renderActions(isNew: boolean): TemplateResult {
    const t = this.t.bind(this)
    return html`<div class="form-actions">
      <button class="btn primary" part="save" type="submit" ?disabled=${this._saving || (!this._dirty && !isNew)}>
        ${this._saving ? t("dict.saving") : t("dict.save")}
      </button>
      ${this._dirty ? html`<button class="btn ghost" part="revert" type="button" @click=${() => this.#revert()}>${t("dict.revert")}</button>` : nothing}
      <span class="spacer"></span>
      ${isNew
        ? nothing
        : this._confirmArchive
          ? html`<span class="confirm" role="group" aria-label=${t("dict.archive.confirm")}>
              <span class="confirm-text">${t("dict.archive.confirm")}</span>
              <button class="btn small danger solid" part="confirm-archive" type="button" @click=${() => this.#archive()}>${t("dict.archive.yes")}</button>
              <button class="btn small" type="button" @click=${() => (this._confirmArchive = false)}>${t("common.cancel")}</button>
            </span>`
          : html`<button
              class="btn danger"
              part="archive"
              type="button"
              ?disabled=${this._saving}
              @click=${async () => {
                this._confirmArchive = true
                await this.updateComplete
                this.renderRoot.querySelector<HTMLElement>("[part=confirm-archive]")?.focus()
              }}
            >
              ${t("dict.archive")}
            </button>`}
    </div>`
  }

  #renderItemFields(): TemplateResult {
    const t = this.t.bind(this)
    const d = this._item
    const parentKey = this.#parentKey
    const readOnly = !this.canEdit
    const parentOptions = this._parentItems.filter((p) => p.id !== this._recordId)
    const parentKnown = !d.parentId || parentOptions.some((p) => p.id === d.parentId)
    return html`<div class="form-grid">
      ${this.#text({ id: "i-code", field: "code", label: t("dict.code"), value: d.code, mono: true, placeholder: t("dict.code.placeholder"), onInput: (v) => this.#editItem({ code: v }, "code") })}
      ${parentKey
        ? html`<div class="field">
            <label class="label" for="i-parent">${t("dict.parent", { name: this.#dictName(parentKey) })}</label>
            <select
              id="i-parent"
              class="input"
              part="input"
              name="parentId"
              ?disabled=${readOnly}
              aria-invalid=${this._errors["parentId"] ? "true" : "false"}
              aria-describedby=${this._errors["parentId"] ? "i-parent-error" : nothing}
              @change=${(e: Event) => this.#editItem({ parentId: (e.target as HTMLSelectElement).value }, "parentId")}
            >
              <option value="" ?selected=${!d.parentId}>${t("dict.parent.none")}</option>
              ${parentOptions.map((p) => html`<option value=${p.id} ?selected=${p.id === d.parentId}>${this.#label(p.label)}</option>`)}
              ${parentKnown ? nothing : html`<option value=${d.parentId} selected>${d.parentId}</option>`}
            </select>
            ${this.#error("parentId", "i-parent")}
          </div>`
        : nothing}
      ${this.#text({ id: "i-ru", field: "label.ru", label: t("dict.label.ru"), value: d.ru, required: true, onInput: (v) => this.#editItem({ ru: v }, "label.ru") })}
      ${this.#text({ id: "i-en", field: "label.en", label: t("dict.label.en"), value: d.en, placeholder: d.ru, onInput: (v) => this.#editItem({ en: v }, "label.en") })}
      ${this.#renderAttributes()}
    </div>`
  }

  #renderAttributes(): TemplateResult {
    const t = this.t.bind(this)
    const rows = this._item.attributes
    const readOnly = !this.canEdit
    // Handlers read the draft as it is when they run, not as it was rendered.
    const setRow = (i: number, patch: Partial<{ key: string; value: string; kind: AttributeKind }>) => {
      this.#editItem({ attributes: this._item.attributes.map((r, j) => (j === i ? { ...r, ...patch } : r)) }, `attributes.${i}`)
    }
    return html`<fieldset class="field field-wide attributes" part="attributes">
      <legend class="label">${t("dict.attributes")}</legend>
      ${rows.length
        ? html`<div class="attr-head" aria-hidden="true">
            <span>${t("dict.attr.key")}</span><span>${t("dict.attr.value")}</span><span>${t("dict.attr.kind")}</span><span></span>
          </div>`
        : html`<p class="muted small no-attrs">${t("dict.attributes.none")}</p>`}
      ${rows.map((row, i) => {
        const error = this._errors[`attributes.${i}`]
        const id = `attr-${i}`
        return html`<div class="attr-row" data-row=${i}>
            <input
              class="input mono"
              part="input"
              name="attrKey"
              aria-label=${t("dict.attr.keyN", { n: i + 1 })}
              .value=${row.key}
              ?readonly=${readOnly}
              aria-invalid=${error ? "true" : "false"}
              aria-describedby=${error ? `${id}-error` : nothing}
              @input=${(e: InputEvent) => setRow(i, { key: (e.target as HTMLInputElement).value })}
            />
            <input
              class="input"
              part="input"
              name="attrValue"
              aria-label=${t("dict.attr.valueN", { n: i + 1 })}
              .value=${row.value}
              ?readonly=${readOnly}
              aria-invalid=${error ? "true" : "false"}
              @input=${(e: InputEvent) => setRow(i, { value: (e.target as HTMLInputElement).value })}
            />
            <select
              class="input"
              name="attrKind"
              aria-label=${t("dict.attr.kindN", { n: i + 1 })}
              ?disabled=${readOnly}
              @change=${(e: Event) => setRow(i, { kind: (e.target as HTMLSelectElement).value as AttributeKind })}
            >
              ${(["string", "number", "boolean", "json"] as const).map(
                (k) => html`<option value=${k} ?selected=${row.kind === k}>${t(`dict.attr.kind.${k}`)}</option>`,
              )}
            </select>
            ${readOnly
              ? html`<span></span>`
              : html`<button
                  class="btn small ghost remove"
                  type="button"
                  aria-label=${t("dict.attr.remove", { n: i + 1 })}
                  @click=${() => this.#editItem({ attributes: this._item.attributes.filter((_, j) => j !== i) }, `attributes.${i}`)}
                >
                  ×
                </button>`}
          </div>
          ${error ? html`<span id=${`${id}-error`} class="field-error" part="field-error" data-field=${`attributes.${i}`}>${error}</span>` : nothing}`
      })}
      ${this._errors["attributes"] ? html`<span class="field-error" part="field-error" data-field="attributes">${this._errors["attributes"]}</span>` : nothing}
      ${readOnly
        ? nothing
        : html`<button
            class="btn small add-attr"
            type="button"
            @click=${async () => {
              const at = this._item.attributes.length
              this.#editItem({ attributes: [...this._item.attributes, { key: "", value: "", kind: "string" }] })
              await this.updateComplete
              this.renderRoot.querySelector<HTMLInputElement>(`[data-row="${at}"] input`)?.focus()
            }}
          >
            + ${t("dict.attr.add")}
          </button>`}
    </fieldset>`
  }

  #renderPartnerFields(): TemplateResult {
    const t = this.t.bind(this)
    const d = this._partner
    const readOnly = !this.canEdit
    const services = this._serviceTypes
    const unknownServices = d.services.filter((id) => !services.some((s) => s.id === id))
    return html`<div class="form-grid partner-grid">
      ${this.#text({ id: "p-name", field: "name", label: t("dict.partner.name"), value: d.name, required: true, span: true, onInput: (v) => this.#editPartner({ name: v }, "name") })}
      <div class="field">
        <label class="label" for="p-kind">${t("dict.partner.kind")}</label>
        <select
          id="p-kind"
          class="input"
          part="input"
          name="kind"
          ?disabled=${readOnly}
          aria-invalid=${this._errors["kind"] ? "true" : "false"}
          @change=${(e: Event) => this.#editPartner({ kind: (e.target as HTMLSelectElement).value as PartnerKind }, "kind")}
        >
          <option value="partner" ?selected=${d.kind === "partner"}>${t("dict.partner.kind.partner")}</option>
          <option value="dealer" ?selected=${d.kind === "dealer"}>${t("dict.partner.kind.dealer")}</option>
        </select>
        ${this.#error("kind", "p-kind")}
      </div>
      <div class="field">
        <label class="label" for="p-city">${t("dict.partner.city")}</label>
        <select
          id="p-city"
          class="input"
          part="input"
          name="cityId"
          ?disabled=${readOnly}
          aria-invalid=${this._errors["cityId"] ? "true" : "false"}
          aria-describedby=${this._errors["cityId"] ? "p-city-error" : nothing}
          @change=${(e: Event) => this.#editPartner({ cityId: (e.target as HTMLSelectElement).value }, "cityId")}
        >
          <option value="" ?selected=${!d.cityId}>${t("dict.partner.city.none")}</option>
          ${this._cities.map((c) => html`<option value=${c.id} ?selected=${c.id === d.cityId}>${this.#label(c.label)}</option>`)}
          ${d.cityId && !this._cities.some((c) => c.id === d.cityId) ? html`<option value=${d.cityId} selected>${d.cityId}</option>` : nothing}
        </select>
        ${this.#error("cityId", "p-city")}
      </div>
      ${this.#text({ id: "p-phones", field: "phones", label: t("dict.partner.phones"), value: d.phones, type: "tel", placeholder: t("dict.partner.phones.placeholder"), onInput: (v) => this.#editPartner({ phones: v }, "phones") })}
      ${this.#text({ id: "p-email", field: "email", label: t("dict.partner.email"), value: d.email, type: "email", onInput: (v) => this.#editPartner({ email: v }, "email") })}
      ${this.#text({ id: "p-address", field: "address", label: t("dict.partner.address"), value: d.address, span: true, onInput: (v) => this.#editPartner({ address: v }, "address") })}
      <fieldset class="field coords">
        <legend class="label">${t("dict.partner.coords")}</legend>
        <div class="pair">
          ${(["lat", "lon"] as const).map((axis) => {
            const error = this._errors[axis]
            return html`<input
              id=${`p-${axis}`}
              class="input"
              part="input"
              name=${axis}
              inputmode="decimal"
              autocomplete="off"
              aria-label=${t(`dict.partner.${axis}`)}
              placeholder=${t(`dict.partner.${axis}`)}
              .value=${d[axis]}
              ?readonly=${readOnly}
              aria-invalid=${error ? "true" : "false"}
              aria-describedby=${error ? `p-${axis}-error` : nothing}
              @input=${(e: InputEvent) => this.#editPartner({ [axis]: (e.target as HTMLInputElement).value }, axis)}
            />`
          })}
        </div>
        ${this.#error("lat", "p-lat")} ${this.#error("lon", "p-lon")}
      </fieldset>
      <fieldset class="field field-wide roles" part="services" ?data-invalid=${!!this._errors["services"]}>
        <legend class="label">${t("dict.partner.services")}</legend>
        ${services.length || unknownServices.length
          ? html`<div class="role-options">
              ${[...services.map((s) => ({ id: s.id, label: this.#label(s.label) })), ...unknownServices.map((id) => ({ id, label: id }))].map(
                (s) => html`<label class="role-option">
                  <input
                    type="checkbox"
                    name="services"
                    value=${s.id}
                    .checked=${d.services.includes(s.id)}
                    ?disabled=${readOnly}
                    @change=${(e: Event) => {
                      const on = (e.target as HTMLInputElement).checked
                      const now = this._partner.services.filter((x) => x !== s.id)
                      this.#editPartner({ services: on ? [...now, s.id] : now }, "services")
                    }}
                  />
                  <span>${s.label}</span>
                </label>`,
              )}
            </div>`
          : html`<p class="muted small">${t("dict.partner.services.none")}</p>`}
        ${this.#error("services", "p-services")}
      </fieldset>
      ${this.#renderHours()}
      <div class="field field-wide">
        <label class="label" for="p-comment">${t("dict.partner.comment")}</label>
        <textarea
          id="p-comment"
          class="input textarea"
          part="input"
          name="comment"
          rows="2"
          .value=${d.comment}
          ?readonly=${readOnly}
          aria-invalid=${this._errors["comment"] ? "true" : "false"}
          @input=${(e: InputEvent) => this.#editPartner({ comment: (e.target as HTMLTextAreaElement).value }, "comment")}
        ></textarea>
        ${this.#error("comment", "p-comment")}
      </div>
    </div>`
  }

  #renderHours(): TemplateResult {
    const t = this.t.bind(this)
    const d = this._partner
    const readOnly = !this.canEdit
    const modes: HoursMode[] = ["unknown", "always", "schedule"]
    const setDay = (day: Weekday, patch: Partial<{ open: boolean; from: string; to: string }>) => {
      const days = this._partner.days
      this.#editPartner({ days: { ...days, [day]: { ...days[day], ...patch } } }, `hours.${day}`)
    }
    return html`<fieldset class="field field-wide hours" part="hours">
      <legend class="label">${t("dict.partner.hours")}</legend>
      <div class="segments" role="radiogroup" aria-label=${t("dict.partner.hours")}>
        ${modes.map(
          (m) => html`<label class="segment">
            <input
              type="radio"
              name="hoursMode"
              value=${m}
              .checked=${d.hoursMode === m}
              ?disabled=${readOnly}
              @change=${() => this.#editPartner({ hoursMode: m }, "hours")}
            />
            <span>${t(`dict.partner.hours.${m}`)}</span>
          </label>`,
        )}
      </div>
      ${this.#error("hours", "p-hours")}
      ${d.hoursMode === "schedule"
        ? html`<div class="days">
            ${WEEKDAYS.map((day) => {
              const v = d.days[day]
              const error = this._errors[`hours.${day}`]
              return html`<div class="day" data-day=${day} ?data-invalid=${!!error}>
                <label class="day-open">
                  <input type="checkbox" name=${`open-${day}`} .checked=${v.open} ?disabled=${readOnly} @change=${(e: Event) => setDay(day, { open: (e.target as HTMLInputElement).checked })} />
                  <span>${t(`dict.day.${day}`)}</span>
                </label>
                ${v.open
                  ? html`<input
                        class="input time"
                        type="time"
                        name=${`from-${day}`}
                        aria-label=${t("dict.partner.hours.from", { day: t(`dict.day.${day}`) })}
                        .value=${v.from}
                        ?readonly=${readOnly}
                        aria-invalid=${error ? "true" : "false"}
                        @input=${(e: InputEvent) => setDay(day, { from: (e.target as HTMLInputElement).value })}
                      />
                      <span class="dash" aria-hidden="true">–</span>
                      <input
                        class="input time"
                        type="time"
                        name=${`to-${day}`}
                        aria-label=${t("dict.partner.hours.to", { day: t(`dict.day.${day}`) })}
                        .value=${v.to === "24:00" ? "00:00" : v.to}
                        ?readonly=${readOnly}
                        aria-invalid=${error ? "true" : "false"}
                        @input=${(e: InputEvent) => setDay(day, { to: (e.target as HTMLInputElement).value })}
                      />`
                  : html`<span class="muted closed">${t("dict.partner.hours.closed")}</span>`}
                ${error ? html`<span class="field-error day-error" part="field-error" data-field=${`hours.${day}`}>${error}</span>` : nothing}
              </div>`
            })}
          </div>`
        : nothing}
    </fieldset>`
  }

  static override styles = [tokens, controls, notes, surfaces, segmented, dictionaryEditorStyles]
}

define("org-dictionary-editor", OrgDictionaryEditor)

declare global {
  interface HTMLElementTagNameMap {
    "org-dictionary-editor": OrgDictionaryEditor
  }
  interface HTMLElementEventMap {
    "org-reference-change": ReferenceChangeEvent
  }
}
