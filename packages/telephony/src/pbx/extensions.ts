/**
 * The `Extensions` service: numbers of a tenant ("100") that ring their member
 * accounts in parallel; the first to answer takes the call. A number is unique
 * in its tenant; members must be the tenant's own SIP accounts. Changes are
 * audited, versioned, published (`sip.extension.changed`) and reach call
 * routing at once.
 */
import { Conflict, CurrentActor, EventBus, NotFound, recordAudit, transaction, useDb, ValidationError } from "@org/core/server"
import { and, asc, eq, inArray } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { v7 as uuidv7 } from "uuid"
import type { ExtensionDto, NewExtension } from "../api"
import { type ExtensionRow, extensions, sipAccounts } from "../db/schema"
import { sipExtensionChanged } from "../events"
import { SipDirectory } from "./directory"
import { ADMINS, conflictOn, isUuid, iso } from "./shared"

export const toExtensionDto = (r: ExtensionRow): ExtensionDto => ({
  id: r.id, number: r.number, name: r.name, members: [...r.members], version: r.version, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
})

export class Extensions extends Context.Service<Extensions>()("@org/telephony/Extensions", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const directory = yield* SipDirectory

    const find = (id: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = isUuid(id)
          ? yield* useDb((db) => db.select().from(extensions).where(and(eq(extensions.tenantId, actor.tenantId), eq(extensions.id, id))))
          : []
        if (!row) return yield* new NotFound({ entity: "extension", id })
        return row
      })

    /** Every member must be one of the tenant's accounts: each one that is not is named. */
    const checkMembers = (members: readonly string[]) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const ids = members.map((m) => m.toLowerCase())
        const found = yield* useDb((db) => db.select({ id: sipAccounts.id }).from(sipAccounts)
          .where(and(eq(sipAccounts.tenantId, actor.tenantId), inArray(sipAccounts.id, ids))))
        const known = new Set(found.map((f) => f.id))
        const missing = ids.flatMap((id, i) => (known.has(id) ? [] : [i]))
        if (missing.length) {
          return yield* new ValidationError({
            fields: missing.map((i) => ({ path: `members.${i}`, en: "No such SIP account", ru: "SIP-учётная запись не найдена" })),
          })
        }
        return ids
      })

    const uniqueness = conflictOn("extension", { number_key: "number" }, "number")
    const write = <A, E, R>(effect: Effect.Effect<A, E, R>) => transaction(effect).pipe(Effect.ensuring(Effect.sync(directory.invalidate)))
    const changed = (row: ExtensionRow, change: "created" | "updated" | "deleted") =>
      Effect.gen(function* () {
        yield* recordAudit({ action: `extension.${change}`, entity: "extension", entityId: row.id, data: { number: row.number, members: row.members } })
        yield* bus.publish(sipExtensionChanged, { extensionId: row.id, number: row.number, change }, { audience: ADMINS })
      })

    const list = Effect.fn("Extensions.list")(function* () {
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) => db.select().from(extensions).where(eq(extensions.tenantId, actor.tenantId))
        .orderBy(asc(extensions.number)).limit(5000))
      return rows.map(toExtensionDto)
    })

    const get = Effect.fn("Extensions.get")(function* (id: string) {
      return toExtensionDto(yield* find(id))
    })

    const create = Effect.fn("Extensions.create")(function* (input: NewExtension) {
      const actor = yield* CurrentActor
      const members = yield* checkMembers(input.members)
      return yield* write(Effect.gen(function* () {
        const [row] = yield* useDb((db) => db.insert(extensions).values({
          id: uuidv7(), tenantId: actor.tenantId, number: input.number, name: input.name?.trim() || null, members,
        }).returning()).pipe(Effect.catchTag("DatabaseError", uniqueness))
        yield* changed(row, "created")
        return toExtensionDto(row)
      }))
    })

    /** Replaces number, name and members if `version` is still the extension's version; 409 with the current one otherwise. */
    const update = Effect.fn("Extensions.update")(function* (id: string, input: NewExtension, version: number) {
      const current = yield* find(id)
      const members = yield* checkMembers(input.members)
      return yield* write(Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(extensions).set({
          number: input.number, name: input.name?.trim() || null, members, version: version + 1, updatedAt: new Date(),
        }).where(and(eq(extensions.id, current.id), eq(extensions.version, version))).returning())
          .pipe(Effect.catchTag("DatabaseError", uniqueness))
        if (!saved) return yield* new Conflict({ entity: "extension", currentVersion: current.version })
        yield* changed(saved, "updated")
        return toExtensionDto(saved)
      }))
    })

    const remove = Effect.fn("Extensions.remove")(function* (id: string) {
      const current = yield* find(id)
      yield* write(Effect.gen(function* () {
        yield* useDb((db) => db.delete(extensions).where(eq(extensions.id, current.id)))
        yield* changed(current, "deleted")
      }))
    })

    return { list, get, create, update, remove }
  }),
}) {
  static layer = Layer.effect(Extensions, Extensions.make)
}
