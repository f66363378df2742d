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

/** Role checkboxes named `name` (read them with `FormData.getAll(name)`). */
export function roleChecks(
  t: T,
  options: { name: string; idPrefix: string; error?: string | undefined; checked?: readonly string[]; onChange?: () => void },
): TemplateResult {
  const errorId = `${options.idPrefix}-roles-error`
  return html`<fieldset
    class="roles"
    ?data-invalid=${!!options.error}
    aria-describedby=${options.error ? errorId : nothing}
  >
    <legend class="label">${t("field.roles")}</legend>
    <div class="role-options">
      ${ROLES.map(
        (role) => html`<label class="role-option">
          <input
            type="checkbox"
            name=${options.name}
            value=${role}
            part="role"
            .checked=${options.checked?.includes(role) ?? false}
            @change=${() => options.onChange?.()}
          />
          <span>${t(`role.${role}` as MessageKey)}</span>
        </label>`,
      )}
    </div>
    ${options.error ? html`<span id=${errorId} class="field-error" part="field-error">${options.error}</span>` : nothing}
  </fieldset>`
}
