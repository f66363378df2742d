import { css, html, nothing, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import { LoginEvent, type LangChangeEvent } from "../events.js"
import { ApiController } from "../lib/api-controller.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { authCard, controls, notes, tokens } from "../lib/styles.js"
import "./org-lang-switch.js"

/** A note shown above the sign-in form. */
export type LoginNotice = "invitation-accepted" | "session-ended"

/**
 * `<org-login>`: the sign-in form of the console.
 *
 * @attr base-url - server origin/prefix (optional)
 * @attr login - fills the login field in (then the password field gets the focus)
 * @attr notice - "invitation-accepted" | "session-ended": a note above the form
 * @fires org-login - {@link LoginEvent} with the signed-in user
 * @fires org-lang-change - when the language switch is used
 * @csspart card, form, input, remember, submit, error, notice, lang-switch
 */
export class OrgLogin extends OrgElement {
  static override properties = {
    baseUrl: { type: String, attribute: "base-url" },
    login: { type: String },
    notice: { type: String },
    _submitting: { state: true },
    _error: { state: true },
    _retryLeft: { state: true },
    _missing: { state: true },
  }

  declare baseUrl: string | undefined
  declare login: string | undefined
  declare notice: LoginNotice | undefined
  declare _submitting: boolean
  declare _error: ErrorText | null
  declare _retryLeft: number
  declare _missing: boolean

  readonly #api = new ApiController(this)
  #retryTimer: ReturnType<typeof setInterval> | undefined
  #retryUntil = 0

  constructor() {
    super()
    this._submitting = false
    this._error = null
    this._retryLeft = 0
    this._missing = false
    this.addEventListener("org-lang-change", (e: LangChangeEvent) => {
      this.lang = e.lang
    })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#stopCountdown()
  }

  protected override firstUpdated(): void {
    if (this.login) this.renderRoot.querySelector<HTMLInputElement>("#password")?.focus()
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting || this._retryLeft > 0) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const login = String(data.get("login") ?? "").trim()
    const password = String(data.get("password") ?? "")
    const remember = data.get("remember") === "on"
    this._error = null
    this.notice = undefined
    this._missing = !login || !password
    if (this._missing) {
      await this.updateComplete
      this.renderRoot.querySelector<HTMLInputElement>(login ? "#password" : "#login")?.focus()
      return
    }
    this._submitting = true
    try {
      const user = await this.#api.client.login({ login, password, remember }, { lang: this.locale })
      form.reset()
      this.dispatchEvent(new LoginEvent(user))
    } catch (error) {
      this._error = describeError(error, (k) => this.t(k))
      if (error instanceof ApiError && error.status === 429 && error.retryAfter) this.#startCountdown(error.retryAfter)
      await this.updateComplete
      const password = this.renderRoot.querySelector<HTMLInputElement>("#password")
      if (password) {
        password.value = ""
        if (!(error instanceof ApiError && error.status === 429)) password.focus()
      }
    } finally {
      this._submitting = false
    }
  }

  #startCountdown(seconds: number): void {
    this.#stopCountdown()
    this.#retryUntil = Date.now() + seconds * 1000
    this._retryLeft = seconds
    this.#retryTimer = setInterval(() => {
      this._retryLeft = Math.max(0, Math.ceil((this.#retryUntil - Date.now()) / 1000))
      if (this._retryLeft === 0) this.#stopCountdown()
    }, 1000)
  }

  #stopCountdown(): void {
    if (this.#retryTimer !== undefined) clearInterval(this.#retryTimer)
    this.#retryTimer = undefined
  }

  protected override render(): TemplateResult {
    const error = this._error
    const retryLeft = this._retryLeft
    const busy = this._submitting
    return html`
      <div class="card" part="card">
        <div class="head">
          <div class="brand">
            <span class="logo" aria-hidden="true">S</span>
            <span class="product">${this.t("app.product")}</span>
          </div>
          <org-lang-switch part="lang-switch" lang=${this.locale}></org-lang-switch>
        </div>
        <h1 class="title">${this.t("login.heading")}</h1>
        <p class="subtitle">${this.t("login.subheading")}</p>
        <form part="form" novalidate @submit=${this.#submit}>
          ${this.notice && !error && !this._missing ? this.#renderNotice(this.notice) : nothing}
          ${error || this._missing
            ? html`<div class="alert" role="alert" part="error">
                ${error
                  ? html`<p class="message">${error.message}</p>
                      ${retryLeft > 0
                        ? html`<p class="retry">${this.t("login.retryIn", { seconds: retryLeft })}</p>`
                        : error.detail
                          ? html`<p>${error.detail}</p>`
                          : nothing}`
                  : html`<p class="message">${this.t("login.required")}</p>`}
              </div>`
            : nothing}
          <div class="field">
            <label class="label" for="login">${this.t("login.login")}</label>
            <input
              id="login"
              class="input"
              part="input"
              name="login"
              value=${this.login ?? ""}
              autocomplete="username"
              autocapitalize="off"
              spellcheck="false"
              required
              aria-invalid=${this._missing ? "true" : "false"}
            />
          </div>
          <div class="field">
            <label class="label" for="password">${this.t("login.password")}</label>
            <input
              id="password"
              class="input"
              part="input"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid=${this._missing ? "true" : "false"}
            />
          </div>
          <label class="check">
            <input type="checkbox" name="remember" part="remember" />
            <span>${this.t("login.remember")}</span>
          </label>
          <button class="btn primary submit" part="submit" type="submit" ?disabled=${busy || retryLeft > 0}>
            ${busy ? this.t("login.submitting") : this.t("login.submit")}
          </button>
        </form>
      </div>
    `
  }

  #renderNotice(notice: LoginNotice): TemplateResult | typeof nothing {
    if (notice === "invitation-accepted") {
      return html`<div class="alert success" role="status" part="notice" data-notice=${notice}>
        <p>${this.t("login.notice.invitation")}</p>
      </div>`
    }
    if (notice === "session-ended") {
      return html`<div class="alert warning" role="status" part="notice" data-notice=${notice}>
        <p>${this.t("login.notice.sessionEnded")}</p>
      </div>`
    }
    return nothing
  }

  static override styles = [
    tokens,
    controls,
    notes,
    authCard,
    css`
      .check {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        width: fit-content;
        cursor: pointer;
        user-select: none;
      }
      .check input {
        width: 15px;
        height: 15px;
        margin: 0;
        accent-color: var(--_primary);
      }
      .submit {
        width: 100%;
        height: 34px;
        margin-top: 2px;
      }
      .message {
        font-weight: 500;
      }
    `,
  ]
}

define("org-login", OrgLogin)

declare global {
  interface HTMLElementTagNameMap {
    "org-login": OrgLogin
  }
}
