import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import {
  allowedOf,
  CaseCardApi,
  type CaseServicePayload,
  type CaseTypeDefinition,
  type DictionaryItemDto,
  type Money,
  type PartnerDto,
  type PartnerServiceDto,
  type ServiceChangeInput,
  type ServiceStatus,
} from "../api/case-card.js"
import { ApiError } from "../api/errors.js"
import { UnfilledFieldsEvent, type UnfilledItem } from "../case-card-events.js"
import { formatDateTime, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { LiveTopicsController } from "../lib/live-topics.js"
import { label, moneyInput, moneyText, parseMoney } from "../lib/case-fields.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"
import { fromLocalInput, toLocalInput } from "../lib/zoned-time.js"

const STATUS_KEYS: Record<ServiceStatus, MessageKey> = {
  draft: "card.service.status.draft",
  ordered: "card.service.status.ordered",
  assigned: "card.service.status.assigned",
  in_progress: "card.service.status.in_progress",
  done: "card.service.status.done",
  cancelled: "card.service.status.cancelled",
}

/** Fields of a service the hand-off may ask for, with their names. */
const SERVICE_FIELDS: Record<string, MessageKey> = {
  partnerId: "card.service.partner",
  orderedAt: "card.service.orderedAt",
  assignedAt: "card.service.assignedAt",
  arrivedAt: "card.service.arrivedAt",
  finishedAt: "card.service.finishedAt",
  customerCost: "card.service.customerCost",
  partnerCost: "card.service.partnerCost",
  comment: "card.service.comment",
  satisfied: "card.service.satisfied",
  kind: "card.service.kind",
}

const TIMES = ["orderedAt", "assignedAt", "arrivedAt", "finishedAt"] as const
type TimeKey = (typeof TIMES)[number]

/** The statuses a service may move to from `status`: the next one in order, and cancelled. */
function nextStatuses(status: string): ServiceStatus[] {
  const order: ServiceStatus[] = ["draft", "ordered", "assigned", "in_progress", "done"]
  const i = order.indexOf(status as ServiceStatus)
  if (status === "cancelled" || status === "done" || i < 0) return []
  return [order[i + 1]!, "cancelled"]
}

interface EditDraft {
  partnerId: string
  customerCost: string
  partnerCost: string
  comment: string
  satisfied: string
  orderedAt: string
  assignedAt: string
  arrivedAt: string
  finishedAt: string
}

/**
 * `<org-case-services>`: the partner services of a roadside case — kind, status, partner,
 * times and costs — with adding a service (kind from the `service_types` dictionary, partner
 * from the reference book), changing its status (the next step or cancel), editing it, and
 * handing it to the back office. A refused hand-off lists everything missing (the service's
 * own fields and the case's) in the card's "unfilled fields" panel. Follows
 * `case.service_changed` live.
 *
 * @attr case-id
 * @prop definition - the case type (names of the case fields a hand-off needs)
 * @attr token, base-url, time-zone
 * @fires org-case-unfilled - {@link UnfilledFieldsEvent} when a hand-off is refused for missing data
 * @csspart service, status-select, edit, hand-off, add, add-form, field-error, error
 */
export class OrgCaseServices extends OrgElement {
  static override properties = {
    caseId: { type: String, attribute: "case-id" },
    definition: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _items: { state: true },
    _kinds: { state: true },
    _partners: { state: true },
    _state: { state: true },
    _error: { state: true },
    _adding: { state: true },
    _addErrors: { state: true },
    _addKind: { state: true },
    _busy: { state: true },
    _rowError: { state: true },
    _editing: { state: true },
    _draft: { state: true },
    _editErrors: { state: true },
    _announcement: { state: true },
  }

  declare caseId: string
  declare definition: CaseTypeDefinition | null
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _items: PartnerServiceDto[]
  declare _kinds: DictionaryItemDto[]
  declare _partners: PartnerDto[]
  declare _state: "loading" | "ready" | "error"
  declare _error: ErrorText | null
  declare _adding: boolean
  declare _addErrors: Readonly<Record<string, string>>
  declare _addKind: string
  declare _busy: string | null
  declare _rowError: { readonly id: string; readonly message: string; readonly detail?: string | undefined } | null
  declare _editing: string | null
  declare _draft: EditDraft | null
  declare _editErrors: Readonly<Record<string, string>>
  declare _announcement: string

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #live = new LiveTopicsController(this, this.#api, ["case.service_changed"], (_topic, payload) => {
    const p = payload as CaseServicePayload | undefined
    const s = p?.service
    if (s && (p.caseId ?? s.caseId) === this.caseId) this.#upsert(s)
  })
  #loaded = ""
  #seq = 0

  constructor() {
    super()
    this.caseId = ""
    this.definition = null
    this._items = []
    this._kinds = []
    this._partners = []
    this._state = "loading"
    this._error = null
    this._adding = false
    this._addErrors = {}
    this._addKind = ""
    this._busy = null
    this._rowError = null
    this._editing = null
    this._draft = null
    this._editErrors = {}
    this._announcement = ""
  }

  /** The services shown. */
  get services(): readonly PartnerServiceDto[] {
    return this._items
  }

  #calls(): CaseCardApi {
    return new CaseCardApi(this.#api.client)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (this.#live.sync()) this.#loaded = ""
    if (this.caseId !== this.#loaded) {
      this.#loaded = this.caseId
      void this.reload()
    }
  }

  #upsert(s: PartnerServiceDto): void {
    const i = this._items.findIndex((x) => x.id === s.id)
    if (i < 0) this._items = [...this._items, s]
    else if (s.version >= this._items[i]!.version) this._items = this._items.map((x) => (x.id === s.id ? s : x))
  }

  async reload(): Promise<void> {
    const id = this.caseId
    const seq = ++this.#seq
    if (!id) return
    this._state = "loading"
    this._error = null
    const calls = this.#calls()
    try {
      const [items, kinds, partners] = await Promise.all([
        calls.services(id, { lang: this.locale }),
        calls.dictionaryItems("service_types", { limit: 200 }, { lang: this.locale }).then((p) => p.items.filter((i) => !i.archived)).catch(() => []),
        calls.partners({ limit: 200 }, { lang: this.locale }).then((p) => p.items.filter((x) => !x.archived)).catch(() => []),
        this.#zone.ready(),
      ])
      if (seq !== this.#seq) return
      this._items = items
      this._kinds = kinds
      this._partners = partners
      this._state = "ready"
    } catch (error) {
      if (seq !== this.#seq) return
      this._error = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
  }

  #statusLabel(s: string): string {
    const key = STATUS_KEYS[s as ServiceStatus]
    return key ? this.t(key) : s
  }

  #time(iso: string | null): string {
    return iso ? formatDateTime(iso, this.locale, this.#zone.value) : "—"
  }

  // — add —

  async #add(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    if (this._busy === "add") return
    const form = e.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const kind = String(data.get("kind") ?? "")
    const errors: Record<string, string> = {}
    if (!kind) errors["kind"] = this.t("common.required")
    const customer = parseMoney(String(data.get("customerCost") ?? ""))
    const partner = parseMoney(String(data.get("partnerCost") ?? ""))
    if (!customer.ok) errors["customerCost"] = this.t(customer.error)
    if (!partner.ok) errors["partnerCost"] = this.t(partner.error)
    this._addErrors = errors
    if (Object.keys(errors).length) return this.#focusFirst(form, errors)
    const partnerId = String(data.get("partnerId") ?? "")
    const comment = String(data.get("comment") ?? "").trim()
    this._busy = "add"
    try {
      const created = await this.#calls().addService(
        this.caseId,
        {
          kind,
          ...(partnerId ? { partnerId } : {}),
          ...(comment ? { comment } : {}),
          ...(customer.ok && customer.value ? { customerCost: customer.value as Money } : {}),
          ...(partner.ok && partner.value ? { partnerCost: partner.value as Money } : {}),
        },
        { lang: this.locale },
      )
      this.#upsert(created)
      this._adding = false
      this._addKind = ""
      this._announcement = this.t("card.service.added", { kind: label(created.kindLabel, this.locale) })
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        this._addErrors = Object.fromEntries(error.fields.map((f) => [f.path.replace(/^body\./, "").split(".")[0]!, f.message]))
        await this.#focusFirst(form, this._addErrors)
      } else this._addErrors = { _: describeError(error, (k) => this.t(k)).message }
    } finally {
      if (this._busy === "add") this._busy = null
    }
  }

  async #focusFirst(form: HTMLFormElement, errors: Readonly<Record<string, string>>): Promise<void> {
    await this.updateComplete
    const name = ["kind", "partnerId", "customerCost", "partnerCost", "comment"].find((n) => errors[n])
    if (name) form.querySelector<HTMLElement>(`[name="${name}"]`)?.focus()
  }

  /** Whether a call about this service is under way (others may go on meanwhile). */
  #busyWith(serviceId: string): boolean {
    return !!this._busy && this._busy.endsWith(`:${serviceId}`)
  }

  // — status —

  async #setStatus(s: PartnerServiceDto, status: ServiceStatus): Promise<void> {
    await this.#patch(s, { status }, `status:${s.id}`)
  }

  async #patch(s: PartnerServiceDto, change: Omit<ServiceChangeInput, "version">, busy: string): Promise<boolean> {
    if (this.#busyWith(s.id)) return false
    this._busy = busy
    this._rowError = null
    try {
      const updated = await this.#calls().updateService(this.caseId, s.id, { version: s.version, ...change }, { lang: this.locale })
      this.#upsert(updated)
      return true
    } catch (error) {
      if (error instanceof ApiError && error.code === "move_not_allowed") {
        const allowed = allowedOf(error).map((a) => this.#statusLabel(a))
        this._rowError = {
          id: s.id,
          message: this.t("card.service.notAllowed", { status: this.#statusLabel(String(change.status ?? "")) }),
          detail: allowed.length ? this.t("card.service.allowed", { list: allowed.join(", ") }) : undefined,
        }
      } else if (error instanceof ApiError && error.code === "stale_version") {
        this._rowError = { id: s.id, message: this.t("card.service.stale") }
        void this.reload()
      } else if (error instanceof ApiError && error.fields.length && this._editing === s.id) {
        this._editErrors = Object.fromEntries(error.fields.map((f) => [f.path.replace(/^body\./, "").split(".")[0]!, f.message]))
      } else {
        const d = describeError(error, (k) => this.t(k))
        this._rowError = { id: s.id, message: d.message, detail: d.detail }
      }
      return false
    } finally {
      if (this._busy === busy) this._busy = null
    }
  }

  // — edit —

  #openEdit(s: PartnerServiceDto, errors: Readonly<Record<string, string>> = {}): void {
    const zone = this.#zone.value
    this._editing = s.id
    this._editErrors = errors
    this._draft = {
      partnerId: s.partnerId ?? "",
      customerCost: moneyInput(s.customerCost, this.locale),
      partnerCost: moneyInput(s.partnerCost, this.locale),
      comment: s.comment ?? "",
      satisfied: s.satisfied === null ? "" : s.satisfied ? "yes" : "no",
      orderedAt: toLocalInput(s.orderedAt, zone),
      assignedAt: toLocalInput(s.assignedAt, zone),
      arrivedAt: toLocalInput(s.arrivedAt, zone),
      finishedAt: toLocalInput(s.finishedAt, zone),
    }
  }

  async #saveEdit(s: PartnerServiceDto): Promise<void> {
    const d = this._draft
    if (!d) return
    const zone = this.#zone.value
    const errors: Record<string, string> = {}
    const change: Record<string, unknown> = {}
    if ((s.partnerId ?? "") !== d.partnerId) change["partnerId"] = d.partnerId || null
    for (const key of ["customerCost", "partnerCost"] as const) {
      const parsed = parseMoney(d[key], s[key]?.currency ?? "RUB")
      if (!parsed.ok) errors[key] = this.t(parsed.error)
      else if (JSON.stringify(parsed.value) !== JSON.stringify(s[key])) change[key] = parsed.value
    }
    if ((s.comment ?? "") !== d.comment.trim()) change["comment"] = d.comment.trim() || null
    const satisfied = d.satisfied === "" ? null : d.satisfied === "yes"
    if (satisfied !== s.satisfied) change["satisfied"] = satisfied
    for (const key of TIMES) {
      if (d[key] === toLocalInput(s[key], zone)) continue
      const iso = d[key] ? fromLocalInput(d[key], zone) : null
      if (d[key] && !iso) errors[key] = this.t("card.error.date")
      else change[key] = iso
    }
    this._editErrors = errors
    if (Object.keys(errors).length) return
    if (!Object.keys(change).length) {
      this._editing = null
      return
    }
    if (await this.#patch(s, change as Omit<ServiceChangeInput, "version">, `edit:${s.id}`)) {
      this._editing = null
      this._draft = null
    }
  }

  // — back office —

  async #handOff(s: PartnerServiceDto): Promise<void> {
    if (this.#busyWith(s.id)) return
    this._busy = `handoff:${s.id}`
    this._rowError = null
    try {
      const updated = await this.#calls().handOff(this.caseId, s.id, s.version, { lang: this.locale })
      this.#upsert(updated)
      this._announcement = this.t("card.service.handedOff", { kind: label(s.kindLabel, this.locale) })
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fields.length) {
        const items: UnfilledItem[] = error.fields.map((f) => {
          const path = f.path.replace(/^body\./, "")
          const m = /^values[./]([a-z][a-z0-9_]*)/.exec(path)
          if (m) {
            const field = this.definition?.fields.find((x) => x.key === m[1])
            return { path, field: m[1], label: field ? label(field.label, this.locale) : m[1]!, message: f.message }
          }
          const key = SERVICE_FIELDS[path.split(".")[0]!]
          return { path, label: `${label(s.kindLabel, this.locale)}: ${key ? this.t(key) : path}`, message: f.message }
        })
        const own = Object.fromEntries(error.fields.filter((f) => !/^(body\.)?values[./]/.test(f.path)).map((f) => [f.path.replace(/^body\./, "").split(".")[0]!, f.message]))
        if (Object.keys(own).length) this.#openEdit(s, own)
        this._rowError = { id: s.id, message: this.t("card.service.handOffRefused") }
        this.dispatchEvent(new UnfilledFieldsEvent(this.t("card.unfilled.handOff", { kind: label(s.kindLabel, this.locale) }), items))
      } else if (error instanceof ApiError && error.code === "already_handed_off") {
        this._rowError = { id: s.id, message: this.t("card.service.already") }
        void this.reload()
      } else {
        const d = describeError(error, (k) => this.t(k))
        this._rowError = { id: s.id, message: d.message, detail: d.detail }
      }
    } finally {
      if (this._busy === `handoff:${s.id}`) this._busy = null
    }
  }

  // — rendering —

  protected override render(): TemplateResult {
    if (this._state === "loading" && !this._items.length) return html`<p class="line muted" aria-busy="true">${this.t("app.loading")}</p>`
    if (this._state === "error") {
      return html`<div class="alert pad" role="alert" part="error">
        <p>${this._error?.message}</p>
        <button class="btn small" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
      </div>`
    }
    return html`<div class="wrap">
      ${this._items.length
        ? html`<ul class="list">${repeat(this._items, (s) => s.id, (s) => this.#renderService(s))}</ul>`
        : html`<p class="empty muted">${this.t("card.service.empty")}</p>`}
      ${this._adding
        ? this.#renderAddForm()
        : html`<button class="btn small" part="add" type="button" @click=${async () => {
            this._adding = true
            this._addErrors = {}
            await this.updateComplete
            this.renderRoot.querySelector<HTMLElement>("[name=kind]")?.focus()
          }}>+ ${this.t("card.service.add")}</button>`}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
    </div>`
  }

  #renderService(s: PartnerServiceDto): TemplateResult {
    const next = nextStatuses(s.status)
    const busy = this.#busyWith(s.id)
    const err = this._rowError?.id === s.id ? this._rowError : null
    return html`<li class="service" part="service" data-id=${s.id} data-status=${s.status}>
      <div class="s-top">
        <span class="s-kind">${label(s.kindLabel, this.locale) || s.kind}</span>
        <span class="s-status" data-status=${s.status}>${this.#statusLabel(s.status)}</span>
        ${s.handedOffAt
          ? html`<span class="s-handed" title=${this.#time(s.handedOffAt)}>✓ ${this.t("card.service.inBackOffice")}</span>`
          : nothing}
        <span class="spacer"></span>
        ${next.length
          ? html`<select
              class="input small status-select"
              part="status-select"
              aria-label=${this.t("card.service.changeStatus", { kind: label(s.kindLabel, this.locale) })}
              ?disabled=${busy}
              @change=${(e: Event) => {
                const sel = e.target as HTMLSelectElement
                const v = sel.value as ServiceStatus
                sel.value = ""
                if (v) void this.#setStatus(s, v)
              }}
            >
              <option value="" selected>${this.t("card.service.moveTo")}</option>
              ${next.map((st) => html`<option value=${st}>${this.#statusLabel(st)}</option>`)}
            </select>`
          : nothing}
      </div>
      <div class="s-partner">
        <span class="muted">${this.t("card.service.partner")}:</span>
        ${s.partnerName ?? html`<span class="muted">${this.t("card.service.noPartner")}</span>`}
      </div>
      <dl class="s-times">
        ${TIMES.map((k) => html`<div><dt>${this.t(SERVICE_FIELDS[k]!)}</dt><dd>${this.#time(s[k])}</dd></div>`)}
      </dl>
      <div class="s-costs">
        <span><span class="muted">${this.t("card.service.customerCost")}:</span> ${s.customerCost ? moneyText(s.customerCost, this.locale) : "—"}</span>
        <span><span class="muted">${this.t("card.service.partnerCost")}:</span> ${s.partnerCost ? moneyText(s.partnerCost, this.locale) : "—"}</span>
        ${s.satisfied !== null
          ? html`<span>${s.satisfied ? this.t("card.service.satisfiedYes") : this.t("card.service.satisfiedNo")}</span>`
          : nothing}
      </div>
      ${s.comment ? html`<p class="s-comment">${s.comment}</p>` : nothing}
      ${err
        ? html`<div class="alert" role="alert" part="error"><p>${err.message}</p>${err.detail ? html`<p>${err.detail}</p>` : nothing}</div>`
        : nothing}
      ${this._editing === s.id ? this.#renderEdit(s) : nothing}
      <div class="s-actions">
        ${this._editing === s.id
          ? nothing
          : html`<button class="btn small ghost" part="edit" type="button" ?disabled=${busy} @click=${() => this.#openEdit(s)}>${this.t("card.service.edit")}</button>`}
        ${s.handedOffAt || s.status === "cancelled"
          ? nothing
          : html`<button class="btn small" part="hand-off" type="button" ?disabled=${busy} @click=${() => this.#handOff(s)}>
              ${this._busy === `handoff:${s.id}` ? this.t("card.service.handingOff") : this.t("card.service.handOff")}
            </button>`}
      </div>
    </li>`
  }

  #renderEdit(s: PartnerServiceDto): TemplateResult {
    const d = this._draft!
    const e = this._editErrors
    const set = (k: keyof EditDraft) => (ev: Event) => {
      this._draft = { ...this._draft!, [k]: (ev.target as HTMLInputElement).value }
      if (e[k]) {
        const { [k]: _, ...rest } = this._editErrors
        this._editErrors = rest
      }
    }
    const err = (k: string) => (e[k] ? html`<span id=${`e-${s.id}-${k}-error`} class="field-error" part="field-error">${e[k]}</span>` : nothing)
    const field = (k: keyof EditDraft, body: TemplateResult) => html`<div class="f" data-field=${k}>
      <label class="label" for=${`e-${s.id}-${k}`}>${this.t(SERVICE_FIELDS[k]!)}</label>${body}${err(k)}
    </div>`
    const attrs = (k: keyof EditDraft) => ({ id: `e-${s.id}-${k}`, invalid: e[k] ? "true" : "false", desc: e[k] ? `e-${s.id}-${k}-error` : undefined })
    const partners = this.#partnersFor(s.kind)
    return html`<form
      class="edit"
      part="edit-form"
      novalidate
      @submit=${(ev: Event) => {
        ev.preventDefault()
        void this.#saveEdit(s)
      }}
      @keydown=${(ev: KeyboardEvent) => {
        if (ev.key === "Escape") this._editing = null
      }}
    >
      <div class="grid">
        ${field(
          "partnerId",
          html`<select class="input" name="partnerId" id=${attrs("partnerId").id} aria-invalid=${attrs("partnerId").invalid} aria-describedby=${attrs("partnerId").desc ?? nothing} @change=${set("partnerId")}>
            <option value="" ?selected=${!d.partnerId}>${this.t("card.service.noPartner")}</option>
            ${partners.map((p) => html`<option value=${p.id} ?selected=${p.id === d.partnerId}>${p.name}</option>`)}
            ${d.partnerId && !partners.some((p) => p.id === d.partnerId) ? html`<option value=${d.partnerId} selected>${s.partnerName ?? d.partnerId}</option>` : nothing}
          </select>`,
        )}
        ${(["customerCost", "partnerCost"] as const).map((k) =>
          field(
            k,
            html`<input class="input num" name=${k} id=${attrs(k).id} inputmode="decimal" placeholder="0,00" aria-invalid=${attrs(k).invalid} aria-describedby=${attrs(k).desc ?? nothing} .value=${d[k]} @input=${set(k)} />`,
          ),
        )}
        ${TIMES.map((k) =>
          field(
            k,
            html`<input class="input" type="datetime-local" name=${k} id=${attrs(k).id} aria-invalid=${attrs(k).invalid} aria-describedby=${attrs(k).desc ?? nothing} .value=${d[k]} @input=${set(k)} />`,
          ),
        )}
        ${field(
          "satisfied",
          html`<select class="input" name="satisfied" id=${attrs("satisfied").id} @change=${set("satisfied")}>
            <option value="" ?selected=${d.satisfied === ""}>${this.t("card.service.satisfiedUnknown")}</option>
            <option value="yes" ?selected=${d.satisfied === "yes"}>${this.t("card.script.yes")}</option>
            <option value="no" ?selected=${d.satisfied === "no"}>${this.t("card.script.no")}</option>
          </select>`,
        )}
        <div class="f wide" data-field="comment">
          <label class="label" for=${`e-${s.id}-comment`}>${this.t("card.service.comment")}</label>
          <textarea class="input area" name="comment" id=${`e-${s.id}-comment`} rows="2" .value=${d.comment} @input=${set("comment")}></textarea>
          ${err("comment")}
        </div>
      </div>
      <div class="edit-actions">
        <button class="btn small ghost" type="button" @click=${() => (this._editing = null)}>${this.t("common.cancel")}</button>
        <button class="btn small primary" part="save-service" type="submit" ?disabled=${this.#busyWith(s.id)}>${this.t("card.fields.save")}</button>
      </div>
    </form>`
  }

  /** Partners offering the service kind first (by the kind's item id), then the others. */
  #partnersFor(kind: string): PartnerDto[] {
    const item = this._kinds.find((k) => k.code === kind)
    if (!item) return this._partners
    const offering = this._partners.filter((p) => p.services?.includes(item.id))
    return offering.length ? [...offering, ...this._partners.filter((p) => !offering.includes(p))] : this._partners
  }

  #renderAddForm(): TemplateResult {
    const e = this._addErrors
    const attr = (k: string) => ({ invalid: e[k] ? "true" : "false", desc: e[k] ? `add-${k}-error` : undefined })
    const err = (k: string) => (e[k] ? html`<span id=${`add-${k}-error`} class="field-error" part="field-error">${e[k]}</span>` : nothing)
    return html`<form class="add" part="add-form" novalidate @submit=${this.#add} @keydown=${(ev: KeyboardEvent) => ev.key === "Escape" && (this._adding = false)}>
      <h3 class="add-title">${this.t("card.service.addTitle")}</h3>
      <div class="grid">
        <div class="f">
          <label class="label" for="add-kind">${this.t("card.service.kind")}</label>
          <select class="input" id="add-kind" name="kind" aria-invalid=${attr("kind").invalid} aria-describedby=${attr("kind").desc ?? nothing} @change=${(ev: Event) => (this._addKind = (ev.target as HTMLSelectElement).value)}>
            <option value="">${this.t("card.service.pickKind")}</option>
            ${this._kinds.map((k) => html`<option value=${k.code ?? k.id}>${label(k.label, this.locale)}</option>`)}
          </select>
          ${err("kind")}
        </div>
        <div class="f">
          <label class="label" for="add-partner">${this.t("card.service.partner")}</label>
          <select class="input" id="add-partner" name="partnerId" aria-invalid=${attr("partnerId").invalid} aria-describedby=${attr("partnerId").desc ?? nothing}>
            <option value="">${this.t("card.service.noPartner")}</option>
            ${this.#partnersFor(this._addKind).map((p) => html`<option value=${p.id}>${p.name}</option>`)}
          </select>
          ${err("partnerId")}
        </div>
        ${(["customerCost", "partnerCost"] as const).map(
          (k) => html`<div class="f">
            <label class="label" for=${`add-${k}`}>${this.t(SERVICE_FIELDS[k]!)}</label>
            <input class="input num" id=${`add-${k}`} name=${k} inputmode="decimal" placeholder="0,00" aria-invalid=${attr(k).invalid} aria-describedby=${attr(k).desc ?? nothing} />
            ${err(k)}
          </div>`,
        )}
        <div class="f wide">
          <label class="label" for="add-comment">${this.t("card.service.comment")}</label>
          <textarea class="input area" id="add-comment" name="comment" rows="2"></textarea>
          ${err("comment")}
        </div>
      </div>
      ${e["_"] ? html`<div class="alert" role="alert" part="error"><p>${e["_"]}</p></div>` : nothing}
      <div class="edit-actions">
        <button class="btn small ghost" type="button" @click=${() => (this._adding = false)}>${this.t("common.cancel")}</button>
        <button class="btn small primary" type="submit" part="add-submit" ?disabled=${this._busy === "add"}>${this.t("card.service.addSubmit")}</button>
      </div>
    </form>`
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
      .line {
        margin: 0;
        padding: 12px;
      }
      .pad {
        margin: 12px;
      }
      .wrap {
        padding: 10px 12px 12px;
      }
      .empty {
        margin: 0 0 10px;
      }
      .list {
        display: grid;
        gap: 8px;
        margin: 0 0 10px;
        padding: 0;
        list-style: none;
      }
      .service {
        padding: 8px 10px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .service[data-status="cancelled"] {
        opacity: 0.7;
      }
      .s-top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 8px;
      }
      .s-kind {
        font-weight: 600;
      }
      .spacer {
        flex: 1;
      }
      .s-status {
        padding: 0 7px;
        border-radius: 999px;
        border: 1px solid var(--_border);
        background: var(--_surface);
        color: var(--_muted);
        font-size: 11px;
        font-weight: 500;
        line-height: 18px;
      }
      .s-status[data-status="ordered"],
      .s-status[data-status="assigned"] {
        border-color: #bfdbfe;
        background: #eff6ff;
        color: #1d4ed8;
      }
      .s-status[data-status="in_progress"] {
        border-color: #fde68a;
        background: #fffbeb;
        color: #b45309;
      }
      .s-status[data-status="done"] {
        border-color: #bbf7d0;
        background: #f0fdf4;
        color: #15803d;
      }
      .s-status[data-status="cancelled"] {
        border-color: #fecaca;
        background: #fef2f2;
        color: #b91c1c;
      }
      .s-handed {
        font-size: 11px;
        font-weight: 600;
        color: var(--_success);
      }
      .status-select {
        width: auto;
        height: 26px;
        font-size: 12px;
      }
      .s-partner {
        margin-top: 4px;
      }
      .s-times {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: 2px 10px;
        margin: 6px 0 0;
        font-size: 12px;
      }
      .s-times dt {
        color: var(--_muted);
        font-size: 11px;
      }
      .s-times dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .s-costs {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 14px;
        margin-top: 6px;
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .s-comment {
        margin: 6px 0 0;
        font-size: 12px;
        white-space: pre-wrap;
      }
      .s-actions {
        display: flex;
        justify-content: flex-end;
        gap: 6px;
        margin-top: 6px;
      }
      .alert {
        margin-top: 6px;
      }
      .edit,
      .add {
        margin-top: 8px;
        padding: 10px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .add-title {
        margin: 0 0 8px;
        font-size: 13px;
        font-weight: 600;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 8px 10px;
      }
      .f {
        min-width: 0;
      }
      .f.wide {
        grid-column: 1 / -1;
      }
      .label {
        margin-bottom: 2px;
      }
      .area {
        height: auto;
        padding: 5px 8px;
        resize: vertical;
        font: inherit;
      }
      .num {
        font-variant-numeric: tabular-nums;
      }
      .edit-actions {
        display: flex;
        justify-content: flex-end;
        gap: 6px;
        margin-top: 8px;
      }
      .btn.small {
        height: 26px;
        padding: 0 9px;
        font-size: 12px;
      }
      @container (max-width: 480px) {
        .s-times {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
    `,
  ]
}

define("org-case-services", OrgCaseServices)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-services": OrgCaseServices
  }
}
