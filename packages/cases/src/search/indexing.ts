/**
 * Keeping a case's search columns current as it is written: the document
 * (document.ts, with the labels of its dictionary values read in one query)
 * and the tenant's vocabulary of words that typos are corrected to.
 */
import { CurrentActor, useDb } from "@org/core/server"
import { and, eq, inArray, sql } from "drizzle-orm"
import { Effect } from "effect"
import { dictionaryItems } from "../db/reference"
import { caseSearchWords } from "../db/schema"
import { dictionaryIds, type DocumentInput, searchDocument, vocabularyOf } from "./document"

const rowsOf = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? r) as Record<string, unknown>[]

/** One per Cases service: remembers whether the reference books' table exists (a test database may lack it). */
export const makeSearchIndexer = () => {
  let hasDictionaries: boolean | undefined

  const labels = (ids: readonly string[]) =>
    Effect.gen(function* () {
      const found = new Map<string, { ru: string; en: string }>()
      if (!ids.length) return found
      if (hasDictionaries !== true) {
        // Asked without touching the table, so a missing one cannot abort the caller's transaction.
        const r = yield* useDb((db) => db.execute(sql`select to_regclass('cases.dictionary_items') is not null as present`))
        hasDictionaries = rowsOf(r)[0]?.present === true
        if (!hasDictionaries) return found
      }
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) =>
        db.select({ id: dictionaryItems.id, label: dictionaryItems.label }).from(dictionaryItems)
          .where(and(eq(dictionaryItems.tenantId, actor.tenantId), inArray(dictionaryItems.id, [...new Set(ids)]))))
      for (const r of rows) found.set(r.id, r.label)
      return found
    })

  /** The search document of a case about to be saved. */
  const document = (input: Omit<DocumentInput, "labels">) =>
    Effect.map(labels(dictionaryIds(input.definition, input.values)), (found) => searchDocument({ ...input, labels: found }))

  /** The documents of many cases, their dictionary labels read in one query. */
  const documents = (inputs: readonly Omit<DocumentInput, "labels">[]) =>
    Effect.map(labels(inputs.flatMap((i) => dictionaryIds(i.definition, i.values))), (found) => inputs.map((i) => searchDocument({ ...i, labels: found })))

  /** Adds the document's words to the tenant's vocabulary (sorted: concurrent writers lock them in one order). */
  const remember = (doc: string) =>
    Effect.gen(function* () {
      const words = vocabularyOf(doc)
      if (!words.length) return
      const actor = yield* CurrentActor
      yield* useDb((db) => db.insert(caseSearchWords).values(words.map((word) => ({ tenantId: actor.tenantId, word }))).onConflictDoNothing())
    })

  return { document, documents, remember }
}

export type SearchIndexer = ReturnType<typeof makeSearchIndexer>
