import { ContextConsumer } from "@lit/context"
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import type { ConnectionState } from "../api/events.js"
import type { HealthDto, UserDto } from "../api/types.js"
import { sessionContext } from "../context.js"
import { LogoutEvent, NavigateEvent, type LangChangeEvent } from "../events.js"
import type { MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, tokens } from "../lib/styles.js"
import "./org-lang-switch.js"

export type HealthLevel = "ok" | "degraded" | "down" | "unknown"

const RANK: Record<HealthLevel, number> = { unknown: 0, ok: 1, degraded: 2, down: 3 }
const SOCKET_LEVEL: Record<ConnectionState, HealthLevel> = {
  open: "ok",
  connecting: "degraded",
  closed: "down",
  unauthorized: "down",
}

/**
 * `<org-top-bar>`: product name, health of the server and of the events socket, language
 * switch, the signed-in user and the sign-out button.
 *
 * @attr base-url, token - used when no provider is above the element
 * @attr health-interval - milliseconds between `GET /health` polls, default 15000
 * @fires org-logout - {@link LogoutEvent}; the session owner (e.g. `<org-console>`) signs out
 * @fires org-navigate - {@link NavigateEvent} "account" when the user's name is clicked
 * @fires org-lang-change - when the language switch is used
 * @csspart bar, brand, health, health-dot, user, logout, lang-switch
 */
export class OrgTopBar extends OrgElement {
  static override properties = {
    user: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    healthInterval: { type: Number, attribute: "health-interval" },
    _health: { state: true },
    _healthFailed: { state: true },
    _socket: { state: true },
  }

  /** Overrides the user from `sessionContext`. */
  declare user: UserDto | null | undefined
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare healthInterval: number
  declare _health: HealthDto | null
  declare _healthFailed: boolean
  declare _socket: ConnectionState

  readonly #api = new ApiController(this)
  readonly #session = new ContextConsumer(this, { context: sessionContext, subscribe: true })
  #client: ApiClient | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #release: (() => void) | undefined
  #offState: (() => void) | undefined
  #healthSeq = 0

  constructor() {
    super()
    this.healthInterval = 15_000
    this._health = null
    this._healthFailed = false
    this._socket = "closed"
    this.addEventListener("org-lang-change", (e: LangChangeEvent) => {
      this.lang = e.lang
    })
  }

  /** Overall level: the worse of `/health` and the events socket. */
  get level(): HealthLevel {
    const health = this.#healthLevel()
    const socket = SOCKET_LEVEL[this._socket]
    if (health === "unknown") return "unknown"
    return RANK[socket] > RANK[health] ? socket : health
  }

  /** Polls `/health` at once. */
  async refreshHealth(): Promise<void> {
    const client = this.#client
    if (!client) return
    const seq = ++this.#healthSeq
    try {
      const health = await client.health({ lang: this.locale })
      if (seq !== this.#healthSeq) return
      this._health = health
      this._healthFailed = false
    } catch {
      if (seq !== this.#healthSeq) return
      this._health = null
      this._healthFailed = true
    }
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.#client) this.#start(this.#client)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#stop()
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const client = this.#api.client
    if (client !== this.#client || (changed.has("healthInterval") && this.#timer !== undefined)) {
      this.#stop()
      this.#client = client
      if (this.isConnected) this.#start(client)
    }
  }

  #start(client: ApiClient): void {
    if (this.#release) return
    const events = client.events()
    this._socket = events.state
    this.#offState = events.onStateChange((state) => {
      this._socket = state
    })
    this.#release = events.retain()
    this._socket = events.state
    void this.refreshHealth()
    this.#timer = setInterval(() => void this.refreshHealth(), Math.max(1000, this.healthInterval || 15_000))
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#offState?.()
    this.#release?.()
    this.#offState = undefined
    this.#release = undefined
  }

