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
}

export interface UserDto {
  readonly id: string
  readonly login: string
  readonly name: string
  readonly roles: string[]
  readonly tenant: TenantDto
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
