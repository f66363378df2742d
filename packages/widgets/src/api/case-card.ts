/**
 * Typed calls and wire types of the case workspace (`<org-case-card>`, `<org-case-create>` and
 * their panels): a typed case, its type, moves, journal, applicant, scripts, partner services,
 * attachments, messages and SLA — all under `/api/v1/cases` (see briefs/contract.md).
 */
import type { ApiClient, RequestOptions } from "./client.js"
import { ApiError, parseRetryAfter } from "./errors.js"
import type { EventsConnection } from "./events.js"
import type { ProblemDto, ServerEvent } from "./types.js"

export interface Bilingual {
  readonly ru: string
  readonly en: string
}

/** Integer minor units (kopecks) and an ISO 4217 code. */
export interface Money {
  readonly amount: number
  readonly currency: string
}

/** `{text, lat?, lon?}`: an address, optionally with its point (both coordinates or neither). */
export interface GeoAddress {
  readonly text: string
  readonly lat?: number
  readonly lon?: number
}

export type FieldKind =
  | "text"
  | "number"
  | "money"
  | "date"
  | "phone"
  | "email"
  | "vin"
  | "plate"
  | "oms_policy"
  | "snils"
  | "address"
  | "dictionary"
  | "person"
  | "file"

export type StateCategory = "open" | "paused" | "resolved"

export interface CaseFieldDef {
  readonly key: string
  readonly label: Bilingual
  readonly kind: FieldKind | (string & {})
  readonly group?: string
  readonly dictionary?: string
  readonly requiredOnCreate?: boolean
  readonly fromApplicant?: boolean
}

export interface CaseStateDef {
  readonly key: string
  readonly label: Bilingual
  readonly category: StateCategory
  readonly initial?: boolean
}

export interface CaseTransitionDef {
  readonly from: readonly string[]
  readonly to: string
  readonly label?: Bilingual
  readonly roles?: readonly string[]
  readonly requires?: readonly string[]
  readonly notifyApplicant?: boolean
}

export interface CaseFlagDef {
  readonly key: string
  readonly label: Bilingual
  /** A CSS colour. */
  readonly color: string
}

export interface CaseTypeDefinition {
  readonly key: string
  readonly name: Bilingual
  readonly numberFormat?: string
  readonly fields: readonly CaseFieldDef[]
  readonly states: readonly CaseStateDef[]
  readonly transitions: readonly CaseTransitionDef[]
  readonly flags?: readonly CaseFlagDef[]
  readonly handOff?: { readonly requires: readonly string[] }
}

/** An item of `GET /types`. */
export interface CaseTypeSummaryDto {
  readonly key: string
  readonly name: Bilingual
  readonly version: number
  readonly archived: boolean
}

/** `GET /types/:key`. */
export interface CaseTypeDto {
  readonly key: string
  readonly version: number
  readonly name?: Bilingual
  readonly archived?: boolean
  readonly definition: CaseTypeDefinition
}

