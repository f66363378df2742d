/**
 * The case list: filters, the search box, keyset pages and a total.
 *
 * A query is matched in stages (query-plan.ts), the first that finds anything
 * wins and the cursor carries it to the next pages:
 * - prefix: words as word prefixes (full-text index), codes as substrings
 *   (trigram index), short tokens as prefixes or whole words;
 * - substring: the words as substrings too (trigram index);
 * - fuzzy: each word replaced by its nearest words in the tenant's vocabulary
 *   (trigram similarity), matched as whole words (full-text index).
 * Up to RANK_LIMIT matches are ranked — prefix stage: every token a whole word
 * first; fuzzy: the closest corrections first — then put in the asked order;
 * beyond it ranking would read every match, so they come in the asked order
 * only. Without a query, rows come in the asked order.
 *
 * The total is counted up to CASE_LIST_EXACT_TOTAL and estimated by the
 * planner beyond; the btree indexes carry the filter columns, so a filtered
 * count reads the index only.
 */
import { CurrentActor, type Database, type DatabaseError, useDb, userDto, ValidationError } from "@org/core/server"
import { type AnyColumn, and, eq, gte, isNull, lt, type SQL, sql } from "drizzle-orm"
import { Effect } from "effect"
import { cases, caseSearchWords } from "../db/schema"
import type { CaseDto } from "../index"
import { type CaseTypeDef, stateOf, type StateCategory } from "../types"
import { CASE_LIST_EXACT_TOTAL, type CaseListItem, type CaseListPage, type CaseListParams, type CaseListSort, UNTYPED_STATUS_LABELS } from "./api"
import { decodeCursor, encodeCursor, type ListCursor, type SearchStage } from "./cursor"
import { planSearch, type SearchPlan, type Token, tsTerm } from "./query-plan"

/** Above this many matches a search is listed in the asked order instead of by rank (ranking reads every match). */
export const RANK_LIMIT = CASE_LIST_EXACT_TOTAL
/** How many vocabulary words a misspelt word may stand for. */
const CORRECTIONS = 3
const DAY_MS = 24 * 60 * 60 * 1000

const invalid = (path: string, en: string, ru: string) => new ValidationError({ fields: [{ path: `query.${path}`, en, ru }] })

/** Loads a type's current definition (undefined when the type is gone); cached per request by the caller. */
export type DefinitionOf = (typeKey: string) => Effect.Effect<CaseTypeDef | undefined, DatabaseError, CurrentActor | Database>

// The columns of a row, without the search document and its tsvector (never sent anywhere).
const columns = {
  id: cases.id, number: cases.number, title: cases.title, status: cases.status, applicantPhone: cases.applicantPhone,
  typeKey: cases.typeKey, typeVersion: cases.typeVersion, values: cases.values, flags: cases.flags, assigneeId: cases.assigneeId,
  version: cases.version, createdAt: cases.createdAt, updatedAt: cases.updatedAt, statusCategory: cases.statusCategory,
}

/** The sort's time column and direction. */
const orderOf = (sort: CaseListSort): { at: AnyColumn; desc: boolean } =>
  sort === "updated_desc" ? { at: cases.updatedAt, desc: true } : { at: cases.createdAt, desc: sort === "created_desc" }

/** Microsecond ISO text of a timestamp: the cursor keeps the database's precision (a JS Date would round it). */
const isoMicros = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

const like = (token: string) => sql`${cases.searchText} like ${`%${token}%`}`
/** The token is a whole word of the document (words are separated by single spaces). */
const wholeWord = (token: string) => sql`(' ' || ${cases.searchText} || ' ') like ${`% ${token} %`}`
/** One tsquery for all full-text terms: a single scan of the full-text index. */
const tsMatch = (terms: readonly string[]) => sql`${cases.searchTsv} @@ ${terms.join(" & ")}::tsquery`

interface Matcher {
  readonly match: SQL
  /** higher is better; absent: nothing to rank by */
  readonly rank?: SQL<number>
}

/** A short token: letters as a word prefix, digits as a whole word. */
const shortTerm = (t: Token) => tsTerm([t.text], /^\p{L}+$/u.test(t.text))

/** Stage "prefix" (and "substring", which matches words as substrings too). */
const typedMatcher = (plan: SearchPlan, stage: "prefix" | "substring"): Matcher => {
  const terms: string[] = []
  const likes: SQL[] = []
  for (const t of plan.tokens) {
    if (t.kind === "short") terms.push(shortTerm(t))
    else if (t.kind === "word" && stage === "prefix") terms.push(tsTerm([t.text], true))
    else likes.push(like(t.text))
  }
  const match = and(...(terms.length ? [tsMatch(terms)] : []), ...likes)!
  if (stage === "substring") return { match }
  // rank 2: every token is a whole word of the document; 1: prefixes and substrings
  const exactTerms = plan.tokens.filter((t) => t.kind !== "code").map((t) => tsTerm([t.text]))
  const exact = and(...(exactTerms.length ? [tsMatch(exactTerms)] : []), ...plan.tokens.filter((t) => t.kind === "code").map((t) => wholeWord(t.text)))
  return { match, rank: sql<number>`(case when ${exact} then 2 else 1 end)` }
}

