/** Writing and reading a case's journal (in the caller's transaction). */
import { CurrentActor, useDb } from "@org/core/server"
import { and, asc, eq } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import { caseJournal } from "./db/schema"
import type { JournalEntry } from "./index"

export const writeJournal = (caseId: string, kind: JournalEntry["kind"], data: unknown) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    yield* useDb((db) =>
      db.insert(caseJournal).values({ id: uuidv7(), tenantId: actor.tenantId, caseId, kind, actorId: actor.userId, actorLogin: actor.login, data: data as object }),
    )
  })

export const readJournal = (caseId: string) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    const rows = yield* useDb((db) =>
      db.select().from(caseJournal).where(and(eq(caseJournal.tenantId, actor.tenantId), eq(caseJournal.caseId, caseId))).orderBy(asc(caseJournal.id)),
    )
    return rows.map((r): JournalEntry => ({ id: r.id, kind: r.kind as JournalEntry["kind"], actorLogin: r.actorLogin, data: r.data, at: new Date(r.at).toISOString() }))
  })
