/**
 * Values that point at other records — dictionary items and people — must
 * exist in the tenant: a dictionary field holds an item of *its* dictionary
 * (not archived, when the value is new), a person field an active user.
 * Checked after the field kinds, so ids are already well-formed.
 */
import { CurrentActor, type FieldIssue, userDto, ValidationError } from "@org/core/server"
import { Effect } from "effect"
import type { Values } from "./case-values"
import { Reference } from "./reference-service"
import type { CaseTypeDef } from "./types"

export const checkReferences = (def: CaseTypeDef, values: Values, before: Values = {}) =>
  Effect.gen(function* () {
    const reference = yield* Reference
    const actor = yield* CurrentActor
    const issues: FieldIssue[] = []
    for (const field of def.fields) {
      const value = values[field.key]
      // unchanged values were checked when they were set (an item may have been archived since)
      if (typeof value !== "string" || value === before[field.key]) continue
      const path = `values.${field.key}`
      if (field.kind === "dictionary" && field.dictionary) {
        const item = yield* reference.resolve(field.dictionary, value).pipe(
          Effect.catchTag("NotFound", () => Effect.succeed(null)),
        )
        if (!item) issues.push({ path, en: `Not an item of the "${field.dictionary}" reference book`, ru: `Нет такой записи в справочнике «${field.dictionary}»` })
        else if (item.archived) issues.push({ path, en: `"${item.label.en || item.label.ru}" is archived`, ru: `«${item.label.ru}» в архиве` })
      } else if (field.kind === "person") {
        const user = yield* userDto(value, actor.tenantId)
        if (!user) issues.push({ path, en: "No such user", ru: "Нет такого пользователя" })
        else if (user.disabled) issues.push({ path, en: `${user.name} is disabled`, ru: `Пользователь ${user.name} отключён` })
      }
    }
    if (issues.length) return yield* new ValidationError({ fields: issues })
  })

