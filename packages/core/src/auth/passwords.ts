/** Changing one's own password: proves the current one and ends the other sessions. */
import { and, eq, isNull, ne } from "drizzle-orm"
import { Effect } from "effect"
import { CurrentActor } from "../actor"
import { recordAudit } from "../audit"
import { transaction, useDb } from "../database"
import { EventBus } from "../event-bus"
import { sessionsEnded } from "../events"
import { sessions, users } from "../db/schema"
import { Forbidden, ValidationError } from "../errors"
import { PasswordHasher } from "./password-hasher"

export const changePassword = Effect.fn("Auth.changePassword")(function* (input: { current: string; next: string }) {
  const actor = yield* CurrentActor
  const hasher = yield* PasswordHasher
  const bus = yield* EventBus
  if (!actor.userId) return yield* new Forbidden({})
  const [u] = yield* useDb((db) => db.select().from(users).where(and(eq(users.id, actor.userId!), eq(users.tenantId, actor.tenantId))))
  const ok = u?.passwordHash ? yield* Effect.promise(() => hasher.verify(input.current, u.passwordHash!)) : false
  if (!ok) {
    return yield* new ValidationError({
      fields: [{ path: "current", en: "The current password is wrong", ru: "Текущий пароль указан неверно" }],
    })
  }
  const hash = yield* Effect.promise(() => hasher.hash(input.next))
  yield* transaction(Effect.gen(function* () {
    yield* useDb((db) => db.update(users).set({ passwordHash: hash, passwordChangedAt: new Date() }).where(eq(users.id, actor.userId!)))
    const ended = yield* useDb((db) =>
      db.update(sessions).set({ revokedAt: new Date() }).where(
        and(eq(sessions.userId, actor.userId!), isNull(sessions.revokedAt), ne(sessions.id, actor.sessionId ?? "00000000-0000-0000-0000-000000000000")),
      ).returning({ id: sessions.id }),
    )
    if (ended.length) yield* bus.publish(sessionsEnded, { userId: actor.userId!, sessionIds: ended.map((r) => r.id) })
    yield* recordAudit({ action: "auth.password.change", entity: "user", entityId: actor.userId })
  }))
})
