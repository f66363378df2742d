/**
 * Typed calls of the case desk's list, reference books and analytics (contract: /api/v1/cases —
 * search, types, reference, analytics/roadside), built on {@link ApiClient.request}.
 */
import type { ApiClient, RequestOptions } from "./client.js"
import { ApiError } from "./errors.js"
import type { CaseDto, ProblemDto } from "./types.js"

/** A text in both languages. */
export interface Bilingual {
  readonly ru: string
  readonly en: string
}

/** Money: integer minor units and an ISO currency. */
export interface Money {
  readonly amount: number
  readonly currency: string
}

export type StateCategory = "open" | "paused" | "resolved"

// -------------------------------------------------------------------------------------------------
// Cases: search

/** A row of `GET /api/v1/cases`: the case plus what the list shows of its type. */
export interface CaseListItem extends CaseDto {
  readonly type?: string | null
  readonly typeVersion?: number | null
  readonly values?: Readonly<Record<string, unknown>>
  readonly flags?: readonly string[]
  readonly assigneeId?: string | null
  readonly version?: number
  readonly updatedAt?: string
  readonly statusCategory?: StateCategory
  readonly typeName?: Bilingual | null
  readonly statusLabel?: Bilingual | null
}

export type CasePeriod = "all" | "24h" | "range"
export type CaseStatusGroup = "active" | "inactive" | "any"
export type CaseSort = "created_desc" | "created_asc" | "updated_desc"

/** The query of the case search; defaults are left out of the request. */
export interface CaseSearchParams {
  readonly q?: string
  readonly period?: CasePeriod
  /** ISO instants, with period "range". */
  readonly from?: string
  readonly to?: string
  readonly statusGroup?: CaseStatusGroup
  readonly type?: string
  readonly status?: string
  /** A user id, "me" or "none". */
  readonly assignee?: string
  readonly attention?: boolean
  readonly sort?: CaseSort
  readonly limit?: number
  readonly cursor?: string | null
}

export interface CaseSearchPage {
  readonly items: CaseListItem[]
  readonly nextCursor: string | null
  /** Matching cases in all; null when the server does not say. */
  readonly total: number | null
  /** False when there are more than `total` (the server counts up to a cap, e.g. 10 000). */
  readonly totalExact: boolean
}

export function caseSearchQuery(params: CaseSearchParams): URLSearchParams {
  const query = new URLSearchParams()
  const q = params.q?.trim()
  if (q) query.set("q", q)
  if (params.period && params.period !== "all") {
    query.set("period", params.period)
    if (params.period === "range") {
      if (params.from) query.set("from", params.from)
      if (params.to) query.set("to", params.to)
    }
  }
  if (params.statusGroup && params.statusGroup !== "any") query.set("statusGroup", params.statusGroup)
  if (params.type) query.set("type", params.type)
  if (params.status) query.set("status", params.status)
  if (params.assignee) query.set("assignee", params.assignee)
  if (params.attention) query.set("attention", "true")
  if (params.sort && params.sort !== "created_desc") query.set("sort", params.sort)
  if (params.limit !== undefined) query.set("limit", String(params.limit))
  if (params.cursor) query.set("cursor", params.cursor)
  return query
}

/** `GET /api/v1/cases` with the search's query. */
export async function searchCases(client: ApiClient, params: CaseSearchParams, options?: RequestOptions): Promise<CaseSearchPage> {
  const qs = caseSearchQuery(params).toString()
  const page = await client.request<Partial<CaseSearchPage>>("GET", `/api/v1/cases${qs ? `?${qs}` : ""}`, undefined, options)
  return {
    items: Array.isArray(page?.items) ? page.items : [],
    nextCursor: page?.nextCursor ?? null,
    total: typeof page?.total === "number" ? page.total : null,
    totalExact: page?.totalExact !== false,
  }
}

// -------------------------------------------------------------------------------------------------
// Case types

export interface CaseTypeSummary {
  readonly key: string
  readonly name: Bilingual
  readonly version: number
  readonly archived: boolean
}

export interface CaseStateDef {
  readonly key: string
  readonly label: Bilingual
  readonly category: StateCategory
  readonly initial?: boolean
}

