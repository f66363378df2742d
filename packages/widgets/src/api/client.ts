import { ApiError, parseRetryAfter } from "./errors.js"
import { EventsConnection } from "./events.js"
import type {
  CaseDto,
  CasePage,
  CreateCaseInput,
  HealthDto,
  LoginInput,
  ProblemDto,
  UserDto,
} from "./types.js"

export interface ApiClientOptions {
  /** Origin and/or path prefix of the server; "" (default) means the page's own origin. */
  readonly baseUrl?: string
  /** Widget token: sent as `Authorization: Bearer` and as `?token=` on the events socket. */
  readonly token?: string | undefined
  /** Default `Accept-Language` when a call does not pass its own `lang`. */
  readonly lang?: string
  /** fetch implementation; defaults to the global one, looked up at call time. */
  readonly fetch?: typeof fetch
  /** WebSocket constructor for {@link ApiClient.events}; defaults to the global one. */
  readonly WebSocket?: typeof WebSocket
}

export interface RequestOptions {
  /** Sent as `Accept-Language`, so the server localises problem texts. */
  readonly lang?: string | undefined
  readonly signal?: AbortSignal | undefined
}

export interface ListCasesParams {
  readonly limit?: number
  readonly cursor?: string | null
}

/** Typed client of the Switchboard HTTP API. */
export class ApiClient {
  readonly baseUrl: string
  readonly token: string | undefined
  lang: string | undefined
  readonly #fetch: typeof fetch | undefined
  readonly #WebSocket: typeof WebSocket | undefined
  #events: EventsConnection | undefined

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "")
    this.token = options.token || undefined
    this.lang = options.lang
    this.#fetch = options.fetch
    this.#WebSocket = options.WebSocket
  }

  /** The signed-in user, or an {@link ApiError} with status 401. */
  async me(options?: RequestOptions): Promise<UserDto> {
    const body = await this.#request<{ user: UserDto }>("GET", "/api/v1/auth/me", undefined, options)
    return body.user
  }

  async login(input: LoginInput, options?: RequestOptions): Promise<UserDto> {
    const body = await this.#request<{ user: UserDto }>(
      "POST",
      "/api/v1/auth/login",
      { login: input.login, password: input.password, remember: input.remember },
      options,
    )
    return body.user
  }

  async logout(options?: RequestOptions): Promise<void> {
    try {
      await this.#request<void>("POST", "/api/v1/auth/logout", undefined, options)
    } finally {
      this.#events?.close()
    }
  }

  async listCases(params: ListCasesParams = {}, options?: RequestOptions): Promise<CasePage> {
    const query = new URLSearchParams()
    if (params.limit !== undefined) query.set("limit", String(params.limit))
    if (params.cursor) query.set("cursor", params.cursor)
    const qs = query.toString()
    const page = await this.#request<CasePage>("GET", `/api/v1/cases${qs ? `?${qs}` : ""}`, undefined, options)
    return { items: Array.isArray(page.items) ? page.items : [], nextCursor: page.nextCursor ?? null }
  }

  async createCase(input: CreateCaseInput, options?: RequestOptions): Promise<CaseDto> {
    const body: Record<string, string> = { title: input.title }
    if (input.applicantPhone !== undefined && input.applicantPhone !== "") body["applicantPhone"] = input.applicantPhone
    return this.#request<CaseDto>("POST", "/api/v1/cases", body, options)
  }

  /**
   * `GET /health`. A server that reports itself down may answer 503 with the same body: that
   * body is returned rather than thrown.
   */
  async health(options?: RequestOptions): Promise<HealthDto> {
    try {
      return await this.#request<HealthDto>("GET", "/health", undefined, options)
    } catch (error) {
      if (error instanceof ApiError && isHealth(error.body)) return error.body
      throw error
    }
  }

  /** The client's shared events connection (created on first use, not yet connected). */
  events(): EventsConnection {
    if (!this.#events) {
      this.#events = new EventsConnection({
        url: this.eventsUrl(),
        ...(this.#WebSocket ? { WebSocket: this.#WebSocket } : {}),
      })
    }
    return this.#events
  }

  /** ws(s):// URL of the events socket. */
  eventsUrl(): string {
    const url = new URL(`${this.baseUrl}/api/v1/events`, pageUrl())
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:"
    if (this.token) url.searchParams.set("token", this.token)
    return url.toString()
  }

  /** Absolute or page-relative URL of an API path. */
  url(path: string): string {
    return `${this.baseUrl}${path}`
  }

  async #request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json" }
    const lang = options.lang ?? this.lang
    if (lang) headers["Accept-Language"] = lang
    if (this.token) headers["Authorization"] = `Bearer ${this.token}`
    if (body !== undefined) headers["Content-Type"] = "application/json"
    const doFetch = this.#fetch ?? globalThis.fetch.bind(globalThis)
    let response: Response
    try {
      response = await doFetch(this.url(path), {
        method,
        headers,
        credentials: "include",
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === "AbortError") throw cause
      throw new ApiError({ status: 0, code: "network_error", title: "Network error", cause })
    }
    if (response.status === 204) return undefined as T
    const text = await response.text()
    let parsed: unknown = undefined
    if (text) {
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
    }
    if (response.ok) {
      if (text && parsed === undefined) {
        throw new ApiError({ status: response.status, code: "invalid_response", title: "Invalid response" })
      }
      return parsed as T
    }
    const retryAfter = parseRetryAfter(response.headers.get("Retry-After"))
    const problem: ProblemDto =
      typeof parsed === "object" && parsed !== null
        ? (parsed as ProblemDto)
        : { title: response.statusText || `HTTP ${response.status}`, code: "http_error" }
    throw ApiError.fromProblem(response.status, problem, retryAfter, parsed)
  }
}

function pageUrl(): string {
  return typeof location !== "undefined" ? location.href : "http://localhost/"
}

function isHealth(value: unknown): value is HealthDto {
  if (typeof value !== "object" || value === null) return false
  const v = value as Record<string, unknown>
  return (
    (v["status"] === "ok" || v["status"] === "degraded" || v["status"] === "down") &&
    typeof v["checks"] === "object" &&
    v["checks"] !== null
  )
}
