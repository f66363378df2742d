/** Wire types of the Switchboard HTTP/WebSocket API as the widgets see them. */

export type CaseStatus = "new" | "in_progress" | "resolved" | "closed"

export interface CaseDto {
  readonly id: string
  /** People-facing number; the server may send it as a number or a formatted string. */
  readonly number: string | number
  readonly title: string
  /** One of {@link CaseStatus}; unknown values are shown as they come. */
  readonly status: CaseStatus | (string & {})
  readonly applicantPhone: string | null
  /** ISO 8601 timestamp (UTC). */
  readonly createdAt: string
}

export interface CasePage {
  readonly items: CaseDto[]
  readonly nextCursor: string | null
}

export interface CreateCaseInput {
  readonly title: string
  readonly applicantPhone?: string
}

export interface TenantDto {
  readonly id: string
  readonly name: string
  /** IANA time zone of the tenant (e.g. "Europe/Moscow"): dates are shown in it. */
  readonly timeZone?: string
}

export interface GroupDto {
  readonly id: string
  readonly name: string
}

export type Role = "admin" | "supervisor" | "operator" | "mechanic" | "finance" | "client"

export const ROLES: readonly Role[] = ["admin", "supervisor", "operator", "mechanic", "finance", "client"]

export interface UserDto {
  /** null for an API key acting without a user. */
  readonly id: string
  readonly login: string
  readonly name: string
  readonly email?: string | null
  readonly roles: string[]
  readonly groups?: readonly GroupDto[]
  readonly disabled?: boolean
  readonly tenant: TenantDto
}

/** An item of `GET /api/v1/auth/users`. */
export interface UserListItemDto {
  readonly id: string
  readonly login: string
  readonly name: string
  readonly email: string | null
  readonly roles: string[]
  readonly groupIds: string[]
  readonly disabled: boolean
  readonly createdAt: string
}

/** An item of `GET /api/v1/auth/groups`: an operator group with its number of members. */
export interface GroupListItemDto {
  readonly id: string
  readonly name: string
  readonly members: number
}

export interface CreateGroupInput {
  readonly name: string
}

/** `PATCH /api/v1/auth/users/:id` (admin): only the fields given are changed. */
export interface UpdateUserInput {
  readonly name?: string
  /** At least one. */
  readonly roles?: readonly string[]
  /** The complete set of the user's groups. */
  readonly groupIds?: readonly string[]
  /** Disabling ends the user's sessions at once. */
  readonly disabled?: boolean
}

/** One of my open sessions (`GET /api/v1/auth/sessions`). */
export interface SessionDto {
  readonly id: string
  /** The session of this very request. */
  readonly current: boolean
  /** Signed in with "remember me". */
  readonly remember: boolean
  readonly ip: string | null
  readonly userAgent: string | null
  readonly createdAt: string
  readonly lastSeenAt: string
  readonly expiresAt: string
}

export interface PasswordChangeInput {
  readonly current: string
  readonly next: string
}

export type InvitationState = "pending" | "accepted" | "revoked" | "expired"

export interface InvitationDto {
  readonly id: string
  readonly login: string
  readonly name: string
  readonly email: string | null
  readonly roles: string[]
  readonly createdAt: string
  readonly expiresAt: string
  readonly state: InvitationState | (string & {})
}

export interface CreateInvitationInput {
  readonly login: string
  readonly name: string
  readonly email?: string
  readonly roles: readonly string[]
}

/** The answer to creating an invitation: `link` is "/invite#<token>", shown only now. */
export interface CreatedInvitationDto {
  readonly id: string
  readonly token: string
  readonly link: string
  readonly expiresAt: string
}

export interface AcceptInvitationInput {
  readonly token: string
  readonly password: string
}

export interface AcceptedInvitationDto {
  readonly userId: string
  readonly login: string
}

export interface ApiKeyDto {
  readonly id: string
  readonly name: string
  /** The first characters of the key, to recognise it. */
  readonly prefix: string
  readonly roles: string[]
  readonly createdAt: string
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

export interface CreateApiKeyInput {
  readonly name: string
  readonly roles: readonly string[]
}

/** The answer to creating an API key: `key` is shown only in this answer. */
export interface CreatedApiKeyDto {
  readonly id: string
  readonly name: string
  readonly prefix: string
  readonly roles: string[]
  readonly key: string
}

export interface LoginInput {
  readonly login: string
  readonly password: string
  readonly remember: boolean
}

export type HealthStatus = "ok" | "degraded" | "down"

/** One part's check; a part not in use reports "disabled". */
export interface HealthCheck {
  readonly status: HealthStatus | "disabled" | (string & {})
  readonly [key: string]: unknown
}

export interface HealthDto {
  readonly status: HealthStatus
  readonly checks: Record<string, HealthCheck>
}

export interface ProblemField {
  readonly path: string
  readonly message: string
}

/** RFC 9457 problem details as the server sends them. */
export interface ProblemDto {
  readonly type?: string
  readonly title?: string
  readonly status?: number
  readonly code?: string
  readonly detail?: string
  readonly fields?: ProblemField[]
}

/** A `{"type":"event"}` message of the events socket. */
export interface ServerEvent<T = unknown> {
  readonly type: "event"
  readonly id: string
  /** Position in the tenant's event log, when the server sends it (used to resume with `?since=`). */
  readonly seq?: number
  readonly topic: string
  readonly occurredAt: string
  readonly payload: T
}

export interface EventTopics {
  "case.created": CaseDto
}
