import { ContextProvider } from "@lit/context"
import { css, html, type PropertyValues, type TemplateResult } from "lit"
import { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import type { UserDto } from "../api/types.js"
import { apiContext, sessionContext } from "../context.js"
import type { LangChangeEvent, LoginEvent } from "../events.js"
import { normalizeLang } from "../i18n/i18n.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, tokens } from "../lib/styles.js"
import "./org-case-list.js"
import "./org-login.js"
import "./org-top-bar.js"

type Phase = "loading" | "login" | "app" | "error"

const LANG_KEY = "org.lang"

/**
 * `<org-console>`: the operator console served at `/`. Provides the ApiClient and the session
 * to the widgets inside it, shows `<org-login>` until somebody is signed in, then the top bar
 * and the cases.
 *
 * @attr base-url - server origin/prefix (optional)
 * @csspart main, top-bar, case-list, login
 */
export class OrgConsole extends OrgElement {
  static override properties = {
    baseUrl: { type: String, attribute: "base-url" },
    _phase: { state: true },
    _user: { state: true },
    _error: { state: true },
  }

  declare baseUrl: string | undefined
  declare _phase: Phase
  declare _user: UserDto | null
  declare _error: ErrorText | null

  readonly #apiProvider = new ContextProvider(this, { context: apiContext })
  readonly #sessionProvider = new ContextProvider(this, { context: sessionContext, initialValue: null })
  #client: ApiClient | undefined
  #seq = 0

  constructor() {
    super()
    this._phase = "loading"
    this._user = null
    this._error = null
    this.addEventListener("org-login", (e: LoginEvent) => this.#setUser(e.user))
    this.addEventListener("org-logout", () => void this.logout())
    this.addEventListener("org-lang-change", (e: LangChangeEvent) => {
      this.lang = e.lang
      try {
        localStorage.setItem(LANG_KEY, e.lang)
      } catch {
        /* storage may be off */
      }
    })
  }

  /** The ApiClient the console provides to its widgets. */
  get api(): ApiClient {
    return this.#ensureClient()
  }

  override connectedCallback(): void {
    if (!this.lang) {
      try {
        const stored = normalizeLang(localStorage.getItem(LANG_KEY))
        if (stored) this.lang = stored
      } catch {
        /* storage may be off */
      }
    }
    this.#ensureClient()
    super.connectedCallback()
    if (this._phase === "loading") void this.#checkSession()
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (changed.has("baseUrl") && this.#client && this.#client.baseUrl !== (this.baseUrl ?? "").replace(/\/+$/, "")) {
      this.#client.events().close()
      this.#client = undefined
      this.#ensureClient()
      void this.#checkSession()
    }
  }

  /** Ends the session and returns to the sign-in form. */
  async logout(): Promise<void> {
    try {
      await this.api.logout({ lang: this.locale })
    } catch {
      /* the session is gone for this page either way */
    }
    this.#setUser(null)
  }

  #ensureClient(): ApiClient {
    if (!this.#client) {
      this.#client = new ApiClient({ baseUrl: this.baseUrl ?? "" })
      this.#apiProvider.setValue(this.#client)
    }
    return this.#client
  }

  async #checkSession(): Promise<void> {
    const seq = ++this.#seq
    this._phase = "loading"
    this._error = null
    try {
      const user = await this.api.me({ lang: this.locale })
      if (seq === this.#seq) this.#setUser(user)
    } catch (error) {
      if (seq !== this.#seq) return
      if (error instanceof ApiError && error.status === 401) {
        this.#setUser(null)
      } else {
        this._error = describeError(error, (k) => this.t(k))
        this._phase = "error"
      }
    }
  }

  #setUser(user: UserDto | null): void {
    this.#seq++
    this._user = user
    this.#sessionProvider.setValue(user)
    this._phase = user ? "app" : "login"
  }

  protected override render(): TemplateResult {
    const lang = this.locale
    switch (this._phase) {
      case "loading":
        return html`<div class="center muted" aria-busy="true">${this.t("app.loading")}</div>`
      case "error":
        return html`<div class="center">
          <div class="alert" role="alert">
            <p>${this.t("app.unreachable")}</p>
            <p>${this._error?.message}</p>
          </div>
          <button class="btn" type="button" @click=${() => this.#checkSession()}>${this.t("app.retry")}</button>
        </div>`
      case "login":
        return html`<div class="login-page"><org-login part="login" lang=${lang}></org-login></div>`
      case "app":
        return html`
          <org-top-bar part="top-bar" lang=${lang}></org-top-bar>
          <main part="main">
            <h1 class="page-title">${this.t("cases.heading")}</h1>
            <org-case-list part="case-list" lang=${lang}></org-case-list>
          </main>
        `
    }
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        background: var(--org-page-bg, #f1f5f9);
      }
      org-top-bar {
        position: sticky;
        top: 0;
        z-index: 1;
      }
      main {
        width: 100%;
        max-width: var(--org-console-max-width, 1200px);
        margin: 0 auto;
        padding: 16px 20px 32px;
      }
      .page-title {
        margin: 0 0 12px;
        font-size: 16px;
        font-weight: 600;
      }
      .login-page {
        padding: max(24px, 12vh) 16px 24px;
      }
      .center {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 12px;
        padding: 20vh 16px;
      }
      .muted {
        color: var(--_muted);
      }
      @media (max-width: 560px) {
        main {
          padding: 12px 10px 24px;
        }
      }
    `,
  ]
}

define("org-console", OrgConsole)

declare global {
  interface HTMLElementTagNameMap {
    "org-console": OrgConsole
  }
}
