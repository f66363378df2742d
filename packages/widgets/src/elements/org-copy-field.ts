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
    const input = this.renderRoot.querySelector<HTMLInputElement>("input")
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
        <input
          class="input mono"
          part="input"
          readonly
          .value=${this.value}
          aria-label=${this.label}
          spellcheck="false"
          @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
        />
        <button class="btn" part="copy" type="button" data-copied=${this._copied ? "true" : "false"} @click=${() => this.copy()}>
          <span aria-hidden="true">${this._copied ? "✓" : "⧉"}</span>
          ${this._copied ? this.t("common.copied") : this.t("common.copy")}
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
        gap: 6px;
      }
      .input {
        flex: 1;
        min-width: 0;
        background: var(--_surface);
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        font-size: 12px;
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

define("org-copy-field", OrgCopyField)

declare global {
  interface HTMLElementTagNameMap {
    "org-copy-field": OrgCopyField
  }
}
