import { ContextProvider } from "@lit/context"
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import type { UserDto } from "../api/types.js"
import { apiContext, sessionContext } from "../context.js"
import type { CaseOpenEvent, InvitationAcceptedEvent, LangChangeEvent, LoginEvent, NavigateEvent } from "../events.js"
import { normalizeLang } from "../i18n/i18n.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { CallRingingEvent, SoftphoneStatusEvent } from "../lib/softphone-events.js"
import { controls, tokens } from "../lib/styles.js"
import "./org-account.js"
import "./org-admin.js"
import "./org-case-card.js"
import "./org-case-create.js"
import "./org-case-dashboard.js"
import "./org-case-list.js"
import "./org-dictionary-editor.js"
import "./org-invite-accept.js"
import "./org-login.js"
import type { LoginNotice } from "./org-login.js"
import "./org-telephony-calls.js"
import "./org-top-bar.js"
import "./org-softphone.js"

type Phase = "loading" | "login" | "app" | "error" | "invite"

/**
 * The views of a signed-in user, kept in the URL hash: #cases (and #cases/<id> for a case,
 * #cases/new for the new-case form), #dashboard, #dictionaries, #calls (call records), #account, #admin.
 */
export type ConsoleView = "cases" | "dashboard" | "dictionaries" | "calls" | "account" | "admin"

const VIEWS: readonly ConsoleView[] = ["cases", "dashboard", "dictionaries", "calls", "account", "admin"]

/** What the Cases view shows besides the list: a case (by id) or the new-case form. */
type CasesPane = { readonly kind: "list" } | { readonly kind: "case"; readonly id: string } | { readonly kind: "new" }

const LIST: CasesPane = { kind: "list" }
const LANG_KEY = "org.lang"

/**
 * `<org-console>`: the operator console served at `/`. Provides the ApiClient and the session
 * to the widgets inside it, shows `<org-login>` until somebody is signed in, then the top bar,
 * the navigation (Cases; Dashboard and Reference books for supervisors and admins; Account;
 * Administration for admins — kept in the URL hash) and the view. The Cases view shows
 * `<org-case-list>`; a case opened from the list, a card or the new-case form (`org-case-open`)
 * shows in `<org-case-card>` at `#cases/<id>`, and "New case" opens `<org-case-create>` at
 * `#cases/new` — so reloading and Back/Forward keep them. Opened at `/invite#<token>` it shows `<org-invite-accept>` first and removes the
 * token from the address. When the session ends (a 401 answer, or the events socket closed
 * with 4401) it returns to the sign-in form with a note.
 *
 * @attr base-url - server origin/prefix (optional)
 * @csspart main, top-bar, nav, nav-link, case-list, case-card, case-create, new-case, back,
 *   dashboard, dictionaries, account, admin, login, invite
 */
export class OrgConsole extends OrgElement {
  static override properties = {
    baseUrl: { type: String, attribute: "base-url" },
    _phase: { state: true },
    _user: { state: true },
    _error: { state: true },
    _view: { state: true },
    _pane: { state: true },
    _loginNotice: { state: true },
    _loginPrefill: { state: true },
    _phone: { state: true },
    _phoneOpen: { state: true },
  }

  declare baseUrl: string | undefined
  declare _phase: Phase
  declare _user: UserDto | null
  declare _error: ErrorText | null
  declare _view: ConsoleView
  declare _pane: CasesPane
  declare _loginNotice: LoginNotice | undefined
  declare _loginPrefill: string | undefined
  /** What the docked softphone last reported; undefined until it did. */
  declare _phone: { level: string; text: string; available: boolean } | undefined
  declare _phoneOpen: boolean

  readonly #apiProvider = new ContextProvider(this, { context: apiContext })
  readonly #sessionProvider = new ContextProvider(this, { context: sessionContext, initialValue: null })
  #client: ApiClient | undefined
  #offClient: (() => void) | undefined
  #seq = 0
  #inviteToken: string | undefined
  #loggingOut = false

