import { html, nothing, type PropertyDeclarations, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import type { MessageKey } from "../i18n/i18n.js"
import { AdminPanel } from "./admin-panel.js"
import { fieldErrorsOf } from "./form.js"
import type { OrgElement } from "./org-element.js"
import { describeError, type ErrorText } from "./problem.js"

/** A confirmation in progress: which item, which action ("block", "delete", "reset"…). */
export interface PendingAction {
  readonly id: string
  readonly action: string
}

/** A password just created or reset: shown once, kept only until the admin hides it. */
export interface ShownSecret {
  readonly kind: "created" | "reset"
  readonly accountId: string
  readonly username: string
  readonly domain: string
  readonly password: string
}

/**
 * Base of the PBX panels (`<org-telephony-accounts>`, `<org-telephony-extensions>`): the admin
 * panel's list, form and problem handling, plus what the PBX rows need — several actions per
 * row, each dangerous one confirmed inline (a row or box with the question; Escape or Cancel
 * keep the item and return focus to the button that asked), and one item at a time edited in a
 * panel under its row with its own field errors. Inline confirmation rather than
 * `window.confirm`, which sandboxed CRM iframes block.
 */
export abstract class TelephonyPanel<T extends { id: string }, F extends string = never, E extends string = never> extends AdminPanel<T, F> {
  static override properties: PropertyDeclarations = {
    _confirm: { state: true },
    _busy: { state: true },
    _editing: { state: true },
    _editErrors: { state: true },
    _editError: { state: true },
    _editSaving: { state: true },
  }

  declare _confirm: PendingAction | null
  declare _busy: PendingAction | null
  /** The id of the item whose edit panel is open. */
  declare _editing: string | null
  declare _editErrors: Partial<Record<E, string>>
  declare _editError: ErrorText | null
  declare _editSaving: boolean

  constructor() {
    super()
    this._confirm = null
    this._busy = null
    this._editing = null
    this._editErrors = {}
    this._editError = null
    this._editSaving = false
  }

  protected isConfirming(id: string, action: string): boolean {
    return this._confirm?.id === id && this._confirm.action === action
  }

  protected isBusy(id: string, action?: string): boolean {
    return this._busy?.id === id && (action === undefined || this._busy.action === action)
  }

  /** Opens (or closes, when open) the confirmation of `action` on `id` and focuses its "Yes". */
  protected async askConfirm(id: string, action: string): Promise<void> {
    this._actionError = null
    this._confirm = this.isConfirming(id, action) ? null : { id, action }
    if (!this._confirm) return
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>("[part~=confirm-yes]")?.focus()
  }

  /** Closes the confirmation and gives focus back to the button that opened it. */
  protected async cancelConfirm(): Promise<void> {
    const pending = this._confirm
    this._confirm = null
    if (pending) await this.focusAction(pending.id, pending.action)
  }

  protected async focusAction(id: string, action: string): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(`[data-action="${action}"][data-id="${id}"]`)?.focus()
  }

  /**
   * Runs an action on an item (one at a time): `done` is announced to screen readers when it
   * works, the problem is shown above the list when it fails.
   */
  protected async act(id: string, action: string, run: () => Promise<string | undefined>): Promise<boolean> {
    if (this._busy) return false
    this._confirm = null
    this._busy = { id, action }
    this._actionError = null
    try {
      const done = await run()
      if (done) this._announcement = done
      return true
    } catch (error) {
      this._actionError = describeError(error, (k) => this.t(k))
      return false
    } finally {
      this._busy = null
    }
  }

  /** The question with "Yes" and "Cancel" (Escape cancels too). */
  protected renderConfirmBox(question: string, yes: string, onYes: () => void): TemplateResult {
    return html`<div
      class="confirm"
      role="group"
      aria-label=${question}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key !== "Escape") return
        e.stopPropagation()
        void this.cancelConfirm()
      }}
    >
      <span class="confirm-text">${question}</span>
      <span class="confirm-buttons">
        <button class="btn small danger solid" part="confirm-yes" type="button" @click=${onYes}>${yes}</button>
        <button class="btn small" part="confirm-cancel" type="button" @click=${() => this.cancelConfirm()}>${this.t("common.cancel")}</button>
      </span>
    </div>`
  }

  /** A table row under the item with {@link renderConfirmBox}, while `action` on it is being confirmed. */
  protected renderConfirmRowFor(id: string, action: string, columns: number, question: string, yes: string, onYes: () => void): TemplateResult | typeof nothing {
    if (!this.isConfirming(id, action)) return nothing
    return html`<tr class="confirm-row" part="confirm" data-action=${action}>
      <td colspan=${columns}>${this.renderConfirmBox(question, yes, onYes)}</td>
    </tr>`
  }

  /** Opens the edit panel of an item (or closes it when it is open). */
  protected toggleEdit(id: string): void {
    this._editing = this._editing === id ? null : id
    this._editErrors = {}
    this._editError = null
    this._confirm = null
  }

  protected async closeEdit(id: string): Promise<void> {
    this._editing = null
    this._editErrors = {}
    this._editError = null
    await this.focusAction(id, "edit")
  }

  /** Puts a failed save's problem fields next to the edit panel's inputs. */
  protected showEditError(error: unknown, known: readonly E[]): void {
    const { byField, other } = fieldErrorsOf(error, known)
    this._editErrors = byField
    this._editError = null
    if (error instanceof ApiError && error.code === "stale_version") this._editError = { message: this.t("tel.stale") }
    else if (other.length && error instanceof ApiError) this._editError = { message: error.title, detail: other.join(" ") }
    else if (!Object.keys(byField).length) this._editError = describeError(error, (k) => this.t(k))
  }

  protected clearEditError(field: E): void {
    if (!this._editErrors[field] && !this._editError) return
    const next = { ...this._editErrors }
    delete next[field]
    this._editErrors = next
    this._editError = null
  }

  protected async focusFirstEditInvalid(scope: string, order: readonly E[]): Promise<void> {
    await this.updateComplete
    const root = this.renderRoot.querySelector<HTMLElement>(scope)
    const field = order.find((f) => this._editErrors[f])
    if (field) root?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus()
    else root?.querySelector<HTMLElement>("[part~=error]")?.focus()
  }

  protected renderEditError(): TemplateResult | typeof nothing {
    return this._editError
      ? html`<div class="alert form-alert" role="alert" part="error" tabindex="-1">
          <p>${this._editError.message}</p>
          ${this._editError.detail ? html`<p>${this._editError.detail}</p>` : nothing}
        </div>`
      : nothing
  }

  /** A search box (type=search) with its label. */
  protected renderSearch(id: string, label: MessageKey, placeholder: MessageKey, value: string, onInput: (value: string) => void): TemplateResult {
    return html`<div class="search-box">
      <label class="visually-hidden" for=${id}>${this.t(label)}</label>
      <svg class="search-icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.5" />
        <path d="M10.5 10.5 14 14" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
      </svg>
      <input
        id=${id}
        class="input search"
        part="search"
        type="search"
        autocomplete="off"
        spellcheck="false"
        maxlength="100"
        placeholder=${this.t(placeholder)}
        .value=${value}
        @input=${(e: InputEvent) => onInput((e.target as HTMLInputElement).value)}
      />
    </div>`
  }
}

