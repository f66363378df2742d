import { css, html, type TemplateResult } from "lit"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, tokens } from "../lib/styles.js"

/**
 * `<org-copy-field>`: a read-only value (an invitation link, an API key) with a copy button.
 * Uses the Clipboard API, else selects the text and falls back to `execCommand("copy")`.
 *
 * @attr value - the text to show and copy
 * @attr label - accessible name of the field
 * @csspart input, copy, status
 */
export class OrgCopyField extends OrgElement {
  static override properties = {
    value: { type: String },
    label: { type: String },
    _copied: { state: true },
    _failed: { state: true },
  }

  declare value: string
  declare label: string
  declare _copied: boolean
  declare _failed: boolean

  #timer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.value = ""
    this.label = ""
    this._copied = false
    this._failed = false
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#timer)
  }

  /** Copies the value; resolves to whether it worked. */
  async copy(): Promise<boolean> {
    const input = this.renderRoot.querySelector<HTMLTextAreaElement>("textarea")
    let ok = false
    try {
      await navigator.clipboard.writeText(this.value)
      ok = true
    } catch {
      if (input) {
        input.focus()
        input.select()
        try {
          ok = document.execCommand("copy")
        } catch {
          ok = false
        }
      }
    }
    this._copied = ok
    this._failed = !ok
    clearTimeout(this.#timer)
    if (ok) this.#timer = setTimeout(() => (this._copied = false), 2500)
    else input?.select()
    return ok
  }

  protected override render(): TemplateResult {
    return html`
      <div class="row">
        <textarea
          class="input value"
          part="input"
          readonly
          rows="1"
          .value=${this.value}
          aria-label=${this.label}
          spellcheck="false"
          @focus=${(e: FocusEvent) => (e.target as HTMLTextAreaElement).select()}
        ></textarea>
        <button class="btn" part="copy" type="button" data-copied=${this._copied ? "true" : "false"} @click=${() => this.copy()}>
          ${this._copied ? checkIcon : copyIcon} ${this._copied ? this.t("common.copied") : this.t("common.copy")}
        </button>
      </div>
      <div class="status" part="status" role="status" aria-live="polite">
        ${this._failed ? this.t("common.copyFailed") : this._copied ? html`<span class="visually-hidden">${this.t("common.copied")}</span>` : ""}
      </div>
    `
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        align-items: flex-start;
        gap: 6px;
      }
      /* The whole value stays visible: it wraps instead of scrolling out of sight. */
      .value {
        flex: 1;
        min-width: 0;
        height: auto;
        min-height: var(--_control-h);
        padding: 5px 8px;
        field-sizing: content;
        resize: none;
        overflow: hidden;
        background: var(--_surface);
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        font-size: 12px;
        line-height: 18px;
        word-break: break-all;
      }
      .btn svg {
        flex: none;
      }
      .btn[data-copied="true"] {
        border-color: var(--_success);
        color: var(--_success);
      }
      .status {
        font-size: 12px;
        color: var(--_danger);
      }
    `,
  ]
}

const copyIcon = html`<svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true"><rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5"/></svg>`
const checkIcon = html`<svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M3 8.5l3 3 7-7"/></svg>`

define("org-copy-field", OrgCopyField)

declare global {
  interface HTMLElementTagNameMap {
    "org-copy-field": OrgCopyField
  }
}
