/** Browser-safe schemas and events of questionnaire scripts (re-exported by @org/cases). */
import { bilingual, defineEvent } from "@org/core"
import { Schema } from "effect"

const msg = {
  key: bilingual("Expected a key of lower-case latin letters, digits and _ (e.g. roadside_intake)", "Ожидается ключ из строчных латинских букв, цифр и _ (например, roadside_intake)"),
  blank: bilingual("Must not be blank", "Поле не может быть пустым"),
  nul: bilingual("Must not contain the NUL character", "Не может содержать символ NUL"),
}

/** PostgreSQL stores no NUL character in text or jsonb: refuse it at the edge rather than fail there. */
const noNul = Schema.makeFilter((v: unknown) => (JSON.stringify(v)?.includes("\\u0000") ? msg.nul : undefined))
const text = (max: number) => Schema.String.check(Schema.isMaxLength(max), noNul)
const nonBlank = (max: number) => Schema.String.check(Schema.makeFilter((s: string) => (s.trim() ? undefined : msg.blank)), Schema.isMaxLength(max), noNul)

/** Keys of scripts, questions and fields: lower-case latin letters, digits and _. */
export const ScriptKey = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/, { message: msg.key }))

/** A text in both UI languages. */
export const ScriptText = Schema.Struct({ ru: Schema.String, en: Schema.String })
export type ScriptText = typeof ScriptText.Type
/** A text as typed: Russian required, English optional (Russian stands in when absent or blank). */
const textInput = (max: number) => Schema.Struct({ ru: nonBlank(max), en: Schema.optional(text(max)) })

export const ScriptQuestionKind = Schema.Literals(["choice", "yes_no", "text", "number", "date", "phone", "dictionary", "info"])
export type ScriptQuestionKind = typeof ScriptQuestionKind.Type

const definitionOf = <L extends Schema.Top>(label: (max: number) => L) => {
  const Option = Schema.Struct({
    /** what the answer holds; for yes_no questions "yes" or "no" */
    value: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100), noNul),
    label: label(300),
    /** where this answer leads; absent: the question's `next` */
    next: Schema.optional(ScriptKey),
  })
  const Question = Schema.Struct({
    id: ScriptKey,
    text: label(2000),
    hint: Schema.optional(label(2000)),
    kind: ScriptQuestionKind,
    /** choice (and, to branch, yes_no) questions */
    options: Schema.optional(Schema.Array(Option).check(Schema.isMaxLength(50))),
    /** dictionary questions: the dictionary's key (defaults to the dictionary of the `writeTo` field) */
    dictionary: Schema.optional(ScriptKey),
    /** the next question; null or absent ends the script */
    next: Schema.optional(Schema.NullOr(ScriptKey)),
    /** the case field the answer is written to (checked by that field's kind) */
    writeTo: Schema.optional(ScriptKey),
    required: Schema.optional(Schema.Boolean),
  })
  return Schema.Struct({
    start: ScriptKey,
    questions: Schema.Array(Question).check(Schema.isMinLength(1), Schema.isMaxLength(300)),
  })
}

/** A script as stored and served: questions with their branching. */
export const ScriptDefinition = definitionOf(() => ScriptText)
export type ScriptDefinition = typeof ScriptDefinition.Type
export type ScriptQuestion = ScriptDefinition["questions"][number]
/** A script as an editor sends it (English texts optional). */
export const ScriptDefinitionInput = definitionOf(textInput)
export type ScriptDefinitionInput = typeof ScriptDefinitionInput.Type

export const ScriptDto = Schema.Struct({
  id: Schema.String,
  key: Schema.String,
  /** the case type whose cases it fills */
  typeKey: Schema.String,
  name: ScriptText,
  version: Schema.Number,
  definition: ScriptDefinition,
  archived: Schema.Boolean,
  updatedAt: Schema.String,
})
export type ScriptDto = typeof ScriptDto.Type

export const NewScript = Schema.Struct({ key: ScriptKey, typeKey: ScriptKey, name: textInput(300), definition: ScriptDefinitionInput })
export type NewScript = typeof NewScript.Type
export const ScriptUpdate = Schema.Struct({ version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)), name: textInput(300), definition: ScriptDefinitionInput })
export type ScriptUpdate = typeof ScriptUpdate.Type

export const ScriptTemplateKey = Schema.Literals(["roadside_intake", "hotline_intake"])
export type ScriptTemplateKey = typeof ScriptTemplateKey.Type
export const ScriptInstall = Schema.Struct({
  template: ScriptTemplateKey,
  /** the case type to attach it to; default: the template's (roadside, hotline) */
  typeKey: Schema.optional(ScriptKey),
  /** the script's key; default: the template's */
  key: Schema.optional(ScriptKey),
})
export type ScriptInstall = typeof ScriptInstall.Type

export const ScriptRunDto = Schema.Struct({
  id: Schema.String,
  caseId: Schema.String,
  scriptKey: Schema.String,
  /** the version the run started with (and keeps following) */
  scriptVersion: Schema.Number,
  /** the question being asked; null when finished */
  current: Schema.NullOr(Schema.String),
  /** the questions passed to get here, oldest first */
  path: Schema.Array(Schema.String),
  answers: Schema.Record(Schema.String, Schema.Unknown),
  finished: Schema.Boolean,
  updatedAt: Schema.String,
})
export type ScriptRunDto = typeof ScriptRunDto.Type

export const NewScriptRun = Schema.Struct({ scriptKey: ScriptKey })
export const ScriptAnswer = Schema.Struct({
  questionId: ScriptKey,
  /** the answer: an option's value, true/false or "yes"/"no", text, a number, a date, a phone, a dictionary item id; ignored for info */
  value: Schema.optional(Schema.Unknown.check(noNul)),
})
export type ScriptAnswer = typeof ScriptAnswer.Type
export const ScriptJump = Schema.Struct({ questionId: ScriptKey })

/** A script was created or saved as a new version. */
export const caseScriptSaved = defineEvent("case.script_saved", Schema.Struct({ key: Schema.String, version: Schema.Number }))
/** A run moved (started, answered, went back or jumped): other screens of the case follow it. */
export const caseScriptRun = defineEvent("case.script_run", Schema.Struct({ caseId: Schema.String, run: ScriptRunDto }))
