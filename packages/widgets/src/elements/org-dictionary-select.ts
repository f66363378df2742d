import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import type { DictionaryItemDto } from "../api/case-card.js"
import { ValuePickEvent } from "../case-card-events.js"
import { ApiController } from "../lib/api-controller.js"
import { dictionaryStore, type DictionaryStore } from "../lib/case-desk-cache.js"
import { label, shortId } from "../lib/case-fields.js"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, tokens } from "../lib/styles.js"

let seq = 0

/**
 * `<org-dictionary-select>`: a searchable select over the items of a tenant dictionary
 * (`GET /reference/dictionaries/:key/items?q=`) — a combobox: type to search, arrows to move,
 * Enter to pick, Escape to close, the × button to clear.
 *
 * @attr dictionary - the dictionary's key (cities, makes, programs …)
 * @attr value - the picked item's id
 * @attr label - accessible name
 * @attr parent - only children of this item (e.g. the models of a make)
 * @attr invalid - marks the input invalid (aria-invalid)
 * @attr description - read out with the input (its error message)
 * @attr disabled
 * @attr token, base-url - when no provider is above
 * @fires org-value-pick - {@link ValuePickEvent} with the item id (or null when cleared)
 * @csspart input, listbox, option, clear
 */
export class OrgDictionarySelect extends OrgElement {
  static override properties = {
    dictionary: { type: String },
    value: { type: String },
    label: { type: String },
    parent: { type: String },
    invalid: { type: Boolean },
    disabled: { type: Boolean },
    description: { type: String },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    _open: { state: true },
    _query: { state: true },
    _options: { state: true },
    _active: { state: true },
    _loading: { state: true },
  }

  declare dictionary: string
  declare value: string | null
  declare label: string
  declare parent: string | undefined
  declare invalid: boolean
  declare disabled: boolean
  /** Read out with the input (e.g. its error message): ids do not cross shadow roots. */
  declare description: string | undefined
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare _open: boolean
  declare _query: string | null
  declare _options: DictionaryItemDto[]
  declare _active: number
  declare _loading: boolean

  readonly #api = new ApiController(this)
  readonly #id = `dsel-${++seq}`
  #store: DictionaryStore | undefined
  #offStore: (() => void) | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #searchSeq = 0

  constructor() {
    super()
    this.dictionary = ""
    this.value = null
    this.label = ""
    this.invalid = false
    this.disabled = false
    this._open = false
    this._query = null
    this._options = []
    this._active = -1
    this._loading = false
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#offStore?.()
    this.#offStore = undefined
    this.#store = undefined
    clearTimeout(this.#timer)
  }

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLInputElement>("input")?.focus(options)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    if (!this.dictionary) return
    const store = dictionaryStore(this.#api.client, this.dictionary)
    if (store !== this.#store) {
      this.#offStore?.()
      this.#store = store
      this.#offStore = store.onChange(() => this.requestUpdate())
      void store.ensure()
    }
  }

  /** The picked item's label ("" when none). */
  get valueLabel(): string {
    if (!this.value) return ""
    const item = this.#store?.get(this.value)
    return item ? label(item.label, this.locale) : shortId(this.value)
  }

  #search(q: string): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.#runSearch(q), 150)
  }

  async #runSearch(q: string): Promise<void> {
    const store = this.#store
    if (!store) return
    const mine = ++this.#searchSeq
    this._loading = true
    try {
      const found = await store.search(q, this.parent || undefined)
      if (mine !== this.#searchSeq) return
      this._options = found
      this._active = found.length ? 0 : -1
    } catch {
      if (mine === this.#searchSeq) this._options = []
    } finally {
      if (mine === this.#searchSeq) this._loading = false
    }
  }

  #openList(): void {
    if (this.disabled || this._open) return
    this._open = true
    void this.#runSearch(this._query ?? "")
  }

  #close(revert: boolean): void {
    this._open = false
    if (revert) this._query = null
  }