/** The vocabulary words nearest to `word` (trigram similarity above pg_trgm's threshold, 0.3 by default). */
const correctionsOf = (tenantId: string, word: string) =>
  useDb((db) =>
    db.select({ word: caseSearchWords.word }).from(caseSearchWords)
      .where(and(eq(caseSearchWords.tenantId, tenantId), sql`${caseSearchWords.word} % ${word}`))
      .orderBy(sql`similarity(${caseSearchWords.word}, ${word}) desc`, caseSearchWords.word)
      .limit(CORRECTIONS),
  ).pipe(Effect.map((rows) => rows.map((r) => r.word)))

/** Stage "fuzzy": words replaced by their nearest vocabulary words; null when no word has any. */
const fuzzyMatcher = (tenantId: string, plan: SearchPlan) =>
  Effect.gen(function* () {
    const terms: string[] = []
    const best: string[] = []
    const likes: SQL[] = []
    let corrected = false
    for (const t of plan.tokens) {
      const words = t.kind === "word" ? yield* correctionsOf(tenantId, t.text) : []
      if (words.length) {
        corrected = true
        terms.push(tsTerm(words))
        best.push(tsTerm([words[0]]))
      } else if (t.kind === "short") terms.push(shortTerm(t))
      else likes.push(like(t.text))
    }
    if (!corrected) return null
    const match = and(...(terms.length ? [tsMatch(terms)] : []), ...likes)!
    return { match, rank: sql<number>`(case when ${tsMatch(best)} then 1 else 0 end)` } satisfies Matcher
  })

const matcherOf = (tenantId: string, plan: SearchPlan, stage: Exclude<SearchStage, "none">): Effect.Effect<Matcher | null, DatabaseError, Database> =>
  stage === "fuzzy" ? fuzzyMatcher(tenantId, plan) : Effect.succeed(typedMatcher(plan, stage))

/** The filters of the list (the tenant's cases, period, status group, type, status, assignee, attention). */
const filtersOf = (p: CaseListParams) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    const f: (SQL | undefined)[] = [eq(cases.tenantId, actor.tenantId)]
    const period = p.period ?? (p.from || p.to ? "range" : "all")
    if (period === "24h") f.push(gte(cases.createdAt, new Date(Date.now() - DAY_MS)))
    if (period === "range") {
      if (p.from) f.push(gte(cases.createdAt, new Date(p.from)))
      if (p.to) f.push(lt(cases.createdAt, new Date(p.to)))
    }
    // Constants, not parameters: the partial indexes' predicates must be provable from the query text.
    if (p.statusGroup === "active") f.push(sql`${cases.statusCategory} <> 'resolved'`)
    if (p.statusGroup === "inactive") f.push(sql`${cases.statusCategory} = 'resolved'`)
    if (p.type) f.push(eq(cases.typeKey, p.type))
    if (p.status) f.push(eq(cases.status, p.status))
    if (p.attention === "true") f.push(sql`'attention' = any(${cases.flags})`)
    if (p.attention === "false") f.push(sql`not ('attention' = any(${cases.flags}))`)
    if (p.assignee === "none") f.push(isNull(cases.assigneeId))
    else if (p.assignee === "me") f.push(actor.userId ? eq(cases.assigneeId, actor.userId) : sql`false`)
    else if (p.assignee) {
      // Another tenant's user and no user at all read the same: unknown here.
      const user = yield* userDto(p.assignee, actor.tenantId)
      if (!user) return yield* invalid("assignee", "No such user", "Нет такого пользователя")
      f.push(eq(cases.assigneeId, p.assignee))
    }
    return and(...f)!
  })

/** The number of rows matching `where`, counted up to `cap`. */
const cappedCount = (where: SQL, cap: number) =>
  useDb((db) =>
    db.select({ n: sql<number>`count(*)::int` })
      .from(db.select({ one: sql`1`.as("one") }).from(cases).where(where).limit(cap).as("m")),
  ).pipe(Effect.map((rows) => Number(rows[0]?.n ?? 0)))

/** The planner's estimate of the rows matching `where` (statistics only: nothing is read). */
const estimatedCount = (where: SQL) =>
  useDb((db) => db.execute(sql`explain (format json) ${db.select({ one: sql`1` }).from(cases).where(where)}`)).pipe(
    Effect.map((r) => {
      const row = ((r as { rows?: unknown[] }).rows ?? r) as Record<string, unknown>[]
      const plan = row[0]?.["QUERY PLAN"]
      const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan?: { "Plan Rows"?: number } }[] | undefined
      return Math.round(parsed?.[0]?.Plan?.["Plan Rows"] ?? 0)
    }),
  )

/** Exact up to CASE_LIST_EXACT_TOTAL, the planner's estimate beyond (never below the exact bound + 1). */
const countMatches = (where: SQL) =>
  Effect.gen(function* () {
    const n = yield* cappedCount(where, CASE_LIST_EXACT_TOTAL + 1)
    if (n <= CASE_LIST_EXACT_TOTAL) return { total: n, exact: true }
    return { total: Math.max(CASE_LIST_EXACT_TOTAL + 1, yield* estimatedCount(where)), exact: false }
  })

