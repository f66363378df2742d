import type { ProblemDto, ProblemField } from "./types.js"

/**
 * A failed API call. Non-2xx responses carry RFC 9457 problem details; a network failure has
 * `status` 0 and `code` "network_error"; a response that is not problem+json gets `code`
 * "http_error".
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string | undefined
  readonly type: string
  readonly fields: ProblemField[]
  /** Seconds from the `Retry-After` header (429/503), when present. */
  readonly retryAfter: number | undefined
  /** The parsed response body (problem or otherwise), when there was one. */
  readonly body: unknown

  constructor(init: {
    status: number
    code: string
    title: string
    detail?: string | undefined
    type?: string | undefined
    fields?: ProblemField[] | undefined
    retryAfter?: number | undefined
    body?: unknown
    cause?: unknown
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title, { cause: init.cause })
    this.name = "ApiError"
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail
    this.type = init.type ?? "about:blank"
    this.fields = init.fields ?? []
    this.retryAfter = init.retryAfter
    this.body = init.body
  }

  /** The first message for a field path (e.g. "title"), if the server sent one. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message
  }

  static isApiError(value: unknown): value is ApiError {
    return value instanceof ApiError
  }

  static fromProblem(status: number, problem: ProblemDto, retryAfter?: number, body?: unknown): ApiError {
    const fields = Array.isArray(problem.fields)
      ? problem.fields
          .filter((f): f is ProblemField => !!f && typeof f.path === "string" && typeof f.message === "string")
          .map((f) => ({ path: f.path, message: f.message }))
      : []
    return new ApiError({
      status,
      code: typeof problem.code === "string" ? problem.code : "http_error",
      title: typeof problem.title === "string" ? problem.title : `HTTP ${status}`,
      detail: typeof problem.detail === "string" ? problem.detail : undefined,
      type: typeof problem.type === "string" ? problem.type : undefined,
      fields,
      retryAfter,
      body: body ?? problem,
    })
  }
}

/** Parses `Retry-After` (delta-seconds or HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - now) / 1000))
}
