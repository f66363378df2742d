import { css, html, type TemplateResult } from "lit"
import { LangChangeEvent } from "../events.js"
import { LANGS, type Lang } from "../i18n/i18n.js"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, tokens } from "../lib/styles.js"

/**
 * `<org-lang-switch>`: RU | EN toggle. Sets its own `lang` and fires `org-lang-change`; the
 * element that contains it (or the page) applies the language.
 *
 * @fires org-lang-change - {@link LangChangeEvent}
 * @csspart group, option
 */
export class OrgLangSwitch extends OrgElement {
  #pick(lang: Lang): void {
    if (lang === this.locale) return
    this.lang = lang
    this.dispatchEvent(new LangChangeEvent(lang))
  }

  protected override render(): TemplateResult {
    const current = this.locale
    return html`<div class="group" role="group" part="group" aria-label=${this.t("lang.label")}>
      ${LANGS.map(
        (lang) => html`<button
          type="button"
          part="option"
          lang=${lang}
          data-lang=${lang}
          title=${this.t(`lang.${lang}.full`)}
          aria-label=${this.t(`lang.${lang}.full`)}
          aria-pressed=${lang === current ? "true" : "false"}
          @click=${() => this.#pick(lang)}
        >
          ${this.t(`lang.${lang}`)}
        </button>`,
      )}
    </div>`
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: inline-block;
      }
      .group {
        display: inline-flex;
        padding: 2px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      button {
        min-width: 30px;
        height: 22px;
        padding: 0 6px;
        border: 0;
        border-radius: calc(var(--_radius) - 2px);
        background: transparent;
        color: var(--_muted);
        font-size: 11px;
        font-weight: 600;
        letter-spacing: 0.02em;
        cursor: pointer;
      }
      button:hover {
        color: var(--_text);
      }
      button[aria-pressed="true"] {
        background: var(--_bg);
        color: var(--_text);
        box-shadow: 0 1px 2px rgb(15 23 42 / 0.12);
      }
    `,
  ]
}

define("org-lang-switch", OrgLangSwitch)

declare global {
  interface HTMLElementTagNameMap {
    "org-lang-switch": OrgLangSwitch
  }
}
