import { html, nothing, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import { ROLES } from "../api/types.js"
import type { MessageKey } from "../i18n/i18n.js"

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/**
 * The per-input messages of a 400/409 problem: each field's path ("login", "roles.0",
 * "body.title") is matched by its first segment against `known`; the rest are returned apart.
 */
export function fieldErrorsOf<F extends string>(
  error: unknown,
  known: readonly F[],
): { byField: Partial<Record<F, string>>; other: string[] } {
  const byField: Partial<Record<F, string>> = {}
  const other: string[] = []
  if (!(error instanceof ApiError)) return { byField, other }
  for (const f of error.fields) {
    const head = f.path.replace(/^\/|^body\./, "").split(/[./]/)[0] as F
    if ((known as readonly string[]).includes(head)) byField[head] ??= f.message
    else other.push(f.message)
  }
  return { byField, other }
}

/** A role's name in the widget's language (unknown roles as they come). */
export function roleLabel(t: T, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`role.${role}` as MessageKey) : role
}

/** A set of checkboxes named `name` in a fieldset, styled as pills (read them with `FormData.getAll(name)`). */
export function checkOptions(options: {
  legend: string
  name: string
  /** The error's id is `${idPrefix}-${name}-error`. */
  idPrefix: string
  items: readonly { value: string; label: string }[]
  part: string
  error?: string | undefined
  checked?: readonly string[] | undefined
  /** Options shown but not changeable (keep their checked state). */
  locked?: readonly string[] | undefined
  /** Id of a note explaining the locked options. */
  lockedHint?: string | undefined
  onChange?: (value: string, checked: boolean) => void
}): TemplateResult {
  const errorId = `${options.idPrefix}-${options.name}-error`
  const describedBy = [options.error ? errorId : "", options.locked?.length && options.lockedHint ? options.lockedHint : ""].filter(Boolean).join(" ")
  return html`<fieldset class="roles" data-field=${options.name} ?data-invalid=${!!options.error} aria-describedby=${describedBy || nothing}>
    <legend class="label">${options.legend}</legend>
    <div class="role-options">
      ${options.items.map((item) => {
        const locked = options.locked?.includes(item.value) ?? false
        return html`<label class="role-option" ?data-locked=${locked}>
          <input
            type="checkbox"
            name=${options.name}
            value=${item.value}
            part=${options.part}
            .checked=${options.checked?.includes(item.value) ?? false}
            ?disabled=${locked}
            aria-describedby=${locked && options.lockedHint ? options.lockedHint : nothing}
            @change=${(e: Event) => options.onChange?.(item.value, (e.target as HTMLInputElement).checked)}
          />
          <span>${item.label}</span>
        </label>`
      })}
    </div>
    ${options.error ? html`<span id=${errorId} class="field-error" part="field-error">${options.error}</span>` : nothing}
  </fieldset>`
}

/** Role checkboxes named `name` (read them with `FormData.getAll(name)`). */
export function roleChecks(
  t: T,
  options: {
    name: string
    idPrefix: string
    error?: string | undefined
    checked?: readonly string[]
    locked?: readonly string[]
    lockedHint?: string
    onChange?: (role: string, checked: boolean) => void
  },
): TemplateResult {
  return checkOptions({
    legend: t("field.roles"),
    name: options.name,
    idPrefix: options.idPrefix,
    items: ROLES.map((role) => ({ value: role, label: t(`role.${role}` as MessageKey) })),
    part: "role",
    error: options.error,
    checked: options.checked,
    locked: options.locked,
    lockedHint: options.lockedHint,
    onChange: options.onChange,
  })
}
