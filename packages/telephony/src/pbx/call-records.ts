/**
 * The `CallRecords` service: call records (CDR) as the SIP core's call tracker
 * produces them, stored once per call (Call-ID + the caller's From tag), and
 * listed newest first with filters (time range, account, direction,
 * disposition) and cursor paging.
 */
import { CurrentActor, type Database, type DatabaseError, useDb } from "@org/core/server"
import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { v7 as uuidv7 } from "uuid"
import { type CallListQuery, type CallRecordDto, decodeCallCursor, encodeCallCursor } from "../api"
import { type CallRecordRow, callRecords } from "../db/schema"
import type { CallRecord } from "../routing/call-tracker"
import { iso, isoOrNull, isUuid } from "./shared"

export const MAX_CALL_PAGE = 200

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuidOrNull = (id: string | undefined) => (id !== undefined && UUID.test(id) ? id : null)

type StoredTransfer = { by: "caller" | "callee"; target: string; targetUser?: string; replaces?: { callId: string; toTag?: string; fromTag?: string }; at: string; status?: number }

export const toCallRecordDto = (r: CallRecordRow): CallRecordDto => ({
  id: r.id,
  callId: r.callId,
  fromTag: r.fromTag,
  from: { user: r.fromUser, displayName: r.fromDisplayName, uri: r.fromUri },
  to: { user: r.toUser, displayName: r.toDisplayName, uri: r.toUri },
  callerAccountId: r.callerAccountId,
  calleeAccountId: r.calleeAccountId,
  targetAccountIds: [...r.targetAccountIds],
  callerName: r.callerName,
  calleeName: r.calleeName,
  direction: r.direction,
  startedAt: iso(r.startedAt),
  ringingAt: isoOrNull(r.ringingAt),
  answeredAt: isoOrNull(r.answeredAt),
  endedAt: iso(r.endedAt),
  ringSeconds: r.ringSeconds,
  talkSeconds: r.talkSeconds,
  disposition: r.disposition,
  status: r.status,
  reason: r.reason,
  hangup: r.hangup,
  transfers: (r.transfers as StoredTransfer[]).map((t) => ({
    by: t.by, target: t.target, targetUser: t.targetUser ?? null,
    replaces: t.replaces ? { callId: t.replaces.callId, toTag: t.replaces.toTag ?? null, fromTag: t.replaces.fromTag ?? null } : null,
    at: t.at, status: t.status ?? null,
  })),
  referredBy: r.referredBy,
  replacesCallId: r.replacesCallId,
})

/** Names of the accounts at the time of the call (their comments). */
export interface CallNames {
  readonly callerName?: string | null | undefined
  readonly calleeName?: string | null | undefined
}

export class CallRecords extends Context.Service<CallRecords>()("@org/telephony/CallRecords", {
  make: Effect.sync(() => {
    /**
     * Stores a record (in the current transaction, if any). The same call stored
     * twice stays one record: the first is kept and returned.
     */
    const record = (r: CallRecord, names: CallNames = {}): Effect.Effect<CallRecordDto, DatabaseError, Database> =>
      useDb(async (db) => {
        const values = {
          id: uuidv7(),
          tenantId: r.tenantId,
          callId: r.callId,
          fromTag: r.fromTag,
          fromUser: r.from.user,
          fromDisplayName: r.from.displayName ?? null,
          fromUri: r.from.uri,
          toUser: r.to.user,
          toDisplayName: r.to.displayName ?? null,
          toUri: r.to.uri,
          callerAccountId: uuidOrNull(r.callerAccountId),
          calleeAccountId: uuidOrNull(r.calleeAccountId),
          targetAccountIds: r.targetAccountIds.filter((id) => UUID.test(id)),
          callerName: names.callerName ?? null,
          calleeName: names.calleeName ?? null,
          direction: r.direction,
          startedAt: r.startedAt,
          ringingAt: r.ringingAt ?? null,
          answeredAt: r.answeredAt ?? null,
          endedAt: r.endedAt,
          ringSeconds: r.ringSeconds,
          talkSeconds: r.talkSeconds,
          disposition: r.disposition,
          status: r.status,
          reason: r.reason ?? null,
          hangup: r.hangup,
          transfers: r.transfers.map((t) => ({ ...t, at: t.at.toISOString() })),
          referredBy: r.referredBy ?? null,
          replacesCallId: r.replacesCallId ?? null,
        }
        const [inserted] = await db.insert(callRecords).values(values).onConflictDoNothing().returning()
        if (inserted) return toCallRecordDto(inserted)
        const [existing] = await db.select().from(callRecords)
          .where(and(eq(callRecords.tenantId, r.tenantId), eq(callRecords.callId, r.callId), eq(callRecords.fromTag, r.fromTag)))
        return toCallRecordDto(existing)
      })

    /** The tenant's calls, newest first. */
    const list = Effect.fn("CallRecords.list")(function* (q: Partial<CallListQuery> = {}) {
      const actor = yield* CurrentActor
      const limit = Math.max(1, Math.min(q.limit ?? 50, MAX_CALL_PAGE))
      const t = callRecords
      const cursor = q.cursor ? decodeCallCursor(q.cursor) : undefined
      const account = q.account && isUuid(q.account) ? q.account.toLowerCase() : undefined
      const where: (SQL | undefined)[] = [
        eq(t.tenantId, actor.tenantId),
        q.from ? gte(t.startedAt, new Date(q.from)) : undefined,
        q.to ? lt(t.startedAt, new Date(q.to)) : undefined,
        q.direction ? eq(t.direction, q.direction) : undefined,
        q.disposition ? eq(t.disposition, q.disposition) : undefined,
        account
          ? or(eq(t.callerAccountId, account), eq(t.calleeAccountId, account), sql`${t.targetAccountIds} @> array[${account}]::uuid[]`)
          : undefined,
        cursor ? sql`(${t.startedAt}, ${t.id}) < (${cursor.startedAt.toISOString()}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ]
      const rows = yield* useDb((db) => db.select().from(t).where(and(...where)).orderBy(desc(t.startedAt), desc(t.id)).limit(limit + 1))
      const items = rows.slice(0, limit).map(toCallRecordDto)
      const last = rows.length > limit ? rows[limit - 1] : undefined
      return { items, nextCursor: last ? encodeCallCursor(new Date(last.startedAt), last.id) : null }
    })

    return { record, list }
  }),
}) {
  static layer = Layer.effect(CallRecords, CallRecords.make)
}
