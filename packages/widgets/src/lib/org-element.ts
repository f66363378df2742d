import { LitElement, type PropertyDeclarations } from "lit"
import { observeDocumentLang, resolveLang, translate, type Lang, type MessageKey } from "../i18n/i18n.js"

/**
 * Base of every `<org-*>` element: the `lang` property (falls back to `<html lang>`, then ru)
 * and `t()` for texts. Not registered as an element itself.
 */
export class OrgElement extends LitElement {
  static override properties: PropertyDeclarations = {
    lang: { type: String, reflect: true },
  }

  declare lang: string

  #stopObserving: (() => void) | undefined

  /** The resolved language. */
  get locale(): Lang {
    return resolveLang(this.lang)
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.locale, key, params)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.#stopObserving = observeDocumentLang(() => {
      if (!this.lang) this.requestUpdate()
    })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#stopObserving?.()
    this.#stopObserving = undefined
  }
}

/** Defines the element unless a copy of the library already did (embed bundle + npm). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor)
}
