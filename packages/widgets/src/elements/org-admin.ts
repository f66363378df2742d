import { css, html, type TemplateResult } from "lit"
import type { MessageKey } from "../i18n/i18n.js"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, tokens } from "../lib/styles.js"
import "./org-admin-api-keys.js"
import "./org-admin-invitations.js"
import "./org-admin-users.js"
import "./org-telephony-accounts.js"
import "./org-telephony-calls.js"
import "./org-telephony-extensions.js"

export type AdminTab = "users" | "invitations" | "api-keys" | "sip-accounts" | "extensions" | "calls"

const TABS: readonly { id: AdminTab; label: MessageKey }[] = [
  { id: "users", label: "admin.tab.users" },
  { id: "invitations", label: "admin.tab.invitations" },
  { id: "api-keys", label: "admin.tab.apiKeys" },
  // The virtual PBX: SIP accounts, the short numbers that ring them, and the calls they made.
  { id: "sip-accounts", label: "admin.tab.sipAccounts" },
  { id: "extensions", label: "admin.tab.extensions" },
  { id: "calls", label: "admin.tab.calls" },
]

/**
 * `<org-admin>`: the tenant's administration — Users, Invitations, API keys and the virtual
 * PBX (SIP accounts, Short numbers, Calls) as tabs (arrow keys, Home and End move between them).
 *
 * @attr tab - "users" (default) | "invitations" | "api-keys" | "sip-accounts" | "extensions" | "calls"
 * @attr token, base-url, time-zone - passed to the panels (when no provider is above)
 * @csspart tabs, tab, panel
 */
export class OrgAdmin extends OrgElement {
  static override properties = {
    tab: { type: String, reflect: true },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
  }

  declare tab: AdminTab
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined

  constructor() {
    super()
    this.tab = "users"
  }

  get #current(): AdminTab {
    return TABS.some((t) => t.id === this.tab) ? this.tab : "users"
  }

  async #select(tab: AdminTab, focus = false): Promise<void> {
    this.tab = tab
    if (!focus) return
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${tab}`)?.focus()
  }

  #onKeydown(event: KeyboardEvent): void {
    const index = TABS.findIndex((t) => t.id === this.#current)
    let next: number | undefined
    if (event.key === "ArrowRight") next = (index + 1) % TABS.length
    else if (event.key === "ArrowLeft") next = (index - 1 + TABS.length) % TABS.length
    else if (event.key === "Home") next = 0
    else if (event.key === "End") next = TABS.length - 1
    if (next === undefined) return
    event.preventDefault()
    void this.#select(TABS[next]!.id, true)
  }

  protected override render(): TemplateResult {
    const current = this.#current
    return html`
      <div class="tabs" role="tablist" part="tabs" aria-label=${this.t("admin.tabs")} @keydown=${this.#onKeydown}>
        ${TABS.map(
          (tab) => html`<button
            id=${`tab-${tab.id}`}
            class="tab"
            part="tab"
            role="tab"
            type="button"
            data-tab=${tab.id}
            aria-selected=${tab.id === current ? "true" : "false"}
            aria-controls="panel"
            tabindex=${tab.id === current ? "0" : "-1"}
            @click=${() => this.#select(tab.id)}
          >
            ${this.t(tab.label)}
          </button>`,
        )}
      </div>
      <div id="panel" class="panel" part="panel" role="tabpanel" aria-labelledby=${`tab-${current}`}>${this.#renderPanel(current)}</div>
    `
  }

  #renderPanel(tab: AdminTab): TemplateResult {
    const lang = this.locale
    switch (tab) {
      case "users":
        return html`<org-admin-users lang=${lang} .token=${this.token} .baseUrl=${this.baseUrl} .timeZone=${this.timeZone}></org-admin-users>`
      case "invitations":
        return html`<org-admin-invitations
          lang=${lang}
          .token=${this.token}
          .baseUrl=${this.baseUrl}
          .timeZone=${this.timeZone}
        ></org-admin-invitations>`
      case "api-keys":
        return html`<org-admin-api-keys
          lang=${lang}
          .token=${this.token}
          .baseUrl=${this.baseUrl}
          .timeZone=${this.timeZone}
        ></org-admin-api-keys>`
      case "sip-accounts":
        return html`<org-telephony-accounts
          lang=${lang}
          .token=${this.token}
          .baseUrl=${this.baseUrl}
          .timeZone=${this.timeZone}
        ></org-telephony-accounts>`
      case "extensions":
        return html`<org-telephony-extensions
          lang=${lang}
          .token=${this.token}
          .baseUrl=${this.baseUrl}
          .timeZone=${this.timeZone}
        ></org-telephony-extensions>`
      case "calls":
        return html`<org-telephony-calls lang=${lang} .token=${this.token} .baseUrl=${this.baseUrl} .timeZone=${this.timeZone}></org-telephony-calls>`
    }
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      .tabs {
        display: flex;
        gap: 2px;
        margin-bottom: 14px;
        border-bottom: 1px solid var(--_border);
        overflow-x: auto;
        scrollbar-width: none;
      }
      .tab {
        flex: none;
        height: 34px;
        padding: 0 12px;
        border: 0;
        border-bottom: 2px solid transparent;
        margin-bottom: -1px;
        background: transparent;
        color: var(--_muted);
        font-weight: 500;
        cursor: pointer;
      }
      .tab:hover {
        color: var(--_text);
      }
      .tab[aria-selected="true"] {
        border-bottom-color: var(--_primary);
        color: var(--_primary);
      }
      .tab:focus-visible {
        outline-offset: -2px;
      }
      org-admin-users,
      org-admin-invitations,
      org-admin-api-keys,
      org-telephony-accounts,
      org-telephony-extensions,
      org-telephony-calls {
        display: block;
      }
    `,
  ]
}

define("org-admin", OrgAdmin)

declare global {
  interface HTMLElementTagNameMap {
    "org-admin": OrgAdmin
  }
}