  #pick(item: DictionaryItemDto | null): void {
    this._open = false
    this._query = null
    const next = item?.id ?? null
    if (item) this.#store?.remember([item])
    if (next === this.value) return
    this.value = next
    this.dispatchEvent(new ValuePickEvent(next))
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault()
      if (!this._open) return this.#openList()
      const n = this._options.length
      if (!n) return
      this._active = e.key === "ArrowDown" ? (this._active + 1) % n : (this._active - 1 + n) % n
      void this.updateComplete.then(() => this.renderRoot.querySelector(`#${this.#id}-o${this._active}`)?.scrollIntoView({ block: "nearest" }))
    } else if (e.key === "Enter") {
      if (!this._open) return
      e.preventDefault()
      const item = this._options[this._active]
      if (item) this.#pick(item)
    } else if (e.key === "Escape") {
      if (this._open || this._query !== null) {
        e.preventDefault()
        e.stopPropagation()
        this.#close(true)
      }
    }
  }

  protected override render(): TemplateResult {
    const listId = `${this.#id}-list`
    const shown = this._query ?? this.valueLabel
    const active = this._open && this._active >= 0 ? `${this.#id}-o${this._active}` : undefined
    return html`<div class="wrap">
      <input
        class="input"
        part="input"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-label=${this.label}
        aria-autocomplete="list"
        aria-expanded=${this._open ? "true" : "false"}
        aria-controls=${listId}
        aria-activedescendant=${active ?? nothing}
        aria-invalid=${this.invalid ? "true" : "false"}
        aria-describedby=${this.description ? `${this.#id}-desc` : nothing}
        placeholder=${this.t("card.dictionary.placeholder")}
        ?disabled=${this.disabled}
        .value=${shown}
        @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
        @click=${() => this.#openList()}
        @input=${(e: InputEvent) => {
          this._query = (e.target as HTMLInputElement).value
          this._open = true
          this.#search(this._query)
        }}
        @keydown=${this.#onKeydown}
        @blur=${() => setTimeout(() => this.#close(true), 150)}
      />
      ${this.value && !this.disabled
        ? html`<button
            class="clear"
            part="clear"
            type="button"
            tabindex="-1"
            aria-label=${this.t("card.dictionary.clear", { name: this.label })}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => this.#pick(null)}
          >
            ×
          </button>`
        : nothing}
      ${this.description ? html`<span id=${`${this.#id}-desc`} class="visually-hidden">${this.description}</span>` : nothing}
      <ul id=${listId} class="list" part="listbox" role="listbox" aria-label=${this.label} ?hidden=${!this._open}>
        ${this._open && !this._options.length
          ? html`<li class="none" role="presentation">${this._loading ? this.t("app.loading") : this.t("card.dictionary.none")}</li>`
          : nothing}
        ${this._open
          ? this._options.map(
              (item, i) => html`<li
                id=${`${this.#id}-o${i}`}
                class="option"
                part="option"
                role="option"
                data-id=${item.id}
                aria-selected=${i === this._active ? "true" : "false"}
                @mousedown=${(e: Event) => e.preventDefault()}
                @click=${() => this.#pick(item)}
              >
                <span>${label(item.label, this.locale)}</span>
                ${item.code ? html`<span class="code">${item.code}</span>` : nothing}
              </li>`,
            )
          : nothing}
      </ul>
    </div>`
  }

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      .wrap {
        position: relative;
      }
      .input {
        padding-right: 26px;
      }
      .clear {
        position: absolute;
        top: 50%;
        right: 4px;
        width: 20px;
        height: 20px;
        transform: translateY(-50%);
        border: 0;
        border-radius: 4px;
        background: transparent;
        color: var(--_muted);
        font-size: 15px;
        line-height: 1;
        cursor: pointer;
      }
      .clear:hover {
        background: var(--_row-hover);
        color: var(--_text);
      }
      .list {
        position: absolute;
        z-index: 20;
        top: calc(100% + 2px);
        left: 0;
        right: 0;
        max-height: 240px;
        margin: 0;
        padding: 4px 0;
        overflow-y: auto;
        list-style: none;
        border: 1px solid var(--_border-strong);
        border-radius: var(--_radius);
        background: var(--_bg);
        box-shadow: 0 8px 24px rgb(15 23 42 / 0.12);
      }
      .list[hidden] {
        display: none;
      }
      .option {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        padding: 5px 10px;
        cursor: pointer;
      }
      .option[aria-selected="true"] {
        background: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
      }
      .code {
        color: var(--_muted);
        font-size: 11px;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      }
      .none {
        padding: 6px 10px;
        color: var(--_muted);
      }
    `,
  ]
}

define("org-dictionary-select", OrgDictionarySelect)

declare global {
  interface HTMLElementTagNameMap {
    "org-dictionary-select": OrgDictionarySelect
  }
}
