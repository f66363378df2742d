import { css, html, nothing, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import { InvitationAcceptedEvent, NavigateEvent, type LangChangeEvent } from "../events.js"
import { ApiController } from "../lib/api-controller.js"
import { fieldErrorsOf } from "../lib/form.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { authCard, controls, notes, tokens } from "../lib/styles.js"
import "./org-lang-switch.js"

const MIN_PASSWORD = 10
type Field = "password" | "repeat"

/**
 * `<org-invite-accept>`: an invited person sets their password (the page of `/invite#<token>`).
 * The token is a property, not an attribute, so that it does not show in the DOM.
 *
 * @prop token - the invitation token from the link
 * @attr base-url - server origin/prefix (optional)
 * @fires org-invitation-accepted - {@link InvitationAcceptedEvent} with the new user's login
 * @fires org-navigate - {@link NavigateEvent} "login" from the link to the sign-in form
 * @csspart card, form, input, field-error, submit, error, lang-switch, to-login
 */
export class OrgInviteAccept extends OrgElement {
  static override properties = {
    token: { attribute: false },
    baseUrl: { type: String, attribute: "base-url" },
    _submitting: { state: true },
    _fieldErrors: { state: true },
    _error: { state: true },
    _invalidLink: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare _submitting: boolean
  declare _fieldErrors: Partial<Record<Field, string>>
  declare _error: ErrorText | null
  declare _invalidLink: boolean

  readonly #api = new ApiController(this)

  constructor() {
    super()
    this._submitting = false
    this._fieldErrors = {}
    this._error = null
    this._invalidLink = false
    this.addEventListener("org-lang-change", (e: LangChangeEvent) => {
      this.lang = e.lang
    })
  }

  protected override firstUpdated(): void {
    // The page has one job: start typing at once.
    this.renderRoot.querySelector<HTMLInputElement>("#password")?.focus()
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting) return
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const password = String(data.get("password") ?? "")
    const repeat = String(data.get("repeat") ?? "")
    this._error = null
    const errors: Partial<Record<Field, string>> = {}
    if (password.length < MIN_PASSWORD) errors.password = this.t("password.tooShort")
    else if (repeat !== password) errors.repeat = this.t("password.mismatch")
    this._fieldErrors = errors
    if (Object.keys(errors).length) return this.#focusFirstInvalid()
    const token = this.token?.trim()
    if (!token) {
      this._invalidLink = true
      return
    }
    this._submitting = true
    try {
      const accepted = await this.#api.client.acceptInvitation({ token, password }, { lang: this.locale })
      this.dispatchEvent(new InvitationAcceptedEvent(accepted))
    } catch (error) {
      if (error instanceof ApiError && (error.code === "token_invalid" || error.status === 401)) {
        this._invalidLink = true
      } else if (error instanceof ApiError && error.fields.length) {
        const { byField, other } = fieldErrorsOf(error, ["password", "token"] as const)
        if (byField.token) this._invalidLink = true
        this._fieldErrors = byField.password ? { password: byField.password } : {}
        if (other.length) this._error = { message: error.title, detail: other.join(" ") }
        await this.#focusFirstInvalid()
      } else {
        this._error = describeError(error, (k) => this.t(k))
      }
    } finally {
      this._submitting = false
    }
  }

  async #focusFirstInvalid(): Promise<void> {
    await this.updateComplete
    const field = (["password", "repeat"] as const).find((f) => this._fieldErrors[f])
    if (field) this.renderRoot.querySelector<HTMLInputElement>(`#${field}`)?.focus()
  }

  #clear(field: Field): void {
    if (!this._fieldErrors[field]) return
    const { [field]: _, ...rest } = this._fieldErrors
    this._fieldErrors = rest
  }

  protected override render(): TemplateResult {
    const invalid = this._invalidLink || !this.token
    return html`
      <div class="card" part="card">
        <div class="head">
          <div class="brand">
            <span class="logo" aria-hidden="true">S</span>
            <span class="product">${this.t("app.product")}</span>
          </div>
          <org-lang-switch part="lang-switch" lang=${this.locale}></org-lang-switch>
        </div>
        <h1 class="title">${this.t("invite.heading")}</h1>
        <p class="subtitle">${this.t("invite.subheading")}</p>
        ${invalid ? this.#renderInvalid() : this.#renderForm()}
      </div>
    `
  }

  #renderInvalid(): TemplateResult {
    return html`<div class="invalid">
      <div class="alert" role="alert" part="error" data-code="token_invalid"><p>${this.t("invite.invalid")}</p></div>
      <button class="btn submit" part="to-login" type="button" @click=${() => this.dispatchEvent(new NavigateEvent("login"))}>
        ${this.t("invite.toLogin")}
      </button>
    </div>`
  }

  #renderForm(): TemplateResult {
    const errors = this._fieldErrors
    return html`<form part="form" novalidate @submit=${this.#submit}>
      ${this._error
        ? html`<div class="alert" role="alert" part="error">
            <p>${this._error.message}</p>
            ${this._error.detail ? html`<p>${this._error.detail}</p>` : nothing}
          </div>`
        : nothing}
      <div class="field">
        <label class="label" for="password">${this.t("invite.password")}</label>
        <input
          id="password"
          class="input"
          part="input"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength=${MIN_PASSWORD}
          aria-invalid=${errors.password ? "true" : "false"}
          aria-describedby=${errors.password ? "password-error" : "password-hint"}
          @input=${() => this.#clear("password")}
        />
        ${errors.password
          ? html`<span id="password-error" class="field-error" part="field-error">${errors.password}</span>`
          : html`<span id="password-hint" class="hint">${this.t("password.hint")}</span>`}
      </div>
      <div class="field">
        <label class="label" for="repeat">${this.t("invite.repeat")}</label>
        <input
          id="repeat"
          class="input"
          part="input"
          name="repeat"
          type="password"
          autocomplete="new-password"
          aria-invalid=${errors.repeat ? "true" : "false"}
          aria-describedby=${errors.repeat ? "repeat-error" : nothing}
          @input=${() => this.#clear("repeat")}
        />
        ${errors.repeat ? html`<span id="repeat-error" class="field-error" part="field-error">${errors.repeat}</span>` : nothing}
      </div>
      <button class="btn primary submit" part="submit" type="submit" ?disabled=${this._submitting}>
        ${this._submitting ? this.t("invite.submitting") : this.t("invite.submit")}
      </button>
    </form>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    authCard,
    css`
      .submit {
        width: 100%;
        height: 34px;
        margin-top: 2px;
      }
      .invalid {
        display: grid;
        gap: 12px;
      }
    `,
  ]
}

define("org-invite-accept", OrgInviteAccept)

declare global {
  interface HTMLElementTagNameMap {
    "org-invite-accept": OrgInviteAccept
  }
}
