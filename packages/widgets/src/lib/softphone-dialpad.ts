/** The dial pad of `<org-softphone>`: the number field, the keys and the call button. */
import { html, nothing, type TemplateResult } from "lit"
import { eraseIcon, phoneIcon } from "./softphone-icons.js"
import type { ViewContext } from "./softphone-view.js"

export const KEYS: readonly (readonly [string, string])[] = [
  ["1", ""],
  ["2", "ABC"],
  ["3", "DEF"],
  ["4", "GHI"],
  ["5", "JKL"],
  ["6", "MNO"],
  ["7", "PQRS"],
  ["8", "TUV"],
  ["9", "WXYZ"],
  ["*", ""],
  ["0", "+"],
  ["#", ""],
]

export function keyLabel(ctx: ViewContext, key: string): string {
  if (key === "*") return ctx.t("softphone.key.star")
  if (key === "#") return ctx.t("softphone.key.hash")
  return key
}

/** Twelve keys; `onKey` gets "0"…"9", "*", "#". */
export function renderKeypad(ctx: ViewContext, onKey: (key: string) => void, compact = false): TemplateResult {
  return html`<div class="pad ${compact ? "compact" : ""}" part="keypad" role="group" aria-label=${ctx.t("softphone.keypad")}>
    ${KEYS.map(
      ([key, letters]) => html`<button
        type="button"
        class="key"
        part="key"
        data-key=${key}
        aria-label=${keyLabel(ctx, key)}
        @click=${() => onKey(key)}
      >
        <span class="key-digit" aria-hidden="true">${key}</span><span class="key-letters" aria-hidden="true">${letters}</span>
      </button>`,
    )}
  </div>`
}

export interface DialState {
  readonly number: string
  /** The name the contact lookup found for the number. */
  readonly lookupName: string | undefined
  readonly canCall: boolean
  /** Why calling is not possible right now (not registered…), for the button's title. */
  readonly blockedReason: string | undefined
}

export function renderDialPad(ctx: ViewContext, state: DialState): TemplateResult {
  const a = ctx.actions
  return html`
    <div class="dial-field">
      <label class="visually-hidden" for="dial">${ctx.t("softphone.dial.label")}</label>
      <input
        id="dial"
        class="input dial-input"
        part="dial-input"
        type="tel"
        inputmode="tel"
        autocomplete="off"
        spellcheck="false"
        list="directory"
        placeholder=${ctx.t("softphone.dial.placeholder")}
        .value=${state.number}
        @input=${(e: InputEvent) => a.dialInput((e.target as HTMLInputElement).value, e.inputType === "insertFromPaste")}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === "Enter") {
            e.preventDefault()
            a.placeCall()
          } else if (e.key === "Escape" && state.number) {
            e.preventDefault()
            a.dialInput("", false)
          }
        }}
      />
      ${state.number
        ? html`<button type="button" class="icon-btn" part="erase" aria-label=${ctx.t("softphone.dial.erase")} title=${ctx.t("softphone.dial.erase")} @click=${() => a.erase()}>
            ${eraseIcon()}
          </button>`
        : nothing}
    </div>
    <div class="lookup" part="lookup" aria-live="polite">${state.lookupName ?? ""}</div>
    ${renderKeypad(ctx, (key) => a.dialKey(key))}
    <div class="actions">
      <button
        type="button"
        class="round call"
        part="call-button"
        aria-label=${ctx.t("softphone.call")}
        title=${state.blockedReason ?? ctx.t("softphone.call")}
        ?disabled=${!state.canCall}
        @click=${() => a.placeCall()}
      >
        ${phoneIcon(22)}
      </button>
    </div>
  `
}
