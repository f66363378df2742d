/**
 * Administration of people and operator groups: groups, and a user's name,
 * roles, groups and disabled flag. Disabling takes effect at once (sessions,
 * API calls and widget tokens all re-read the user). Admins cannot lock
 * themselves out.
 */
import { and, count, eq, inArray, isNull } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import { CurrentActor, type Role } from "../actor"
import { recordAudit } from "../audit"
import { transaction, useDb } from "../database"
import { EventBus } from "../event-bus"
import { sessionsEnded } from "../events"
import { groups, sessions, userGroups, users } from "../db/schema"
import { Conflict, type DatabaseError, NotFound, ValidationError } from "../errors"

export const listGroups = Effect.fn("Admin.listGroups")(function* () {
  const actor = yield* CurrentActor
  return yield* useDb((db) =>
    db.select({ id: groups.id, name: groups.name, members: count(userGroups.userId) })
      .from(groups)
      .leftJoin(userGroups, eq(userGroups.groupId, groups.id))
      .where(eq(groups.tenantId, actor.tenantId))
      .groupBy(groups.id, groups.name)
      .orderBy(groups.name),
  )
})

export const createGroup = Effect.fn("Admin.createGroup")(function* (input: { name: string }) {
  const actor = yield* CurrentActor
  const id = uuidv7()
  yield* transaction(Effect.gen(function* () {
    yield* useDb((db) => db.insert(groups).values({ id, tenantId: actor.tenantId, name: input.name.trim() })).pipe(
      Effect.catchTag("DatabaseError", (e): Effect.Effect<never, Conflict | DatabaseError> =>
        e.sqlState === "23505" ? Effect.fail(new Conflict({ entity: "group", field: "name" })) : Effect.fail(e)),
    )
    yield* recordAudit({ action: "auth.group.create", entity: "group", entityId: id, data: { name: input.name } })
  }))
  return { id, name: input.name.trim(), members: 0 }
})

export const updateUser = Effect.fn("Admin.updateUser")(function* (
  userId: string,
  input: { name?: string | undefined; roles?: readonly Role[] | undefined; groupIds?: readonly string[] | undefined; disabled?: boolean | undefined },
) {
  const actor = yield* CurrentActor
  const bus = yield* EventBus
  if (userId === actor.userId && (input.disabled === true || (input.roles && !input.roles.includes("admin")))) {
    return yield* new ValidationError({
      fields: [{
        path: input.disabled === true ? "disabled" : "roles",
        en: "You cannot disable yourself or take away your own admin role",
        ru: "Нельзя отключить себя или снять с себя роль администратора",
      }],
    })
  }
  return yield* transaction(Effect.gen(function* () {
    const [before] = yield* useDb((db) => db.select().from(users).where(and(eq(users.id, userId), eq(users.tenantId, actor.tenantId))))
    if (!before) return yield* new NotFound({ entity: "user", id: userId })
    const patch: Partial<typeof users.$inferInsert> = {}
    if (input.name !== undefined) patch.name = input.name.trim()
    if (input.roles !== undefined) patch.roles = [...input.roles]
    if (input.disabled !== undefined) patch.disabled = input.disabled
    if (Object.keys(patch).length) yield* useDb((db) => db.update(users).set(patch).where(eq(users.id, userId)))
    if (input.groupIds !== undefined) {
      const ids = [...new Set(input.groupIds)]
      const found = ids.length
        ? yield* useDb((db) => db.select({ id: groups.id }).from(groups).where(and(eq(groups.tenantId, actor.tenantId), inArray(groups.id, ids))))
        : []
      if (found.length !== ids.length) {
        return yield* new ValidationError({ fields: [{ path: "groupIds", en: "Unknown group", ru: "Неизвестная группа" }] })
      }
      yield* useDb((db) => db.delete(userGroups).where(eq(userGroups.userId, userId)))
      if (ids.length) yield* useDb((db) => db.insert(userGroups).values(ids.map((groupId) => ({ tenantId: actor.tenantId, userId, groupId }))))
    }
    if (input.disabled === true) {
      yield* useDb((db) => db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))))
      yield* bus.publish(sessionsEnded, { userId, sessionIds: null })
    }
    yield* recordAudit({
      action: "auth.user.update", entity: "user", entityId: userId,
      data: { before: { name: before.name, roles: before.roles, disabled: before.disabled }, changes: input },
    })
    return { id: userId }
  }))
})
