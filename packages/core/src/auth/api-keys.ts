/**
 * API keys for integrations: created by admins, shown once, stored hashed,
 * scoped to roles, revocable. A key acts as itself (no user) in its tenant.
 */
import { and, desc, eq, isNull } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import { type Actor, CurrentActor, type Role } from "../actor"
import { recordAudit } from "../audit"
import { transaction, useDb } from "../database"
import { apiKeys } from "../db/schema"
import { NotFound, Unauthorized } from "../errors"
import { randomToken, sha256 } from "./secrets"

export const API_KEY_PREFIX = "sbk_"

export const createApiKey = Effect.fn("Auth.createApiKey")(function* (input: { name: string; roles: readonly Role[] }) {
  const actor = yield* CurrentActor
  const key = API_KEY_PREFIX + randomToken()
  const id = uuidv7()
  const prefix = key.slice(0, 12)
  yield* transaction(Effect.gen(function* () {
    yield* useDb((db) =>
      db.insert(apiKeys).values({ id, tenantId: actor.tenantId, name: input.name, prefix, secretHash: sha256(key), roles: [...input.roles], createdBy: actor.userId }),
    )
    yield* recordAudit({ action: "auth.api_key.create", entity: "api_key", entityId: id, data: { name: input.name, roles: input.roles } })
  }))
  return { id, name: input.name, prefix, roles: input.roles, key }
})

export const listApiKeys = Effect.fn("Auth.listApiKeys")(function* () {
  const actor = yield* CurrentActor
  const rows = yield* useDb((db) => db.select().from(apiKeys).where(eq(apiKeys.tenantId, actor.tenantId)).orderBy(desc(apiKeys.createdAt)))
  return rows.map((k) => ({
    id: k.id, name: k.name, prefix: k.prefix, roles: k.roles,
    createdAt: new Date(k.createdAt).toISOString(),
    lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
    revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
  }))
})

export const revokeApiKey = Effect.fn("Auth.revokeApiKey")(function* (id: string) {
  const actor = yield* CurrentActor
  const rows = yield* useDb((db) =>
    db.update(apiKeys).set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, actor.tenantId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id }),
  )
  if (!rows.length) return yield* new NotFound({ entity: "api_key", id })
  yield* recordAudit({ action: "auth.api_key.revoke", entity: "api_key", entityId: id })
})

export const resolveApiKey = Effect.fn("Auth.resolveApiKey")(function* (key: string) {
  const [k] = yield* useDb((db) => db.select().from(apiKeys).where(eq(apiKeys.secretHash, sha256(key))))
  if (!k || k.revokedAt) return yield* new Unauthorized({ reason: "api_key_revoked" })
  if (!k.lastUsedAt || Date.now() - new Date(k.lastUsedAt).getTime() > 60_000) {
    yield* useDb((db) => db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, k.id)))
  }
  const actor: Actor = { tenantId: k.tenantId, userId: null, login: `api-key:${k.name}`, roles: k.roles as Role[], groups: [], via: "api_key" }
  return actor
})
