import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { repeat } from "lit/directives/repeat.js"
import { CaseCardApi, type CaseMessagePayload, type ChannelDto, type MessageDto } from "../api/case-card.js"
import { ApiError } from "../api/errors.js"
import { formatDateTime, type MessageKey } from "../i18n/i18n.js"
import { ApiController } from "../lib/api-controller.js"
import { LiveTopicsController } from "../lib/live-topics.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import { TimeZoneController } from "../lib/time-zone-controller.js"

const STATUS_KEYS: Record<string, MessageKey> = {
  queued: "card.chat.status.queued",
  sent: "card.chat.status.sent",
  delivered: "card.chat.status.delivered",
  failed: "card.chat.status.failed",
  not_sent: "card.chat.status.not_sent",
  received: "card.chat.status.received",
}

const CHANNEL_KEYS: Record<string, MessageKey> = {
  sms: "card.chat.channel.sms",
  email: "card.chat.channel.email",
  push: "card.chat.channel.push",
}

/**
 * `<org-case-chat>`: messages with the applicant (SMS, e-mail, push), oldest first, each with
 * its direction and delivery status — a message kept but not sent because no provider is
 * configured says so. Inbound messages appear live (`case.message`). Ctrl+Enter sends.
 *
 * @attr case-id
 * @attr token, base-url, time-zone
 * @csspart messages, message, status, compose, channel, text, send, error
 */
export class OrgCaseChat extends OrgElement {
  static override properties = {
    caseId: { type: String, attribute: "case-id" },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    timeZone: { type: String, attribute: "time-zone" },
    _items: { state: true },
    _channels: { state: true },
    _state: { state: true },
    _error: { state: true },
    _channel: { state: true },
    _text: { state: true },
    _sending: { state: true },
    _sendError: { state: true },
  }

  declare caseId: string
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare timeZone: string | undefined
  declare _items: MessageDto[]
  declare _channels: ChannelDto[]
  declare _state: "loading" | "ready" | "error"
  declare _error: ErrorText | null
  declare _channel: string
  declare _text: string
  declare _sending: boolean
  declare _sendError: ErrorText | null

