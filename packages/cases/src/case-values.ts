/**
 * Field values of a typed case, checked against its type: unknown fields,
 * values of the wrong kind (each kind's schema also normalises: phones to
 * E.164, VINs upper-case …) and, on create, the fields required from the start.
 * Every problem is reported at once under `values.<key>`.
 */
import { decodeInput, type FieldIssue, ValidationError } from "@org/core"
import { Effect, Exit, Option } from "effect"
import { fieldKinds } from "./fields"
import { type CaseTypeDef, isEmpty, missingOnCreate } from "./types"

export type Values = Record<string, unknown>

export const checkValues = (def: CaseTypeDef, input: Values, mode: "create" | "update"): Effect.Effect<Values, ValidationError> => {
  const issues: FieldIssue[] = []
  const out: Values = {}
  for (const [key, raw] of Object.entries(input)) {
    const field = def.fields.find((f) => f.key === key)
    if (!field) {
      issues.push({ path: `values.${key}`, en: "Unknown field", ru: "Неизвестное поле" })
      continue
    }
    if (raw === null || (typeof raw === "string" && raw.trim() === "")) {
      out[key] = null // clearing a value
      continue
    }
    const exit = Effect.runSyncExit(decodeInput(fieldKinds[field.kind] as any, `values.${key}`)(raw))
    if (Exit.isSuccess(exit)) out[key] = exit.value
    else {
      const failure = Exit.findErrorOption(exit)
      if (Option.isSome(failure)) issues.push(...failure.value.fields)
    }
  }
  if (mode === "create") {
    for (const f of missingOnCreate(def, out)) {
      if (!issues.some((i) => i.path === `values.${f.key}`)) {
        issues.push({ path: `values.${f.key}`, en: `Required: ${f.label.en}`, ru: `Обязательное поле: ${f.label.ru}` })
      }
    }
  }
  return issues.length ? Effect.fail(new ValidationError({ fields: issues })) : Effect.succeed(out)
}

/** The fields whose value changes, with old and new values, for the journal. */
export const changesOf = (before: Values, patch: Values) =>
  Object.entries(patch)
    .filter(([k, v]) => JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null))
    .map(([field, to]) => ({ field, from: before[field] ?? null, to: isEmpty(to) ? null : to }))