export interface CaseFlagDef {
  readonly key: string
  readonly label: Bilingual
  readonly color: string
}

export interface CaseFieldDef {
  readonly key: string
  readonly label: Bilingual
  readonly kind: string
  readonly group?: string
  readonly dictionary?: string
}

export interface CaseTypeDefinition {
  readonly key: string
  readonly name: Bilingual
  readonly fields: readonly CaseFieldDef[]
  readonly states: readonly CaseStateDef[]
  readonly flags?: readonly CaseFlagDef[]
}

export interface CaseTypeDto extends CaseTypeSummary {
  readonly definition: CaseTypeDefinition
}

export async function listCaseTypes(client: ApiClient, options?: RequestOptions): Promise<CaseTypeSummary[]> {
  const body = await client.request<{ items?: CaseTypeSummary[] }>("GET", "/api/v1/cases/types", undefined, options)
  return Array.isArray(body?.items) ? body.items : []
}

export function getCaseType(client: ApiClient, key: string, options?: RequestOptions): Promise<CaseTypeDto> {
  return client.request<CaseTypeDto>("GET", `/api/v1/cases/types/${encodeURIComponent(key)}`, undefined, options)
}

// -------------------------------------------------------------------------------------------------
// Reference books

export interface DictionaryDto {
  readonly id: string
  readonly key: string
  readonly name: Bilingual
  readonly archived: boolean
}

export interface DictionaryItemDto {
  readonly id: string
  readonly dictionary?: string
  readonly code: string | null
  readonly label: Bilingual
  readonly parentId: string | null
  readonly sort?: number
  readonly attributes: Readonly<Record<string, unknown>>
  readonly archived: boolean
  readonly version: number
  readonly updatedAt?: string
}

/** What `POST …/items` and `PUT …/items/:id` take (a PUT replaces: omitted fields are cleared). */
export interface DictionaryItemInput {
  readonly code?: string | null
  readonly label: { readonly ru: string; readonly en?: string }
  readonly parentId?: string | null
  readonly sort?: number
  readonly attributes?: Record<string, unknown>
}

export interface Page<T> {
  readonly items: T[]
  readonly nextCursor: string | null
}

export interface ListItemsParams {
  readonly q?: string
  readonly parent?: string
  readonly limit?: number
  readonly cursor?: string | null
  readonly includeArchived?: boolean
}

const ref = "/api/v1/cases/reference"
const enc = encodeURIComponent

function pageOf<T>(body: Partial<Page<T>> | undefined): Page<T> {
  return { items: Array.isArray(body?.items) ? body.items : [], nextCursor: body?.nextCursor ?? null }
}

export async function listDictionaries(client: ApiClient, options?: RequestOptions): Promise<DictionaryDto[]> {
  const body = await client.request<{ items?: DictionaryDto[] }>("GET", `${ref}/dictionaries`, undefined, options)
  return Array.isArray(body?.items) ? body.items : []
}

export async function listDictionaryItems(client: ApiClient, key: string, params: ListItemsParams = {}, options?: RequestOptions): Promise<Page<DictionaryItemDto>> {
  const query = new URLSearchParams()
  if (params.q?.trim()) query.set("q", params.q.trim())
  if (params.parent) query.set("parent", params.parent)
  if (params.limit !== undefined) query.set("limit", String(params.limit))
  if (params.cursor) query.set("cursor", params.cursor)
  if (params.includeArchived) query.set("includeArchived", "true")
  const qs = query.toString()
  return pageOf(await client.request<Partial<Page<DictionaryItemDto>>>("GET", `${ref}/dictionaries/${enc(key)}/items${qs ? `?${qs}` : ""}`, undefined, options))
}

export function createDictionaryItem(client: ApiClient, key: string, input: DictionaryItemInput, options?: RequestOptions): Promise<DictionaryItemDto> {
  return client.request<DictionaryItemDto>("POST", `${ref}/dictionaries/${enc(key)}/items`, input, options)
}

