import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit"
import { keyed } from "lit/directives/keyed.js"
import type { ApiClient } from "../api/client.js"
import { blockSipAccount, createSipAccount, listSipAccounts, unblockSipAccount, type SipAccount } from "../api/telephony.js"
import type { UserListItemDto } from "../api/types.js"
import type { EditCancelEvent } from "../events.js"
import { renderDataTable } from "../lib/data-table.js"
import { define } from "../lib/org-element.js"
import { describeError } from "../lib/problem.js"
import { controls, dataLists, notes, surfaces, tokens } from "../lib/styles.js"
import type { SipAccountChangedEvent, SipAccountDeletedEvent } from "./org-telephony-account-edit.js"
import "./org-telephony-account-edit.js"
import { accountInput, readCallLimitInput, userOptions, type InputOptions } from "../lib/telephony-accounts-form.js"
import { renderLoadMore, renderSecret, TelephonyPanel, type ShownSecret } from "../lib/telephony-panel.js"
import { accountGridStyles, telephonyStyles } from "../lib/telephony-styles.js"
import "./org-copy-field.js"

const FIELDS = ["username", "password", "comment", "callLimit", "userId"] as const
type Field = (typeof FIELDS)[number]

export type SipAccountStatusFilter = "all" | "active" | "blocked"

const PAGE = 100
const SEARCH_DEBOUNCE_MS = 250
const COLUMNS = 7

/**
 * `<org-telephony-accounts>`: the tenant's SIP accounts, as a virtual PBX cabinet shows them —
 * create one (the password, given or generated, is shown once with a copy button), search by
 * username or comment, filter active / blocked, block (after confirming) and unblock, and in a
 * panel under the row change the comment (the display name of its calls), the call limit and the
 * linked user, set a new password (shown once) or delete it (after confirming). Admins only (the
 * server answers 403 to anybody else).
 *
 * @attr token, base-url, time-zone - used when no provider is above the element
 * @csspart form, input, field-error, submit, secret, password, secret-done, search, status-filter,
 *   reset-filters, table, row, state, edit, block, unblock, confirm, confirm-yes, confirm-cancel,
 *   edit-row, editor (the panel, `<org-telephony-account-edit>`), load-more, empty, loading, error
 */
export class OrgTelephonyAccounts extends TelephonyPanel<SipAccount, Field> {
  static override properties: PropertyDeclarations = {
    _q: { state: true },
    _status: { state: true },
    _next: { state: true },
    _loadingMore: { state: true },
    _users: { state: true },
    _secret: { state: true },
    _domain: { state: true },
  }

  declare _q: string
  declare _status: SipAccountStatusFilter
  declare _next: string | null
  declare _loadingMore: boolean
  /** The tenant's users (for the linked-user picker); null when they cannot be listed. */
  declare _users: UserListItemDto[] | null
  /** The password of the account just created: shown once (a reset one is shown in the account's panel). */
  declare _secret: ShownSecret | null
  /** The tenant's SIP domain, once an account shows it. */
  declare _domain: string

