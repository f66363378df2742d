/**
 * Invitations: an admin names a login, roles and groups; the person opens a
 * one-time link and sets a password. The token is stored hashed and expires.
 */
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import { CurrentActor, type Role } from "../actor"
import { recordAudit } from "../audit"
import { transaction, useDb } from "../database"
import { invitations, users } from "../db/schema"
import { Conflict, type DatabaseError, NotFound, Unauthorized } from "../errors"
import { PasswordHasher } from "./password-hasher"
import { randomToken, sha256 } from "./secrets"

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600

const loginTaken = (login: string) =>
  useDb(async (db) => {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.login})`, login.toLowerCase()))
    const [i] = await db.select({ id: invitations.id }).from(invitations).where(
      and(eq(sql`lower(${invitations.login})`, login.toLowerCase()), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())),
    )
    return Boolean(u || i)
  })

export const createInvitation = Effect.fn("Auth.createInvitation")(function* (input: {
  login: string
  name: string
  email?: string | undefined
  roles: readonly Role[]
}) {
  const actor = yield* CurrentActor
  if (yield* loginTaken(input.login)) return yield* new Conflict({ entity: "user", field: "login" })
  const token = randomToken()
  const id = uuidv7()
  const expiresAt = new Date(Date.now() + INVITATION_TTL_SECONDS * 1000)
  yield* transaction(Effect.gen(function* () {
    yield* useDb((db) =>
      db.insert(invitations).values({
        id, tenantId: actor.tenantId, login: input.login, name: input.name, email: input.email ?? null,
        roles: [...input.roles], tokenHash: sha256(token), createdBy: actor.userId, expiresAt,
      }),
    )
    yield* recordAudit({ action: "auth.invitation.create", entity: "invitation", entityId: id, data: { login: input.login, roles: input.roles } })
  }))
  return { id, token, link: `/invite#${token}`, expiresAt: expiresAt.toISOString() }
})

export const listInvitations = Effect.fn("Auth.listInvitations")(function* () {
  const actor = yield* CurrentActor
  const rows = yield* useDb((db) => db.select().from(invitations).where(eq(invitations.tenantId, actor.tenantId)).orderBy(desc(invitations.createdAt)))
  const now = Date.now()
  return rows.map((r) => ({
    id: r.id, login: r.login, name: r.name, email: r.email, roles: r.roles,
    createdAt: new Date(r.createdAt).toISOString(), expiresAt: new Date(r.expiresAt).toISOString(),
    state: r.acceptedAt ? "accepted" : r.revokedAt ? "revoked" : new Date(r.expiresAt).getTime() < now ? "expired" : "pending",
  }))
})

export const revokeInvitation = Effect.fn("Auth.revokeInvitation")(function* (id: string) {
  const actor = yield* CurrentActor
  const rows = yield* useDb((db) =>
    db.update(invitations).set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, id), eq(invitations.tenantId, actor.tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id }),
  )
  if (!rows.length) return yield* new NotFound({ entity: "invitation", id })
  yield* recordAudit({ action: "auth.invitation.revoke", entity: "invitation", entityId: id })
})

/** Public: the invited person sets a password; the invitation is used up. */
export const acceptInvitation = Effect.fn("Auth.acceptInvitation")(function* (input: { token: string; password: string }) {
  const hasher = yield* PasswordHasher
  const hash = yield* Effect.promise(() => hasher.hash(input.password))
  return yield* transaction(Effect.gen(function* () {
    // Claiming the row with an UPDATE makes a second use of the link fail even when concurrent.
    const [inv] = yield* useDb((db) =>
      db.update(invitations).set({ acceptedAt: new Date() })
        .where(and(eq(invitations.tokenHash, sha256(input.token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
        .returning(),
    )
    if (!inv) return yield* new Unauthorized({ reason: "token_invalid" })
    const userId = uuidv7()
    yield* useDb((db) =>
      db.insert(users).values({
        id: userId, tenantId: inv.tenantId, login: inv.login, name: inv.name, email: inv.email,
        roles: inv.roles, passwordHash: hash, passwordChangedAt: new Date(),
      }),
    ).pipe(Effect.catchTag("DatabaseError", (e): Effect.Effect<never, Conflict | DatabaseError> =>
      e.sqlState === "23505" ? Effect.fail(new Conflict({ entity: "user", field: "login" })) : Effect.fail(e)))
    yield* recordAudit({ action: "auth.invitation.accept", entity: "user", entityId: userId }).pipe(
      Effect.provideService(CurrentActor, { tenantId: inv.tenantId, userId, login: inv.login, roles: inv.roles as Role[], groups: [], via: "system" }),
    )
    return { userId, login: inv.login }
  }))
})
