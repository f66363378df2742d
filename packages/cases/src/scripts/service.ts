/**
 * The `CaseScripts` service: questionnaire scripts an operator follows during
 * a call, versioned per key like case types (a save makes a new version; a
 * run keeps following the version it started with), and their runs on cases.
 * Answering checks the value by the kind of the case field it is written to,
 * writes it into the case through `Cases.update` in the same transaction,
 * and branches to the next question.
 */
import { decodeInput, type FieldIssue } from "@org/core"
import {
  Conflict, CurrentActor, type DatabaseError, DomainRejection, EventBus, NotFound, recordAudit, transaction, useDb, ValidationError,
} from "@org/core/server"
import { and, asc, desc, eq, isNull } from "drizzle-orm"
import { Context, Effect, Layer, Schema } from "effect"
import { v7 as uuidv7 } from "uuid"
import { writeJournal } from "../case-journal"
import { CaseTypes } from "../case-types-service"
import { checkValues, type Values } from "../case-values"
import { Cases } from "../cases-service"
import { caseScriptRuns, caseScripts, caseScriptVersions } from "../db/scripts"
import { EntityId, FieldNumber, FieldText, IsoDate, Phone } from "../fields"
import { Reference } from "../reference-service"
import type { CaseTypeDef } from "../types"
import {
  caseScriptRun, caseScriptSaved, type NewScript, type ScriptDefinition, type ScriptDefinitionInput, type ScriptDto, type ScriptQuestion,
  type ScriptRunDto, type ScriptText, type ScriptUpdate,
} from "./api"
import { checkScript } from "./check-script"
import { scriptTemplates } from "./templates"

type ScriptRow = typeof caseScripts.$inferSelect
type RunRow = typeof caseScriptRuns.$inferSelect

/**
 * Keys a script may not take: `GET /scripts/<key>` would be answered by a
 * route mounted before the scripts' (`/:id/services` …) or reads as an action.
 */
export const RESERVED_SCRIPT_KEYS = ["install", "services", "actions", "applicant"]

const iso = (d: Date | string) => new Date(d).toISOString()
const invalid = (path: string, en: string, ru: string) => new ValidationError({ fields: [{ path, en, ru }] })
const textOf = (l: { ru: string; en?: string | undefined }): ScriptText => ({ ru: l.ru.trim(), en: l.en?.trim() || l.ru.trim() })
const uniqueKey = (e: DatabaseError): Effect.Effect<never, Conflict | DatabaseError> =>
  e.sqlState === "23505" ? Effect.fail(new Conflict({ entity: "script", field: "key" })) : Effect.fail(e)

/** A definition as stored: texts in both languages, optional members left out when absent. */
const normalise = (d: ScriptDefinitionInput): ScriptDefinition => ({
  start: d.start,
  questions: d.questions.map((q) => ({
    id: q.id,
    text: textOf(q.text),
    ...(q.hint ? { hint: textOf(q.hint) } : {}),
    kind: q.kind,
    ...(q.options ? { options: q.options.map((o) => ({ value: o.value, label: textOf(o.label), ...(o.next ? { next: o.next } : {}) })) } : {}),
    ...(q.dictionary ? { dictionary: q.dictionary } : {}),
    ...(q.next !== undefined ? { next: q.next } : {}),
    ...(q.writeTo ? { writeTo: q.writeTo } : {}),
    ...(q.required !== undefined ? { required: q.required } : {}),
  })),
})

const scriptDto = (r: ScriptRow): ScriptDto => ({
  id: r.id, key: r.key, typeKey: r.typeKey, name: r.name as ScriptText, version: r.version,
  definition: r.definition as ScriptDefinition, archived: r.archivedAt !== null, updatedAt: iso(r.updatedAt),
})

const runDto = (r: RunRow): ScriptRunDto => ({
  id: r.id, caseId: r.caseId, scriptKey: r.scriptKey, scriptVersion: r.scriptVersion, current: r.current,
  path: r.path ?? [], answers: (r.answers ?? {}) as Values, finished: r.finished, updatedAt: iso(r.updatedAt),
})

/** Validation failures of a case field, reported against the answer ("values.vin" → "value"). */
const asAnswerIssues = (key: string, fields: readonly FieldIssue[]) =>
  new ValidationError({ fields: fields.map((f) => ({ ...f, path: f.path.startsWith(`values.${key}`) ? `value${f.path.slice(`values.${key}`.length)}` : f.path })) })

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "")

