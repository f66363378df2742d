import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import { type AttachmentDto, type Bilingual, CaseCardApi, type CaseTypeDefinition, type JournalEntryDto } from "../api/case-card.js"
import { formatDateTime, intlLocale, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { LiveTopicsController } from "../lib/live-topics.js"
import { dictionaryStore, tenantUsers } from "../lib/case-desk-cache.js"
import { fieldValueText, isMoney, label, moneyText, shortId } from "../lib/case-fields.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

type Filter = "all" | "comments" | "changes" | "messages" | "files" | "services"

const FILTERS: readonly { id: Filter; label: MessageKey; kinds: readonly string[] }[] = [
  { id: "all", label: "card.history.filter.all", kinds: [] },
  { id: "comments", label: "card.history.filter.comments", kinds: ["comment"] },
  { id: "changes", label: "card.history.filter.changes", kinds: ["created", "fields", "moved", "flags", "script"] },
  { id: "messages", label: "card.history.filter.messages", kinds: ["message", "call"] },
  { id: "files", label: "card.history.filter.files", kinds: ["attachment"] },
  { id: "services", label: "card.history.filter.services", kinds: ["service", "sla"] },
]

const KIND_KEYS: Record<string, MessageKey> = {
  created: "card.history.kind.created",
  fields: "card.history.kind.fields",
  moved: "card.history.kind.moved",
  flags: "card.history.kind.flags",
  comment: "card.history.kind.comment",
  attachment: "card.history.kind.attachment",
  message: "card.history.kind.message",
  service: "card.history.kind.service",
  script: "card.history.kind.script",
  call: "card.history.kind.call",
  sla: "card.history.kind.sla",
}

/** Topics after which the journal has something new. */
const TOPICS = ["case.updated", "case.moved", "case.message", "case.service_changed", "case.attachment_added", "case.commented"] as const

type Data = Record<string, unknown>
const obj = (v: unknown): Data => (typeof v === "object" && v !== null ? (v as Data) : {})
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined)
const isBilingual = (v: unknown): v is Bilingual => typeof v === "object" && v !== null && typeof (v as Bilingual).ru === "string"

/**
 * `<org-case-history>`: what happened to the case (`GET /:id/journal`), newest first and
 * readable — moves (from → to), field changes (who, when, old → new by the fields' names),
 * flags, comments (with a box to add one), attachments, messages, services, script answers and
 * SLA events — filterable by kind; and the case's files: upload (a file input) and download
 * (fetched with the widget's credentials, so a widget token works too). Refreshes live.
 *
 * @attr case-id
 * @prop definition - the case type (field and status names)
 * @attr token, base-url, time-zone
 * @csspart entry, comment-form, comment-input, comment-submit, files, file, upload, download, filter, error
 */
export class OrgCaseHistory extends OrgElement {
  static override properties = {
    caseId: { type: String, attribute: "case-id" },
    definition: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _items: { state: true },
    _files: { state: true },
    _state: { state: true },
    _error: { state: true },
    _filter: { state: true },
    _comment: { state: true },
    _posting: { state: true },
    _commentError: { state: true },
    _uploading: { state: true },
    _fileError: { state: true },
    _users: { state: true },
  }