  #healthLevel(): HealthLevel {
    if (this._healthFailed) return "down"
    return this._health?.status ?? "unknown"
  }

  #healthText(): string {
    if (this._healthFailed) return this.t("health.unreachable")
    const status = this._health?.status
    return status ? this.t(`health.${status}`) : this.t("health.unknown")
  }

  #healthDetails(): string {
    const lines: string[] = [this.#healthText()]
    for (const [name, check] of Object.entries(this._health?.checks ?? {})) {
      const key = `health.check.${name}` as MessageKey
      const label = ["database", "events", "sip"].includes(name) ? this.t(key) : name
      const state = ["ok", "degraded", "down", "disabled"].includes(check.status)
        ? this.t(`health.state.${check.status}` as MessageKey)
        : check.status
      lines.push(`${label}: ${state}`)
    }
    lines.push(`${this.t("health.socket.label")}: ${this.t(`health.socket.${this._socket}`)}`)
    return lines.join("\n")
  }

  #roleText(user: UserDto): string {
    return user.roles
      .map((role) => {
        const key = `role.${role}` as MessageKey
        return ["admin", "supervisor", "operator", "mechanic", "finance", "client"].includes(role) ? this.t(key) : role
      })
      .join(", ")
  }

  protected override render(): TemplateResult {
    const user = this.user === undefined ? this.#session.value : this.user
    const level = this.level
    const details = this.#healthDetails()
    return html`
      <header class="bar" part="bar">
        <div class="brand" part="brand">
          <span class="logo" aria-hidden="true">S</span>
          <span class="product">${this.t("app.product")}</span>
        </div>
        <div class="health" part="health" role="status" data-level=${level} title=${details} aria-label=${details.replace(/\n/g, "; ")}>
          <span class="dot" part="health-dot" data-level=${level}></span>
          <span class="health-text">${this.#healthText()}</span>
          <span class="socket-text" data-state=${this._socket}
            >· ${this.t("health.socket.label")}: ${this.t(`health.socket.${this._socket}`)}</span
          >
        </div>
        <div class="spacer"></div>
        <org-lang-switch part="lang-switch" lang=${this.locale}></org-lang-switch>
        ${user
          ? html`<button
                class="user"
                part="user"
                type="button"
                title=${`${user.login} · ${user.tenant?.name ?? ""}`}
                aria-label=${this.t("topBar.account", { name: user.name || user.login })}
                @click=${() => this.dispatchEvent(new NavigateEvent("account"))}
              >
                <span class="name">${user.name || user.login}</span>
                ${user.roles.length ? html`<span class="role">${this.#roleText(user)}</span>` : nothing}
              </button>
              <button class="btn ghost logout" part="logout" type="button" @click=${() => this.dispatchEvent(new LogoutEvent())}>
                ${this.t("topBar.logout")}
              </button>`
          : nothing}
      </header>
    `
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 14px;
        height: var(--org-top-bar-height, 46px);
        padding: 0 16px;
        border-bottom: 1px solid var(--_border);
        background: var(--org-top-bar-bg, var(--_bg));
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 600;
        font-size: 14px;
        white-space: nowrap;
      }
      .logo {
        display: inline-grid;
        place-items: center;
        width: 22px;
        height: 22px;
        border-radius: 6px;
        background: var(--_primary);
        color: var(--_on-primary);
        font-size: 12px;
        font-weight: 700;
      }
      .health {
        display: flex;
        align-items: center;
        gap: 6px;
        min-width: 0;
        padding: 3px 10px;
        border: 1px solid var(--_border);
        border-radius: 999px;
        background: var(--_surface);
        font-size: 12px;
        white-space: nowrap;
        cursor: default;
      }
      .health-text,
      .socket-text {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .socket-text {
        color: var(--_muted);
      }
      .dot {
        flex: none;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--_dot);
        box-shadow: 0 0 0 3px color-mix(in srgb, var(--_dot) 22%, transparent);
      }
      .dot[data-level="ok"] {
        --_dot: var(--org-health-ok, #16a34a);
      }
      .dot[data-level="degraded"] {
        --_dot: var(--org-health-degraded, #eab308);
      }
      .dot[data-level="down"] {
        --_dot: var(--org-health-down, #dc2626);
      }
      .dot[data-level="unknown"] {
        --_dot: var(--org-health-unknown, #94a3b8);
      }
      .spacer {
        flex: 1;
      }
      .user {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        min-width: 0;
        padding: 3px 8px;
        border: 0;
        border-radius: var(--_radius);
        background: transparent;
        line-height: 1.2;
        text-align: right;
        cursor: pointer;
      }
      .user:hover {
        background: var(--_row-hover);
      }
      .name {
        font-weight: 500;
        max-width: 220px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .role {
        font-size: 11px;
        color: var(--_muted);
      }
      .logout {
        padding: 0 8px;
      }
      @container (max-width: 720px) {
        .socket-text {
          display: none;
        }
      }
      @container (max-width: 560px) {
        .bar {
          gap: 8px;
          padding: 0 10px;
        }
        .health {
          padding: 4px;
          border: 0;
          background: transparent;
        }
        .health-text,
        .role,
        .product {
          display: none;
        }
        .name {
          max-width: 120px;
        }
      }
    `,
  ]
}

define("org-top-bar", OrgTopBar)

declare global {
  interface HTMLElementTagNameMap {
    "org-top-bar": OrgTopBar
  }
}
