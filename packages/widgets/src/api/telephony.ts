/**
 * Typed calls of the virtual PBX (`/api/v1/telephony`): SIP accounts, extensions (short numbers)
 * and call records, built on {@link ApiClient.request}.
 *
 * The shapes mirror `packages/telephony/src/api.ts` (the server's Effect Schemas). They are
 * written out here rather than imported: `@org/telephony` is only a dev dependency of the
 * widgets, and the published declarations must not name it.
 */
import type { ApiClient, RequestOptions } from "./client.js"

export const TELEPHONY_PATH = "/api/v1/telephony"

// -------------------------------------------------------------------------------------------------
// SIP accounts

/** A SIP account (`SipAccountDto`): a username in the tenant's SIP domain. */
export interface SipAccount {
  readonly id: string
  readonly username: string
  /** The tenant's SIP domain (also the digest realm). */
  readonly domain: string
  /** `sip:username@domain` */
  readonly uri: string
  /** Who it is ("Reception, Ivanova"): the display name of its calls. */
  readonly comment: string | null
  readonly blocked: boolean
  /** Most simultaneous calls; null: no limit. */
  readonly callLimit: number | null
  /** The platform user whose softphone uses the account. */
  readonly userId: string | null
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
  readonly passwordChangedAt: string
}

/** The answer of create and reset-password: the only time the password is shown. */
export interface SipAccountWithPassword extends SipAccount {
  readonly password: string
}

export interface SipAccountPage {
  readonly items: SipAccount[]
  readonly nextCursor: string | null
}

export interface NewSipAccountInput {
  readonly username: string
  /** Absent: the server generates one (20 characters). */
  readonly password?: string | undefined
  readonly comment?: string | null | undefined
  readonly callLimit?: number | null | undefined
  readonly userId?: string | null | undefined
}

/** A partial change: fields left undefined stay as they are, null clears. */
export interface SipAccountChangeInput {
  readonly comment?: string | null | undefined
  readonly callLimit?: number | null | undefined
  readonly userId?: string | null | undefined
  /** The version the change is based on (409 `stale_version` when someone changed it meanwhile). */
  readonly version: number
}

export interface SipAccountListParams {
  /** Searches username and comment. */
  readonly q?: string | undefined
  readonly blocked?: boolean | undefined
  /** 1–200 (the server's default and maximum: 200). */
  readonly limit?: number | undefined
  readonly cursor?: string | null | undefined
}

/** The largest page the server gives. */
export const MAX_ACCOUNT_PAGE = 200

export function sipAccountQuery(params: SipAccountListParams): URLSearchParams {
  const query = new URLSearchParams()
  const q = params.q?.trim()
  if (q) query.set("q", q.slice(0, 100))
  if (params.blocked !== undefined) query.set("blocked", String(params.blocked))
  if (params.limit !== undefined) query.set("limit", String(params.limit))
  if (params.cursor) query.set("cursor", params.cursor)
  return query
}

const withQuery = (path: string, query: URLSearchParams) => {
  const qs = query.toString()
  return qs ? `${path}?${qs}` : path
}
const accountPath = (id: string, action = "") => `${TELEPHONY_PATH}/accounts/${encodeURIComponent(id)}${action}`

export async function listSipAccounts(client: ApiClient, params: SipAccountListParams = {}, options?: RequestOptions): Promise<SipAccountPage> {
  const page = await client.request<SipAccountPage>("GET", withQuery(`${TELEPHONY_PATH}/accounts`, sipAccountQuery(params)), undefined, options)
  return { items: Array.isArray(page?.items) ? page.items : [], nextCursor: page?.nextCursor ?? null }
}

/**
 * Every account of the tenant (page after page, up to `max`): what the pickers of extensions and
 * the account filter of the call list choose from.
 */
export async function listAllSipAccounts(client: ApiClient, options?: RequestOptions, max = 5000): Promise<SipAccount[]> {
  const all: SipAccount[] = []
  let cursor: string | null = null
  do {
    const page: SipAccountPage = await listSipAccounts(client, { limit: MAX_ACCOUNT_PAGE, cursor }, options)
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor && all.length < max)
  return all
}