/** The schema an answer without a target field is checked by. */
const answerSchemas = { text: FieldText, number: FieldNumber, date: IsoDate, phone: Phone, dictionary: EntityId } as const

/** Where a question leads after `stored`: the chosen option's `next`, else the question's; null ends the run. */
export const nextAfter = (q: ScriptQuestion, stored: unknown): string | null => {
  const chosen = q.kind === "yes_no" && typeof stored === "boolean" ? (stored ? "yes" : "no") : stored
  const option = chosen === null || chosen === undefined ? undefined : q.options?.find((o) => o.value === chosen)
  return option?.next ?? q.next ?? null
}

export class CaseScripts extends Context.Service<CaseScripts>()("@org/cases/CaseScripts", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const types = yield* CaseTypes
    const casesService = yield* Cases
    const reference = yield* Reference

    // --- scripts -----------------------------------------------------------------------------

    const find = (key: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = yield* useDb((db) => db.select().from(caseScripts).where(and(eq(caseScripts.tenantId, actor.tenantId), eq(caseScripts.key, key))))
        if (!row) return yield* new NotFound({ entity: "script", id: key })
        return row
      })

    /** The type a script is written for, as it is now; a type the tenant lacks is the caller's mistake (400). */
    const typeFor = (typeKey: string) =>
      types.get(typeKey).pipe(
        Effect.catchTag("NotFound", () =>
          Effect.fail(invalid("typeKey", `The tenant has no case type "${typeKey}"`, `У организации нет типа обращений «${typeKey}»`))),
      )

    /** The definition normalised and checked against the type's fields. */
    const checked = (typeKey: string, input: ScriptDefinitionInput) =>
      Effect.gen(function* () {
        const type = yield* typeFor(typeKey)
        const def = normalise(input)
        const problems = checkScript(def, type.definition)
        if (problems.length) return yield* new ValidationError({ fields: problems })
        return def
      })

    const insert = (input: { key: string; typeKey: string; name: ScriptText; definition: ScriptDefinition }, template: string | null) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        if (RESERVED_SCRIPT_KEYS.includes(input.key)) {
          return yield* invalid("key", `"${input.key}" is a reserved word; choose another key`, `«${input.key}» — служебное слово; выберите другой ключ`)
        }
        return yield* transaction(Effect.gen(function* () {
          const id = uuidv7()
          const [row] = yield* useDb((db) => db.insert(caseScripts).values({
            id, tenantId: actor.tenantId, key: input.key, typeKey: input.typeKey, name: input.name, definition: input.definition, template,
          }).returning()).pipe(Effect.catchTag("DatabaseError", uniqueKey))
          yield* useDb((db) => db.insert(caseScriptVersions).values({
            scriptId: id, tenantId: actor.tenantId, version: 1, name: input.name, definition: input.definition, savedBy: actor.userId,
          }))
          yield* recordAudit({ action: "script.create", entity: "script", entityId: id, data: { key: input.key, typeKey: input.typeKey, template } })
          yield* bus.publish(caseScriptSaved, { key: input.key, version: 1 })
          return scriptDto(row)
        }))
      })

    /** Scripts of the tenant by key; `type` keeps those of one case type. */
    const list = Effect.fn("CaseScripts.list")(function* (q: { type?: string | undefined; includeArchived?: boolean | undefined } = {}) {
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) => db.select().from(caseScripts).where(and(
        eq(caseScripts.tenantId, actor.tenantId),
        q.type ? eq(caseScripts.typeKey, q.type) : undefined,
        q.includeArchived ? undefined : isNull(caseScripts.archivedAt),
      )).orderBy(asc(caseScripts.key)))
      return rows.map(scriptDto)
    })

    /** A script as it is now, or as it was saved at `version`. */
    const get = Effect.fn("CaseScripts.get")(function* (key: string, version?: number) {
      const row = yield* find(key)
      if (version === undefined || version === row.version) return scriptDto(row)
      const [v] = yield* useDb((db) => db.select().from(caseScriptVersions)
        .where(and(eq(caseScriptVersions.scriptId, row.id), eq(caseScriptVersions.version, version))))
      if (!v) return yield* new NotFound({ entity: "script_version", id: `${key}@${version}` })
      return { ...scriptDto(row), name: v.name as ScriptText, version, definition: v.definition as ScriptDefinition, updatedAt: iso(v.savedAt) }
    })

    const create = Effect.fn("CaseScripts.create")(function* (input: NewScript) {
      const definition = yield* checked(input.typeKey, input.definition)
      return yield* insert({ key: input.key, typeKey: input.typeKey, name: textOf(input.name), definition }, null)
    })

    /** Saves a new version if `change.version` is still the current one (409 with the current version otherwise). */
    const save = Effect.fn("CaseScripts.save")(function* (key: string, change: ScriptUpdate) {
      const actor = yield* CurrentActor
      const current = yield* find(key)
      const definition = yield* checked(current.typeKey, change.definition)
      const name = textOf(change.name)
      return yield* transaction(Effect.gen(function* () {
        const version = change.version + 1
        // The version check is in the UPDATE itself, so two concurrent saves cannot both win.
        const [saved] = yield* useDb((db) => db.update(caseScripts).set({ name, definition, version, updatedAt: new Date() })
          .where(and(eq(caseScripts.id, current.id), eq(caseScripts.version, change.version))).returning())
        if (!saved) {
          const [now] = yield* useDb((db) => db.select({ version: caseScripts.version }).from(caseScripts).where(eq(caseScripts.id, current.id)))
          return yield* new Conflict({ entity: "script", currentVersion: now?.version ?? current.version })
        }
        yield* useDb((db) => db.insert(caseScriptVersions).values({ scriptId: current.id, tenantId: actor.tenantId, version, name, definition, savedBy: actor.userId }))
        yield* recordAudit({ action: "script.save", entity: "script", entityId: current.id, data: { key, version } })
        yield* bus.publish(caseScriptSaved, { key, version })
        return scriptDto(saved)
      }))
    })

    /** No new runs of an archived script; runs already started go on. */
    const archive = Effect.fn("CaseScripts.archive")(function* (key: string) {
      const row = yield* find(key)
      if (row.archivedAt) return
      yield* transaction(Effect.gen(function* () {
        yield* useDb((db) => db.update(caseScripts).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(caseScripts.id, row.id)))
        yield* recordAudit({ action: "script.archive", entity: "script", entityId: row.id, data: { key } })
      }))
    })

    /** Installs a template script for a case type of the tenant (default: the template's type). */
    const install = Effect.fn("CaseScripts.install")(function* (templateKey: string, options: { typeKey?: string | undefined; key?: string | undefined } = {}) {
      const template = scriptTemplates.find((t) => t.key === templateKey)
      if (!template) return yield* invalid("template", "Unknown template", "Неизвестный шаблон")
      const typeKey = options.typeKey ?? template.typeKey
      const definition = yield* checked(typeKey, template.definition)
      return yield* insert({ key: options.key ?? template.key, typeKey, name: template.name, definition }, template.key)
    })

    // --- runs --------------------------------------------------------------------------------

    const definitionAt = (scriptId: string, version: number) =>
      Effect.gen(function* () {
        const [v] = yield* useDb((db) => db.select({ definition: caseScriptVersions.definition }).from(caseScriptVersions)
          .where(and(eq(caseScriptVersions.scriptId, scriptId), eq(caseScriptVersions.version, version))))
        if (!v) return yield* new NotFound({ entity: "script_version", id: `${scriptId}@${version}` })
        return v.definition as ScriptDefinition
      })

    /** The run of the case, locked until the transaction ends so that two operators cannot move it at once. */
    const lockedRun = (caseId: string, runId: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [r] = yield* useDb((db) => db.select().from(caseScriptRuns)
          .where(and(eq(caseScriptRuns.tenantId, actor.tenantId), eq(caseScriptRuns.caseId, caseId), eq(caseScriptRuns.id, runId)))
          .for("update"))
        if (!r) return yield* new NotFound({ entity: "script_run", id: runId })
        return r
      })

    const saveRun = (r: RunRow, patch: Pick<RunRow, "current" | "path" | "answers" | "finished">) =>
      Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(caseScriptRuns).set({ ...patch, updatedAt: new Date() }).where(eq(caseScriptRuns.id, r.id)).returning())
        const dto = runDto(saved!)
        yield* bus.publish(caseScriptRun, { caseId: r.caseId, run: dto })
        return dto
      })

    const runs = Effect.fn("CaseScripts.runs")(function* (caseId: string) {
      const actor = yield* CurrentActor
      yield* casesService.get(caseId)
      const rows = yield* useDb((db) => db.select().from(caseScriptRuns)
        .where(and(eq(caseScriptRuns.tenantId, actor.tenantId), eq(caseScriptRuns.caseId, caseId))).orderBy(desc(caseScriptRuns.id)))
      return rows.map(runDto)
    })

    /** Starts a script on a case of the script's type, at its start question, under its current version. */
    const start = Effect.fn("CaseScripts.start")(function* (caseId: string, scriptKey: string) {
      const actor = yield* CurrentActor
      const c = yield* casesService.get(caseId)
      const script = yield* find(scriptKey).pipe(Effect.catchTag("NotFound", () =>
        Effect.fail(invalid("scriptKey", `No script "${scriptKey}"`, `Нет сценария «${scriptKey}»`))))
      if (script.archivedAt) return yield* invalid("scriptKey", "The script is archived", "Сценарий в архиве")
      if (c.type !== script.typeKey) {
        return yield* invalid("scriptKey",
          `The script is for cases of type "${script.typeKey}", this case is ${c.type ? `of type "${c.type}"` : "untyped"}`,
          `Сценарий для обращений типа «${script.typeKey}», а это обращение ${c.type ? `типа «${c.type}»` : "без типа"}`)
      }
      const def = script.definition as ScriptDefinition
      return yield* transaction(Effect.gen(function* () {
        const [r] = yield* useDb((db) => db.insert(caseScriptRuns).values({
          id: uuidv7(), tenantId: actor.tenantId, caseId, scriptId: script.id, scriptKey: script.key, scriptVersion: script.version,
          current: def.start, path: [], answers: {}, finished: false, startedBy: actor.userId,
        }).returning())
        const dto = runDto(r!)
        yield* writeJournal(caseId, "script", { action: "start", runId: dto.id, scriptKey: script.key, scriptVersion: script.version, name: script.name })
        yield* bus.publish(caseScriptRun, { caseId, run: dto })
        return dto
      }))
    })

    /** A dictionary answer must be a live item of that dictionary in the tenant. */
    const liveItem = (dictionary: string, id: string) =>
      reference.resolve(dictionary, id).pipe(
        Effect.catchTag("NotFound", () => Effect.fail(invalid("value", `No such item in the dictionary "${dictionary}"`, `В справочнике «${dictionary}» нет такого элемента`))),
        Effect.flatMap((item) => item.archived ? Effect.fail(invalid("value", "This item is archived", "Этот элемент в архиве")) : Effect.void),
      )

    /**
     * The answer as stored, and the value to write into the case field, if any.
     * Choices must be an option; yes/no is true/false (or "yes"/"no"); the rest
     * is checked by the target field's kind, or by the question's own kind.
     */
    const checkAnswer = (q: ScriptQuestion, raw: unknown, type: CaseTypeDef) =>
      Effect.gen(function* () {
        if (q.kind === "info") return { stored: null, write: undefined }
        const value = typeof raw === "string" ? raw.trim() : raw
        if (isBlank(value)) {
          if (q.required) return yield* invalid("value", "An answer is required", "Нужен ответ")
          return { stored: null, write: undefined }
        }
        const field = q.writeTo ? type.fields.find((f) => f.key === q.writeTo) : undefined
        if (q.writeTo && !field) {
          return yield* invalid("value", `The case has no field "${q.writeTo}" to write the answer to`, `В обращении нет поля «${q.writeTo}» для ответа`)
        }
        let stored: unknown
        let toField: unknown
        if (q.kind === "choice") {
          const options = q.options ?? []
          if (typeof value !== "string" || !options.some((o) => o.value === value)) {
            return yield* invalid("value", `Choose one of: ${options.map((o) => o.value).join(", ")}`, `Выберите один из вариантов: ${options.map((o) => o.label.ru).join(", ")}`)
          }
          stored = toField = value
        } else if (q.kind === "yes_no") {
          if (value !== true && value !== false && value !== "yes" && value !== "no") {
            return yield* invalid("value", "Expected yes or no", "Ожидается «да» или «нет»")
          }
          stored = value === true || value === "yes"
          toField = stored ? "yes" : "no"
        } else if (field) {
          // A text answer to an address field is the address as said.
          toField = field.kind === "address" && typeof value === "string" ? { text: value } : value
        } else {
          stored = yield* decodeInput(answerSchemas[q.kind] as Schema.Decoder<unknown>, "value")(value)
        }
        if (field) {
          const values = yield* checkValues(type, { [field.key]: toField }, "update").pipe(
            Effect.catchTag("ValidationError", (e) => Effect.fail(asAnswerIssues(field.key, e.fields))))
          toField = values[field.key]
          if (q.kind !== "choice" && q.kind !== "yes_no") stored = toField
        }
        if (q.kind === "dictionary") yield* liveItem((q.dictionary ?? field?.dictionary)!, stored as string)
        return { stored, write: field ? { key: field.key, value: toField } : undefined }
      })

    /**
     * Writes `values` into the case at its current version; if another operator
     * saved the case in between (409), reads it again and retries once, so the
     * answer is not lost over an edit of another field.
     */
    const writeToCase = (caseId: string, values: Values) => {
      const once = Effect.flatMap(casesService.get(caseId), (c) => casesService.update(caseId, { version: c.version, values }))
      const [key] = Object.keys(values)
      return once.pipe(
        Effect.catchTag("Conflict", () => once),
        Effect.catchTag("ValidationError", (e) => Effect.fail(asAnswerIssues(key!, e.fields))),
      )
    }

    const answer = Effect.fn("CaseScripts.answer")(function* (caseId: string, runId: string, questionId: string, value: unknown) {
      return yield* transaction(Effect.gen(function* () {
        const r = yield* lockedRun(caseId, runId)
        const def = yield* definitionAt(r.scriptId, r.scriptVersion)
        const q = def.questions.find((x) => x.id === questionId)
        if (!q) return yield* invalid("questionId", `No question "${questionId}" in the script`, `В сценарии нет вопроса «${questionId}»`)
        if (r.finished || r.current === null) {
          return yield* new DomainRejection({ status: 409, code: "run_finished", en: "The script is finished: go back or jump to a question to change an answer", ru: "Сценарий завершён: чтобы изменить ответ, вернитесь назад или перейдите к вопросу", extra: { current: null } })
        }
        if (r.current !== questionId) {
          return yield* new DomainRejection({ status: 409, code: "not_current_question", en: `The run is at question "${r.current}", not "${questionId}"`, ru: `Сценарий сейчас на вопросе «${r.current}», а не «${questionId}»`, extra: { current: r.current } })
        }
        const c = yield* casesService.get(caseId)
        const type = c.type ? (yield* types.get(c.type)).definition : undefined
        if (!type) return yield* invalid("value", "The case has no type to write answers into", "У обращения нет типа, в поля которого записываются ответы")
        const { stored, write } = yield* checkAnswer(q, value, type)
        const after = write ? yield* writeToCase(caseId, { [write.key]: write.value }) : c
        const next = nextAfter(q, stored)
        const answers = { ...(r.answers as Values) }
        if (q.kind !== "info") answers[q.id] = stored
        const run = yield* saveRun(r, { current: next, path: [...(r.path ?? []), q.id], answers, finished: next === null })
        yield* writeJournal(caseId, "script", { action: "answer", runId, scriptKey: r.scriptKey, questionId: q.id, question: q.text, value: stored, field: write?.key ?? null })
        if (next === null) yield* writeJournal(caseId, "script", { action: "finish", runId, scriptKey: r.scriptKey })
        return { run, case: after }
      }))
    })

    /** Back to the previous question of the path (its answer is kept to be changed). */
    const back = Effect.fn("CaseScripts.back")(function* (caseId: string, runId: string) {
      return yield* transaction(Effect.gen(function* () {
        const r = yield* lockedRun(caseId, runId)
        const path = [...(r.path ?? [])]
        const previous = path.pop()
        if (previous === undefined) {
          return yield* new DomainRejection({ status: 409, code: "no_previous_question", en: "This is the first question of the run", ru: "Это первый вопрос сценария" })
        }
        return yield* saveRun(r, { current: previous, path, answers: r.answers, finished: false })
      }))
    })

    /** To any question of the script (the question left is kept in the path, so back returns to it). */
    const jump = Effect.fn("CaseScripts.jump")(function* (caseId: string, runId: string, questionId: string) {
      return yield* transaction(Effect.gen(function* () {
        const r = yield* lockedRun(caseId, runId)
        const def = yield* definitionAt(r.scriptId, r.scriptVersion)
        if (!def.questions.some((q) => q.id === questionId)) {
          return yield* invalid("questionId", `No question "${questionId}" in the script`, `В сценарии нет вопроса «${questionId}»`)
        }
        if (r.current === questionId) return runDto(r)
        const path = r.current === null ? [...(r.path ?? [])] : [...(r.path ?? []), r.current]
        return yield* saveRun(r, { current: questionId, path, answers: r.answers, finished: false })
      }))
    })

    return { list, get, create, save, archive, install, runs, start, answer, back, jump }
  }),
}) {
  static layer = Layer.effect(CaseScripts, CaseScripts.make)
}