/** Replaces an item; 409 `stale_version` when `version` is not the item's version any more. */
export function updateDictionaryItem(
  client: ApiClient,
  key: string,
  id: string,
  input: DictionaryItemInput & { readonly version: number },
  options?: RequestOptions,
): Promise<DictionaryItemDto> {
  return client.request<DictionaryItemDto>("PUT", `${ref}/dictionaries/${enc(key)}/items/${enc(id)}`, input, options)
}

export async function archiveDictionaryItem(client: ApiClient, key: string, id: string, options?: RequestOptions): Promise<void> {
  await client.request<void>("POST", `${ref}/dictionaries/${enc(key)}/items/${enc(id)}/archive`, undefined, options)
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

export interface DayHours {
  readonly open: string
  readonly close: string
}

export interface WorkingHours {
  readonly alwaysOpen: boolean
  readonly days: Readonly<Record<Weekday, DayHours | null>>
}

export type PartnerKind = "partner" | "dealer"

export interface PartnerDto {
  readonly id: string
  readonly name: string
  readonly kind: PartnerKind
  readonly phones: readonly string[]
  readonly email: string | null
  readonly address: string | null
  readonly lat: number | null
  readonly lon: number | null
  readonly cityId: string | null
  /** Ids of items of the `service_types` dictionary. */
  readonly services: readonly string[]
  readonly workingHours: WorkingHours | null
  readonly comment: string | null
  readonly archived: boolean
  readonly version: number
  readonly updatedAt?: string
}

/** What `POST /partners` and `PUT /partners/:id` take (a PUT replaces: omitted fields are cleared). */
export interface PartnerInput {
  readonly name: string
  readonly kind: PartnerKind
  readonly phones?: readonly string[]
  readonly email?: string | null
  readonly address?: string | null
  readonly lat?: number | null
  readonly lon?: number | null
  readonly cityId?: string | null
  readonly services?: readonly string[]
  readonly workingHours?: { readonly alwaysOpen?: boolean; readonly days?: Partial<Record<Weekday, DayHours | null>> } | null
  readonly comment?: string | null
}

export interface ListPartnersParams {
  readonly q?: string
  readonly kind?: PartnerKind
  readonly limit?: number
  readonly cursor?: string | null
}

export async function listPartners(client: ApiClient, params: ListPartnersParams = {}, options?: RequestOptions): Promise<Page<PartnerDto>> {
  const query = new URLSearchParams()
  if (params.q?.trim()) query.set("q", params.q.trim())
  if (params.kind) query.set("kind", params.kind)
  if (params.limit !== undefined) query.set("limit", String(params.limit))
  if (params.cursor) query.set("cursor", params.cursor)
  const qs = query.toString()
  return pageOf(await client.request<Partial<Page<PartnerDto>>>("GET", `${ref}/partners${qs ? `?${qs}` : ""}`, undefined, options))
}

export function getPartner(client: ApiClient, id: string, options?: RequestOptions): Promise<PartnerDto> {
  return client.request<PartnerDto>("GET", `${ref}/partners/${enc(id)}`, undefined, options)
}

export function createPartner(client: ApiClient, input: PartnerInput, options?: RequestOptions): Promise<PartnerDto> {
  return client.request<PartnerDto>("POST", `${ref}/partners`, input, options)
}

/** Replaces a partner; 409 `stale_version` when `version` is not the partner's version any more. */
export function updatePartner(client: ApiClient, id: string, input: PartnerInput & { readonly version: number }, options?: RequestOptions): Promise<PartnerDto> {
  return client.request<PartnerDto>("PUT", `${ref}/partners/${enc(id)}`, input, options)
}

export async function archivePartner(client: ApiClient, id: string, options?: RequestOptions): Promise<void> {
  await client.request<void>("POST", `${ref}/partners/${enc(id)}/archive`, undefined, options)
}

// -------------------------------------------------------------------------------------------------
// Analytics (supervisor, admin)

export interface RoadsideTotals {
  readonly services: number
  readonly avgArrivalMinutes: number | null
  readonly avgFirstProcessingMinutes: number | null
  readonly avgUnassignedMinutes: number | null
  readonly avgAssignedMinutes: number | null
  readonly customerCost: Money
  readonly partnerCost: Money
  readonly satisfactionPercent: number | null
}

export interface RoadsideByServiceType {
  readonly kind: string
  readonly label: Bilingual
  readonly count: number
  readonly avgWaitMinutes: number | null
  readonly avgServiceMinutes: number | null
  readonly customerCost: Money
  readonly partnerCost: Money
}

export interface RoadsideByActionType {
  readonly kind: string
  readonly label: Bilingual
  readonly count: number
  readonly overdue: number
  readonly avgExecutionMinutes: number | null
}

export interface RoadsideDay {
  /** YYYY-MM-DD */
  readonly day: string
  readonly services: number
  readonly avgArrivalMinutes: number | null
}

export interface RoadsideAnalyticsDto {
  readonly totals: RoadsideTotals
  readonly byServiceType: readonly RoadsideByServiceType[]
  readonly byActionType: readonly RoadsideByActionType[]
  readonly series: readonly RoadsideDay[]
}

export interface RoadsideFilters {
  /** ISO instants. */
  readonly from?: string
  readonly to?: string
  /** Item id of the `cities` dictionary. */
  readonly city?: string
  /** Item id of the `programs` dictionary. */
  readonly program?: string
  readonly partnerId?: string
}

export type ExportFormat = "xlsx" | "csv" | "pdf"

export function roadsideQuery(filters: RoadsideFilters, format?: "json" | ExportFormat): URLSearchParams {
  const query = new URLSearchParams()
  if (filters.from) query.set("from", filters.from)
  if (filters.to) query.set("to", filters.to)
  if (filters.city) query.set("city", filters.city)
  if (filters.program) query.set("program", filters.program)
  if (filters.partnerId) query.set("partnerId", filters.partnerId)
  if (format) query.set("format", format)
  return query
}

const roadsidePath = "/api/v1/cases/analytics/roadside"

export function getRoadsideAnalytics(client: ApiClient, filters: RoadsideFilters, options?: RequestOptions): Promise<RoadsideAnalyticsDto> {
  const qs = roadsideQuery(filters).toString()
  return client.request<RoadsideAnalyticsDto>("GET", `${roadsidePath}${qs ? `?${qs}` : ""}`, undefined, options)
}

/** The URL of an export (for a plain link with the session cookie). */
export function roadsideExportUrl(client: ApiClient, filters: RoadsideFilters, format: ExportFormat): string {
  return client.url(`${roadsidePath}?${roadsideQuery(filters, format).toString()}`)
}

/**
 * Downloads an export with the client's credentials (the Bearer token of a widget, else the
 * session cookie): the file and the name the server gives it.
 */
export async function downloadRoadsideExport(
  client: ApiClient,
  filters: RoadsideFilters,
  format: ExportFormat,
  options: RequestOptions = {},
): Promise<{ blob: Blob; filename: string }> {
  const headers: Record<string, string> = {}
  const lang = options.lang ?? client.lang
  if (lang) headers["Accept-Language"] = lang
  if (client.token) headers["Authorization"] = `Bearer ${client.token}`
  let response: Response
  try {
    response = await globalThis.fetch(roadsideExportUrl(client, filters, format), {
      headers,
      credentials: client.token ? "omit" : "include",
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause
    throw new ApiError({ status: 0, code: "network_error", title: "Network error", cause })
  }
  if (!response.ok) {
    let problem: ProblemDto = { title: `HTTP ${response.status}`, code: "http_error" }
    try {
      const parsed = (await response.json()) as unknown
      if (parsed && typeof parsed === "object") problem = parsed as ProblemDto
    } catch {
      /* not problem+json */
    }
    throw ApiError.fromProblem(response.status, problem)
  }
  const blob = await response.blob()
  return { blob, filename: filenameOf(response.headers.get("Content-Disposition")) ?? `roadside.${format}` }
}

/** The file name of a Content-Disposition header (`filename*=UTF-8''…` first). */
export function filenameOf(header: string | null): string | undefined {
  if (!header) return undefined
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header)
  const name = plain?.[2] ?? plain?.[1]
  return name ? name.trim() : undefined
}
