/**
 * Decoding of untrusted input with every field problem reported at once, in
 * English and Russian. Schema messages are English; Russian comes from the
 * patterns below plus whatever packages register for their own messages.
 */
import { Cause, Effect, Exit, Schema, SchemaIssue } from "effect"
import { type FieldIssue, ValidationError } from "./errors"

const ruExact = new Map<string, string>([
  ["Missing key", "Обязательное поле"],
  ["Expected no excess property", "Неизвестное поле"],
  ["Expected string", "Ожидается строка"],
  ["Expected number", "Ожидается число"],
  ["Expected boolean", "Ожидается да/нет (boolean)"],
  ["Expected object", "Ожидается объект"],
  ["Expected array", "Ожидается массив"],
  ["Expected an integer", "Ожидается целое число"],
  ["Expected a UUID", "Ожидается UUID"],
  ["Expected a finite number", "Ожидается конечное число"],
])

const ruPatterns: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Expected a value with a length of at least (\d+)$/, (m) => m[1] === "1" ? "Поле не может быть пустым" : `Минимальная длина: ${m[1]}`],
  [/^Expected a value with a length of at most (\d+)$/, (m) => `Максимальная длина: ${m[1]}`],
  [/^Expected a value greater than or equal to (.+)$/, (m) => `Значение должно быть не меньше ${m[1]}`],
  [/^Expected a value less than or equal to (.+)$/, (m) => `Значение должно быть не больше ${m[1]}`],
  [/^Expected a value between (.+) and (.+)$/, (m) => `Значение должно быть от ${m[1]} до ${m[2]}`],
  [/^Expected (".*")$/, (m) => `Допустимые значения: ${m[1].replaceAll(" | ", ", ")}`],
]

/**
 * A check message in both languages: returns the English text for the schema
 * and remembers the Russian one. Use it wherever a schema has its own message.
 */
export const bilingual = (en: string, ru: string): string => {
  ruExact.set(en, ru)
  return en
}

export const toRussian = (en: string): string => {
  const exact = ruExact.get(en)
  if (exact) return exact
  for (const [re, f] of ruPatterns) {
    const m = en.match(re)
    if (m) return f(m)
  }
  return en
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

export const issuesOf = (issue: SchemaIssue.Issue, prefix = ""): FieldIssue[] =>
  formatter(issue).issues.map((i) => {
    const path = [prefix, ...(i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p))]
      .filter(Boolean)
      .join(".")
    return { path, en: i.message, ru: toRussian(i.message) }
  })

/**
 * Decodes `input` strictly: unknown fields are errors, every problem is listed.
 * `prefix` names where the input came from ("query", "params") when not the body.
 */
export const decodeInput = <S extends Schema.Decoder<unknown>>(schema: S, prefix = "") =>
  (input: unknown): Effect.Effect<S["Type"], ValidationError> => {
    const exit = Schema.decodeUnknownExit(schema as any)(input, { onExcessProperty: "error", errors: "all" })
    if (Exit.isSuccess(exit)) return Effect.succeed(exit.value as S["Type"])
    const err = Cause.squash(exit.cause)
    if (Schema.isSchemaError(err)) return Effect.fail(new ValidationError({ fields: issuesOf(err.issue, prefix) }))
    return Effect.die(err)
  }