  declare caseId: string
  declare definition: CaseTypeDefinition | null
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _items: JournalEntryDto[]
  declare _files: AttachmentDto[]
  declare _state: "loading" | "ready" | "error"
  declare _error: ErrorText | null
  declare _filter: Filter
  declare _comment: string
  declare _posting: boolean
  declare _commentError: ErrorText | null
  declare _uploading: boolean
  declare _fileError: ErrorText | null
  declare _users: Readonly<Record<string, string>>

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  // any change to the case reloads the journal (once for a burst of events)
  readonly #live = new LiveTopicsController(this, this.#api, TOPICS, (topic, payload) => {
    const o = obj(payload)
    if ((str(o["caseId"]) ?? str(obj(o["case"])["id"]) ?? str(o["id"])) !== this.caseId) return
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.reload(topic === "case.attachment_added"), 250)
  })
  #loaded = ""
  #seq = 0
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.caseId = ""
    this.definition = null
    this._items = []
    this._files = []
    this._state = "loading"
    this._error = null
    this._filter = "all"
    this._comment = ""
    this._posting = false
    this._commentError = null
    this._uploading = false
    this._fileError = null
    this._users = {}
  }

  /** The journal entries, oldest first (as the server sends them). */
  get entries(): readonly JournalEntryDto[] {
    return this._items
  }

  /** The case's files. */
  get files(): readonly AttachmentDto[] {
    return this._files
  }

  #calls(): CaseCardApi {
    return new CaseCardApi(this.#api.client)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#timer)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (this.#live.sync()) {
      this.#loaded = ""
      void tenantUsers(this.#api.client).then((users) => {
        if (users) this._users = Object.fromEntries(users.flatMap((u) => [[u.id, u.name || u.login]]))
      })
    }
    if (this.caseId !== this.#loaded) {
      this.#loaded = this.caseId
      void this.reload()
    }
  }

  /** Reloads the journal (and the files). */
  async reload(files = true): Promise<void> {
    const id = this.caseId
    const seq = ++this.#seq
    if (!id) return
    if (!this._items.length) this._state = "loading"
    try {
      const [items, list] = await Promise.all([
        this.#calls().journal(id, { lang: this.locale }),
        files || !this._files.length ? this.#calls().attachments(id, { lang: this.locale }).catch(() => this._files) : Promise.resolve(this._files),
        this.#zone.ready(),
      ])
      if (seq !== this.#seq) return
      this._items = items
      this._files = list
      this._state = "ready"
      void this.#loadLabels(items)
    } catch (error) {
      if (seq !== this.#seq) return
      this._error = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
  }

  /** Loads the dictionaries whose values the journal shows, so ids read as labels. */
  async #loadLabels(items: readonly JournalEntryDto[]): Promise<void> {
    const dicts = new Set<string>()
    for (const e of items) {
      if (e.kind !== "fields") continue
      for (const c of (obj(e.data)["changes"] as unknown[] | undefined) ?? []) {
        const f = this.definition?.fields.find((x) => x.key === str(obj(c)["field"]))
        if (f?.kind === "dictionary" && f.dictionary) dicts.add(f.dictionary)
      }
    }
    if (items.some((e) => e.kind === "service")) dicts.add("service_types")
    await Promise.all([...dicts].map((d) => dictionaryStore(this.#api.client, d).ensure()))
    if (dicts.size) this.requestUpdate()
  }

  async #addComment(): Promise<void> {
    const text = this._comment.trim()
    if (!text || this._posting) return
    this._posting = true
    this._commentError = null
    try {
      await this.#calls().comment(this.caseId, text, { lang: this.locale })
      this._comment = ""
      await this.reload(false)
    } catch (error) {
      this._commentError = describeError(error, (k) => this.t(k))
    } finally {
      this._posting = false
    }
  }

  async #upload(input: HTMLInputElement): Promise<void> {
    const files = [...(input.files ?? [])]
    if (!files.length) return
    this._uploading = true
    this._fileError = null
    try {
      for (const file of files) {
        const att = await this.#calls().upload(this.caseId, file, { lang: this.locale })
        if (!this._files.some((f) => f.id === att.id)) this._files = [...this._files, att]
      }
      await this.reload(false)
    } catch (error) {
      this._fileError = describeError(error, (k) => this.t(k))
    } finally {
      this._uploading = false
      input.value = ""
    }
  }

  /** Downloads a file with the widget's credentials (fetch + Blob) and saves it under its name. */
  async download(file: { id: string; name: string }): Promise<void> {
    this._fileError = null
    try {
      const blob = await this.#calls().download(this.caseId, file.id, { lang: this.locale })
      const url = URL.createObjectURL(blob)
      const a = document.createElement("a")
      a.href = url
      a.download = file.name
      a.rel = "noopener"
      this.renderRoot.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (error) {
      this._fileError = describeError(error, (k) => this.t(k))
    }
  }

  #time(iso: string): string {
    return formatDateTime(iso, this.locale, this.#zone.value)
  }

  #state(key: string | undefined): string {
    if (!key) return "—"
    const s = this.definition?.states.find((x) => x.key === key)
    return s ? label(s.label, this.locale) : key
  }

  #fieldName(key: string): string {
    if (key === "title") return this.t("card.history.titleField")
    if (key === "assigneeId") return this.t("card.history.assignee")
    const f = this.definition?.fields.find((x) => x.key === key)
    return f ? label(f.label, this.locale) : key
  }

  #value(key: string, v: unknown): string {
    if (key === "assigneeId") return typeof v === "string" ? (this._users[v] ?? shortId(v)) : this.t("card.empty")
    const f = this.definition?.fields.find((x) => x.key === key)
    const client = this.#api.client
    const text = fieldValueText(f, v, this.locale, {
      dictionary: (d, id) => {
        const item = dictionaryStore(client, d).get(id)
        return item ? label(item.label, this.locale) : undefined
      },
      person: (id) => this._users[id],
      file: (id) => this._files.find((x) => x.id === id)?.name,
    })
    return text || this.t("card.empty")
  }

  #size(bytes: number): string {
    const fmt = new Intl.NumberFormat(intlLocale(this.locale), { maximumFractionDigits: 1 })
    if (bytes < 1024) return this.t("card.size.b", { n: bytes })
    if (bytes < 1024 * 1024) return this.t("card.size.kb", { n: fmt.format(bytes / 1024) })
    return this.t("card.size.mb", { n: fmt.format(bytes / 1024 / 1024) })
  }

  protected override render(): TemplateResult {
    const filter = FILTERS.find((f) => f.id === this._filter)!
    const items = [...this._items].reverse().filter((e) => filter.id === "all" || filter.kinds.includes(e.kind))
    return html`
      ${this.#renderComposer()}
      <div class="filters" role="group" aria-label=${this.t("card.history.filter")}>
        ${FILTERS.map(
          (f) => html`<button class="chip" part="filter" type="button" data-filter=${f.id} aria-pressed=${f.id === this._filter ? "true" : "false"} @click=${() => (this._filter = f.id)}>
            ${this.t(f.label)}
          </button>`,
        )}
      </div>
      ${this._state === "error"
        ? html`<div class="alert pad" role="alert" part="error">
            <p>${this._error?.message}</p>
            <button class="btn small" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
          </div>`
        : this._state === "loading" && !this._items.length
          ? html`<p class="line muted" aria-busy="true">${this.t("app.loading")}</p>`
          : items.length
            ? html`<ol class="feed" aria-label=${this.t("card.history.heading")}>${repeat(items, (e) => e.id, (e) => this.#renderEntry(e))}</ol>`
            : html`<p class="line muted">${this.t("card.history.empty")}</p>`}
      ${this.#renderFiles()}
    `
  }

  #renderComposer(): TemplateResult {
    return html`<form
      class="composer"
      part="comment-form"
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault()
        void this.#addComment()
      }}
    >
      <textarea
        class="input area"
        part="comment-input"
        rows="2"
        aria-label=${this.t("card.history.comment")}
        placeholder=${this.t("card.history.commentPlaceholder")}
        .value=${this._comment}
        @input=${(e: Event) => (this._comment = (e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            void this.#addComment()
          }
        }}
      ></textarea>
      <div class="composer-actions">
        <span class="muted small">${this.t("card.history.commentHint")}</span>
        <button class="btn small primary" part="comment-submit" type="submit" ?disabled=${this._posting || !this._comment.trim()}>
          ${this._posting ? this.t("card.history.posting") : this.t("card.history.addComment")}
        </button>
      </div>
      ${this._commentError ? html`<div class="alert" role="alert" part="error"><p>${this._commentError.message}</p></div>` : nothing}
    </form>`
  }

  #renderEntry(e: JournalEntryDto): TemplateResult {
    const kind = KIND_KEYS[e.kind] ? e.kind : "other"
    return html`<li class="entry" part="entry" data-kind=${e.kind} data-id=${e.id}>
      <span class="mark" data-kind=${kind} aria-hidden="true"></span>
      <div class="entry-body">
        <div class="entry-head">
          <span class="what">${KIND_KEYS[e.kind] ? this.t(KIND_KEYS[e.kind]!) : e.kind}</span>
          <span class="who">${e.actorLogin}</span>
          <time class="when" datetime=${e.at}>${this.#time(e.at)}</time>
        </div>
        ${this.#renderData(e)}
      </div>
    </li>`
  }

  #renderData(e: JournalEntryDto): TemplateResult | typeof nothing {
    const d = obj(e.data)
    switch (e.kind) {
      case "created":
        return d["number"] ? html`<p class="detail">${this.t("card.history.createdNumber", { number: str(d["number"]) ?? "" })}</p>` : nothing
      case "fields": {
        const changes = Array.isArray(d["changes"]) ? (d["changes"] as unknown[]).map(obj) : []
        return html`<ul class="changes">
          ${changes.map((c) => {
            const key = str(c["field"]) ?? "?"
            return html`<li class="change" data-field=${key}>
              <span class="field-name">${this.#fieldName(key)}:</span>
              <span class="old" ?data-empty=${c["from"] === null || c["from"] === undefined || c["from"] === ""}>${key === "title" ? str(c["from"]) ?? "" : this.#value(key, c["from"])}</span>
              <span class="arrow" aria-label=${this.t("card.history.to")}>→</span>
              <span class="new">${key === "title" ? str(c["to"]) ?? "" : this.#value(key, c["to"])}</span>
            </li>`
          })}
        </ul>`
      }
      case "moved":
        return html`<p class="detail move">
            <span class="old">${this.#state(str(d["from"]))}</span> <span class="arrow" aria-label=${this.t("card.history.to")}>→</span>
            <span class="new">${this.#state(str(d["to"]))}</span>
          </p>
          ${str(d["comment"]) ? html`<p class="quote">${str(d["comment"])}</p>` : nothing}`
      case "flags": {
        const from = Array.isArray(d["from"]) ? (d["from"] as string[]) : []
        const to = Array.isArray(d["to"]) ? (d["to"] as string[]) : []
        const name = (k: string) => {
          const f = this.definition?.flags?.find((x) => x.key === k)
          return f ? label(f.label, this.locale) : k
        }
        const added = to.filter((f) => !from.includes(f)).map((f) => this.t("card.history.flagOn", { flag: name(f) }))
        const removed = from.filter((f) => !to.includes(f)).map((f) => this.t("card.history.flagOff", { flag: name(f) }))
        return html`<p class="detail">${[...added, ...removed].join("; ")}</p>`
      }
      case "comment":
        return html`<p class="quote">${str(d["text"]) ?? ""}</p>`
      case "attachment": {
        const id = str(d["attachmentId"]) ?? str(d["id"])
        const name = str(d["name"]) ?? this._files.find((f) => f.id === id)?.name ?? ""
        return html`<p class="detail">
          ${name}
          ${id ? html`<button class="btn small ghost" part="download" type="button" @click=${() => this.download({ id, name })}>${this.t("card.files.download")}</button>` : nothing}
        </p>`
      }
      case "message": {
        const m = obj(d["message"] ?? d)
        const dir = str(m["direction"]) === "in" ? this.t("card.history.messageIn") : this.t("card.history.messageOut")
        const status = str(m["status"])
        return html`<p class="detail">${dir}${status === "not_sent" ? html` · <span class="warn">${this.t("card.chat.status.not_sent")}</span>` : nothing}</p>
          ${str(m["text"]) ? html`<p class="quote">${str(m["text"])}</p>` : nothing}`
      }
      case "service":
        return this.#renderService(d)
      case "script": {
        const action = str(d["action"])
        if (action === "start") {
          const name = isBilingual(d["name"]) ? label(d["name"], this.locale) : (str(d["scriptKey"]) ?? "")
          return html`<p class="detail">${this.t("card.history.scriptStarted", { name })}</p>`
        }
        if (action === "finish") return html`<p class="detail">${this.t("card.history.scriptFinished")}</p>`
        const q = isBilingual(d["question"]) ? label(d["question"], this.locale) : (str(d["question"]) ?? str(d["questionId"]) ?? "")
        const field = str(d["field"]) ?? str(d["writeTo"])
        const value = d["value"]
        const text = field ? this.#value(field, value) : value === true ? this.t("card.script.yes") : value === false ? this.t("card.script.no") : (str(value) ?? (value == null ? "—" : JSON.stringify(value)))
        return html`<p class="detail">${q}: <strong>${text}</strong></p>`
      }
      case "sla": {
        const clock = str(d["clock"]) === "first_response" ? this.t("card.history.slaFirst") : this.t("card.history.slaResolution")
        const event = str(d["event"]) ?? str(d["state"])
        return html`<p class="detail">${clock}${event === "breached" ? ` · ${this.t("card.sla.breached")}` : event === "warning" ? ` · ${this.t("card.sla.warning")}` : event ? ` · ${event}` : ""}</p>`
      }
      case "call": {
        const dir = str(d["direction"]) === "out" ? this.t("card.history.callOut") : this.t("card.history.callIn")
        const who = str(d["from"]) ?? str(d["to"]) ?? ""
        return html`<p class="detail">${dir} ${who}</p>`
      }
      default:
        return e.data ? html`<p class="detail mono">${JSON.stringify(e.data)}</p>` : nothing
    }
  }

  /** A service entry: added, changed (status, partner, times, costs …), handed off; actions added or done. */
  #renderService(d: Data): TemplateResult {
    const nested = obj(d["service"])
    const src = Object.keys(nested).length ? nested : d
    const kindLabel = isBilingual(src["kindLabel"]) ? label(src["kindLabel"], this.locale) : this.#serviceKind(str(src["kind"]))
    switch (str(d["change"])) {
      case "service_added": {
        const partner = str(d["partnerName"])
        return html`<p class="detail">${this.t("card.history.serviceAdded", { kind: kindLabel })}${partner ? ` · ${partner}` : ""}</p>`
      }
      case "service_changed": {
        const changes = Array.isArray(d["changes"]) ? (d["changes"] as unknown[]).map(obj) : []
        return html`<p class="detail">${kindLabel}</p>
          <ul class="changes">
            ${changes.map((c) => {
              const field = str(c["field"]) ?? ""
              return html`<li class="change" data-field=${field}>
                <span class="field-name">${this.#serviceFieldName(field)}:</span>
                <span class="old" ?data-empty=${c["from"] == null}>${this.#serviceValue(field, c["from"])}</span>
                <span class="arrow" aria-label=${this.t("card.history.to")}>→</span>
                <span class="new">${this.#serviceValue(field, c["to"])}</span>
              </li>`
            })}
          </ul>`
      }
      case "service_handed_off":
        return html`<p class="detail">${this.t("card.history.serviceHandedOff", { kind: kindLabel })}</p>`
      case "action_added":
        return html`<p class="detail">${this.t("card.history.actionAdded", { kind: kindLabel })}${str(d["dueAt"]) ? ` · ${this.t("card.history.due", { time: this.#time(str(d["dueAt"])!) })}` : ""}</p>`
      case "action_done":
        return html`<p class="detail">${this.t("card.history.actionDone", { kind: kindLabel })}</p>`
      default: {
        const status = str(src["status"])
        const handed = str(src["handedOffAt"])
        return html`<p class="detail">${kindLabel}${status ? ` · ${this.#serviceStatus(status)}` : ""}${handed ? ` · ${this.t("card.service.inBackOffice")}` : ""}</p>`
      }
    }
  }

  #serviceKind(code: string | undefined): string {
    if (!code) return ""
    const item = dictionaryStore(this.#api.client, "service_types").byCode(code)
    return item ? label(item.label, this.locale) : code
  }

  #serviceFieldName(field: string): string {
    const keys: Record<string, MessageKey> = {
      status: "card.history.serviceStatus",
      partnerId: "card.service.partner",
      orderedAt: "card.service.orderedAt",
      assignedAt: "card.service.assignedAt",
      arrivedAt: "card.service.arrivedAt",
      finishedAt: "card.service.finishedAt",
      customerCost: "card.service.customerCost",
      partnerCost: "card.service.partnerCost",
      comment: "card.service.comment",
      satisfied: "card.service.satisfied",
    }
    return keys[field] ? this.t(keys[field]!) : field
  }

  #serviceValue(field: string, v: unknown): string {
    if (v === null || v === undefined || v === "") return this.t("card.empty")
    if (field === "status" && typeof v === "string") return this.#serviceStatus(v)
    if (field.endsWith("At") && typeof v === "string") return this.#time(v)
    if (isMoney(v)) return moneyText(v, this.locale)
    if (typeof v === "boolean") return v ? this.t("card.script.yes") : this.t("card.script.no")
    if (field === "partnerId" && typeof v === "string") return this.t("card.history.partnerSet")
    return typeof v === "string" ? v : JSON.stringify(v)
  }

  #serviceStatus(status: string): string {
    const key = `card.service.status.${status}` as MessageKey
    const text = this.t(key)
    return text === key ? status : text
  }

  #renderFiles(): TemplateResult {
    return html`<section class="files" part="files" aria-labelledby="files-title">
      <div class="files-head">
        <h3 class="files-title" id="files-title">${this.t("card.files.heading", { count: this._files.length })}</h3>
        <label class="btn small upload" part="upload">
          ${this._uploading ? this.t("card.file.uploading") : this.t("card.files.upload")}
          <input class="visually-hidden" type="file" multiple ?disabled=${this._uploading} @change=${(e: Event) => this.#upload(e.target as HTMLInputElement)} />
        </label>
      </div>
      ${this._fileError ? html`<div class="alert" role="alert" part="error"><p>${this._fileError.message}</p>${this._fileError.detail ? html`<p>${this._fileError.detail}</p>` : nothing}</div>` : nothing}
      ${this._files.length
        ? html`<ul class="file-list">
            ${this._files.map(
              (f) => html`<li class="file" part="file" data-id=${f.id}>
                <span class="file-name" title=${f.name}>${f.name}</span>
                <span class="muted small">${this.#size(f.size)} · ${this.#time(f.createdAt)}</span>
                <button class="btn small ghost" part="download" type="button" aria-label=${this.t("card.files.downloadName", { name: f.name })} @click=${() => this.download(f)}>
                  ${this.t("card.files.download")}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted small none">${this.t("card.files.empty")}</p>`}
    </section>`
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
      .mono {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 11px;
        overflow-wrap: anywhere;
      }
      .line {
        margin: 0;
        padding: 10px 12px;
      }
      .pad {
        margin: 10px 12px;
      }
      .composer {
        padding: 10px 12px 8px;
        border-bottom: 1px solid var(--_border);
      }
      .area {
        height: auto;
        min-height: 48px;
        padding: 5px 8px;
        resize: vertical;
        font: inherit;
      }
      .composer-actions {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        margin-top: 6px;
      }
      .alert {
        margin-top: 6px;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        padding: 8px 12px 4px;
      }
      .chip {
        height: 24px;
        padding: 0 9px;
        border: 1px solid var(--_border);
        border-radius: 999px;
        background: var(--_bg);
        color: var(--_muted);
        font: inherit;
        font-size: 12px;
        cursor: pointer;
      }
      .chip[aria-pressed="true"] {
        border-color: var(--_primary);
        background: color-mix(in srgb, var(--_primary) 9%, var(--_bg));
        color: var(--_text);
        font-weight: 500;
      }
      .feed {
        margin: 0;
        padding: 4px 12px 8px;
        list-style: none;
        max-height: var(--org-history-height, 480px);
        overflow-y: auto;
      }
      .entry {
        position: relative;
        display: grid;
        grid-template-columns: 12px minmax(0, 1fr);
        gap: 8px;
        padding: 7px 0;
      }
      .entry + .entry {
        border-top: 1px solid var(--_border);
      }
      .mark {
        width: 8px;
        height: 8px;
        margin-top: 5px;
        border-radius: 50%;
        background: var(--_border-strong);
      }
      .mark[data-kind="moved"] {
        background: var(--_primary);
      }
      .mark[data-kind="comment"] {
        background: #8b5cf6;
      }
      .mark[data-kind="fields"],
      .mark[data-kind="script"] {
        background: #0ea5e9;
      }
      .mark[data-kind="message"],
      .mark[data-kind="call"] {
        background: var(--_success);
      }
      .mark[data-kind="sla"] {
        background: var(--_danger);
      }
      .mark[data-kind="service"],
      .mark[data-kind="attachment"] {
        background: var(--_warning);
      }
      .entry-head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 2px 8px;
      }
      .what {
        font-weight: 600;
      }
      .who {
        color: var(--_muted);
        font-size: 12px;
      }
      .when {
        margin-left: auto;
        color: var(--_muted);
        font-size: 12px;
        white-space: nowrap;
      }
      .detail {
        margin: 2px 0 0;
        overflow-wrap: anywhere;
      }
      .quote {
        margin: 4px 0 0;
        padding: 5px 8px;
        border-left: 3px solid var(--_border-strong);
        background: var(--_surface);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .changes {
        margin: 2px 0 0;
        padding: 0;
        list-style: none;
      }
      .change {
        overflow-wrap: anywhere;
      }
      .field-name {
        color: var(--_muted);
      }
      .old {
        color: var(--_muted);
        text-decoration: line-through;
        text-decoration-color: color-mix(in srgb, var(--_muted) 50%, transparent);
      }
      .move .old,
      .old[data-empty] {
        text-decoration: none;
        font-style: italic;
      }
      .new {
        font-weight: 500;
      }
      .arrow {
        color: var(--_muted);
        margin: 0 2px;
      }
      .warn {
        color: var(--org-warning-fg, #b45309);
        font-weight: 600;
      }
      .files {
        padding: 8px 12px 12px;
        border-top: 1px solid var(--_border);
      }
      .files-head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
      }
      .files-title {
        margin: 0;
        font-size: 13px;
        font-weight: 600;
      }
      .upload:focus-within {
        outline: 2px solid var(--_focus);
        outline-offset: 2px;
      }
      .file-list {
        margin: 6px 0 0;
        padding: 0;
        list-style: none;
      }
      .file {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto auto;
        align-items: center;
        gap: 8px;
        padding: 3px 0;
      }
      .file-name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .none {
        margin: 6px 0 0;
      }
      .btn.small {
        height: 26px;
        padding: 0 9px;
        font-size: 12px;
      }
    `,
  ]
}

define("org-case-history", OrgCaseHistory)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-history": OrgCaseHistory
  }
}