/** A case as the case desk sends it (typed or not). */
export interface TypedCaseDto {
  readonly id: string
  readonly number: string
  readonly title: string
  /** A state key of the case's type. */
  readonly status: string
  readonly applicantPhone: string | null
  readonly type: string | null
  readonly typeVersion: number | null
  readonly values: Readonly<Record<string, unknown>>
  readonly flags: readonly string[]
  readonly assigneeId: string | null
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** An item of the searched case list (`GET /?…`). */
export interface CaseListItemDto extends TypedCaseDto {
  readonly statusCategory: StateCategory
  readonly typeName: Bilingual | null
  readonly statusLabel: Bilingual | null
}

export interface CaseSearchPage {
  readonly items: CaseListItemDto[]
  readonly nextCursor: string | null
  readonly total?: number
}

export interface CaseMoveDto {
  readonly to: string
  readonly label: Bilingual
  /** Field keys the move needs filled. */
  readonly requires: readonly string[]
}

export interface CaseMovesDto {
  readonly case: TypedCaseDto
  readonly moves: CaseMoveDto[]
}

/** `PATCH /:id`: only what is given changes; `values` holds only the changed fields (null clears). */
export interface CaseChangeInput {
  readonly version: number
  readonly title?: string
  readonly values?: Readonly<Record<string, unknown>>
  readonly flags?: readonly string[]
  readonly assigneeId?: string | null
}

export interface NewTypedCaseInput {
  readonly title: string
  readonly applicantPhone?: string
  readonly type?: string
  readonly values?: Readonly<Record<string, unknown>>
  readonly flags?: readonly string[]
}

export type JournalKind =
  | "created"
  | "fields"
  | "moved"
  | "flags"
  | "comment"
  | "attachment"
  | "message"
  | "service"
  | "script"
  | "call"
  | "sla"

export interface JournalEntryDto {
  readonly id: string
  readonly kind: JournalKind | (string & {})
  readonly actorLogin: string
  readonly data: unknown
  readonly at: string
}

export interface DictionaryItemDto {
  readonly id: string
  readonly code: string | null
  readonly label: Bilingual
  readonly parentId: string | null
  readonly attributes?: Readonly<Record<string, unknown>>
  readonly version?: number
  readonly archived?: boolean
}

export interface PartnerDto {
  readonly id: string
  readonly name: string
  readonly kind?: string
  readonly phones?: readonly string[]
  readonly cityId?: string | null
  readonly services?: readonly string[]
  readonly archived?: boolean
}

export interface Page<T> {
  readonly items: T[]
  readonly nextCursor: string | null
}

export interface ApplicantDto {
  readonly id: string
  readonly phone: string
  readonly name: string | null
  readonly values: Readonly<Record<string, unknown>>
  readonly casesCount: number
  readonly lastCaseAt: string | null
  readonly version: number
}

export interface ApplicantCaseDto {
  readonly id: string
  readonly number: string
  readonly title: string
  readonly type: string | null
  readonly status: string
  readonly createdAt: string
  readonly preview: string
}

export interface ApplicantLookupDto {
  readonly applicant: ApplicantDto | null
  readonly cases: ApplicantCaseDto[]
}

export type ScriptQuestionKind = "choice" | "yes_no" | "text" | "number" | "date" | "phone" | "dictionary" | "info"

export interface ScriptOption {
  readonly value: string
  readonly label: Bilingual
  readonly next?: string
}

export interface ScriptQuestion {
  readonly id: string
  readonly text: Bilingual
  readonly hint?: Bilingual
  readonly kind: ScriptQuestionKind | (string & {})
  readonly options?: readonly ScriptOption[]
  readonly dictionary?: string
  readonly next?: string | null
  readonly writeTo?: string
  readonly required?: boolean
}

export interface ScriptDefinition {
  readonly start: string
  readonly questions: readonly ScriptQuestion[]
}

export interface ScriptDto {
  readonly id: string
  readonly key: string
  readonly typeKey: string
  readonly name: Bilingual
  readonly version: number
  readonly definition: ScriptDefinition
  readonly archived: boolean
  readonly updatedAt: string
}

export interface ScriptRunDto {
  readonly id: string
  readonly caseId: string
  readonly scriptKey: string
  readonly scriptVersion: number
  readonly current: string | null
  readonly path: readonly string[]
  readonly answers: Readonly<Record<string, unknown>>
  readonly finished: boolean
  readonly updatedAt: string
}

export type ServiceStatus = "draft" | "ordered" | "assigned" | "in_progress" | "done" | "cancelled"

export const SERVICE_STATUSES: readonly ServiceStatus[] = ["draft", "ordered", "assigned", "in_progress", "done", "cancelled"]

export interface PartnerServiceDto {
  readonly id: string
  readonly caseId: string
  readonly caseNumber: string
  readonly kind: string
  readonly kindLabel: Bilingual
  readonly status: ServiceStatus | (string & {})
  readonly partnerId: string | null
  readonly partnerName: string | null
  readonly orderedAt: string | null
  readonly assignedAt: string | null
  readonly arrivedAt: string | null
  readonly finishedAt: string | null
  readonly customerCost: Money | null
  readonly partnerCost: Money | null
  readonly comment: string | null
  readonly satisfied: boolean | null
  readonly handedOffAt: string | null
  readonly handedOffBy: string | null
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

export interface NewServiceInput {
  readonly kind: string
  readonly partnerId?: string
  readonly comment?: string
  readonly customerCost?: Money
  readonly partnerCost?: Money
}

export interface ServiceChangeInput {
  readonly version: number
  readonly status?: ServiceStatus
  readonly partnerId?: string | null
  readonly orderedAt?: string | null
  readonly assignedAt?: string | null
  readonly arrivedAt?: string | null
  readonly finishedAt?: string | null
  readonly customerCost?: Money | null
  readonly partnerCost?: Money | null
  readonly comment?: string | null
  readonly satisfied?: boolean | null
}

export interface AttachmentDto {
  readonly id: string
  readonly caseId: string
  readonly name: string
  readonly contentType: string
  readonly size: number
  readonly sha256: string
  readonly createdAt: string
  readonly createdBy: string
}

export type MessageChannel = "sms" | "email" | "push"

export interface MessageDto {
  readonly id: string
  readonly caseId: string
  readonly direction: "out" | "in"
  readonly channel: MessageChannel | (string & {})
  readonly to: string | null
  readonly from: string | null
  readonly text: string
  readonly status: "queued" | "sent" | "delivered" | "failed" | "not_sent" | "received" | (string & {})
  readonly statusReason: string | null
  readonly createdAt: string
  readonly by: string | null
}

export interface ChannelDto {
  readonly channel: MessageChannel | (string & {})
  readonly configured: boolean
  readonly provider: string | null
}

export interface SlaClock {
  readonly dueAt: string
  readonly metAt: string | null
  readonly state: "running" | "paused" | "warning" | "breached" | "met"
  readonly elapsedMinutes: number
  readonly targetMinutes: number
}

export interface SlaDto {
  readonly policy: { readonly typeKey: string; readonly priority: string } | null
  readonly firstResponse: SlaClock | null
  readonly resolution: SlaClock | null
  readonly paused: boolean
}

/** Payloads of the live events the card listens to. */
export interface CaseMovedPayload {
  readonly case: TypedCaseDto
  readonly from: string
  readonly to: string
}

export interface CaseMessagePayload {
  readonly caseId: string
  readonly message: MessageDto
}

export interface CaseServicePayload {
  readonly caseId: string
  readonly service: PartnerServiceDto
}

export interface CaseAttachmentPayload {
  readonly caseId: string
  readonly attachment?: AttachmentDto
}

const BASE = "/api/v1/cases"
const enc = encodeURIComponent

function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ""
}

function items<T>(body: { items?: T[] } | null | undefined): T[] {
  return Array.isArray(body?.items) ? body!.items! : []
}

/** The case desk's calls through a widget's {@link ApiClient}. */
export class CaseCardApi {
  readonly client: ApiClient
  constructor(client: ApiClient) {
    this.client = client
  }

