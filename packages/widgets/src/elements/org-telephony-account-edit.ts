import { css, html, nothing, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import {
  deleteSipAccount,
  getSipAccount,
  resetSipPassword,
  updateSipAccount,
  type SipAccount,
  type SipAccountChangeInput,
} from "../api/telephony.js"
import type { UserListItemDto } from "../api/types.js"
import { EditCancelEvent } from "../events.js"
import { formatDateTime } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { fieldErrorsOf } from "../lib/form.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, dataLists, notes, surfaces, tokens } from "../lib/styles.js"
import { readCallLimitInput, userOptions } from "../lib/telephony-accounts-form.js"
import { renderSecret } from "../lib/telephony-panel.js"
import { accountGridStyles, telephonyStyles } from "../lib/telephony-styles.js"
import "./org-copy-field.js"

const FIELDS = ["comment", "callLimit", "userId"] as const
type Field = (typeof FIELDS)[number]

/**
 * The account as the server has it now: saved from the form ("saved"), given a new password
 * ("password"), or read again after someone else changed it ("refreshed").
 */
export class SipAccountChangedEvent extends Event {
  static readonly type = "org-sip-account-changed" as const
  constructor(
    readonly account: SipAccount,
    readonly change: "saved" | "password" | "refreshed",
  ) {
    super(SipAccountChangedEvent.type, { bubbles: true, composed: true })
  }
}

/** The account was deleted. */
export class SipAccountDeletedEvent extends Event {
  static readonly type = "org-sip-account-deleted" as const
  constructor(readonly account: SipAccount) {
    super(SipAccountDeletedEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * `<org-telephony-account-edit>` (internal to `<org-telephony-accounts>`): the panel under an
 * account's row — its comment (the display name), call limit and linked user, saved with
 * `PATCH` and the version read (409 `stale_version`: the fresh account is taken under the
 * admin's edits, saving again overwrites knowingly); a new password after confirming, shown
 * here once (it goes with the panel); deletion after confirming. Escape or Cancel close it.
 *
 * @prop account - the account
 * @prop users - the tenant's users for the picker (null: no picker)
 * @prop accounts - the accounts loaded, to tell which users are linked elsewhere
 * @attr token, base-url - used when no provider is above the element
 * @fires org-sip-account-changed, org-sip-account-deleted, org-edit-cancel
 * @csspart edit-form, input, field-error, save, cancel, error, reset-password, delete, confirm,
 *   confirm-yes, confirm-cancel, secret, password, secret-done
 */
export class OrgTelephonyAccountEdit extends OrgElement {
  static override properties = {
    account: { attribute: false },
    users: { attribute: false },
    accounts: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _errors: { state: true },
    _error: { state: true },
    _saving: { state: true },
    _confirm: { state: true },
    _busy: { state: true },
    _password: { state: true },
  }

  declare account: SipAccount | undefined
  declare users: readonly UserListItemDto[] | null
  declare accounts: readonly SipAccount[]
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _errors: Partial<Record<Field, string>>
  declare _error: ErrorText | null
  declare _saving: boolean
  declare _confirm: "reset" | "delete" | null
  declare _busy: "reset" | "delete" | null
  /** The new password, shown once: it lives only as long as this panel. */
  declare _password: string | null

  readonly #api = new ApiController(this)

  constructor() {
    super()
    this.account = undefined
    this.users = null
    this.accounts = []
    this._errors = {}
    this._error = null
    this._saving = false
    this._confirm = null
    this._busy = null
    this._password = null
  }

  protected override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>("#e-comment")?.focus()
  }

  #clear(field: Field): void {
    if (!this._errors[field] && !this._error) return
    const next = { ...this._errors }
    delete next[field]
    this._errors = next
    this._error = null
  }

  async #focusProblem(): Promise<void> {
    await this.updateComplete
    const field = FIELDS.find((f) => this._errors[f])
    this.renderRoot.querySelector<HTMLElement>(field ? `[name="${field}"]` : "[part~=error]")?.focus()
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const a = this.account
    if (this._saving || !a) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const comment = String(data.get("comment") ?? "").trim() || null
    const limit = readCallLimitInput(form)
    const userId = data.has("userId") ? String(data.get("userId")) || null : a.userId
    this._error = null
    if (limit === undefined) {
      this._errors = { callLimit: this.t("sip.callLimit.invalid") }
      return this.#focusProblem()
    }
    this._errors = {}
    const change: SipAccountChangeInput = {
      version: a.version,
      ...(comment !== a.comment ? { comment } : {}),
      ...(limit !== a.callLimit ? { callLimit: limit } : {}),
      ...(userId !== a.userId ? { userId } : {}),
    }
    if (Object.keys(change).length === 1) return this.#cancel()
    this._saving = true
    try {
      const saved = await updateSipAccount(this.#api.client, a.id, change, { lang: this.locale })
      this.dispatchEvent(new SipAccountChangedEvent(saved, "saved"))
    } catch (error) {
      const { byField, other } = fieldErrorsOf(error, FIELDS)
      this._errors = byField
      if (error instanceof ApiError && error.code === "stale_version") {
        this._error = { message: this.t("tel.stale") }
        // Fresh values (and version) under the admin's edits: untouched inputs show the new values.
        const fresh = await getSipAccount(this.#api.client, a.id, { lang: this.locale }).catch(() => undefined)
        if (fresh) this.dispatchEvent(new SipAccountChangedEvent(fresh, "refreshed"))
      } else if (other.length && error instanceof ApiError) this._error = { message: error.title, detail: other.join(" ") }
      else if (!Object.keys(byField).length) this._error = describeError(error, (k) => this.t(k))
      await this.#focusProblem()
    } finally {
      this._saving = false
    }
  }

  async #ask(action: "reset" | "delete"): Promise<void> {
    this._error = null
    this._confirm = this._confirm === action ? null : action
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>("[part~=confirm-yes]")?.focus()
  }

  async #cancelConfirm(): Promise<void> {
    const action = this._confirm
    this._confirm = null
    await this.updateComplete
    if (action) this.renderRoot.querySelector<HTMLElement>(`[data-action="${action}"]`)?.focus()
  }

  async #resetPassword(): Promise<void> {
    const a = this.account
    if (!a || this._busy) return
    this._confirm = null
    this._busy = "reset"
    try {
      const { password, ...account } = await resetSipPassword(this.#api.client, a.id, undefined, { lang: this.locale })
      this._password = password
      this.dispatchEvent(new SipAccountChangedEvent(account, "password"))
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>("[part=secret]")?.focus()
    } catch (error) {
      this._error = describeError(error, (k) => this.t(k))
    } finally {
      this._busy = null
    }
  }

  async #delete(): Promise<void> {
    const a = this.account
    if (!a || this._busy) return
    this._confirm = null
    this._busy = "delete"
    try {
      await deleteSipAccount(this.#api.client, a.id, { lang: this.locale })
      this.dispatchEvent(new SipAccountDeletedEvent(a))
    } catch (error) {
      this._error = describeError(error, (k) => this.t(k))
    } finally {
      this._busy = null
    }
  }

  #cancel(): void {
    if (this.account) this.dispatchEvent(new EditCancelEvent(this.account.id))
  }

  #confirmBox(question: string, yes: string, onYes: () => void): TemplateResult {
    return html`<div
      class="confirm"
      part="confirm"
      role="group"
      aria-label=${question}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key !== "Escape") return
        e.stopPropagation()
        void this.#cancelConfirm()
      }}
    >
      <span class="confirm-text">${question}</span>
      <span class="confirm-buttons">
        <button class="btn small danger solid" part="confirm-yes" type="button" @click=${onYes}>${yes}</button>
        <button class="btn small" part="confirm-cancel" type="button" @click=${() => this.#cancelConfirm()}>${this.t("common.cancel")}</button>
      </span>
    </div>`
  }

  protected override render(): TemplateResult | typeof nothing {
    const a = this.account
    if (!a) return nothing
    const t = this.t.bind(this)
    const err = this._errors
    const field = (name: Field, label: string, input: TemplateResult) => html`<div class="field">
      <label class="label" for=${`e-${name}`}>${label}</label>
      ${input} ${err[name] ? html`<span id=${`e-${name}-error`} class="field-error" part="field-error">${err[name]}</span>` : nothing}
    </div>`
    const invalid = (name: Field) => (err[name] ? "true" : "false")
    const described = (name: Field) => (err[name] ? `e-${name}-error` : nothing)
    return html`<form
        class="edit-form"
        part="edit-form"
        novalidate
        aria-labelledby="edit-title"
        @submit=${this.#save}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== "Escape") return
          e.preventDefault()
          this.#cancel()
        }}
      >
        <h3 id="edit-title" class="edit-title">${t("sip.edit.heading", { username: a.username })} <span class="mono muted">${a.uri}</span></h3>
        <div class="account-grid">
          ${field("comment", t("sip.field.comment"), html`<input id="e-comment" class="input" part="input" name="comment" maxlength="200"
            autocomplete="off" spellcheck="false" placeholder=${t("sip.comment.placeholder")} value=${a.comment ?? ""}
            aria-invalid=${invalid("comment")} aria-describedby=${described("comment")} @input=${() => this.#clear("comment")} />`)}
          ${field("callLimit", t("sip.field.callLimit"), html`<input id="e-callLimit" class="input" part="input" name="callLimit" type="number"
            min="1" max="100" step="1" placeholder=${t("sip.callLimit.placeholder")} value=${a.callLimit ?? ""}
            aria-invalid=${invalid("callLimit")} aria-describedby=${described("callLimit")} @input=${() => this.#clear("callLimit")} />`)}
          ${this.users
            ? field("userId", t("sip.field.user"), html`<select id="e-userId" class="input" part="input" name="userId"
                aria-invalid=${invalid("userId")} aria-describedby=${described("userId")} @change=${() => this.#clear("userId")}>
                ${userOptions(t, this.users, this.accounts, a)}
              </select>`)
            : nothing}
        </div>
        ${this._error
          ? html`<div class="alert form-alert" role="alert" part="error" tabindex="-1">
              <p>${this._error.message}</p>
              ${this._error.detail ? html`<p>${this._error.detail}</p>` : nothing}
            </div>`
          : nothing}
        <div class="form-actions">
          <button class="btn primary" part="save" type="submit" ?disabled=${this._saving}>${this._saving ? t("tel.saving") : t("tel.save")}</button>
          <button class="btn" part="cancel" type="button" @click=${() => this.#cancel()}>${t("common.cancel")}</button>
        </div>
      </form>
      <div class="edit-extra">
        <div class="extra-block">
          <h4 class="extra-title">${t("sip.password.heading")}</h4>
          <p class="muted extra-note">${t("sip.password.changed", { date: formatDateTime(a.passwordChangedAt, this.locale, this.timeZone) })}</p>
          ${this._password
            ? renderSecret(
                this,
                { kind: "reset", accountId: a.id, username: a.username, domain: a.domain, password: this._password },
                () => (this._password = null),
                '[data-action="reset"]',
              )
            : nothing}
          ${this._confirm === "reset"
            ? this.#confirmBox(t("sip.confirmReset", { username: a.username }), t("sip.confirmResetYes"), () => this.#resetPassword())
            : html`<button class="btn small" part="reset-password" type="button" data-action="reset" ?disabled=${!!this._busy}
                @click=${() => this.#ask("reset")}>${this._busy === "reset" ? t("tel.working") : t("sip.resetPassword")}</button>`}
        </div>
        <div class="extra-block">
          ${this._confirm === "delete"
            ? this.#confirmBox(t("sip.confirmDelete", { username: a.username }), t("tel.confirmDelete"), () => this.#delete())
            : html`<button class="btn small danger" part="delete" type="button" data-action="delete" ?disabled=${!!this._busy}
                @click=${() => this.#ask("delete")}>${this._busy === "delete" ? t("tel.working") : t("sip.deleteAccount")}</button>`}
        </div>
      </div>`
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
      :host {
        display: grid;
        gap: 14px;
      }
      .edit-title .mono {
        margin-left: 6px;
        font-weight: 400;
      }
      .edit-extra {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        justify-content: space-between;
        gap: 12px 24px;
        padding-top: 12px;
        border-top: 1px solid var(--_border);
      }
      .extra-block {
        display: grid;
        gap: 6px;
        justify-items: start;
        min-width: 0;
      }
      .extra-title {
        margin: 0;
        font-size: 12px;
        font-weight: 600;
      }
      .extra-note {
        margin: 0;
        font-size: 12px;
      }
      .edit-extra .secret {
        margin: 0;
        justify-items: stretch;
      }
      .edit-extra .confirm {
        padding: 6px 8px;
        border-radius: var(--_radius);
        background: var(--_danger-bg);
      }
    `,
  ]
}

define("org-telephony-account-edit", OrgTelephonyAccountEdit)

declare global {
  interface HTMLElementTagNameMap {
    "org-telephony-account-edit": OrgTelephonyAccountEdit
  }
  interface HTMLElementEventMap {
    "org-sip-account-changed": SipAccountChangedEvent
    "org-sip-account-deleted": SipAccountDeletedEvent
  }
}