  #searchTimer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this._q = ""
    this._status = "all"
    this._next = null
    this._loadingMore = false
    this._users = null
    this._secret = null
    this._domain = ""
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#searchTimer)
    // A password must not outlive the page it was shown on.
    this._secret = null
  }

  get #filtered(): boolean {
    return this._q.trim() !== "" || this._status !== "all"
  }

  #params(cursor: string | null = null) {
    return { q: this._q, blocked: this._status === "all" ? undefined : this._status === "blocked", limit: PAGE, cursor }
  }

  protected override async fetchItems(client: ApiClient): Promise<SipAccount[]> {
    const [page] = await Promise.all([listSipAccounts(client, this.#params(), { lang: this.locale }), this.#loadUsers(client)])
    this._next = page.nextCursor
    if (page.items[0]) this._domain = page.items[0].domain
    return page.items
  }

  /** Users load beside the accounts; without them the picker is left out, the list still works. */
  async #loadUsers(client: ApiClient): Promise<void> {
    try {
      this._users = await client.listUsers({ lang: this.locale })
    } catch {
      this._users = null
    }
  }

  async #loadMore(): Promise<void> {
    if (!this._next || this._loadingMore) return
    this._loadingMore = true
    const client = this.client
    try {
      const page = await listSipAccounts(client, this.#params(this._next), { lang: this.locale })
      if (client !== this.client) return
      const known = new Set(this._items.map((a) => a.id))
      this._items = [...this._items, ...page.items.filter((a) => !known.has(a.id))]
      this._next = page.nextCursor
    } catch (error) {
      this._actionError = describeError(error, (k) => this.t(k))
    } finally {
      this._loadingMore = false
    }
  }

  #onSearch(value: string): void {
    this._q = value
    clearTimeout(this.#searchTimer)
    this.#searchTimer = setTimeout(() => void this.reload(), SEARCH_DEBOUNCE_MS)
  }

  #setStatus(status: SipAccountStatusFilter): void {
    this._status = status
    void this.reload()
  }

  #resetFilters(): void {
    clearTimeout(this.#searchTimer)
    this._q = ""
    this._status = "all"
    void this.reload()
  }

  /** Whether an account belongs in the list under the current filters (the server decides on reload). */
  #matches(a: SipAccount): boolean {
    const q = this._q.trim().toLowerCase()
    if (this._status !== "all" && a.blocked !== (this._status === "blocked")) return false
    return !q || a.username.toLowerCase().includes(q) || (a.comment ?? "").toLowerCase().includes(q)
  }

  #replace(updated: SipAccount): void {
    this._items = this._items.map((a) => (a.id === updated.id ? { ...updated } : a))
  }

  // --- create ---------------------------------------------------------------------------------

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const username = String(data.get("username") ?? "").trim()
    const password = String(data.get("password") ?? "")
    const comment = String(data.get("comment") ?? "").trim()
    const limit = readCallLimitInput(form)
    const userId = String(data.get("userId") ?? "")
    this._formError = null
    const errors: Partial<Record<Field, string>> = {}
    if (!username) errors.username = this.t("common.required")
    if (limit === undefined) errors.callLimit = this.t("sip.callLimit.invalid")
    this._fieldErrors = errors
    if (Object.keys(errors).length) return this.focusFirstInvalid(FIELDS)
    this._submitting = true
    try {
      const created = await createSipAccount(
        this.client,
        { username, password: password || undefined, comment: comment || undefined, callLimit: limit ?? undefined, userId: userId || undefined },
        { lang: this.locale },
      )
      form.reset()
      const { password: secret, ...account } = created
      this._domain = account.domain
      this._secret = { kind: "created", accountId: account.id, username: account.username, domain: account.domain, password: secret }
      this._announcement = this.t("sip.secret.created", { username: account.username })
      if (this.#matches(account)) {
        const collator = new Intl.Collator("en", { sensitivity: "base" })
        this._items = [...this._items.filter((a) => a.id !== account.id), account].sort((a, b) => collator.compare(a.username, b.username))
      }
      this._loadState = "ready"
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>("[part=secret]")?.focus()
    } catch (error) {
      this.showFormError(error, FIELDS)
      await this.focusFirstInvalid(FIELDS)
    } finally {
      this._submitting = false
    }
  }

  // --- row actions ----------------------------------------------------------------------------

  async #block(a: SipAccount): Promise<void> {
    const ok = await this.act(a.id, "block", async () => {
      this.#replace(await blockSipAccount(this.client, a.id, { lang: this.locale }))
      return this.t("sip.blocked", { username: a.username })
    })
    await this.focusAction(a.id, ok ? "unblock" : "block")
  }

  async #unblock(a: SipAccount): Promise<void> {
    const ok = await this.act(a.id, "unblock", async () => {
      this.#replace(await unblockSipAccount(this.client, a.id, { lang: this.locale }))
      return this.t("sip.unblocked", { username: a.username })
    })
    await this.focusAction(a.id, ok ? "block" : "unblock")
  }

  // --- the edit panel (<org-telephony-account-edit>) -----------------------------------------

  #onChanged(event: SipAccountChangedEvent): void {
    const { account, change } = event
    this.#replace(account)
    if (change === "password") this._announcement = this.t("sip.secret.reset", { username: account.username })
    if (change !== "saved") return
    this._announcement = this.t("sip.edit.saved", { username: account.username })
    void this.closeEdit(account.id)
  }

  async #onDeleted(event: SipAccountDeletedEvent): Promise<void> {
    const { account } = event
    this._items = this._items.filter((x) => x.id !== account.id)
    this._editing = null
    this._announcement = this.t("sip.deleted", { username: account.username })
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>("[part=search]")?.focus()
  }

  // --- render ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`${this.#renderForm()} ${this.#renderList()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`
  }

  #input(name: Field, label: string, o: InputOptions): TemplateResult {
    return accountInput(name, label, this._fieldErrors[name], () => this.clearFieldError(name), o)
  }

  #renderForm(): TemplateResult {
    const t = this.t.bind(this)
    const secret = this._secret?.kind === "created" ? this._secret : null
    const userError = this._fieldErrors.userId
    return html`<section class="card" aria-labelledby="create-heading">
      <div class="card-head">
        <h2 id="create-heading" class="card-title">${t("sip.create.heading")}</h2>
        <p class="card-sub">${t("sip.create.sub")}</p>
      </div>
      <div class="card-body">
        ${secret ? renderSecret(this, secret, () => (this._secret = null), "input[name=username]") : nothing}
        <form part="form" novalidate @submit=${this.#submit}>
          <div class="account-grid">
            ${this.#input("username", t("sip.field.username"), { hint: t("sip.username.hint"), required: true, maxlength: 64, placeholder: t("sip.username.placeholder") })}
            ${this.#input("comment", t("sip.field.comment"), { hint: t("sip.comment.hint"), maxlength: 200, placeholder: t("sip.comment.placeholder") })}
            ${this.#input("password", t("sip.field.password"), { hint: t("sip.password.hint"), maxlength: 128, placeholder: t("sip.password.placeholder") })}
            ${this.#input("callLimit", t("sip.field.callLimit"), { type: "number", min: 1, max: 100, placeholder: t("sip.callLimit.placeholder") })}
            ${this._users
              ? html`<div class="field">
                  <label class="label" for="f-userId">${t("sip.field.user")}</label>
                  <select
                    id="f-userId"
                    class="input"
                    part="input"
                    name="userId"
                    aria-invalid=${userError ? "true" : "false"}
                    aria-describedby=${userError ? "f-userId-error" : "f-userId-hint"}
                    @change=${() => this.clearFieldError("userId")}
                  >
                    ${userOptions(t, this._users, this._items, null)}
                  </select>
                  ${userError
                    ? html`<span id="f-userId-error" class="field-error" part="field-error">${userError}</span>`
                    : html`<span id="f-userId-hint" class="hint">${t("sip.user.hint")}</span>`}
                </div>`
              : nothing}
          </div>
          ${this.renderFormFooter("sip.submit", "sip.submitting")}
        </form>
      </div>
    </section>`
  }

  #renderList(): TemplateResult {
    const t = this.t.bind(this)
    const statuses: SipAccountStatusFilter[] = ["all", "active", "blocked"]
    const showToolbar = this._items.length > 0 || this.#filtered
    return html`<section class="card" aria-labelledby="list-heading">
      <div class="card-head">
        <h2 id="list-heading" class="card-title">${t("sip.list.heading")}</h2>
        <p class="card-sub">
          ${this._domain ? html`<span data-domain>${t("sip.list.domain", { domain: this._domain })}</span>` : nothing}
          ${this._items.length ? html`<span class="count">${t("sip.list.count", { count: this._items.length })}</span>` : nothing}
        </p>
      </div>
      ${showToolbar
        ? html`<div class="toolbar" role="search" aria-label=${t("sip.search.label")}>
            ${this.renderSearch("q", "sip.search.label", "sip.search.placeholder", this._q, (v) => this.#onSearch(v))}
            <fieldset class="segmented" part="status-filter">
              <legend class="visually-hidden">${t("sip.status.label")}</legend>
              <div class="segments">
                ${statuses.map(
                  (s) => html`<label class="segment">
                    <input type="radio" name="status" value=${s} .checked=${this._status === s} @change=${() => this.#setStatus(s)} />
                    <span>${t(`sip.status.${s}`)}</span>
                  </label>`,
                )}
              </div>
            </fieldset>
          </div>`
        : nothing}
      ${this.renderActionError()} ${this.#renderBody()}
    </section>`
  }

  #renderBody(): TemplateResult {
    const t = this.t.bind(this)
    if (this._loadState === "ready" && !this._items.length && this.#filtered) {
      return html`<div class="state-line" part="empty">
        <p>${t("tel.nothingFound")}</p>
        <button class="btn small" part="reset-filters" type="button" @click=${() => this.#resetFilters()}>${t("tel.reset")}</button>
      </div>`
    }
    const state = this.renderListState("sip.empty")
    if (state) return state
    const table = renderDataTable(
      [
        { label: t("sip.col.account") },
        { label: t("sip.col.comment") },
        { label: t("sip.col.user") },
        { label: t("sip.col.limit") },
        { label: t("sip.col.state") },
        { label: t("sip.col.password") },
        { label: t("sip.col.actions"), hidden: true },
      ],
      this._items.map((a) => this.#renderRow(a)),
    )
    return html`${table} ${this._next ? renderLoadMore(t, this._loadingMore, () => this.#loadMore()) : nothing}`
  }

  #userName(id: string | null): TemplateResult | string {
    if (!id) return html`<span class="muted">${this.t("tel.none")}</span>`
    const user = this._users?.find((u) => u.id === id)
    return user ? user.name : html`<span class="mono muted">${id.slice(0, 8)}</span>`
  }

  #renderRow(a: SipAccount): TemplateResult {
    const t = this.t.bind(this)
    const editing = this._editing === a.id
    return html`<tr part="row" data-id=${a.id} data-username=${a.username} ?data-blocked=${a.blocked} ?data-editing=${editing}>
        <td class="primary mono" data-label=${t("sip.col.account")} title=${a.uri}>${a.username}</td>
        <td data-label=${t("sip.col.comment")} data-comment>${a.comment ?? html`<span class="muted">${t("tel.none")}</span>`}</td>
        <td data-label=${t("sip.col.user")}>${this.#userName(a.userId)}</td>
        <td class="nowrap" data-label=${t("sip.col.limit")}>
          ${a.callLimit === null
            ? html`<span class="muted">${t("sip.limit.none")}</span>`
            : html`<span title=${t("sip.limit.title", { count: a.callLimit })}>${a.callLimit}</span>`}
        </td>
        <td data-label=${t("sip.col.state")}>
          ${a.blocked
            ? html`<span class="tag" data-tone="danger" part="state" data-state="blocked">${t("tel.state.blocked")}</span>`
            : html`<span class="tag" data-tone="success" part="state" data-state="active">${t("tel.state.active")}</span>`}
        </td>
        <td class="nowrap" data-label=${t("sip.col.password")}>${this.dateCell(a.passwordChangedAt)}</td>
        <td class="actions">
          <span class="row-actions">
            <button
              class="btn small"
              part="edit"
              type="button"
              data-action="edit"
              data-id=${a.id}
              aria-label=${t("sip.editLabel", { username: a.username })}
              aria-expanded=${editing ? "true" : "false"}
              aria-controls=${editing ? `edit-${a.id}` : nothing}
              @click=${() => this.toggleEdit(a.id)}
            >
              ${t("tel.edit")}
            </button>
            ${a.blocked
              ? html`<button
                  class="btn small"
                  part="unblock"
                  type="button"
                  data-action="unblock"
                  data-id=${a.id}
                  aria-label=${t("sip.unblockLabel", { username: a.username })}
                  ?disabled=${this.isBusy(a.id)}
                  @click=${() => this.#unblock(a)}
                >
                  ${this.isBusy(a.id, "unblock") ? t("tel.working") : t("sip.unblock")}
                </button>`
              : html`<button
                  class="btn small danger"
                  part="block"
                  type="button"
                  data-action="block"
                  data-id=${a.id}
                  aria-label=${t("sip.blockLabel", { username: a.username })}
                  aria-expanded=${this.isConfirming(a.id, "block") ? "true" : "false"}
                  ?disabled=${this.isBusy(a.id)}
                  @click=${() => this.askConfirm(a.id, "block")}
                >
                  ${this.isBusy(a.id, "block") ? t("tel.working") : t("sip.block")}
                </button>`}
          </span>
        </td>
      </tr>
      ${this.renderConfirmRowFor(a.id, "block", COLUMNS, t("sip.confirmBlock", { username: a.username }), t("sip.confirmBlockYes"), () => this.#block(a))}
      ${editing
        ? html`<tr class="edit-row" part="edit-row">
            <td colspan=${COLUMNS}>
              ${keyed(
                a.id,
                html`<org-telephony-account-edit
                  id=${`edit-${a.id}`}
                  part="editor"
                  lang=${this.locale}
                  .token=${this.token}
                  .baseUrl=${this.baseUrl}
                  .timeZone=${this.zone.value}
                  .account=${a}
                  .users=${this._users}
                  .accounts=${this._items}
                  @org-sip-account-changed=${this.#onChanged}
                  @org-sip-account-deleted=${this.#onDeleted}
                  @org-edit-cancel=${(e: EditCancelEvent) => this.closeEdit(e.id)}
                ></org-telephony-account-edit>`,
              )}
            </td>
          </tr>`
        : nothing}`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    dataLists,
    telephonyStyles,
    accountGridStyles,
    css`
      td.primary {
        white-space: nowrap;
      }
      tr[data-blocked] td.primary {
        color: var(--_muted);
      }
      /* Edit buttons line up in a column; the block/unblock toggle (of varying width) follows. */
      table.data td.actions {
        text-align: left;
      }
      .card-sub {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 14px;
      }
      .state-line p {
        margin: 0 0 8px;
      }
    `,
  ]
}

define("org-telephony-accounts", OrgTelephonyAccounts)

declare global {
  interface HTMLElementTagNameMap {
    "org-telephony-accounts": OrgTelephonyAccounts
  }
}
