/**
 * The `CaseTypes` service: a tenant's case types — install a template, create,
 * edit (checked, versioned, optimistic concurrency), read and archive.
 */
import { Conflict, CurrentActor, defineEvent, EventBus, NotFound, recordAudit, transaction, useDb, ValidationError, type DatabaseError } from "@org/core/server"
import { and, asc, eq } from "drizzle-orm"
import { Context, Effect, Layer, Schema } from "effect"
import { v7 as uuidv7 } from "uuid"
import { caseTypes, caseTypeVersions } from "./db/case-types"
import { type CaseTypeDef, caseTypeTemplates, checkDefinition } from "./types"

export const CaseTypeSummary = Schema.Struct({
  id: Schema.String,
  key: Schema.String,
  name: Schema.Struct({ ru: Schema.String, en: Schema.String }),
  version: Schema.Number,
  template: Schema.NullOr(Schema.String),
  archived: Schema.Boolean,
  fields: Schema.Number,
  states: Schema.Number,
})
export type CaseTypeSummary = typeof CaseTypeSummary.Type

export const caseTypeSaved = defineEvent(
  "case_type.saved",
  Schema.Struct({ key: Schema.String, version: Schema.Number }),
)

type Row = typeof caseTypes.$inferSelect

const summary = (r: Row): CaseTypeSummary => {
  const d = r.definition as CaseTypeDef
  return { id: r.id, key: r.key, name: d.name, version: r.version, template: r.template, archived: r.archivedAt !== null, fields: d.fields.length, states: d.states.length }
}

const invalidUnless = (def: CaseTypeDef) => {
  const problems = checkDefinition(def)
  return problems.length ? Effect.fail(new ValidationError({ fields: problems })) : Effect.void
}

const uniqueKey = (e: DatabaseError): Effect.Effect<never, Conflict | DatabaseError> =>
  e.sqlState === "23505" ? Effect.fail(new Conflict({ entity: "case_type", field: "key" })) : Effect.fail(e)

export class CaseTypes extends Context.Service<CaseTypes>()("@org/cases/CaseTypes", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus

    const find = (key: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = yield* useDb((db) => db.select().from(caseTypes).where(and(eq(caseTypes.tenantId, actor.tenantId), eq(caseTypes.key, key))))
        if (!row) return yield* new NotFound({ entity: "case_type", id: key })
        return row
      })

    const insert = (def: CaseTypeDef, template: string | null) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        yield* invalidUnless(def)
        return yield* transaction(Effect.gen(function* () {
          const id = uuidv7()
          const [row] = yield* useDb((db) => db.insert(caseTypes).values({ id, tenantId: actor.tenantId, key: def.key, definition: def, template }).returning())
            .pipe(Effect.catchTag("DatabaseError", uniqueKey))
          yield* useDb((db) => db.insert(caseTypeVersions).values({ typeId: id, tenantId: actor.tenantId, version: 1, definition: def, savedBy: actor.userId }))
          yield* recordAudit({ action: "case_type.create", entity: "case_type", entityId: id, data: { key: def.key, template } })
          yield* bus.publish(caseTypeSaved, { key: def.key, version: 1 })
          return summary(row)
        }))
      })

    const list = Effect.fn("CaseTypes.list")(function* () {
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) => db.select().from(caseTypes).where(eq(caseTypes.tenantId, actor.tenantId)).orderBy(asc(caseTypes.key)))
      return rows.map(summary)
    })

    const get = Effect.fn("CaseTypes.get")(function* (key: string) {
      const row = yield* find(key)
      return { ...summary(row), definition: row.definition as CaseTypeDef }
    })

    const install = Effect.fn("CaseTypes.install")(function* (templateKey: string, key?: string) {
      const template = caseTypeTemplates.find((t) => t.key === templateKey)
      if (!template) {
        return yield* new ValidationError({ fields: [{ path: "template", en: "Unknown template", ru: "Неизвестный шаблон" }] })
      }
      return yield* insert({ ...template, key: key ?? template.key }, templateKey)
    })

    const create = Effect.fn("CaseTypes.create")(function* (def: CaseTypeDef) {
      return yield* insert(def, null)
    })

    /** Saves a new definition if `expectedVersion` is still the current one. */
    const save = Effect.fn("CaseTypes.save")(function* (key: string, def: CaseTypeDef, expectedVersion: number) {
      const actor = yield* CurrentActor
      if (def.key !== key) {
        return yield* new ValidationError({ fields: [{ path: "definition.key", en: "The key of a case type cannot change", ru: "Ключ типа обращения менять нельзя" }] })
      }
      yield* invalidUnless(def)
      return yield* transaction(Effect.gen(function* () {
        const row = yield* find(key)
        const version = expectedVersion + 1
        // The version check is in the UPDATE itself, so two concurrent saves cannot both win.
        const [saved] = yield* useDb((db) =>
          db.update(caseTypes).set({ definition: def, version, updatedAt: new Date() })
            .where(and(eq(caseTypes.id, row.id), eq(caseTypes.version, expectedVersion))).returning(),
        )
        if (!saved) return yield* new Conflict({ entity: "case_type", currentVersion: row.version })
        yield* useDb((db) => db.insert(caseTypeVersions).values({ typeId: row.id, tenantId: actor.tenantId, version, definition: def, savedBy: actor.userId }))
        yield* recordAudit({ action: "case_type.save", entity: "case_type", entityId: row.id, data: { key, version } })
        yield* bus.publish(caseTypeSaved, { key, version })
        return { ...summary(saved), definition: def }
      }))
    })

    const setArchived = Effect.fn("CaseTypes.setArchived")(function* (key: string, archived: boolean) {
      const row = yield* find(key)
      yield* transaction(Effect.gen(function* () {
        yield* useDb((db) => db.update(caseTypes).set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() }).where(eq(caseTypes.id, row.id)))
        yield* recordAudit({ action: archived ? "case_type.archive" : "case_type.restore", entity: "case_type", entityId: row.id })
      }))
    })

    /** A definition as it was at a version (cases remember the version they were made with). */
    const atVersion = Effect.fn("CaseTypes.atVersion")(function* (key: string, version: number) {
      const row = yield* find(key)
      const [v] = yield* useDb((db) => db.select().from(caseTypeVersions).where(and(eq(caseTypeVersions.typeId, row.id), eq(caseTypeVersions.version, version))))
      if (!v) return yield* new NotFound({ entity: "case_type_version", id: `${key}@${version}` })
      return v.definition as CaseTypeDef
    })

    return { list, get, install, create, save, setArchived, atVersion }
  }),
}) {
  static layer = Layer.effect(CaseTypes, CaseTypes.make)
}
