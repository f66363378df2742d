/**
 * The `CaseSearch` service: upkeep of the case list's search. The list itself
 * is `Cases.list` (GET /api/v1/cases); documents are written with every case
 * change. `reindex` rebuilds the documents of the tenant's cases: after
 * dictionary items were renamed (documents keep the labels they were saved
 * with) or after the migration that introduced search (it could not read
 * labels).
 */
import { CurrentActor, recordAudit, useDb } from "@org/core/server"
import { and, asc, eq, gt } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { CaseTypes } from "../case-types-service"
import { cases } from "../db/schema"
import type { CaseTypeDef } from "../types"
import { makeSearchIndexer } from "./indexing"

/** Cases read and rewritten per round trip. */
const CHUNK = 500

export class CaseSearch extends Context.Service<CaseSearch>()("@org/cases/CaseSearch", {
  make: Effect.gen(function* () {
    const types = yield* CaseTypes
    const indexer = makeSearchIndexer()

    /** Rewrites every document of the tenant that differs from what its case gives now; versions and times stay. */
    const reindex = Effect.fn("CaseSearch.reindex")(function* () {
      const actor = yield* CurrentActor
      const definitions = new Map<string, CaseTypeDef | null>()
      let after: string | undefined
      let scanned = 0
      let updated = 0
      for (;;) {
        const rows = yield* useDb((db) =>
          db.select({
            id: cases.id, number: cases.number, title: cases.title, applicantPhone: cases.applicantPhone, typeKey: cases.typeKey,
            values: cases.values, searchText: cases.searchText,
          }).from(cases).where(and(eq(cases.tenantId, actor.tenantId), after ? gt(cases.id, after) : undefined)).orderBy(asc(cases.id)).limit(CHUNK))
        if (!rows.length) break
        for (const key of new Set(rows.map((r) => r.typeKey).filter((k): k is string => k !== null && !definitions.has(k)))) {
          definitions.set(key, yield* types.get(key).pipe(Effect.map((t) => t.definition), Effect.catchTag("NotFound", () => Effect.succeed(null))))
        }
        const docs = yield* indexer.documents(rows.map((r) => ({
          number: r.number, title: r.title, applicantPhone: r.applicantPhone, values: (r.values ?? {}) as Record<string, unknown>,
          definition: r.typeKey ? definitions.get(r.typeKey) ?? null : null,
        })))
        for (const [i, r] of rows.entries()) {
          if (docs[i] === r.searchText) continue
          yield* useDb((db) => db.update(cases).set({ searchText: docs[i] }).where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, r.id))))
          yield* indexer.remember(docs[i])
          updated++
        }
        scanned += rows.length
        after = rows[rows.length - 1].id
      }
      yield* recordAudit({ action: "case_search.reindex", entity: "case", data: { scanned, updated } })
      return { scanned, updated }
    })

    return { reindex }
  }),
}) {
  static layer = Layer.effect(CaseSearch, CaseSearch.make)
}