  constructor() {
    super()
    this._phase = "loading"
    this._user = null
    this._error = null
    this._view = "cases"
    this._pane = LIST
    this._loginNotice = undefined
    this._loginPrefill = undefined
    this._phone = undefined
    this._phoneOpen = false
    // the docked softphone: its state shows in the nav; a call ringing opens it
    this.addEventListener(SoftphoneStatusEvent.type, (e: SoftphoneStatusEvent) => {
      this._phone = { level: e.level, text: e.text, available: e.available }
    })
    this.addEventListener(CallRingingEvent.type, () => void (this._phoneOpen = true))
    this.addEventListener("org-login", (e: LoginEvent) => {
      this._loginNotice = undefined
      this._loginPrefill = undefined
      this.#setUser(e.user)
    })
    this.addEventListener("org-navigate", (e: NavigateEvent) => {
      if (e.view === "login") this.#showLogin()
      else this.navigate(e.view)
    })
    this.addEventListener("org-invitation-accepted", (e: InvitationAcceptedEvent) => {
      this.#inviteToken = undefined
      this.#showLogin("invitation-accepted", e.login)
    })
    this.addEventListener("org-logout", () => void this.logout())
    this.addEventListener("org-case-open", (e: CaseOpenEvent) => {
      // The console shows the case: a card opening one itself would race the URL.
      e.preventDefault()
      this.openCase(e.caseId)
    })
    this.addEventListener("org-case-create-cancel", () => this.#go("#cases", "cases", LIST))
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
    window.addEventListener("hashchange", this.#onHashChange)
    const route = routeFromHash()
    if (route) {
      this._view = route.view
      this._pane = route.pane
    }
    if (this._phase === "loading") {
      const token = takeInviteToken()
      if (token) {
        this.#inviteToken = token
        this._phase = "invite"
      } else {
        void this.#checkSession()
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener("hashchange", this.#onHashChange)
  }

  /** The view shown to a signed-in user. */
  get view(): ConsoleView {
    return this.#allowed(this._view) ? this._view : "cases"
  }

  /** Shows a view (and records it in the URL hash, so Back and reloading keep it). */
  navigate(view: ConsoleView): void {
    if (!VIEWS.includes(view)) return
    this.#go(`#${view}`, view, view === "cases" ? LIST : this._pane)
  }

  /** Shows a case in the Cases view (`#cases/<id>`). */
  openCase(id: string): void {
    if (!id) return
    this.#go(`#cases/${encodeURIComponent(id)}`, "cases", { kind: "case", id })
  }

  /** Shows the new-case form (`#cases/new`). */
  newCase(): void {
    this.#go("#cases/new", "cases", { kind: "new" })
  }

  /** The case shown in the Cases view, if any. */
  get openCaseId(): string | undefined {
    return this._pane.kind === "case" ? this._pane.id : undefined
  }

  #go(hash: string, view: ConsoleView, pane: CasesPane): void {
    if (hash !== location.hash) {
      try {
        history.pushState(history.state, "", `${location.pathname}${location.search}${hash}`)
      } catch {
        /* a sandboxed frame may refuse */
      }
    }
    this.#show(view, pane)
  }

  readonly #onHashChange = (): void => {
    const route = routeFromHash()
    if (route) this.#show(route.view, route.pane)
  }

  #show(view: ConsoleView, pane: CasesPane): void {
    const samePane = paneKey(pane) === paneKey(this._pane)
    if (view === this._view && (view !== "cases" || samePane)) return
    this._view = view
    if (view === "cases") this._pane = pane
    if (this._phase !== "app") return
    // Move the focus to the new page's heading, as a page load would.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("main .view:not([hidden]) .page-title:not([hidden])")?.focus())
  }

  #allowed(view: ConsoleView): boolean {
    const roles = this._user?.roles ?? []
    if (view === "admin") return roles.includes("admin")
    if (view === "dashboard" || view === "dictionaries" || view === "calls") return roles.includes("admin") || roles.includes("supervisor")
    return true
  }

  #showLogin(notice?: LoginNotice, login?: string): void {
    this.#seq++
    this._loginNotice = notice
    this._loginPrefill = login
    if (this._user) {
      this._user = null
      this.#sessionProvider.setValue(null)
    }
    this._phase = "login"
  }

