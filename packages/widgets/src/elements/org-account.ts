import { ContextConsumer } from "@lit/context"
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import type { SessionDto, UserDto } from "../api/types.js"
import { sessionContext } from "../context.js"
import { formatDateTime } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { fieldErrorsOf, roleLabel } from "../lib/form.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, surfaces, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"
import { summarizeUserAgent } from "../lib/user-agent.js"

const MIN_PASSWORD = 10
const PASSWORD_FIELDS = ["current", "next", "repeat"] as const
type PasswordField = (typeof PASSWORD_FIELDS)[number]

/**
 * `<org-account>`: the signed-in user's own page — who they are, where they are signed in (with
 * "log out there" for the other sessions) and the password change form.
 *
 * @attr token, base-url - used when no provider is above the element
 * @attr time-zone - IANA zone for dates; default: the tenant's
 * @csspart profile, sessions, session, revoke, password-form, input, field-error, submit, notice, error
 */
export class OrgAccount extends OrgElement {
  static override properties = {
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _me: { state: true },
    _sessions: { state: true },
    _sessionsState: { state: true },
    _sessionsError: { state: true },
    _revoking: { state: true },
    _announcement: { state: true },
    _pwSubmitting: { state: true },
    _pwErrors: { state: true },
    _pwError: { state: true },
    _pwDone: { state: true },
  }

  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _me: UserDto | null
  declare _sessions: SessionDto[]
  declare _sessionsState: "loading" | "ready" | "error"
  declare _sessionsError: ErrorText | null
  declare _revoking: ReadonlySet<string>
  declare _announcement: string
  declare _pwSubmitting: boolean
  declare _pwErrors: Partial<Record<PasswordField, string>>
  declare _pwError: ErrorText | null
  declare _pwDone: boolean

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #session = new ContextConsumer(this, { context: sessionContext, subscribe: true })
  #client: ApiClient | undefined
  #seq = 0

  constructor() {
    super()
    this._me = null
    this._sessions = []
    this._sessionsState = "loading"
    this._sessionsError = null
    this._revoking = new Set()
    this._announcement = ""
    this._pwSubmitting = false
    this._pwErrors = {}
    this._pwError = null
    this._pwDone = false
  }

  /** The sessions shown. */
  get sessions(): readonly SessionDto[] {
    return this._sessions
  }

  /** Reloads the sessions. */
  reload(): Promise<void> {
    return this.#loadSessions()
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client) {
      this.#client = client
      this._me = null
      void this.#loadSessions()
      if (this.#session.value === undefined) void this.#loadMe(client)
    }
  }

