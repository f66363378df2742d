import { ApiError, parseRetryAfter } from "./errors.js"
import { EventsConnection } from "./events.js"
import type {
  AcceptedInvitationDto,
  AcceptInvitationInput,
  ApiKeyDto,
  CaseDto,
  CasePage,
  CreateApiKeyInput,
  CreatedApiKeyDto,
  CreatedInvitationDto,
  CreateCaseInput,
  CreateGroupInput,
  CreateInvitationInput,
  GroupListItemDto,
  HealthDto,
  InvitationDto,
  LoginInput,
  PasswordChangeInput,
  ProblemDto,
  SessionDto,
  UpdateUserInput,
  UserDto,
  UserListItemDto,
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

/**
 * Typed client of the Switchboard HTTP API. With a token it authenticates by
 * `Authorization: Bearer` only (`credentials: "omit"`, so it also works from another origin);
 * without one it relies on the console's session cookie (`credentials: "include"`).
 */
export class ApiClient {
  readonly baseUrl: string
  readonly token: string | undefined
  lang: string | undefined
  readonly #fetch: typeof fetch | undefined
  readonly #WebSocket: typeof WebSocket | undefined
  #events: EventsConnection | undefined
  readonly #unauthorizedListeners = new Set<(error: ApiError) => void>()

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

  /** My open sessions, most recently used first. */
  async listSessions(options?: RequestOptions): Promise<SessionDto[]> {
    return arrayOf(await this.#request<SessionDto[]>("GET", "/api/v1/auth/sessions", undefined, options))
  }

  /** Ends one of my sessions (e.g. on another device). */
  async revokeSession(id: string, options?: RequestOptions): Promise<void> {
    await this.#request<void>("DELETE", `/api/v1/auth/sessions/${encodeURIComponent(id)}`, undefined, options)
  }

  /** Changes my password; the server ends my other sessions. 400 with `fields` (current, next). */
  async changePassword(input: PasswordChangeInput, options?: RequestOptions): Promise<void> {
    await this.#request<void>("POST", "/api/v1/auth/password", { current: input.current, next: input.next }, options)
  }

  /** Users of the tenant (admin, supervisor). */
  async listUsers(options?: RequestOptions): Promise<UserListItemDto[]> {
    const body = await this.#request<{ items: UserListItemDto[] }>("GET", "/api/v1/auth/users", undefined, options)
    return arrayOf(body?.items)
  }

  /**
   * Changes a user's name, roles, groups or disabled flag (admin); only the fields given are
   * sent. 400 with a field (`roles`, `disabled`) when admins would lock themselves out, `groupIds`
   * for unknown groups; 404 for a user of another tenant.
   */
  async updateUser(id: string, input: UpdateUserInput, options?: RequestOptions): Promise<{ id: string }> {
    const body: Record<string, unknown> = {}
    if (input.name !== undefined) body["name"] = input.name
    if (input.roles !== undefined) body["roles"] = [...input.roles]
    if (input.groupIds !== undefined) body["groupIds"] = [...input.groupIds]
    if (input.disabled !== undefined) body["disabled"] = input.disabled
    return this.#request<{ id: string }>("PATCH", `/api/v1/auth/users/${encodeURIComponent(id)}`, body, options)
  }

  /** Operator groups of the tenant with their member counts (admin, supervisor). */
  async listGroups(options?: RequestOptions): Promise<GroupListItemDto[]> {
    const body = await this.#request<{ items: GroupListItemDto[] }>("GET", "/api/v1/auth/groups", undefined, options)
    return arrayOf(body?.items)
  }

  /** Creates an operator group (admin). 409 `conflict` with field `name` when the name exists. */
  async createGroup(input: CreateGroupInput, options?: RequestOptions): Promise<GroupListItemDto> {
    return this.#request<GroupListItemDto>("POST", "/api/v1/auth/groups", { name: input.name }, options)
  }

  /** Invitations of the tenant (admin). */
  async listInvitations(options?: RequestOptions): Promise<InvitationDto[]> {
    return arrayOf(await this.#request<InvitationDto[]>("GET", "/api/v1/auth/invitations", undefined, options))
  }

  /** Invites a person (admin); the answer holds the one-time link. 409 when the login is taken. */
  async createInvitation(input: CreateInvitationInput, options?: RequestOptions): Promise<CreatedInvitationDto> {
    const body: Record<string, unknown> = { login: input.login, name: input.name, roles: [...input.roles] }
    if (input.email) body["email"] = input.email
    return this.#request<CreatedInvitationDto>("POST", "/api/v1/auth/invitations", body, options)
  }

  async revokeInvitation(id: string, options?: RequestOptions): Promise<void> {
    await this.#request<void>("DELETE", `/api/v1/auth/invitations/${encodeURIComponent(id)}`, undefined, options)
  }

  /** Public: sets the password of an invited person. 401 `token_invalid` for a dead link. */
  async acceptInvitation(input: AcceptInvitationInput, options?: RequestOptions): Promise<AcceptedInvitationDto> {
    return this.#request<AcceptedInvitationDto>(
      "POST",
      "/api/v1/auth/invitations/accept",
      { token: input.token, password: input.password },
      options,
    )
  }

  /** API keys of the tenant (admin). */
  async listApiKeys(options?: RequestOptions): Promise<ApiKeyDto[]> {
    return arrayOf(await this.#request<ApiKeyDto[]>("GET", "/api/v1/auth/api-keys", undefined, options))
  }

  /** Creates an API key (admin); the key itself is only in this answer. */
  async createApiKey(input: CreateApiKeyInput, options?: RequestOptions): Promise<CreatedApiKeyDto> {
    return this.#request<CreatedApiKeyDto>("POST", "/api/v1/auth/api-keys", { name: input.name, roles: [...input.roles] }, options)
  }

  async revokeApiKey(id: string, options?: RequestOptions): Promise<void> {
    await this.#request<void>("DELETE", `/api/v1/auth/api-keys/${encodeURIComponent(id)}`, undefined, options)
  }

  /**
   * Calls `listener` whenever the server answers 401 (the session or token is no longer valid,
   * or a sign-in failed). Returns the function that stops listening.
   */
  onUnauthorized(listener: (error: ApiError) => void): () => void {
    this.#unauthorizedListeners.add(listener)
    return () => {
      this.#unauthorizedListeners.delete(listener)
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

  /**
   * Any API call (method, path under the base URL, JSON body): what the typed methods use.
   * Area modules (e.g. `api/case-card.ts`) build their calls on it.
   */
  request<T>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.#request<T>(method, path, body, options)
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
        // A token is the only credential when there is one: no cookies, so the call also works
        // from another origin under `Access-Control-Allow-Origin: *`.
        credentials: this.token ? "omit" : "include",
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
    const error = ApiError.fromProblem(response.status, problem, retryAfter, parsed)
    if (response.status === 401) {
      for (const listener of [...this.#unauthorizedListeners]) listener(error)
    }
    throw error
  }
}

function arrayOf<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : []
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