  /** The session is gone (401, or the socket closed with 4401) while the app was shown. */
  #sessionEnded(): void {
    if (this._phase !== "app" || this.#loggingOut) return
    this.#client?.events().close()
    this.#showLogin("session-ended", this._user?.login)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (changed.has("baseUrl") && this.#client && this.#client.baseUrl !== (this.baseUrl ?? "").replace(/\/+$/, "")) {
      this.#client.events().close()
      this.#client = undefined
      this.#ensureClient()
      if (this._phase !== "invite") void this.#checkSession()
    }
  }

  /** Ends the session and returns to the sign-in form. */
  async logout(): Promise<void> {
    this.#loggingOut = true
    try {
      await this.api.logout({ lang: this.locale })
    } catch {
      /* the session is gone for this page either way */
    } finally {
      this.#loggingOut = false
    }
    this._loginNotice = undefined
    this._loginPrefill = undefined
    this.#setUser(null)
  }

  #ensureClient(): ApiClient {
    if (!this.#client) {
      const client = new ApiClient({ baseUrl: this.baseUrl ?? "" })
      this.#offClient?.()
      const offState = client.events().onStateChange((state) => {
        if (state === "unauthorized") this.#sessionEnded()
      })
      const offUnauthorized = client.onUnauthorized(() => this.#sessionEnded())
      this.#offClient = () => {
        offState()
        offUnauthorized()
      }
      this.#client = client
      this.#apiProvider.setValue(client)
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
      case "invite":
        return html`<div class="login-page">
          <org-invite-accept part="invite" lang=${lang} .token=${this.#inviteToken}></org-invite-accept>
        </div>`
      case "login":
        return html`<div class="login-page">
          <org-login part="login" lang=${lang} .login=${this._loginPrefill} .notice=${this._loginNotice}></org-login>
        </div>`
      case "app":
        return this.#renderApp()
    }
  }

  #renderApp(): TemplateResult {
    const lang = this.locale
    const view = this.view
    const link = (target: ConsoleView, label: string) =>
      html`<a class="nav-link" part="nav-link" href=${`#${target}`} data-view=${target} aria-current=${view === target ? "page" : "false"}
        >${label}</a
      >`
    const back = html`<a class="back" href="#cases"><span aria-hidden="true">←</span> ${this.t("account.back")}</a>`
    return html`
      <div class="chrome">
        <org-top-bar part="top-bar" lang=${lang}></org-top-bar>
        <nav class="nav" part="nav" aria-label=${this.t("nav.label")}>
          <div class="nav-inner">
            ${link("cases", this.t("nav.cases"))}
            ${this.#allowed("dashboard") ? link("dashboard", this.t("console.cases.dashboard")) : nothing}
            ${this.#allowed("dictionaries") ? link("dictionaries", this.t("console.cases.dictionaries")) : nothing}
            ${this.#allowed("calls") ? link("calls", this.t("admin.tab.calls")) : nothing}
            ${link("account", this.t("nav.account"))} ${this.#allowed("admin") ? link("admin", this.t("nav.admin")) : nothing}
            ${this._phone?.available ? this.#renderPhoneToggle(this._phone) : nothing}
          </div>
        </nav>
      </div>
      <main part="main">
        ${this.#renderCases(view === "cases")}
        ${view === "dashboard"
          ? html`<section class="view" data-view="dashboard">
              <h1 class="page-title" tabindex="-1">${this.t("console.cases.dashboard")}</h1>
              <org-case-dashboard part="dashboard" lang=${lang}></org-case-dashboard>
            </section>`
          : nothing}
        ${view === "dictionaries"
          ? html`<section class="view" data-view="dictionaries">
              <h1 class="page-title" tabindex="-1">${this.t("console.cases.dictionaries")}</h1>
              <org-dictionary-editor part="dictionaries" lang=${lang}></org-dictionary-editor>
            </section>`
          : nothing}
        ${view === "calls"
          ? html`<section class="view" data-view="calls">
              <h1 class="page-title" tabindex="-1">${this.t("admin.tab.calls")}</h1>
              <org-telephony-calls part="calls" lang=${lang}></org-telephony-calls>
            </section>`
          : nothing}
        ${view === "account"
          ? html`<section class="view" data-view="account">
              <div class="page-head">
                <h1 class="page-title" tabindex="-1">${this.t("account.heading")}</h1>
                ${back}
              </div>
              <org-account part="account" lang=${lang}></org-account>
            </section>`
          : nothing}
        ${view === "admin"
          ? html`<section class="view" data-view="admin">
              <div class="page-head">
                <h1 class="page-title" tabindex="-1">${this.t("admin.heading")}</h1>
                ${back}
              </div>
              <org-admin part="admin" lang=${lang}></org-admin>
            </section>`
          : nothing}
      </main>
      <aside id="phone-dock" class="phone-dock" part="phone-dock" aria-label=${this.t("softphone.title")} ?hidden=${!this._phoneOpen || !this._phone?.available}>
        <org-softphone part="softphone" lang=${lang}></org-softphone>
      </aside>
    `
  }

  /** The phone in the nav: its status dot and text; opens and closes the dock (the phone stays registered either way). */
  #renderPhoneToggle(phone: { level: string; text: string }): TemplateResult {
    return html`<button
      class="phone-toggle"
      part="phone-toggle"
      type="button"
      aria-controls="phone-dock"
      aria-expanded=${this._phoneOpen ? "true" : "false"}
      title=${phone.text}
      @click=${() => (this._phoneOpen = !this._phoneOpen)}
    >
      <span class="phone-dot" data-level=${phone.level} aria-hidden="true"></span>
      ${this.t("softphone.title")}<span class="visually-hidden">: ${phone.text}</span>
    </button>`
  }

  /**
   * The Cases view: the list (kept mounted, so its filters survive opening a case), and over it
   * the case card or the new-case form.
   */
  #renderCases(shown: boolean): TemplateResult {
    const lang = this.locale
    const pane = this._pane
    const back = html`<a class="back" part="back" href="#cases"><span aria-hidden="true">←</span> ${this.t("console.cases.back")}</a>`
    return html`<section class="view cases" ?hidden=${!shown} data-view="cases" data-pane=${pane.kind}>
      <div class="page-head" ?hidden=${pane.kind !== "list"}>
        <h1 class="page-title" tabindex="-1" ?hidden=${pane.kind !== "list"}>${this.t("cases.heading")}</h1>
        <button class="btn primary" part="new-case" type="button" @click=${() => this.newCase()}>+ ${this.t("console.cases.new")}</button>
      </div>
      <div ?hidden=${pane.kind !== "list"}>
        <org-case-list part="case-list" lang=${lang} no-create .selectedId=${this.openCaseId ?? ""}></org-case-list>
      </div>
      ${pane.kind === "case"
        ? html`<div class="pane">
            <div class="pane-head">${back}<h1 class="page-title visually-hidden" tabindex="-1">${this.t("console.cases.card")}</h1></div>
            <org-case-card part="case-card" lang=${lang} case-id=${pane.id}></org-case-card>
          </div>`
        : nothing}
      ${pane.kind === "new"
        ? html`<div class="pane narrow">
            <div class="pane-head">${back}<h1 class="page-title visually-hidden" tabindex="-1">${this.t("console.cases.new")}</h1></div>
            <org-case-create part="case-create" lang=${lang}></org-case-create>
          </div>`
        : nothing}
    </section>`
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
      .chrome {
        position: sticky;
        top: 0;
        z-index: 1;
      }
      .nav {
        container-type: inline-size;
        border-bottom: 1px solid var(--_border);
        background: var(--org-nav-bg, var(--_bg));
      }
      .nav-inner {
        display: flex;
        gap: 4px;
        width: 100%;
        max-width: var(--org-console-max-width, 1200px);
        margin: 0 auto;
        padding: 0 12px;
        overflow-x: auto;
        scrollbar-width: none;
      }
      .nav-link {
        flex: none;
        display: inline-flex;
        align-items: center;
        height: 36px;
        padding: 0 8px;
        border-bottom: 2px solid transparent;
        color: var(--_muted);
        font-weight: 500;
        text-decoration: none;
        white-space: nowrap;
      }
      .nav-link:hover {
        color: var(--_text);
      }
      .nav-link[aria-current="page"] {
        border-bottom-color: var(--_primary);
        color: var(--_text);
      }
      .nav-link:focus-visible {
        outline-offset: -2px;
      }
      .phone-toggle {
        flex: none;
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 30px;
        margin: 3px 0 3px auto;
        padding: 0 10px;
        border: 1px solid var(--_border);
        border-radius: 15px;
        background: var(--_bg);
        color: var(--_text);
        font: inherit;
        font-weight: 500;
        cursor: pointer;
        white-space: nowrap;
      }
      .phone-toggle[aria-expanded="true"] {
        border-color: var(--_primary);
        color: var(--_primary);
      }
      .phone-dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: #dc2626;
      }
      .phone-dot[data-level="ok"] {
        background: #16a34a;
      }
      .phone-dot[data-level="pending"] {
        background: #ca8a04;
      }
      .phone-dock {
        position: fixed;
        right: 16px;
        bottom: 16px;
        z-index: 10;
        width: 360px;
        max-width: calc(100vw - 32px);
        max-height: calc(100vh - 32px);
        overflow: auto;
        border-radius: 12px;
        box-shadow: 0 12px 32px rgb(15 23 42 / 0.22);
      }
      .phone-dock[hidden] {
        display: none;
      }
      .phone-dock org-softphone {
        display: block;
      }
      .view[hidden],
      .view [hidden] {
        display: none !important;
      }
      .view.cases .page-head .page-title {
        margin: 0;
      }
      .pane-head {
        display: flex;
        align-items: center;
        gap: 12px;
        margin-bottom: 10px;
      }
      .pane.narrow {
        max-width: 880px;
      }
      .page-head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 4px 12px;
        margin-bottom: 12px;
      }
      .page-head .page-title {
        margin: 0;
      }
      .page-title:focus {
        outline: none;
      }
      .back {
        color: var(--_primary);
        text-decoration: none;
        font-weight: 500;
      }
      .back:hover {
        text-decoration: underline;
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
      @container (max-width: 560px) {
        .nav-inner {
          flex-wrap: wrap;
          padding: 0 4px;
          gap: 0;
        }
        .nav-link {
          height: 32px;
        }
      }
      @media (max-width: 560px) {
        main {
          padding: 12px 10px 24px;
        }
        .nav-inner {
          flex-wrap: wrap;
          padding: 0 4px;
          gap: 0;
        }
        .nav-link {
          height: 32px;
        }
      }
    `,
  ]
}

/** The view (and for #cases/<id>, #cases/new, the pane) named by the URL hash, if any. */
function routeFromHash(): { view: ConsoleView; pane: CasesPane } | undefined {
  const name = location.hash.replace(/^#\/?/, "")
  const m = /^cases\/(.+)$/.exec(name)
  if (m) {
    let id = m[1]!
    try {
      id = decodeURIComponent(id)
    } catch {
      /* as it is */
    }
    return { view: "cases", pane: id === "new" ? { kind: "new" } : { kind: "case", id } }
  }
  if ((VIEWS as readonly string[]).includes(name)) return { view: name as ConsoleView, pane: LIST }
  return undefined
}

function paneKey(pane: CasesPane): string {
  return pane.kind === "case" ? `case:${pane.id}` : pane.kind
}

/**
 * The token of an invitation link (`…/invite#<token>`), removed from the address at once (with
 * the `/invite` step) so that it stays neither in the history nor in a bookmark.
 */
function takeInviteToken(): string | undefined {
  if (!/\/invite\/?$/.test(location.pathname)) return undefined
  let token = ""
  try {
    token = decodeURIComponent(location.hash.slice(1)).trim()
  } catch {
    token = location.hash.slice(1).trim()
  }
  if (!token) return undefined
  try {
    history.replaceState(history.state, "", location.pathname.replace(/invite\/?$/, "") + location.search)
  } catch {
    /* a sandboxed frame may refuse */
  }
  return token
}

define("org-console", OrgConsole)

declare global {
  interface HTMLElementTagNameMap {
    "org-console": OrgConsole
  }
}