  readonly #api = new ApiController(this)
  readonly #zone = new TimeZoneController(this, this.#api)
  readonly #live = new LiveTopicsController(this, this.#api, ["case.message"], (_topic, payload) => {
    const p = payload as CaseMessagePayload | undefined
    const m = p?.message
    if (m && (p.caseId ?? m.caseId) === this.caseId) this.#upsert(m)
  })
  #loaded = ""
  #seq = 0
  #stick = true

  constructor() {
    super()
    this.caseId = ""
    this._items = []
    this._channels = []
    this._state = "loading"
    this._error = null
    this._channel = "sms"
    this._text = ""
    this._sending = false
    this._sendError = null
  }

  /** The messages shown, oldest first. */
  get messages(): readonly MessageDto[] {
    return this._items
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (this.#live.sync()) this.#loaded = ""
    if (this.caseId !== this.#loaded) {
      this.#loaded = this.caseId
      void this.reload()
    }
  }

  protected override updated(): void {
    if (this.#stick) {
      const list = this.renderRoot.querySelector<HTMLElement>(".messages")
      if (list) list.scrollTop = list.scrollHeight
    }
  }

  #upsert(m: MessageDto): void {
    const list = this.renderRoot.querySelector<HTMLElement>(".messages")
    this.#stick = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 40
    const i = this._items.findIndex((x) => x.id === m.id)
    this._items = i < 0 ? [...this._items, m] : this._items.map((x) => (x.id === m.id ? m : x))
  }

  async reload(): Promise<void> {
    const id = this.caseId
    const seq = ++this.#seq
    if (!id) return
    this._state = "loading"
    const calls = new CaseCardApi(this.#api.client)
    try {
      const [items, channels] = await Promise.all([
        calls.messages(id, { lang: this.locale }),
        calls.channels({ lang: this.locale }).catch(() => [] as ChannelDto[]),
        this.#zone.ready(),
      ])
      if (seq !== this.#seq) return
      this._items = items
      this._channels = channels
      if (channels.length && !channels.some((c) => c.channel === this._channel)) this._channel = (channels.find((c) => c.configured) ?? channels[0]!).channel
      this._state = "ready"
      this.#stick = true
    } catch (error) {
      if (seq !== this.#seq) return
      this._error = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
  }

  async send(): Promise<boolean> {
    const text = this._text.trim()
    if (!text || this._sending) return false
    this._sending = true
    this._sendError = null
    try {
      const m = await new CaseCardApi(this.#api.client).sendMessage(this.caseId, { channel: this._channel, text }, { lang: this.locale })
      this.#stick = true
      this.#upsert(m)
      this._text = ""
      return true
    } catch (error) {
      this._sendError =
        error instanceof ApiError && error.fields.length ? { message: error.title, detail: error.fields.map((f) => f.message).join(" ") } : describeError(error, (k) => this.t(k))
      return false
    } finally {
      this._sending = false
    }
  }

  #channelLabel(c: string): string {
    const key = CHANNEL_KEYS[c]
    return key ? this.t(key) : c
  }

  #status(m: MessageDto): { text: string; tone: string } {
    if (m.status === "not_sent") {
      const reason = m.statusReason === "no_provider" ? this.t("card.chat.reason.no_provider") : m.statusReason
      return { text: reason ? `${this.t("card.chat.status.not_sent")}: ${reason}` : this.t("card.chat.status.not_sent"), tone: "warning" }
    }
    const key = STATUS_KEYS[m.status]
    const text = key ? this.t(key) : m.status
    const withReason = m.status === "failed" && m.statusReason ? `${text}: ${m.statusReason}` : text
    return { text: withReason, tone: m.status === "failed" ? "danger" : m.status === "delivered" ? "success" : "muted" }
  }

  protected override render(): TemplateResult {
    if (this._state === "error") {
      return html`<div class="alert pad" role="alert" part="error">
        <p>${this._error?.message}</p>
        <button class="btn small" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
      </div>`
    }
    const selected = this._channels.find((c) => c.channel === this._channel)
    return html`
      <div class="messages" part="messages" role="log" aria-live="polite" aria-label=${this.t("card.chat.log")}>
        ${this._state === "loading" && !this._items.length ? html`<p class="muted empty" aria-busy="true">${this.t("app.loading")}</p>` : nothing}
        ${this._state === "ready" && !this._items.length ? html`<p class="muted empty">${this.t("card.chat.empty")}</p>` : nothing}
        ${repeat(
          this._items,
          (m) => m.id,
          (m) => {
            const st = this.#status(m)
            return html`<div class="msg" part="message" data-direction=${m.direction} data-status=${m.status} data-id=${m.id}>
              <div class="bubble">${m.text}</div>
              <div class="meta">
                <span>${m.direction === "in" ? this.t("card.chat.from", { who: m.from ?? "—" }) : this.t("card.chat.to", { who: m.to ?? "—" })}</span>
                <span>· ${this.#channelLabel(m.channel)}</span>
                <time datetime=${m.createdAt}>· ${formatDateTime(m.createdAt, this.locale, this.#zone.value)}</time>
                ${m.direction === "out" ? html`<span class="status" part="status" data-tone=${st.tone}>· ${st.text}</span>` : nothing}
              </div>
            </div>`
          },
        )}
      </div>
      <form
        class="compose"
        part="compose"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault()
          void this.send()
        }}
      >
        <div class="compose-row">
          <select class="input channel" part="channel" aria-label=${this.t("card.chat.channel")} @change=${(e: Event) => (this._channel = (e.target as HTMLSelectElement).value)}>
            ${(this._channels.length ? this._channels : [{ channel: "sms", configured: true, provider: null }]).map(
              (c) => html`<option value=${c.channel} ?selected=${c.channel === this._channel}>
                ${this.#channelLabel(c.channel)}${c.configured ? "" : ` — ${this.t("card.chat.notConfigured")}`}
              </option>`,
            )}
          </select>
          <textarea
            class="input text"
            part="text"
            rows="2"
            aria-label=${this.t("card.chat.text")}
            placeholder=${this.t("card.chat.placeholder")}
            .value=${this._text}
            @input=${(e: Event) => (this._text = (e.target as HTMLTextAreaElement).value)}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault()
                void this.send()
              }
            }}
          ></textarea>
          <button class="btn primary" part="send" type="submit" ?disabled=${this._sending || !this._text.trim()}>
            ${this._sending ? this.t("card.chat.sending") : this.t("card.chat.send")}
          </button>
        </div>
        ${selected && !selected.configured ? html`<p class="hint warn">${this.t("card.chat.willNotSend", { channel: this.#channelLabel(selected.channel) })}</p>` : nothing}
        ${this._sendError
          ? html`<div class="alert" role="alert" part="error"><p>${this._sendError.message}</p>${this._sendError.detail ? html`<p>${this._sendError.detail}</p>` : nothing}</div>`
          : nothing}
      </form>
    `
  }

  static override styles = [
    tokens,
    controls,
    notes,
    css`
      :host {
        display: block;
      }
      .muted {
        color: var(--_muted);
      }
      .pad {
        margin: 12px;
      }
      .messages {
        display: flex;
        flex-direction: column;
        gap: 8px;
        height: var(--org-chat-height, 320px);
        padding: 10px 12px;
        overflow-y: auto;
        background: var(--_surface);
      }
      .empty {
        margin: auto;
      }
      .msg {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        max-width: 85%;
      }
      .msg[data-direction="out"] {
        align-self: flex-end;
        align-items: flex-end;
      }
      .bubble {
        padding: 6px 10px;
        border: 1px solid var(--_border);
        border-radius: 10px 10px 10px 2px;
        background: var(--_bg);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .msg[data-direction="out"] .bubble {
        border-color: color-mix(in srgb, var(--_primary) 30%, transparent);
        border-radius: 10px 10px 2px 10px;
        background: color-mix(in srgb, var(--_primary) 9%, var(--_bg));
      }
      .msg[data-status="not_sent"] .bubble,
      .msg[data-status="failed"] .bubble {
        border-style: dashed;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 3px;
        margin-top: 2px;
        font-size: 11px;
        color: var(--_muted);
      }
      .status[data-tone="warning"] {
        color: var(--org-warning-fg, #b45309);
        font-weight: 600;
      }
      .status[data-tone="danger"] {
        color: var(--_danger);
        font-weight: 600;
      }
      .status[data-tone="success"] {
        color: var(--_success);
      }
      .compose {
        padding: 8px 12px 10px;
        border-top: 1px solid var(--_border);
      }
      .compose-row {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        gap: 6px;
        align-items: end;
      }
      .channel {
        width: auto;
        max-width: 170px;
      }
      .text {
        height: auto;
        min-height: var(--_control-h);
        padding: 5px 8px;
        resize: vertical;
        font: inherit;
      }
      .hint {
        margin: 6px 0 0;
        font-size: 12px;
      }
      .hint.warn {
        color: var(--org-warning-fg, #b45309);
      }
      .alert {
        margin-top: 6px;
      }
      .btn.small {
        height: 26px;
        padding: 0 9px;
        font-size: 12px;
      }
      @media (max-width: 520px) {
        .compose-row {
          grid-template-columns: minmax(0, 1fr) auto;
        }
        .channel {
          grid-column: 1 / -1;
          max-width: none;
          width: 100%;
        }
      }
    `,
  ]
}

define("org-case-chat", OrgCaseChat)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-chat": OrgCaseChat
  }
}