/**
 * The password shown once, with a copy button and what a phone needs besides it. "Done" calls
 * `hide` (which drops the password from the host's state) and, the button being gone with it,
 * puts focus on `focusAfter` (a selector in the host's shadow root).
 */
export function renderSecret(host: OrgElement, secret: ShownSecret, hide: () => void, focusAfter: string): TemplateResult {
  const t = host.t.bind(host)
  const done = async (): Promise<void> => {
    hide()
    await host.updateComplete
    host.renderRoot.querySelector<HTMLElement>(focusAfter)?.focus()
  }
  return html`<div class="alert warning secret" part="secret" tabindex="-1" role="region" aria-labelledby="secret-title" data-kind=${secret.kind}>
    <p id="secret-title">
      <strong>${secret.kind === "created" ? t("sip.secret.created", { username: secret.username }) : t("sip.secret.reset", { username: secret.username })}</strong>
    </p>
    <p>${t("sip.secret.once")}</p>
    <org-copy-field part="password" lang=${host.locale} .value=${secret.password} label=${t("sip.secret.password")}></org-copy-field>
    <dl class="secret-facts">
      <div><dt>${t("sip.secret.username")}</dt><dd class="mono">${secret.username}</dd></div>
      <div><dt>${t("sip.secret.domain")}</dt><dd class="mono">${secret.domain}</dd></div>
    </dl>
    <div><button class="btn small" part="secret-done" type="button" @click=${done}>${t("sip.secret.done")}</button></div>
  </div>`
}

/** "Show more" under a list with a next page (`loading` while it comes). */
export function renderLoadMore(t: (key: MessageKey) => string, loading: boolean, onMore: () => void): TemplateResult {
  return html`<div class="load-more">
    <button class="btn" part="load-more" type="button" ?disabled=${loading} @click=${() => onMore()}>
      ${loading ? t("tel.loadingMore") : t("tel.loadMore")}
    </button>
  </div>`
}
