import { css, html, type TemplateResult } from "lit"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, tokens } from "../lib/styles.js"

/**
 * `<org-copy-button>`: a small icon button that copies a value (a case number, a phone) — for
 * headers where `<org-copy-field>`'s full-width field does not fit. Clipboard API, else
 * `execCommand("copy")` on a hidden field.
 *
 * @attr value - the text to copy
 * @attr label - what is copied, for the accessible name ("Copy {label}")
 * @csspart button
 */
export class OrgCopyButton extends OrgElement {
  static override properties = {
    value: { type: String },
    label: { type: String },
    _state: { state: true },
  }

  declare value: string
  declare label: string
  declare _state: "idle" | "copied" | "failed"

  #timer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.value = ""
    this.label = ""
    this._state = "idle"
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#timer)
  }

  /** Copies the value; resolves to whether it worked. */
  async copy(): Promise<boolean> {
    let ok = false
    try {
      await navigator.clipboard.writeText(this.value)
      ok = true
    } catch {
      const area = document.createElement("textarea")
      area.value = this.value
      area.setAttribute("readonly", "")
      area.style.cssText = "position:fixed;opacity:0;left:-9999px"
      this.renderRoot.appendChild(area)
      area.select()
      try {
        ok = document.execCommand("copy")
      } catch {
        ok = false
      }
      area.remove()
    }
    this._state = ok ? "copied" : "failed"
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => (this._state = "idle"), 2000)
    return ok
  }

  protected override render(): TemplateResult {
    const name = this.t("card.copy", { label: this.label })
    const title = this._state === "copied" ? this.t("common.copied") : this._state === "failed" ? this.t("common.copyFailed") : name
    return html`<button class="btn" part="button" type="button" aria-label=${name} title=${title} data-state=${this._state} @click=${() => this.copy()}>
        ${this._state === "copied" ? checkIcon : copyIcon}
      </button>
      <span class="visually-hidden" role="status" aria-live="polite">${this._state === "idle" ? "" : title}</span>`
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: inline-flex;
        vertical-align: middle;
      }
      .btn {
        width: 24px;
        height: 24px;
        padding: 0;
        border-color: transparent;
        background: transparent;
        color: var(--_muted);
      }
      .btn:hover:not(:disabled) {
        background: var(--_row-hover);
        border-color: transparent;
        color: var(--_text);
      }
      .btn[data-state="copied"] {
        color: var(--_success);
      }
      .btn[data-state="failed"] {
        color: var(--_danger);
      }
    `,
  ]
}

const copyIcon = html`<svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true"><rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5"/></svg>`
const checkIcon = html`<svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M3 8.5l3 3 7-7"/></svg>`

define("org-copy-button", OrgCopyButton)

declare global {
  interface HTMLElementTagNameMap {
    "org-copy-button": OrgCopyButton
  }
}
