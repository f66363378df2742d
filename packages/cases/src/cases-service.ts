/**
 * The `Cases` service: open, read, list, change and move cases of the current
 * tenant. A typed case follows its case type: field values are checked by kind,
 * numbers follow the type's format, moves follow its state machine (refused
 * with the allowed moves, or with the fields still missing). Every change is
 * versioned (stale → 409 with the current version), journaled and published.
 */
import {
  Conflict, CurrentActor, DomainRejection, EventBus, NotFound, recordAudit, tenantDto, transaction, useDb, userDto, ValidationError,
} from "@org/core/server"
import { and, eq, sql } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { v7 as uuidv7 } from "uuid"
import { changesOf, checkValues, type Values } from "./case-values"
import { checkReferences } from "./case-references"
import { prefillFromApplicant, rememberApplicant } from "./applicants/store"
import { Reference } from "./reference-service"
import { readJournal, writeJournal } from "./case-journal"
import { CaseTypes } from "./case-types-service"
import { cases, typeCounters } from "./db/schema"
import { normalisePhone as toE164 } from "./fields"
import { type CaseChange, caseCommented, caseCreated, type CaseDto, type CaseMove, caseMoved, caseUpdated, type NewCase } from "./index"
import { type CaseListParams } from "./search/api"
import { statusCategoryOf } from "./search/category"
import { makeSearchIndexer } from "./search/indexing"
import { listCases } from "./search/list"
import { type CaseTypeDef, checkMove, formatCaseNumber, initialState, movesFrom, stateOf } from "./types"

type Row = typeof cases.$inferSelect

const toDto = (r: Row): CaseDto => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  applicantPhone: r.applicantPhone,
  type: r.typeKey,
  typeVersion: r.typeVersion,
  values: (r.values ?? {}) as Values,
  flags: r.flags ?? [],
  assigneeId: r.assigneeId,
  version: r.version,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
})

/** E.164 where the number can be read ("+7 (900) 123-45-67" → "+79001234567"), else digits as typed. */
export const normalisePhone = (raw: string) => toE164(raw) ?? (raw.trim().startsWith("+") ? "+" : "") + raw.replace(/\D/g, "")

const flagsAllowed = (allowed: readonly string[], flags: readonly string[]) => {
  const unknown = flags.filter((f) => !allowed.includes(f))
  return unknown.length
    ? Effect.fail(new ValidationError({ fields: [{ path: "flags", en: `Unknown flag: ${unknown.join(", ")}`, ru: `Неизвестная отметка: ${unknown.join(", ")}` }] }))
    : Effect.void
}

