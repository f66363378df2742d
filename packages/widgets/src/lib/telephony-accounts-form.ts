/** Small pieces of the SIP account forms and lists of the PBX elements. */
import { html, nothing, type TemplateResult } from "lit"
import type { SipAccount } from "../api/telephony.js"
import type { UserListItemDto } from "../api/types.js"
import type { MessageKey } from "../i18n/i18n.js"

/** The most members an extension has (the server's limit). */
export const MAX_MEMBERS = 50

/** How an account is named in lists: its comment (the display name), else its username. */
export function accountName(a: Pick<SipAccount, "username" | "comment">): string {
  return a.comment?.trim() || a.username
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** The call limit field: "" → null (no limit), 1–100 → the number, anything else → undefined (invalid). */
export function readCallLimit(value: string): number | null | undefined {
  const s = value.trim()
  if (!s) return null
  if (!/^\d{1,3}$/.test(s)) return undefined
  const n = Number(s)
  return n >= 1 && n <= 100 ? n : undefined
}

/**
 * The call limit input of a form: like {@link readCallLimit}, and invalid when the browser could
 * not read what was typed (a number input reports "" for "1e" or "--", which is not "no limit").
 */
export function readCallLimitInput(form: HTMLFormElement): number | null | undefined {
  const input = form.querySelector<HTMLInputElement>("input[name=callLimit]")
  if (!input) return null
  return input.validity.badInput ? undefined : readCallLimit(input.value)
}

/**
 * The options of the linked-user picker, by name: "not linked" first; a user already linked to
 * another account (as far as the loaded accounts tell — the server's 409 says the rest) is shown
 * with that account and cannot be picked, since a user has one account.
 */
export function userOptions(t: T, users: readonly UserListItemDto[], accounts: readonly SipAccount[], current: SipAccount | null): TemplateResult {
  const collator = new Intl.Collator(undefined, { sensitivity: "base" })
  const sorted = [...users].sort((a, b) => collator.compare(a.name, b.name))
  const selected = current?.userId ?? null
  return html`<option value="" ?selected=${selected === null}>${t("sip.user.none")}</option>
    ${sorted.map((u) => {
      const holder = accounts.find((a) => a.userId === u.id && a.id !== current?.id)
      const name = `${u.name} (${u.login})`
      const label = holder ? t("sip.user.linked", { name, username: holder.username }) : u.disabled ? t("sip.user.disabled", { name }) : name
      return html`<option value=${u.id} ?selected=${selected === u.id} ?disabled=${!!holder}>${label}</option>`
    })}`
}

export interface InputOptions {
  readonly hint?: string
  readonly type?: string
  readonly required?: boolean
  readonly maxlength?: number
  readonly min?: number
  readonly max?: number
  readonly placeholder?: string
}

/** A labelled input (id `f-<name>`) with its hint under it — replaced by the error when there is one. */
export function accountInput(name: string, label: string, error: string | undefined, onInput: () => void, o: InputOptions): TemplateResult {
  const id = `f-${name}`
  const note = error ? `${id}-error` : o.hint ? `${id}-hint` : undefined
  return html`<div class="field">
    <label class="label" for=${id}>${label}</label>
    <input
      id=${id}
      class="input"
      part="input"
      name=${name}
      type=${o.type ?? "text"}
      autocomplete="off"
      spellcheck="false"
      placeholder=${o.placeholder ?? nothing}
      maxlength=${o.maxlength ?? nothing}
      min=${o.min ?? nothing}
      max=${o.max ?? nothing}
      aria-required=${o.required ? "true" : "false"}
      aria-invalid=${error ? "true" : "false"}
      aria-describedby=${note ?? nothing}
      @input=${onInput}
    />
    ${error
      ? html`<span id=${`${id}-error`} class="field-error" part="field-error">${error}</span>`
      : o.hint
        ? html`<span id=${`${id}-hint`} class="hint">${o.hint}</span>`
        : nothing}
  </div>`
}