export function getSipAccount(client: ApiClient, id: string, options?: RequestOptions): Promise<SipAccount> {
  return client.request<SipAccount>("GET", accountPath(id), undefined, options)
}

/** Creates an account; the answer holds its password (given or generated), shown only now. */
export function createSipAccount(client: ApiClient, input: NewSipAccountInput, options?: RequestOptions): Promise<SipAccountWithPassword> {
  const body: Record<string, unknown> = { username: input.username }
  if (input.password) body["password"] = input.password
  if (input.comment !== undefined) body["comment"] = input.comment
  if (input.callLimit !== undefined) body["callLimit"] = input.callLimit
  if (input.userId !== undefined) body["userId"] = input.userId
  return client.request<SipAccountWithPassword>("POST", `${TELEPHONY_PATH}/accounts`, body, options)
}

/** Changes comment, call limit or linked user (only the fields given are sent). */
export function updateSipAccount(client: ApiClient, id: string, change: SipAccountChangeInput, options?: RequestOptions): Promise<SipAccount> {
  const body: Record<string, unknown> = { version: change.version }
  if (change.comment !== undefined) body["comment"] = change.comment
  if (change.callLimit !== undefined) body["callLimit"] = change.callLimit
  if (change.userId !== undefined) body["userId"] = change.userId
  return client.request<SipAccount>("PATCH", accountPath(id), body, options)
}

/** Deletes an account: it leaves its extensions; its call records stay. */
export async function deleteSipAccount(client: ApiClient, id: string, options?: RequestOptions): Promise<void> {
  await client.request<void>("DELETE", accountPath(id), undefined, options)
}

/** Blocks an account: its registrations and calls get 403 from its next request on. */
export function blockSipAccount(client: ApiClient, id: string, options?: RequestOptions): Promise<SipAccount> {
  return client.request<SipAccount>("POST", accountPath(id, "/block"), undefined, options)
}

export function unblockSipAccount(client: ApiClient, id: string, options?: RequestOptions): Promise<SipAccount> {
  return client.request<SipAccount>("POST", accountPath(id, "/unblock"), undefined, options)
}

/** Sets a new password (given, or generated when absent), shown only in this answer. */
export function resetSipPassword(client: ApiClient, id: string, password?: string, options?: RequestOptions): Promise<SipAccountWithPassword> {
  return client.request<SipAccountWithPassword>("POST", accountPath(id, "/reset-password"), password ? { password } : {}, options)
}

// -------------------------------------------------------------------------------------------------
// Extensions

