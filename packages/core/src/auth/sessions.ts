/**
 * Console sessions: an opaque random token in an HttpOnly cookie, stored
 * hashed. "Remember me" makes a 30-day persistent session; otherwise the
 * cookie lives with the browser and the server forgets it after 12 hours.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import { CurrentActor } from "../actor"
import { recordAudit } from "../audit"
import { transaction, useDb } from "../database"
import { EventBus } from "../event-bus"
import { sessionsEnded } from "../events"
import { sessions } from "../db/schema"
import { NotFound, Unauthorized } from "../errors"
import { PasswordHasher } from "./password-hasher"
import { randomToken, sha256 } from "./secrets"
import { checkThrottle, recordAttempt } from "./throttle"
import { findUserByLogin, loadActor } from "./users"

export const SESSION_TTL = { rememberSeconds: 30 * 24 * 3600, browserSeconds: 12 * 3600 }

// A real argon2id hash of a random string: verifying against it costs the same
// time as a real check, so unknown logins cannot be told apart by timing.
let dummyHash: Promise<string> | undefined

export const login = Effect.fn("Auth.login")(function* (input: {
  login: string
  password: string
  remember: boolean
  ip: string
  userAgent: string | null
}) {
  const hasher = yield* PasswordHasher
  const key = input.login.trim().toLowerCase()
  yield* checkThrottle(key, input.ip)
  const user = yield* findUserByLogin(key)
  dummyHash ??= hasher.hash(randomToken())
  const ok = yield* Effect.promise(() =>
    user?.passwordHash && !user.disabled
      ? hasher.verify(input.password, user.passwordHash)
      : dummyHash!.then((h) => hasher.verify(input.password, h)).then(() => false),
  )
  yield* recordAttempt(key, input.ip, ok)
  if (!ok || !user) return yield* new Unauthorized({ reason: "invalid_credentials" })

  const token = randomToken()
  const ttl = input.remember ? SESSION_TTL.rememberSeconds : SESSION_TTL.browserSeconds
  const id = uuidv7()
  yield* useDb((db) =>
    db.insert(sessions).values({
      id,
      tenantId: user.tenantId,
      userId: user.id,
      tokenHash: sha256(token),
      remember: input.remember,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt: new Date(Date.now() + ttl * 1000),
    }),
  )
  const actor = (yield* loadActor(user.id, "session", id))!
  yield* recordAudit({ action: "auth.login", entity: "session", entityId: id, data: { ip: input.ip } }).pipe(
    Effect.provideService(CurrentActor, actor),
  )
  return { token, sessionId: id, maxAgeSeconds: input.remember ? ttl : undefined, actor }
})

/** Resolves a session cookie to its actor; touches last_seen at most once a minute. */
export const resolveSession = Effect.fn("Auth.resolveSession")(function* (token: string) {
  const [s] = yield* useDb((db) =>
    db.select().from(sessions).where(
      and(eq(sessions.tokenHash, sha256(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())),
    ),
  )
  if (!s) return yield* new Unauthorized({ reason: "session_expired" })
  const actor = yield* loadActor(s.userId, "session", s.id)
  if (!actor) return yield* new Unauthorized({ reason: "session_expired" })
  if (Date.now() - new Date(s.lastSeenAt).getTime() > 60_000) {
    yield* useDb((db) => db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, s.id)))
  }
  return actor
})

export const revokeSession = Effect.fn("Auth.revokeSession")(function* (sessionId: string) {
  const actor = yield* CurrentActor
  const bus = yield* EventBus
  // People revoke their own sessions; admins any session of their tenant.
  const mine = and(eq(sessions.id, sessionId), eq(sessions.tenantId, actor.tenantId))
  const where = actor.roles.includes("admin") ? mine : and(mine, eq(sessions.userId, actor.userId ?? ""))
  yield* transaction(Effect.gen(function* () {
    const rows = yield* useDb((db) =>
      db.update(sessions).set({ revokedAt: new Date() }).where(and(where, isNull(sessions.revokedAt)))
        .returning({ id: sessions.id, userId: sessions.userId }),
    )
    if (rows.length === 0) return yield* new NotFound({ entity: "session", id: sessionId })
    yield* recordAudit({ action: "auth.session.revoke", entity: "session", entityId: sessionId })
    yield* bus.publish(sessionsEnded, { userId: rows[0].userId, sessionIds: [sessionId] })
  }))
})

export const listSessions = Effect.fn("Auth.listSessions")(function* () {
  const actor = yield* CurrentActor
  const rows = yield* useDb((db) =>
    db.select().from(sessions).where(
      and(
        eq(sessions.tenantId, actor.tenantId),
        eq(sessions.userId, actor.userId ?? ""),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
      ),
    ).orderBy(desc(sessions.lastSeenAt)),
  )
  return rows.map((s) => ({
    id: s.id,
    current: s.id === actor.sessionId,
    remember: s.remember,
    ip: s.ip,
    userAgent: s.userAgent,
    createdAt: new Date(s.createdAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
  }))
})
