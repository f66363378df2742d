import { css, html, nothing, type TemplateResult } from "lit"
import { live } from "lit/directives/live.js"
import { repeat } from "lit/directives/repeat.js"
import type { SipAccount } from "../api/telephony.js"
import { define, OrgElement } from "../lib/org-element.js"
import { controls, surfaces, tokens } from "../lib/styles.js"
import { accountName, MAX_MEMBERS } from "../lib/telephony-accounts-form.js"

/**
 * `<org-telephony-members>` (internal to `<org-telephony-extensions>`): picks the member accounts
 * of an extension — the chosen ones as removable chips, the rest as a checkbox list narrowed by a
 * search box (plain checkboxes: keyboard and screen readers need nothing more). Fires `change`
 * when the selection changes; read it from `value`. Focusing the element focuses its search box
 * (so a form can send the user to it when it has an error).
 *
 * @prop accounts - the tenant's SIP accounts
 * @prop value - the selected account ids, in the order picked
 * @prop initial - the selection to start from: taken when a different array is given (a template
 *   binding hands the same one over on every render, which must not undo the user's picks)
 * @attr error - a message shown under the list (and the list marked invalid)
 * @attr label - the legend
 * @csspart member-chip, member-remove, member-filter, member-option
 */
export class OrgTelephonyMembers extends OrgElement {
  static override properties = {
    accounts: { attribute: false },
    value: { attribute: false },
    error: { type: String },
    label: { type: String },
    _filter: { state: true },
  }

  declare accounts: readonly SipAccount[]
  declare value: readonly string[]
  declare error: string
  declare label: string
  declare _filter: string

  #initial: readonly string[] | undefined

  get initial(): readonly string[] | undefined {
    return this.#initial
  }

  set initial(members: readonly string[] | undefined) {
    if (members === this.#initial) return
    this.#initial = members
    this.value = [...(members ?? [])]
  }

  constructor() {
    super()
    this.accounts = []
    this.value = []
    this.error = ""
    this.label = ""
    this._filter = ""
  }

  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLInputElement>("input")?.focus(options)
  }

