/** Append-only audit trail: who changed what and when. Written in the caller's transaction. */
import { and, desc, eq, lt } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import { CurrentActor } from "./actor"
import { useDb } from "./database"
import { auditLog } from "./db/schema"
import { toPage } from "./paging"

export const recordAudit = Effect.fn("Audit.record")(function* (entry: {
  action: string
  entity: string
  entityId?: string | null
  data?: unknown
}) {
  const actor = yield* CurrentActor
  yield* useDb((db) =>
    db.insert(auditLog).values({
      id: uuidv7(),
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorLogin: actor.login,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      data: (entry.data ?? null) as any,
    }),
  )
})

export const listAudit = Effect.fn("Audit.list")(function* (q: { limit: number; before?: string | undefined }) {
  const actor = yield* CurrentActor
  const rows = yield* useDb((db) =>
    db.select().from(auditLog)
      .where(and(eq(auditLog.tenantId, actor.tenantId), q.before ? lt(auditLog.id, q.before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(q.limit + 1),
  )
  return toPage(rows, q.limit, (r) => ({ ...r, at: new Date(r.at).toISOString() }))
})