  #get<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.client.request<T>("GET", `${BASE}${path}`, undefined, o)
  }

  #send<T>(method: string, path: string, body: unknown, o?: RequestOptions): Promise<T> {
    return this.client.request<T>(method, `${BASE}${path}`, body, o)
  }

  // — the case —
  getCase(id: string, o?: RequestOptions): Promise<TypedCaseDto> {
    return this.#get(`/${enc(id)}`, o)
  }

  async moves(id: string, o?: RequestOptions): Promise<CaseMovesDto> {
    const body = await this.#get<CaseMovesDto>(`/${enc(id)}/moves`, o)
    return { case: body.case, moves: Array.isArray(body.moves) ? body.moves : [] }
  }

  updateCase(id: string, change: CaseChangeInput, o?: RequestOptions): Promise<TypedCaseDto> {
    return this.#send("PATCH", `/${enc(id)}`, change, o)
  }

  move(id: string, input: { to: string; version: number; comment?: string }, o?: RequestOptions): Promise<TypedCaseDto> {
    return this.#send("POST", `/${enc(id)}/moves`, input, o)
  }

  createCase(input: NewTypedCaseInput, o?: RequestOptions): Promise<TypedCaseDto> {
    return this.#send("POST", "", input, o)
  }

  /** `GET /?assignee=me&statusGroup=active…` — the searched list. */
  search(params: Record<string, string | number | undefined>, o?: RequestOptions): Promise<CaseSearchPage> {
    return this.#get<CaseSearchPage>(`${query(params)}`, o).then((p) => ({ ...p, items: items(p), nextCursor: p?.nextCursor ?? null }))
  }

  async journal(id: string, o?: RequestOptions): Promise<JournalEntryDto[]> {
    return items(await this.#get<{ items: JournalEntryDto[] }>(`/${enc(id)}/journal`, o))
  }

  async comment(id: string, text: string, o?: RequestOptions): Promise<void> {
    await this.#send<void>("POST", `/${enc(id)}/comments`, { text }, o)
  }

  // — types and reference books —
  async types(o?: RequestOptions): Promise<CaseTypeSummaryDto[]> {
    return items(await this.#get<{ items: CaseTypeSummaryDto[] }>("/types", o))
  }

  type(key: string, o?: RequestOptions): Promise<CaseTypeDto> {
    return this.#get(`/types/${enc(key)}`, o)
  }

  dictionaryItems(
    key: string,
    params: { q?: string; parent?: string; limit?: number; cursor?: string } = {},
    o?: RequestOptions,
  ): Promise<Page<DictionaryItemDto>> {
    return this.#get<Page<DictionaryItemDto>>(`/reference/dictionaries/${enc(key)}/items${query(params)}`, o).then((p) => ({
      items: items(p),
      nextCursor: p?.nextCursor ?? null,
    }))
  }

  partners(params: { q?: string; limit?: number; service?: string } = {}, o?: RequestOptions): Promise<Page<PartnerDto>> {
    return this.#get<Page<PartnerDto>>(`/reference/partners${query(params)}`, o).then((p) => ({ items: items(p), nextCursor: p?.nextCursor ?? null }))
  }

  // — applicants —
  applicantOf(caseId: string, o?: RequestOptions): Promise<ApplicantLookupDto> {
    return this.#get<ApplicantLookupDto>(`/${enc(caseId)}/applicant`, o).then(lookupOf)
  }

  lookupApplicant(phone: string, o?: RequestOptions): Promise<ApplicantLookupDto> {
    return this.#get<ApplicantLookupDto>(`/applicants/lookup${query({ phone })}`, o).then(lookupOf)
  }

  // — scripts —
  async scripts(typeKey: string, o?: RequestOptions): Promise<ScriptDto[]> {
    return items(await this.#get<{ items: ScriptDto[] }>(`/scripts${query({ type: typeKey })}`, o))
  }

  script(key: string, version?: number, o?: RequestOptions): Promise<ScriptDto> {
    return this.#get(`/scripts/${enc(key)}${query({ version })}`, o)
  }

  async scriptRuns(caseId: string, o?: RequestOptions): Promise<ScriptRunDto[]> {
    return items(await this.#get<{ items: ScriptRunDto[] }>(`/${enc(caseId)}/script-runs`, o))
  }

  startRun(caseId: string, scriptKey: string, o?: RequestOptions): Promise<ScriptRunDto> {
    return this.#send("POST", `/${enc(caseId)}/script-runs`, { scriptKey }, o)
  }

  answer(caseId: string, runId: string, questionId: string, value: unknown, o?: RequestOptions): Promise<{ run: ScriptRunDto; case: TypedCaseDto }> {
    return this.#send("POST", `/${enc(caseId)}/script-runs/${enc(runId)}/answer`, { questionId, value }, o)
  }

  back(caseId: string, runId: string, o?: RequestOptions): Promise<ScriptRunDto> {
    return this.#send("POST", `/${enc(caseId)}/script-runs/${enc(runId)}/back`, {}, o)
  }

  jump(caseId: string, runId: string, questionId: string, o?: RequestOptions): Promise<ScriptRunDto> {
    return this.#send("POST", `/${enc(caseId)}/script-runs/${enc(runId)}/jump`, { questionId }, o)
  }

  // — partner services —
  async services(caseId: string, o?: RequestOptions): Promise<PartnerServiceDto[]> {
    return items(await this.#get<{ items: PartnerServiceDto[] }>(`/${enc(caseId)}/services`, o))
  }

  addService(caseId: string, input: NewServiceInput, o?: RequestOptions): Promise<PartnerServiceDto> {
    return this.#send("POST", `/${enc(caseId)}/services`, input, o)
  }

  updateService(caseId: string, serviceId: string, change: ServiceChangeInput, o?: RequestOptions): Promise<PartnerServiceDto> {
    return this.#send("PATCH", `/${enc(caseId)}/services/${enc(serviceId)}`, change, o)
  }

  handOff(caseId: string, serviceId: string, version: number, o?: RequestOptions): Promise<PartnerServiceDto> {
    return this.#send("POST", `/${enc(caseId)}/services/${enc(serviceId)}/back-office`, { version }, o)
  }

  // — attachments —
  async attachments(caseId: string, o?: RequestOptions): Promise<AttachmentDto[]> {
    return items(await this.#get<{ items: AttachmentDto[] }>(`/${enc(caseId)}/attachments`, o))
  }

  /** `POST /:id/attachments` as multipart/form-data (field `file`). 413 / 415 as ApiError. */
  async upload(caseId: string, file: File, o: RequestOptions = {}): Promise<AttachmentDto> {
    const form = new FormData()
    form.append("file", file, file.name)
    const response = await this.#raw("POST", `${BASE}/${enc(caseId)}/attachments`, form, o)
    return (await response.json()) as AttachmentDto
  }

  /**
   * The bytes of an attachment. Fetched (not a plain link) so the widget token goes along as
   * `Authorization: Bearer` when the widget uses one.
   */
  async download(caseId: string, attachmentId: string, o: RequestOptions = {}): Promise<Blob> {
    const response = await this.#raw("GET", `${BASE}/${enc(caseId)}/attachments/${enc(attachmentId)}`, undefined, o)
    return response.blob()
  }

  // — messages —
  async messages(caseId: string, o?: RequestOptions): Promise<MessageDto[]> {
    return items(await this.#get<{ items: MessageDto[] }>(`/${enc(caseId)}/messages`, o))
  }

  sendMessage(caseId: string, input: { channel: string; text: string; to?: string }, o?: RequestOptions): Promise<MessageDto> {
    return this.#send("POST", `/${enc(caseId)}/messages`, input, o)
  }

  async channels(o?: RequestOptions): Promise<ChannelDto[]> {
    const body = await this.#get<ChannelDto[] | { items: ChannelDto[] }>("/messages/channels", o)
    return Array.isArray(body) ? body : items(body)
  }

  // — SLA —
  sla(caseId: string, o?: RequestOptions): Promise<SlaDto> {
    return this.#get(`/${enc(caseId)}/sla`, o)
  }

  /** A call that is not JSON (multipart upload, a file download), with the client's credentials. */
  async #raw(method: string, path: string, body: BodyInit | undefined, o: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json, */*" }
    const lang = o.lang ?? this.client.lang
    if (lang) headers["Accept-Language"] = lang
    if (this.client.token) headers["Authorization"] = `Bearer ${this.client.token}`
    let response: Response
    try {
      response = await globalThis.fetch(this.client.url(path), {
        method,
        headers,
        credentials: this.client.token ? "omit" : "include",
        ...(body !== undefined ? { body } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      })
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === "AbortError") throw cause
      throw new ApiError({ status: 0, code: "network_error", title: "Network error", cause })
    }
    if (response.ok) return response
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    const problem: ProblemDto =
      typeof parsed === "object" && parsed !== null ? (parsed as ProblemDto) : { title: response.statusText || `HTTP ${response.status}`, code: "http_error" }
    throw ApiError.fromProblem(response.status, problem, parseRetryAfter(response.headers.get("Retry-After")), parsed)
  }
}

function lookupOf(body: ApplicantLookupDto): ApplicantLookupDto {
  return { applicant: body?.applicant ?? null, cases: Array.isArray(body?.cases) ? body.cases : [] }
}

/** The `allowed` states of a 409 move_not_allowed (or of a refused service status change). */
export function allowedOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return []
  const body = error.body as { allowed?: unknown } | undefined
  return Array.isArray(body?.allowed) ? body!.allowed.filter((a): a is string => typeof a === "string") : []
}

/** `currentVersion` of a 409 stale_version. */
export function currentVersionOf(error: unknown): number | undefined {
  if (!(error instanceof ApiError)) return undefined
  const v = (error.body as { currentVersion?: unknown } | undefined)?.currentVersion
  return typeof v === "number" ? v : undefined
}

/** Listens to one topic of the events socket with the payload typed as `T` (checked by the listener). */
export function onTopic<T>(events: EventsConnection, topic: string, listener: (payload: T | undefined) => void): () => void {
  return events.on(topic, (e: ServerEvent) => listener(e.payload as T | undefined))
}
