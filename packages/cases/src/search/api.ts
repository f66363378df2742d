/** Browser-safe schemas and types of the case list and its search (re-exported by @org/cases). */
import { Schema } from "effect"
import type { CaseDto } from "../index"
import { StateCategory, Text2 } from "../types/definition"

export const CaseListSort = Schema.Literals(["created_desc", "created_asc", "updated_desc"])
export type CaseListSort = typeof CaseListSort.Type

/** `active` = open + paused categories, `inactive` = resolved, `any` (the default). */
export const CaseStatusGroup = Schema.Literals(["active", "inactive", "any"])
export type CaseStatusGroup = typeof CaseStatusGroup.Type

export const CaseListPeriod = Schema.Literals(["all", "24h", "range"])
export type CaseListPeriod = typeof CaseListPeriod.Type

/**
 * `total` is an exact count up to this many matches; beyond it, it is PostgreSQL's estimate (never below
 * this + 1) and `totalExact` is false — show it as "≈ 12 000". Counting every match of a broad filter over a
 * million cases would cost more than the page itself.
 */
export const CASE_LIST_EXACT_TOTAL = 1_000

/** What a list row adds to CaseDto (CaseListItem = CaseDto + these). */
export const CaseListItemFields = {
  statusCategory: StateCategory,
  /** the case type's name, null for an untyped case */
  typeName: Schema.NullOr(Text2),
  /** the label of the status in the type (untyped cases: the fixed statuses' labels) */
  statusLabel: Schema.NullOr(Text2),
}
export type CaseListItem = CaseDto & {
  readonly statusCategory: typeof StateCategory.Type
  readonly typeName: Text2 | null
  readonly statusLabel: Text2 | null
}

export interface CaseListPage {
  readonly items: readonly CaseListItem[]
  readonly nextCursor: string | null
  /** the number of matches: exact up to CASE_LIST_EXACT_TOTAL, estimated beyond */
  readonly total: number
  /** false when `total` is an estimate (more than CASE_LIST_EXACT_TOTAL matches) */
  readonly totalExact: boolean
}

/** The list's filters, search and paging (GET /api/v1/cases decodes its query string into this). */
export interface CaseListParams {
  readonly limit: number
  readonly cursor?: string | undefined
  /** search box: number, phones (any format, fragments), names, VIN, plate, address, title; typos tolerated */
  readonly q?: string | undefined
  /** created in: all time (default), the last 24 hours, or [from, to) */
  readonly period?: CaseListPeriod | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly statusGroup?: CaseStatusGroup | undefined
  /** a case type key */
  readonly type?: string | undefined
  readonly status?: string | undefined
  /** a user id, "me" or "none" (unassigned) */
  readonly assignee?: string | undefined
  /** "true": only cases flagged `attention`; "false": only cases without it */
  readonly attention?: "true" | "false" | undefined
  /** the order (default newest first); with `q`, the best matches come first and this orders each rank */
  readonly sort?: CaseListSort | undefined
}

/** Labels of the statuses of untyped cases (typed cases take them from their type). */
export const UNTYPED_STATUS_LABELS: Record<string, Text2> = {
  new: { ru: "Новое", en: "New" },
  in_progress: { ru: "В работе", en: "In progress" },
  resolved: { ru: "Решено", en: "Resolved" },
  closed: { ru: "Закрыто", en: "Closed" },
}