/** Rows strictly after the cursor in the order (rank desc, time, id). */
const after = (c: ListCursor, order: { at: AnyColumn; desc: boolean }, rank: SQL<number> | undefined) => {
  const op = order.desc ? sql`<` : sql`>`
  const keyset = sql`(${order.at}, ${cases.id}) ${op} (${c.at}::timestamptz, ${c.id}::uuid)`
  return rank ? sql`(${rank} < ${c.rank} or (${rank} = ${c.rank} and ${keyset}))` : keyset
}

const toItem = (r: Record<keyof typeof columns, unknown>, def: CaseTypeDef | undefined): CaseListItem => {
  const dto: CaseDto = {
    id: r.id as string,
    number: r.number as string,
    title: r.title as string,
    status: r.status as string,
    applicantPhone: r.applicantPhone as string | null,
    type: r.typeKey as string | null,
    typeVersion: r.typeVersion as number | null,
    values: (r.values ?? {}) as Record<string, unknown>,
    flags: (r.flags ?? []) as string[],
    assigneeId: r.assigneeId as string | null,
    version: r.version as number,
    createdAt: new Date(r.createdAt as Date).toISOString(),
    updatedAt: new Date(r.updatedAt as Date).toISOString(),
  }
  return {
    ...dto,
    statusCategory: r.statusCategory as StateCategory,
    typeName: def?.name ?? null,
    statusLabel: dto.type ? (def ? stateOf(def, dto.status)?.label ?? null : null) : UNTYPED_STATUS_LABELS[dto.status] ?? null,
  }
}

export const listCases = (p: CaseListParams, definitionOf: DefinitionOf) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    const sort = p.sort ?? "created_desc"
    const cursor = p.cursor === undefined ? undefined : decodeCursor(p.cursor)
    if (p.cursor !== undefined && !cursor) return yield* invalid("cursor", "Not a cursor of this list", "Это не курсор этого списка")
    if (cursor && cursor.sort !== sort) {
      return yield* invalid("cursor", "The cursor belongs to another sort order: start again from the first page", "Курсор относится к другому порядку сортировки: начните с первой страницы")
    }
    const filters = yield* filtersOf(p)
    const plan = p.q ? planSearch(p.q) : null

    let stage: SearchStage = "none"
    let matcher: Matcher | null = null
    let count: { total: number; exact: boolean } | undefined
    if (plan && cursor && cursor.stage !== "none") {
      stage = cursor.stage
      matcher = yield* matcherOf(actor.tenantId, plan, stage)
    } else if (plan) {
      // the first stage that finds anything; its count decides whether ranking is affordable
      const stages: Exclude<SearchStage, "none">[] = ["prefix"]
      if (plan.tokens.some((t) => t.kind === "word")) stages.push("substring", "fuzzy")
      for (const s of stages) {
        stage = s
        matcher = yield* matcherOf(actor.tenantId, plan, s)
        count = matcher ? yield* countMatches(and(filters, matcher.match)!) : { total: 0, exact: true }
        if (count.total > 0) break
      }
    }
    const where = matcher ? and(filters, matcher.match)! : plan ? sql`false` : filters
    const ranked = cursor ? cursor.ranked && !!matcher?.rank : !!matcher?.rank && !!count?.exact && count.total <= RANK_LIMIT
    const rank = ranked ? matcher!.rank! : undefined

    const order = orderOf(sort)
    const dir = (e: AnyColumn) => (order.desc ? sql`${e} desc` : sql`${e} asc`)
    const limit = p.limit
    const page = useDb((db) =>
      db.select({ ...columns, cursorAt: isoMicros(order.at), rank: rank ?? sql<number>`0` }).from(cases)
        .where(and(where, cursor ? after(cursor, order, rank) : undefined))
        .orderBy(...(rank ? [sql`${rank} desc`] : []), dir(order.at), dir(cases.id))
        .limit(limit + 1))
    // the count and the page are independent once the stage is known: on PostgreSQL they run side by side
    const [total, rows] = count?.total === 0
      ? [count, []]
      : yield* Effect.all([count ? Effect.succeed(count) : countMatches(where), page], { concurrency: 2 })

    // A type's definition is read once per request, however many of its cases the page shows.
    const definitions = new Map<string, CaseTypeDef | undefined>()
    for (const key of new Set(rows.slice(0, limit).map((r) => r.typeKey).filter((k): k is string => k !== null))) {
      definitions.set(key, yield* definitionOf(key))
    }
    const items = rows.slice(0, limit).map((r) => toItem(r, r.typeKey ? definitions.get(r.typeKey) : undefined))
    const last = rows.length > limit ? rows[limit - 1] : undefined
    const result: CaseListPage = {
      items,
      nextCursor: last ? encodeCursor({ stage, ranked, sort, rank: Number(last.rank), at: last.cursorAt, id: last.id }) : null,
      total: total.total,
      totalExact: total.exact,
    }
    return result
  })