/** An extension (`ExtensionDto`): a short number that rings its member accounts in parallel. */
export interface Extension {
  readonly id: string
  readonly number: string
  readonly name: string | null
  /** SIP account ids. */
  readonly members: string[]
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

export interface ExtensionInput {
  /** 1–20 digits, unique in the tenant. */
  readonly number: string
  readonly name?: string | null | undefined
  /** 1–50 SIP account ids of the tenant. */
  readonly members: readonly string[]
}

const extensionPath = (id: string) => `${TELEPHONY_PATH}/extensions/${encodeURIComponent(id)}`

const extensionBody = (input: ExtensionInput): Record<string, unknown> => ({
  number: input.number,
  ...(input.name ? { name: input.name } : {}),
  members: [...input.members],
})

/** The tenant's extensions, by number. */
export async function listExtensions(client: ApiClient, options?: RequestOptions): Promise<Extension[]> {
  const body = await client.request<{ items: Extension[] }>("GET", `${TELEPHONY_PATH}/extensions`, undefined, options)
  return Array.isArray(body?.items) ? body.items : []
}

export function getExtension(client: ApiClient, id: string, options?: RequestOptions): Promise<Extension> {
  return client.request<Extension>("GET", extensionPath(id), undefined, options)
}

/** 409 with field `number` when the number is taken; 400 `members.N` for an unknown account. */
export function createExtension(client: ApiClient, input: ExtensionInput, options?: RequestOptions): Promise<Extension> {
  return client.request<Extension>("POST", `${TELEPHONY_PATH}/extensions`, extensionBody(input), options)
}

/** Replaces number, name (absent: cleared) and members; 409 `stale_version` when `version` is old. */
export function updateExtension(client: ApiClient, id: string, input: ExtensionInput, version: number, options?: RequestOptions): Promise<Extension> {
  return client.request<Extension>("PUT", extensionPath(id), { ...extensionBody(input), version }, options)
}

export async function deleteExtension(client: ApiClient, id: string, options?: RequestOptions): Promise<void> {
  await client.request<void>("DELETE", extensionPath(id), undefined, options)
}

// -------------------------------------------------------------------------------------------------
// Call records

export type CallDirection = "internal" | "inbound" | "outbound"
export type CallDisposition = "answered" | "missed" | "busy" | "failed" | "cancelled"
export type HangupSide = "caller" | "callee" | "system"

export const CALL_DIRECTIONS: readonly CallDirection[] = ["internal", "inbound", "outbound"]
export const CALL_DISPOSITIONS: readonly CallDisposition[] = ["answered", "missed", "busy", "failed", "cancelled"]

export interface CallParty {
  /** The user part of the address: a username or a number. */
  readonly user: string
  readonly displayName: string | null
  readonly uri: string
}

export interface CallTransfer {
  readonly by: "caller" | "callee"
  readonly target: string
  readonly targetUser: string | null
  readonly replaces: { readonly callId: string; readonly toTag: string | null; readonly fromTag: string | null } | null
  readonly at: string
  readonly status: number | null
}

/** A call record (`CallRecordDto`). */
export interface CallRecord {
  readonly id: string
  readonly callId: string
  readonly fromTag: string
  readonly from: CallParty
  readonly to: CallParty
  readonly callerAccountId: string | null
  readonly calleeAccountId: string | null
  readonly targetAccountIds: string[]
  /** The comments (display names) of the caller's and callee's accounts at the time of the call. */
  readonly callerName: string | null
  readonly calleeName: string | null
  readonly direction: CallDirection
  readonly startedAt: string
  readonly ringingAt: string | null
  readonly answeredAt: string | null
  readonly endedAt: string
  readonly ringSeconds: number
  readonly talkSeconds: number
  readonly disposition: CallDisposition
  /** The final SIP status (200, 486, 487…). */
  readonly status: number
  readonly reason: string | null
  readonly hangup: HangupSide
  readonly transfers: CallTransfer[]
  readonly referredBy: string | null
  readonly replacesCallId: string | null
}

export interface CallPage {
  readonly items: CallRecord[]
  readonly nextCursor: string | null
}

export interface CallListParams {
  /** Calls that started at or after (ISO date or time with offset). */
  readonly from?: string | undefined
  /** Calls that started before. */
  readonly to?: string | undefined
  /** A SIP account id: calls it made, answered or was rung for. */
  readonly account?: string | undefined
  readonly direction?: CallDirection | undefined
  readonly disposition?: CallDisposition | undefined
  /** 1–200, default 50. */
  readonly limit?: number | undefined
  readonly cursor?: string | null | undefined
}

/** The query of `GET /calls`; empty filters are left out. */
export function callListQuery(params: CallListParams): URLSearchParams {
  const query = new URLSearchParams()
  if (params.from) query.set("from", params.from)
  if (params.to) query.set("to", params.to)
  if (params.account) query.set("account", params.account)
  if (params.direction) query.set("direction", params.direction)
  if (params.disposition) query.set("disposition", params.disposition)
  if (params.limit !== undefined) query.set("limit", String(params.limit))
  if (params.cursor) query.set("cursor", params.cursor)
  return query
}

/** Call records, newest first (supervisors and admins). */
export async function listCalls(client: ApiClient, params: CallListParams = {}, options?: RequestOptions): Promise<CallPage> {
  const page = await client.request<CallPage>("GET", withQuery(`${TELEPHONY_PATH}/calls`, callListQuery(params)), undefined, options)
  return { items: Array.isArray(page?.items) ? page.items : [], nextCursor: page?.nextCursor ?? null }
}
