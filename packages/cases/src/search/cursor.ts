/**
 * The list's keyset cursor: where the previous page ended in the order it was
 * read — (rank,) time, id — and how it was read (the search stage, ranked or
 * not), so the next page continues the same way even when new cases arrive
 * meanwhile. Opaque to clients: base64url of a small JSON.
 */
import type { CaseListSort } from "./api"

/** How the search matched: no query, word prefixes, substrings, corrected typos (list.ts). */
export type SearchStage = "none" | "prefix" | "substring" | "fuzzy"

export interface ListCursor {
  readonly stage: SearchStage
  /** whether rows were ordered by rank first */
  readonly ranked: boolean
  readonly sort: CaseListSort
  /** the rank of the last row (0 when not ranked) */
  readonly rank: number
  /** its created_at or updated_at (per `sort`), ISO with microseconds */
  readonly at: string
  readonly id: string
}

const stages: Record<string, SearchStage> = { n: "none", p: "prefix", s: "substring", f: "fuzzy" }
const sorts: readonly CaseListSort[] = ["created_desc", "created_asc", "updated_desc"]
const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// The cursor's JSON is ASCII only, so btoa/atob (Web standards, no Buffer) encode it.
const toBase64Url = (ascii: string) => btoa(ascii).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
const fromBase64Url = (s: string) => atob(s.replace(/-/g, "+").replace(/_/g, "/"))

export const encodeCursor = (c: ListCursor): string =>
  toBase64Url(JSON.stringify([c.stage[0], c.ranked ? 1 : 0, c.sort, c.rank, c.at, c.id]))

/** The cursor, or undefined when `s` is not one of ours. */
export const decodeCursor = (s: string): ListCursor | undefined => {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(s)) return undefined
  let v: unknown
  try {
    v = JSON.parse(fromBase64Url(s))
  } catch {
    return undefined
  }
  if (!Array.isArray(v) || v.length !== 6) return undefined
  const [stage, ranked, sort, rank, at, id] = v as unknown[]
  if (typeof stage !== "string" || !Object.hasOwn(stages, stage)) return undefined
  if (ranked !== 0 && ranked !== 1) return undefined
  if (typeof sort !== "string" || !sorts.includes(sort as CaseListSort)) return undefined
  if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 0 || rank > 100) return undefined
  if (typeof at !== "string" || !iso.test(at) || Number.isNaN(Date.parse(at))) return undefined
  if (typeof id !== "string" || !uuid.test(id)) return undefined
  return { stage: stages[stage], ranked: ranked === 1, sort: sort as CaseListSort, rank, at, id }
}