export class Cases extends Context.Service<Cases>()("@org/cases/Cases", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const types = yield* CaseTypes
    const reference = yield* Reference
    const referencesExist = (def: Parameters<typeof checkReferences>[0], values: Values, before?: Values) =>
      checkReferences(def, values, before).pipe(Effect.provideService(Reference, reference))
    // The list's search columns (search document, vocabulary) are written with every change that affects them.
    const search = makeSearchIndexer()

    const row = (id: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [r] = yield* useDb((db) => db.select().from(cases).where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, id))))
        if (!r) return yield* new NotFound({ entity: "case", id })
        return r
      })

    /** The next number in the tenant's counter for this type ("" for untyped cases), formatted. */
    const nextNumber = (typeKey: string | null, format: string | null) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [{ last }] = yield* useDb((db) =>
          db.insert(typeCounters).values({ tenantId: actor.tenantId, typeKey: typeKey ?? "", last: 1 })
            .onConflictDoUpdate({ target: [typeCounters.tenantId, typeCounters.typeKey], set: { last: sql`${typeCounters.last} + 1` } })
            .returning({ last: typeCounters.last }))
        if (!typeKey || !format) return String(last).padStart(6, "0")
        const tenant = yield* tenantDto(actor.tenantId)
        return formatCaseNumber(format, { at: new Date(), timeZone: tenant?.timeZone ?? "UTC", type: typeKey, seq: last })
      })

    const create = Effect.fn("Cases.create")(function* (input: NewCase) {
      const actor = yield* CurrentActor
      let values: Values = {}
      let typeInfo: { key: string; version: number; format: string; status: string } | null = null
      let definition: CaseTypeDef | null = null
      if (input.type) {
        const type = yield* types.get(input.type)
        if (type.archived) {
          return yield* new ValidationError({ fields: [{ path: "type", en: "This case type is archived", ru: "Этот тип обращений в архиве" }] })
        }
        // A known applicant's details fill the fields the operator did not give (what was typed wins).
        const known = input.applicantPhone ? yield* prefillFromApplicant(type.definition, input.applicantPhone) : {}
        values = yield* checkValues(type.definition, { ...known, ...input.values }, "create")
        yield* referencesExist(type.definition, values, known)
        yield* flagsAllowed((type.definition.flags ?? []).map((f) => f.key), input.flags ?? [])
        typeInfo = { key: type.key, version: type.version, format: type.definition.numberFormat, status: initialState(type.definition).key }
        definition = type.definition
      } else if (input.values && Object.keys(input.values).length) {
        return yield* new ValidationError({ fields: [{ path: "values", en: "Only a typed case has field values", ru: "Значения полей есть только у обращения с типом" }] })
      }
      return yield* transaction(Effect.gen(function* () {
        const title = input.title.trim()
        const status = typeInfo?.status ?? "new"
        const applicantPhone = input.applicantPhone ? normalisePhone(input.applicantPhone) : null
        // Two types may share a number format (no {TYPE} in it): a number already taken in the tenant
        // is skipped, and the insert itself cannot collide (ON CONFLICT DO NOTHING on the unique number).
        let r: Row | undefined
        let number = ""
        let searchText = ""
        for (let attempt = 0; !r; attempt++) {
          if (attempt === 50) return yield* new Conflict({ entity: "case number" })
          number = yield* nextNumber(typeInfo?.key ?? null, typeInfo?.format ?? null)
          searchText = yield* search.document({ number, title, applicantPhone, values, definition })
          ;[r] = yield* useDb((db) =>
          db.insert(cases).values({
            id: uuidv7(),
            tenantId: actor.tenantId,
            number,
            title,
            status,
            applicantPhone,
            typeKey: typeInfo?.key ?? null,
            typeVersion: typeInfo?.version ?? null,
            values,
            flags: [...(input.flags ?? [])],
            createdBy: actor.userId,
            statusCategory: statusCategoryOf(definition, status),
            searchText,
          }).onConflictDoNothing({ target: [cases.tenantId, cases.number] }).returning(),
          )
        }
        yield* search.remember(searchText)
        if (applicantPhone) yield* rememberApplicant(definition, applicantPhone, values)
        const dto = toDto(r)
        yield* writeJournal(dto.id, "created", { number: dto.number, type: dto.type, values, flags: dto.flags })
        yield* recordAudit({ action: "case.create", entity: "case", entityId: dto.id, data: { number: dto.number } })
        yield* bus.publish(caseCreated, dto)
        return dto
      }))
    })

    const get = Effect.fn("Cases.get")(function* (id: string) {
      return toDto(yield* row(id))
    })

    /** The case with the moves the current actor may make from its state. */
    const card = Effect.fn("Cases.card")(function* (id: string) {
      const actor = yield* CurrentActor
      const r = yield* row(id)
      if (!r.typeKey) return { case: toDto(r), moves: [] }
      const type = yield* types.get(r.typeKey)
      const moves = movesFrom(type.definition, r.status, actor.roles).map((t) => ({
        to: t.to, label: t.label ?? stateOf(type.definition, t.to)?.label ?? { ru: t.to, en: t.to }, requires: t.requires ?? [],
      }))
      return { case: toDto(r), moves }
    })

    /** Saves `patch` if `version` is still current; the UPDATE checks it, so concurrent edits cannot both win. */
    const commit = (r: Row, patch: Partial<typeof cases.$inferInsert>, expectedVersion: number) =>
      Effect.gen(function* () {
        const [saved] = yield* useDb((db) =>
          db.update(cases).set({ ...patch, version: expectedVersion + 1, updatedAt: new Date() })
            .where(and(eq(cases.id, r.id), eq(cases.version, expectedVersion))).returning(),
        )
        if (!saved) return yield* new Conflict({ entity: "case", currentVersion: r.version })
        return saved
      })

    const update = Effect.fn("Cases.update")(function* (id: string, input: CaseChange) {
      let change = input
      return yield* transaction(Effect.gen(function* () {
        const r = yield* row(id)
        if (r.version !== change.version) return yield* new Conflict({ entity: "case", currentVersion: r.version })
        const before = (r.values ?? {}) as Values
        const wantsValues = change.values !== undefined && Object.keys(change.values).length > 0
        if (wantsValues && !r.typeKey) {
          return yield* new ValidationError({ fields: [{ path: "values", en: "Only a typed case has field values", ru: "Значения полей есть только у обращения с типом" }] })
        }
        // The type's definition is read once, and only when values, flags or the search document (title) need it.
        const def = r.typeKey && (wantsValues || change.flags || change.title !== undefined) ? (yield* types.get(r.typeKey)).definition : undefined
        let values = before
        let fieldChanges: ReturnType<typeof changesOf> = []
        if (wantsValues && def) {
          const checked = yield* checkValues(def, change.values!, "update")
          yield* referencesExist(def, checked, before)
          fieldChanges = changesOf(before, checked)
          values = Object.fromEntries(Object.entries({ ...before, ...checked }).filter(([, v]) => v !== null))
        }
        if (change.flags) yield* flagsAllowed((def?.flags ?? []).map((f) => f.key), change.flags)
        // A field with a change flag that changes after it was first set marks the case (e.g. "reason changed").
        const marks = (def?.fields ?? []).filter((f) => f.changeFlag && fieldChanges.some((c) => c.field === f.key && c.from !== null)).map((f) => f.changeFlag!)
        if (marks.length) change = { ...change, flags: [...new Set([...(change.flags ?? r.flags ?? []), ...marks])] }
        const titleChange = change.title !== undefined && change.title.trim() !== r.title ? { field: "title", from: r.title, to: change.title.trim() } : null
        const flagsChanged = change.flags !== undefined && JSON.stringify([...change.flags].sort()) !== JSON.stringify([...(r.flags ?? [])].sort())
        const assignee = change.assigneeId === undefined ? r.assigneeId : change.assigneeId?.toLowerCase() ?? null
        const assigneeChange = assignee !== r.assigneeId ? { field: "assigneeId", from: r.assigneeId, to: assignee } : null
        if (assigneeChange?.to) {
          // Only an active user of the case's tenant; another tenant's user reads as no user at all.
          const user = yield* userDto(assigneeChange.to, r.tenantId)
          if (!user) return yield* new ValidationError({ fields: [{ path: "assigneeId", en: "No such user", ru: "Нет такого пользователя" }] })
          if (user.disabled) return yield* new ValidationError({ fields: [{ path: "assigneeId", en: `${user.name} is disabled`, ru: `Пользователь ${user.name} отключён` }] })
        }
        if (!fieldChanges.length && !titleChange && !flagsChanged && !assigneeChange) return toDto(r) // nothing to do: no new version
        const searchText = fieldChanges.length || titleChange
          ? yield* search.document({ number: r.number, title: titleChange ? titleChange.to as string : r.title, applicantPhone: r.applicantPhone, values, definition: def ?? null })
          : undefined
        const saved = yield* commit(r, {
          values,
          ...(titleChange ? { title: titleChange.to as string } : {}),
          ...(flagsChanged ? { flags: [...change.flags!] } : {}),
          ...(assigneeChange ? { assigneeId: assignee } : {}),
          ...(searchText !== undefined && searchText !== r.searchText ? { searchText } : {}),
        }, change.version)
        if (searchText !== undefined && searchText !== r.searchText) yield* search.remember(searchText)
        const dto = toDto(saved)
        const changes = [...(titleChange ? [titleChange] : []), ...fieldChanges, ...(assigneeChange ? [assigneeChange] : [])]
        if (changes.length) yield* writeJournal(id, "fields", { changes })
        // What the applicant told us this time is remembered for their next case.
        if (fieldChanges.length && r.applicantPhone && def) yield* rememberApplicant(def, r.applicantPhone, values)
        if (flagsChanged) yield* writeJournal(id, "flags", { from: r.flags ?? [], to: dto.flags })
        yield* bus.publish(caseUpdated, dto)
        return dto
      }))
    })

    const move = Effect.fn("Cases.move")(function* (id: string, m: CaseMove) {
      const actor = yield* CurrentActor
      return yield* transaction(Effect.gen(function* () {
        const r = yield* row(id)
        if (r.version !== m.version) return yield* new Conflict({ entity: "case", currentVersion: r.version })
        if (!r.typeKey) {
          return yield* new DomainRejection({ status: 409, code: "move_not_allowed", en: "An untyped case has no state machine", ru: "У обращения без типа нет статусов для перехода", extra: { allowed: [] } })
        }
        const def = (yield* types.get(r.typeKey)).definition
        const check = checkMove(def, { from: r.status, to: m.to, roles: actor.roles, values: (r.values ?? {}) as Values })
        if (!check.ok) {
          if (check.reason === "not_allowed") {
            return yield* new DomainRejection({
              status: 409, code: "move_not_allowed",
              en: `A case in "${stateOf(def, r.status)?.label.en ?? r.status}" cannot move to "${m.to}"`,
              ru: `Обращение в статусе «${stateOf(def, r.status)?.label.ru ?? r.status}» нельзя перевести в «${stateOf(def, m.to)?.label.ru ?? m.to}»`,
              extra: { allowed: check.allowed },
            })
          }
          if (check.reason === "forbidden") {
            return yield* new DomainRejection({ status: 403, code: "forbidden", en: "Your role may not make this move", ru: "Ваша роль не позволяет этот переход", extra: { roles: check.roles } })
          }
          const target = stateOf(def, m.to)!
          return yield* new ValidationError({
            fields: check.missing.map((f) => ({
              path: `values.${f.key}`,
              en: `Fill in "${f.label.en}" before moving to "${target.label.en}"`,
              ru: `Заполните «${f.label.ru}» перед переводом в «${target.label.ru}»`,
            })),
          })
        }
        const saved = yield* commit(r, { status: m.to, statusCategory: statusCategoryOf(def, m.to) }, m.version)
        const dto = toDto(saved)
        yield* writeJournal(id, "moved", { from: r.status, to: m.to, comment: m.comment ?? null })
        yield* bus.publish(caseMoved, { case: dto, from: r.status, to: m.to })
        return dto
      }))
    })

    const comment = Effect.fn("Cases.comment")(function* (id: string, text: string) {
      const actor = yield* CurrentActor
      yield* row(id)
      yield* transaction(Effect.gen(function* () {
        yield* writeJournal(id, "comment", { text })
        yield* bus.publish(caseCommented, { caseId: id, by: actor.userId ?? actor.login, at: new Date().toISOString() })
      }))
    })

    const journal = Effect.fn("Cases.journal")(function* (id: string) {
      yield* row(id)
      return yield* readJournal(id)
    })

    /**
     * The list with its filters and search box (search/list.ts): keyset pages, a capped total, and
     * each row's status category, type name and status label (a type's definition read once per call).
     */
    const list = Effect.fn("Cases.list")(function* (params: CaseListParams) {
      return yield* listCases(params, (key) =>
        types.get(key).pipe(Effect.map((t) => t.definition), Effect.catchTag("NotFound", () => Effect.succeed(undefined))))
    })

    return { create, get, card, update, move, comment, journal, list }
  }),
}) {
  static layer = Layer.effect(Cases, Cases.make)
}