  get #user(): UserDto | null {
    return this.#session.value ?? this._me
  }

  async #loadMe(client: ApiClient): Promise<void> {
    try {
      const me = await client.me({ lang: this.locale })
      if (client === this.#client) this._me = me
    } catch {
      /* the profile card stays empty; sessions show their own error */
    }
  }

  async #loadSessions(): Promise<void> {
    const client = this.#client
    if (!client) return
    const seq = ++this.#seq
    this._sessionsState = this._sessions.length ? "ready" : "loading"
    this._sessionsError = null
    try {
      const [sessions] = await Promise.all([client.listSessions({ lang: this.locale }), this.#zone.ready()])
      if (seq !== this.#seq) return
      this._sessions = sessions
      this._sessionsState = "ready"
    } catch (error) {
      if (seq !== this.#seq) return
      this._sessionsError = describeError(error, (k) => this.t(k))
      this._sessionsState = "error"
    }
  }

  async #revoke(session: SessionDto): Promise<void> {
    const client = this.#client
    if (!client || this._revoking.has(session.id)) return
    this._revoking = new Set([...this._revoking, session.id])
    try {
      await client.revokeSession(session.id, { lang: this.locale })
      this._sessions = this._sessions.filter((s) => s.id !== session.id)
      this._announcement = this.t("sessions.revoked")
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this._sessions = this._sessions.filter((s) => s.id !== session.id)
      } else {
        this._sessionsError = describeError(error, (k) => this.t(k))
      }
    } finally {
      const next = new Set(this._revoking)
      next.delete(session.id)
      this._revoking = next
    }
  }

  async #changePassword(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._pwSubmitting) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const current = String(data.get("current") ?? "")
    const next = String(data.get("next") ?? "")
    const again = String(data.get("repeat") ?? "")
    this._pwDone = false
    this._pwError = null
    const errors: Partial<Record<PasswordField, string>> = {}
    if (!current) errors.current = this.t("password.currentRequired")
    if (next.length < MIN_PASSWORD) errors.next = this.t("password.tooShort")
    else if (again !== next) errors.repeat = this.t("password.mismatch")
    this._pwErrors = errors
    if (Object.keys(errors).length) return this.#focusFirstInvalid()
    const client = this.#client
    if (!client) return
    this._pwSubmitting = true
    try {
      await client.changePassword({ current, next }, { lang: this.locale })
      form.reset()
      this._pwDone = true
      this._announcement = this.t("passwordForm.done")
      void this.#loadSessions()
    } catch (error) {
      const { byField, other } = fieldErrorsOf(error, PASSWORD_FIELDS)
      this._pwErrors = byField
      if (other.length && error instanceof ApiError) this._pwError = { message: error.title, detail: other.join(" ") }
      else if (!Object.keys(byField).length) this._pwError = describeError(error, (k) => this.t(k))
      await this.#focusFirstInvalid()
    } finally {
      this._pwSubmitting = false
    }
  }

  async #focusFirstInvalid(): Promise<void> {
    await this.updateComplete
    const field = PASSWORD_FIELDS.find((f) => this._pwErrors[f])
    if (field) this.renderRoot.querySelector<HTMLInputElement>(`#pw-${field}`)?.focus()
  }

  #clear(field: PasswordField): void {
    if (!this._pwErrors[field]) return
    const { [field]: _, ...rest } = this._pwErrors
    this._pwErrors = rest
  }

  #date(iso: string): string {
    return formatDateTime(iso, this.locale, this.#zone.value)
  }

  /** A message with a `<time>` element where its `{time}` parameter goes. */
  #withTime(key: "sessions.lastSeen" | "sessions.signedIn", iso: string): TemplateResult {
    const [before = "", after = ""] = this.t(key, { time: "\u0000" }).split("\u0000")
    return html`${before}<time datetime=${iso}>${this.#date(iso)}</time>${after}`
  }

  protected override render(): TemplateResult {
    return html`
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
      ${this.#renderProfile()}
      <div class="columns">${this.#renderSessions()} ${this.#renderPasswordForm()}</div>
    `
  }

  #renderProfile(): TemplateResult | typeof nothing {
    const user = this.#user
    if (!user) return nothing
    const zone = this.#zone.value
    const groups = user.groups?.map((g) => g.name).join(", ")
    return html`<section class="card profile" part="profile" aria-label=${this.t("account.heading")}>
      <div class="avatar" aria-hidden="true">${initials(user.name || user.login)}</div>
      <div class="who">
        <div class="name">${user.name || user.login}</div>
        <dl class="facts">
          <div><dt>${this.t("account.login")}</dt><dd class="mono">${user.login}</dd></div>
          ${user.roles.length
            ? html`<div><dt>${this.t("account.roles")}</dt><dd>${user.roles.map((r) => roleLabel((k) => this.t(k), r)).join(", ")}</dd></div>`
            : nothing}
          ${user.email ? html`<div><dt>${this.t("account.email")}</dt><dd>${user.email}</dd></div>` : nothing}
          ${groups ? html`<div><dt>${this.t("account.groups")}</dt><dd>${groups}</dd></div>` : nothing}
          ${user.tenant?.name ? html`<div><dt>${this.t("account.tenant")}</dt><dd>${user.tenant.name}</dd></div>` : nothing}
          ${zone ? html`<div><dt>${this.t("account.timeZone")}</dt><dd>${zone}</dd></div>` : nothing}
        </dl>
      </div>
    </section>`
  }

  #renderSessions(): TemplateResult {
    return html`<section class="card" part="sessions" aria-labelledby="sessions-heading">
      <div class="card-head">
        <h2 id="sessions-heading" class="card-title">${this.t("sessions.heading")}</h2>
        <p class="card-sub">${this.t("sessions.sub")}</p>
      </div>
      ${this._sessionsError && this._sessions.length
        ? html`<div class="alert inline-alert" role="alert" part="error"><p>${this._sessionsError.message}</p></div>`
        : nothing}
      ${this.#renderSessionList()}
    </section>`
  }

  #renderSessionList(): TemplateResult {
    if (this._sessionsState === "loading" && !this._sessions.length) {
      return html`<div class="state-line" aria-busy="true">${this.t("sessions.loading")}</div>`
    }
    if (this._sessionsState === "error" && !this._sessions.length) {
      return html`<div class="alert inline-alert" role="alert" part="error">
        <p>${this.t("common.loadError")}</p>
        <p>${this._sessionsError?.message}</p>
        <button class="btn small retry" type="button" @click=${() => this.#loadSessions()}>${this.t("app.retry")}</button>
      </div>`
    }
    if (!this._sessions.length) return html`<div class="state-line">${this.t("sessions.empty")}</div>`
    return html`<ul class="sessions">
      ${repeat(
        this._sessions,
        (s) => s.id,
        (s) => {
          const device = summarizeUserAgent(s.userAgent) ?? this.t("sessions.unknownDevice")
          const busy = this._revoking.has(s.id)
          return html`<li part="session" data-id=${s.id} ?data-current=${s.current}>
            <div class="session-main">
              <div class="device">
                <span class="device-name" title=${s.userAgent ?? ""}>${device}</span>
                ${s.current ? html`<span class="tag" data-tone="info" part="current">${this.t("sessions.current")}</span>` : nothing}
                ${s.remember
                  ? html`<span class="tag" part="remember" title=${this.t("sessions.rememberHint")}>${this.t("sessions.remember")}</span>`
                  : nothing}
              </div>
              <div class="meta">
                ${s.ip ? html`<span class="ip">IP ${s.ip}</span>` : nothing}
                <span class="last-seen">${this.#withTime("sessions.lastSeen", s.lastSeenAt)}</span>
                <span class="signed-in">${this.#withTime("sessions.signedIn", s.createdAt)}</span>
              </div>
            </div>
            ${s.current
              ? nothing
              : html`<button
                  class="btn small"
                  part="revoke"
                  type="button"
                  ?disabled=${busy}
                  aria-label=${`${this.t("sessions.revoke")}: ${device}`}
                  @click=${() => this.#revoke(s)}
                >
                  ${busy ? this.t("sessions.revoking") : this.t("sessions.revoke")}
                </button>`}
          </li>`
        },
      )}
    </ul>`
  }

  #renderPasswordForm(): TemplateResult {
    const errors = this._pwErrors
    const field = (name: PasswordField, label: string, autocomplete: string, hint?: string) => html`<div class="field">
      <label class="label" for=${`pw-${name}`}>${label}</label>
      <input
        id=${`pw-${name}`}
        class="input"
        part="input"
        name=${name}
        type="password"
        autocomplete=${autocomplete}
        aria-invalid=${errors[name] ? "true" : "false"}
        aria-describedby=${errors[name] ? `pw-${name}-error` : hint ? `pw-${name}-hint` : nothing}
        @input=${() => this.#clear(name)}
      />
      ${errors[name]
        ? html`<span id=${`pw-${name}-error`} class="field-error" part="field-error">${errors[name]}</span>`
        : hint
          ? html`<span id=${`pw-${name}-hint`} class="hint">${hint}</span>`
          : nothing}
    </div>`
    return html`<section class="card" aria-labelledby="password-heading">
      <div class="card-head">
        <h2 id="password-heading" class="card-title">${this.t("passwordForm.heading")}</h2>
        <p class="card-sub">${this.t("passwordForm.sub")}</p>
      </div>
      <form class="card-body password-form" part="password-form" novalidate @submit=${this.#changePassword}>
        ${this._pwDone
          ? html`<div class="alert success" role="status" part="notice"><p>${this.t("passwordForm.done")}</p></div>`
          : nothing}
        ${this._pwError
          ? html`<div class="alert" role="alert" part="error">
              <p>${this._pwError.message}</p>
              ${this._pwError.detail ? html`<p>${this._pwError.detail}</p>` : nothing}
            </div>`
          : nothing}
        ${field("current", this.t("passwordForm.current"), "current-password")}
        ${field("next", this.t("passwordForm.next"), "new-password", this.t("password.hint"))}
        ${field("repeat", this.t("passwordForm.repeat"), "new-password")}
        <div>
          <button class="btn primary" part="submit" type="submit" ?disabled=${this._pwSubmitting}>
            ${this._pwSubmitting ? this.t("passwordForm.submitting") : this.t("passwordForm.submit")}
          </button>
        </div>
      </form>
    </section>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .profile {
        display: flex;
        gap: 14px;
        align-items: flex-start;
        padding: 14px;
        margin-bottom: 16px;
      }
      .avatar {
        flex: none;
        display: grid;
        place-items: center;
        width: 40px;
        height: 40px;
        border-radius: 50%;
        background: color-mix(in srgb, var(--_primary) 14%, var(--_bg));
        color: var(--_primary);
        font-weight: 600;
      }
      .who {
        min-width: 0;
      }
      .name {
        font-size: 15px;
        font-weight: 600;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 20px;
        margin: 4px 0 0;
      }
      .facts div {
        display: flex;
        gap: 6px;
        min-width: 0;
      }
      .facts dt {
        color: var(--_muted);
      }
      .facts dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .columns {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: 16px;
        align-items: start;
      }
      .columns .card + .card {
        margin-top: 0;
      }
      .sessions {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .sessions li {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 10px 14px;
        border-bottom: 1px solid var(--_border);
      }
      .sessions li:last-child {
        border-bottom: 0;
      }
      .session-main {
        flex: 1;
        min-width: 0;
      }
      .device {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 6px;
      }
      .device-name {
        font-weight: 500;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0 12px;
        margin-top: 2px;
        font-size: 12px;
        color: var(--_muted);
      }
      .password-form {
        display: grid;
        gap: 12px;
      }
      .hint {
        display: block;
        margin-top: 3px;
        font-size: 12px;
        color: var(--_muted);
      }
      .inline-alert {
        margin: 12px 14px;
      }
      .retry {
        margin-top: 6px;
      }
      @container (max-width: 760px) {
        .columns {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      @container (max-width: 480px) {
        .sessions li {
          flex-direction: column;
          align-items: stretch;
        }
        .sessions li .btn {
          align-self: flex-start;
        }
      }
    `,
  ]
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? [parts[0]![0], parts[1]![0]] : [name.trim()[0]]
  return letters.filter(Boolean).join("").toUpperCase()
}

define("org-account", OrgAccount)

declare global {
  interface HTMLElementTagNameMap {
    "org-account": OrgAccount
  }
}