  #set(next: readonly string[]): void {
    this.value = next
    this.dispatchEvent(new Event("change", { bubbles: true }))
  }

  #toggle(id: string, on: boolean): void {
    const rest = this.value.filter((v) => v !== id)
    this.#set(on ? [...rest, id] : rest)
  }

  async #remove(id: string): Promise<void> {
    const index = this.value.indexOf(id)
    this.#set(this.value.filter((v) => v !== id))
    await this.updateComplete
    // Focus stays in the chips (the next one, else the previous), else goes to the search box.
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>("[part=member-remove]")]
    ;(buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLInputElement>("input"))?.focus()
  }

  protected override render(): TemplateResult {
    const t = this.t.bind(this)
    const byId = new Map(this.accounts.map((a) => [a.id, a]))
    const q = this._filter.trim().toLowerCase()
    const shown = q
      ? this.accounts.filter((a) => a.username.toLowerCase().includes(q) || (a.comment ?? "").toLowerCase().includes(q))
      : this.accounts
    const full = this.value.length >= MAX_MEMBERS
    return html`<fieldset class="members" ?data-invalid=${!!this.error} aria-describedby=${this.error ? "members-error" : "members-count"}>
      <legend class="label">${this.label}</legend>
      <div class="chips">
        ${this.value.length
          ? this.value.map((id) => {
              const a = byId.get(id)
              const name = a ? accountName(a) : t("ext.members.unknown")
              return html`<span class="chip" part="member-chip" data-id=${id} ?data-blocked=${a?.blocked} ?data-unknown=${!a} title=${a ? `${name} (${a.username})` : name}>
                <span class="chip-name">${name}</span>${a && a.comment ? html`<span class="chip-user mono">${a.username}</span>` : nothing}
                ${a?.blocked ? html`<span class="visually-hidden">(${t("tel.state.blocked")})</span>` : nothing}
                <button class="chip-remove" part="member-remove" type="button" aria-label=${t("ext.members.remove", { name })} @click=${() => this.#remove(id)}>
                  <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M3 3l6 6M9 3l-6 6" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" /></svg>
                </button>
              </span>`
            })
          : html`<span class="muted none">${t("ext.members.none")}</span>`}
      </div>
      ${this.accounts.length
        ? html`<div class="picker">
            <input
              class="input filter"
              part="member-filter"
              type="search"
              autocomplete="off"
              spellcheck="false"
              placeholder=${t("ext.members.filter")}
              aria-label=${t("ext.members.filter")}
              .value=${this._filter}
              @input=${(e: InputEvent) => (this._filter = (e.target as HTMLInputElement).value)}
            />
            <div class="options">
              ${shown.length
                ? repeat(shown, (a) => a.id, (a) => {
                    const checked = this.value.includes(a.id)
                    return html`<label class="option" ?data-blocked=${a.blocked}>
                      <input
                        type="checkbox"
                        part="member-option"
                        value=${a.id}
                        .checked=${live(checked)}
                        ?disabled=${full && !checked}
                        @change=${(e: Event) => this.#toggle(a.id, (e.target as HTMLInputElement).checked)}
                      />
                      <span class="opt-name">${accountName(a)}</span>
                      ${a.comment ? html`<span class="mono muted">${a.username}</span>` : nothing}
                      ${a.blocked ? html`<span class="tag" data-tone="danger">${t("tel.state.blocked")}</span>` : nothing}
                    </label>`
                  })
                : html`<p class="muted no-match">${t("tel.nothingFound")}</p>`}
            </div>
          </div>`
        : html`<p class="muted no-match">${t("ext.members.noAccounts")}</p>`}
      <span id="members-count" class="count">${t("ext.members.selected", { count: this.value.length, max: MAX_MEMBERS })}</span>
      ${this.error ? html`<span id="members-error" class="field-error" part="field-error">${this.error}</span>` : nothing}
    </fieldset>`
  }

  static override styles = [
    tokens,
    controls,
    surfaces,
    css`
      :host {
        display: block;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      legend {
        padding: 0;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        min-height: 28px;
        align-items: center;
        margin-bottom: 6px;
      }
      .none {
        font-size: 12px;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        max-width: 100%;
        height: 26px;
        padding: 0 2px 0 10px;
        border: 1px solid color-mix(in srgb, var(--_primary) 35%, transparent);
        border-radius: 999px;
        background: color-mix(in srgb, var(--_primary) 8%, var(--_bg));
      }
      .chip[data-blocked],
      .chip[data-unknown] {
        border-color: #fecaca;
        background: var(--_danger-bg);
      }
      .chip[data-blocked] .chip-name,
      .chip[data-unknown] .chip-name {
        text-decoration: line-through;
        color: var(--_muted);
      }
      .chip-name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .chip-user {
        color: var(--_muted);
        font-size: 11px;
      }
      .chip-remove {
        display: inline-grid;
        place-items: center;
        width: 20px;
        height: 20px;
        padding: 0;
        border: 0;
        border-radius: 50%;
        background: transparent;
        color: var(--_muted);
        cursor: pointer;
      }
      .chip-remove:hover {
        background: var(--_row-hover);
        color: var(--_danger);
      }
      .chip-remove svg {
        width: 12px;
        height: 12px;
      }
      .picker {
        border: 1px solid var(--_border-strong);
        border-radius: var(--_radius);
        background: var(--_bg);
      }
      fieldset[data-invalid] .picker {
        border-color: var(--_danger);
      }
      .filter {
        border: 0;
        border-bottom: 1px solid var(--_border);
        border-radius: var(--_radius) var(--_radius) 0 0;
      }
      .filter:focus {
        box-shadow: inset 0 0 0 2px color-mix(in srgb, var(--_focus) 40%, transparent);
      }
      .options {
        max-height: 184px;
        overflow-y: auto;
        padding: 4px;
      }
      .option {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: 30px;
        padding: 2px 8px;
        border-radius: var(--_radius);
        cursor: pointer;
      }
      .option:hover {
        background: var(--_row-hover);
      }
      .option:has(input:checked) {
        background: color-mix(in srgb, var(--_primary) 8%, var(--_bg));
      }
      .option input {
        flex: none;
        width: 14px;
        height: 14px;
        margin: 0;
        accent-color: var(--_primary);
      }
      /* Names wrap rather than being cut: in a narrow picker the whole name is what tells accounts apart. */
      .opt-name {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .option .mono {
        flex: none;
      }
      .option .tag {
        margin-left: auto;
      }
      .no-match {
        margin: 0;
        padding: 8px;
        font-size: 12px;
      }
      .count {
        display: block;
        margin-top: 4px;
        font-size: 12px;
        color: var(--_muted);
      }
    `,
  ]
}

define("org-telephony-members", OrgTelephonyMembers)

declare global {
  interface HTMLElementTagNameMap {
    "org-telephony-members": OrgTelephonyMembers
  }
}
