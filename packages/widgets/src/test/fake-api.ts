/**
 * An in-page fake of the Switchboard server for browser tests and the demo page: it replaces
 * `fetch` and `WebSocket` for the API's URLs (everything else passes through) and follows the
 * contract of the real server — problem+json errors localised by Accept-Language, cookie-like
 * session, widget tokens, cursor pages, `case.created` events to subscribed sockets.
 *
 * Everything that knows about the fake lives in this file, so tests can later be pointed at the
 * real server (through a dev-server proxy) by swapping this module.
 */
import type { CaseDto, GroupDto, HealthDto, HealthStatus, ProblemField, SessionDto, UserDto } from "../api/types.js"
import { FakeDirectory, type FakeAccount } from "./fake-directory.js"
import { json, problem, sleep } from "./fake-http.js"

export type { FakeAccount } from "./fake-directory.js"

export interface FakeApiOptions {
  /** Only URLs of this origin are served (default: the page's origin). */
  readonly origin?: string
  /** Path prefix before `/api` and `/health` (the ApiClient's baseUrl path), default "". */
  readonly prefix?: string
  /** The account that can sign in (and that widget tokens act for). */
  readonly user?: UserDto
  readonly password?: string
  /** More accounts that can sign in. */
  readonly accounts?: readonly FakeAccount[]
  /** Operator groups of the tenant (default: those the accounts' users name). */
  readonly groups?: readonly GroupDto[]
  /** Other sessions of the user, besides the one of this page. */
  readonly sessions?: readonly SessionDto[]
  /** Start with a signed-in session (as if the cookie were set). */
  readonly signedIn?: boolean
  /** Widget tokens accepted as `Authorization: Bearer` / `?token=`. */
  readonly tokens?: readonly string[]
  /** Initial cases, newest first. */
  readonly cases?: readonly CaseDto[]
  readonly health?: HealthDto
  /** Delay of every response, default 0. */
  readonly latencyMs?: number
}

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly credentials: RequestCredentials | undefined
  readonly body: unknown
}

type Lang = "ru" | "en"

const texts = {
  ru: {
    unauthorized: "Требуется вход",
    invalid_credentials: "Неверный логин или пароль",
    too_many_attempts: "Слишком много попыток входа",
    too_many_attempts_detail: (s: number) => `Повторите через ${s} с.`,
    validation_failed: "Проверьте данные",
    title_required: "Укажите тему",
    title_too_long: "Тема длиннее 200 символов",
    phone_invalid: "Неверный формат телефона",
    not_found: "Не найдено",
  },
  en: {
    unauthorized: "Sign-in required",
    invalid_credentials: "Invalid login or password",
    too_many_attempts: "Too many sign-in attempts",
    too_many_attempts_detail: (s: number) => `Retry in ${s} s.`,
    validation_failed: "Check the data",
    title_required: "Title is required",
    title_too_long: "Title is longer than 200 characters",
    phone_invalid: "Invalid phone number format",
    not_found: "Not found",
  },
}

const TENANT = { id: "0190f3a4-0000-7000-8000-0000000000aa", name: "Автопомощь", timeZone: "Europe/Moscow" }

export const DEMO_USER: UserDto = {
  id: "0190f3a4-0000-7000-8000-000000000001",
  login: "operator",
  name: "Анна Петрова",
  email: null,
  roles: ["operator"],
  groups: [{ id: "0190f3a4-0000-7000-8000-0000000000g1", name: "Линия 1" }],
  disabled: false,
  tenant: TENANT,
}

export const ADMIN_USER: UserDto = {
  id: "0190f3a4-0000-7000-8000-000000000002",
  login: "admin",
  name: "Ирина Админова",
  email: "admin@example.test",
  roles: ["admin"],
  groups: [],
  disabled: false,
  tenant: TENANT,
}

/** Another session of the user (e.g. a browser at home), for `sessions`. */
export function otherSession(partial: Partial<SessionDto> & { minutesAgo?: number } = {}): SessionDto {
  const { minutesAgo = 180, ...rest } = partial
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString()
  return {
    id: crypto.randomUUID(),
    current: false,
    remember: true,
    ip: "10.20.30.40",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    ...rest,
  }
}

const OK_HEALTH: HealthDto = {
  status: "ok",
  checks: { database: { status: "ok" }, events: { status: "ok" }, sip: { status: "ok" } },
}

let caseSeq = 0

/** A case for seeding; `minutesAgo` sets createdAt. */
export function makeCase(partial: Partial<CaseDto> & { minutesAgo?: number } = {}): CaseDto {
  caseSeq++
  const { minutesAgo = caseSeq, ...rest } = partial
  return {
    id: crypto.randomUUID(),
    number: 1000 + caseSeq,
    title: `Case ${caseSeq}`,
    status: "new",
    applicantPhone: null,
    createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    ...rest,
  }
}

const RealWebSocket = globalThis.WebSocket
const realFetch = globalThis.fetch

export class FakeApi {
  readonly origin: string
  readonly prefix: string
  readonly tokens: Set<string>
  /** Accounts, sessions, invitations and API keys. */
  readonly directory: FakeDirectory
  readonly requests: RecordedRequest[] = []
  readonly sockets: FakeSocket[] = []
  cases: CaseDto[]
  health: HealthDto
  signedIn: boolean
  latencyMs: number
  /** When set, sign-in answers 429 with this Retry-After. */
  throttleSeconds: number | null = null
  /** When set, `GET /api/v1/cases` fails with this status. */
  failListWith: number | null = null
  /** Deliver `case.created` to sockets before the POST response (default: after). */
  eventBeforeResponse = false
  /** When false, sockets fail to connect (as if the server were unreachable). */
  socketsAccepted = true
  #hold: Promise<void> | null = null
  #seq = 0
  /** Every event sent, for `?since=` replays. */
  readonly #log: { seq: number; topic: string; message: string }[] = []
  #nextNumber: number
  #installed = false

  constructor(options: FakeApiOptions = {}) {
    this.origin = options.origin ?? location.origin
    this.prefix = (options.prefix ?? "").replace(/\/+$/, "")
    this.signedIn = options.signedIn ?? false
    this.directory = new FakeDirectory({
      user: options.user ?? DEMO_USER,
      password: options.password ?? "secret",
      accounts: options.accounts,
      sessions: options.sessions,
      ...(options.groups ? { groups: options.groups } : {}),
      signedIn: this.signedIn,
    })
    this.tokens = new Set(options.tokens ?? ["test-token"])
    this.cases = [...(options.cases ?? [])]
    this.health = options.health ?? OK_HEALTH
    this.latencyMs = options.latencyMs ?? 0
    this.#nextNumber = Math.max(1000, ...this.cases.map((c) => Number(c.number) || 0)) + 1
  }

  /** The signed-in user (or the one that would sign in). */
  get user(): UserDto {
    return this.directory.current.user
  }

  get password(): string {
    return this.directory.current.password
  }

  /** The session ends on the server (revoked elsewhere, expired): API calls answer 401 from now on. */
  endSession(): void {
    this.signedIn = false
    this.directory.currentSessionId = null
  }

  /** Replaces the global fetch and WebSocket; returns this. */
  install(): this {
    if (this.#installed) return this
    this.#installed = true
    const fake = this
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => fake.#fetch(input, init)
    // A constructor that returns the fake for API URLs and a real socket for anything else.
    const Ctor = function (this: unknown, url: string | URL, protocols?: string | string[]) {
      const u = new URL(String(url), location.href)
      if (fake.#matches(u, "ws")) return new FakeSocket(fake, u)
      return new RealWebSocket(url, protocols)
    } as unknown as typeof WebSocket
    Object.assign(Ctor, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })
    globalThis.WebSocket = Ctor
    return this
  }

  restore(): void {
    if (!this.#installed) return
    this.#installed = false
    globalThis.fetch = realFetch
    globalThis.WebSocket = RealWebSocket
    for (const s of [...this.sockets]) s.serverClose(1001)
  }

  /** Holds every `POST /api/v1/cases` until the returned function is called. */
  holdCreates(): () => void {
    let release!: () => void
    this.#hold = new Promise<void>((resolve) => (release = resolve))
    return () => {
      this.#hold = null
      release()
    }
  }

  /** Requests with this method whose path ends with `path` (e.g. "/api/v1/cases"). */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === this.prefix + path)
  }

  /** Sends an event to every open socket subscribed to the topic. */
  emit(topic: string, payload: unknown): void {
    const seq = ++this.#seq
    const message = JSON.stringify({
      type: "event",
      id: crypto.randomUUID(),
      seq,
      topic,
      occurredAt: new Date().toISOString(),
      payload,
    })
    this.#log.push({ seq, topic, message })
    for (const socket of this.sockets) if (socket.topics.has(topic)) socket.serverSend(message)
  }

  /** Events after `since` on the given topics (what the server replays to a resuming socket). */
  replay(since: number, topics: ReadonlySet<string>): string[] {
    return this.#log.filter((e) => e.seq > since && topics.has(e.topic)).map((e) => e.message)
  }

  /** What another operator's client does: the case is stored and announced on the socket. */
  createFromOtherClient(input: { title: string; applicantPhone?: string | null; status?: string }): CaseDto {
    const created = this.#store(input.title, input.applicantPhone ?? null, input.status ?? "new")
    this.emit("case.created", created)
    return created
  }

  /** Resolves once some socket is open and subscribed to `topic`. */
  async subscribed(topic: string, timeoutMs = 3000): Promise<FakeSocket> {
    const until = Date.now() + timeoutMs
    for (;;) {
      const socket = this.sockets.find((s) => s.readyState === 1 && s.topics.has(topic))
      if (socket) return socket
      if (Date.now() > until) throw new Error(`no socket subscribed to ${topic}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  /** True when the request carries a session or an accepted widget token. */
  authorised(headers: Headers, query?: URLSearchParams): boolean {
    const auth = headers.get("authorization")
    if (auth?.startsWith("Bearer ")) return this.tokens.has(auth.slice(7))
    const token = query?.get("token")
    if (token) return this.tokens.has(token)
    return this.signedIn
  }

  #matches(url: URL, kind: "http" | "ws"): boolean {
    const origin = kind === "ws" ? url.origin.replace(/^ws/, "http") : url.origin
    if (origin !== this.origin) return false
    if (kind === "ws") return url.pathname === `${this.prefix}/api/v1/events`
    return url.pathname.startsWith(`${this.prefix}/api/`) || url.pathname === `${this.prefix}/health`
  }

  async #fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request ? request.url : String(input), location.href)
    if (!this.#matches(url, "http")) return realFetch(input, init)
    const method = (init.method ?? request?.method ?? "GET").toUpperCase()
    const headers = new Headers(init.headers ?? request?.headers)
    const rawBody = typeof init.body === "string" ? init.body : request ? await request.text() : undefined
    let body: unknown = undefined
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined
    } catch {
      body = rawBody
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      credentials: init.credentials ?? request?.credentials,
      body,
    })
    if (this.latencyMs) await sleep(this.latencyMs)
    const lang: Lang = headers.get("accept-language")?.toLowerCase().startsWith("en") ? "en" : "ru"
    const path = url.pathname.slice(this.prefix.length)
    return this.#route(method, path, url.searchParams, headers, body, lang)
  }

  async #route(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Headers,
    body: unknown,
    lang: Lang,
  ): Promise<Response> {
    const t = texts[lang]
    const key = `${method} ${path}`
    if (key === "GET /health") return json(this.health.status === "down" ? 503 : 200, this.health)
    if (key === "POST /api/v1/auth/login") {
      if (this.throttleSeconds !== null) {
        return problem(429, "too_many_attempts", t.too_many_attempts, t.too_many_attempts_detail(this.throttleSeconds), undefined, {
          "Retry-After": String(this.throttleSeconds),
        })
      }
      const b = (body ?? {}) as { login?: unknown; password?: unknown; remember?: unknown }
      const account = this.directory.find(b.login)
      if (!account || account.disabled || b.password !== account.password) {
        return problem(401, "invalid_credentials", t.invalid_credentials)
      }
      this.signedIn = true
      this.directory.startSession(b.remember === true, account)
      return json(200, { user: account.user })
    }
    const open = this.directory.publicRoute(key, body, lang)
    if (open) return open
    if (key === "POST /api/v1/auth/logout") {
      this.signedIn = false
      const current = this.directory.currentSessionId
      this.directory.sessions = this.directory.sessions.filter((s) => s.id !== current)
      this.directory.currentSessionId = null
      for (const s of [...this.sockets]) if (!s.token) s.serverClose(4401)
      return new Response(null, { status: 204 })
    }
    if (!this.authorised(headers)) return problem(401, "unauthorized", t.unauthorized)
    // A widget token acts for the first account; the cookie for whoever signed in.
    const actor = headers.get("authorization")?.startsWith("Bearer ") ? this.directory.accounts[0]! : this.directory.current
    if (key === "GET /api/v1/auth/me") return json(200, { user: actor.user })
    const handled = this.directory.route(key, body, lang, actor, () => this.endSession())
    if (handled) return handled
    if (key === "GET /api/v1/cases") {
      if (this.failListWith) return problem(this.failListWith, "internal", lang === "en" ? "Server error" : "Ошибка сервера")
      const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 50) || 50))
      const offset = Number((query.get("cursor") ?? "o:0").slice(2)) || 0
      const items = this.cases.slice(offset, offset + limit)
      const next = offset + limit < this.cases.length ? `o:${offset + limit}` : null
      return json(200, { items, nextCursor: next })
    }
    if (key === "POST /api/v1/cases") {
      if (this.#hold) await this.#hold
      const b = (body ?? {}) as { title?: unknown; applicantPhone?: unknown }
      const fields: ProblemField[] = []
      const title = typeof b.title === "string" ? b.title.trim() : ""
      if (!title) fields.push({ path: "title", message: t.title_required })
      else if (title.length > 200) fields.push({ path: "title", message: t.title_too_long })
      const phone = b.applicantPhone
      if (phone !== undefined && phone !== null && (typeof phone !== "string" || !/^\+?[0-9][0-9 ()-]{4,19}$/.test(phone))) {
        fields.push({ path: "applicantPhone", message: t.phone_invalid })
      }
      if (fields.length) return problem(400, "validation_failed", t.validation_failed, undefined, fields)
      const created = this.#store(title, typeof phone === "string" ? phone : null, "new")
      if (this.eventBeforeResponse) {
        this.emit("case.created", created)
        await sleep(20)
      } else {
        setTimeout(() => this.emit("case.created", created), 0)
      }
      return json(201, created)
    }
    return problem(404, "not_found", t.not_found)
  }

  #store(title: string, applicantPhone: string | null, status: string): CaseDto {
    const created: CaseDto = {
      id: crypto.randomUUID(),
      number: this.#nextNumber++,
      title,
      status,
      applicantPhone,
      createdAt: new Date().toISOString(),
    }
    this.cases.unshift(created)
    return created
  }
}

/** The fake's end of a WebSocket to `/api/v1/events`. */
export class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3
  readonly url: string
  readonly token: string | null
  /** `?since=` of the connection, consumed by the first subscribe. */
  since: number | null
  readonly topics = new Set<string>()
  readonly sent: unknown[] = []
  readyState = 0
  protocol = ""
  extensions = ""
  binaryType: BinaryType = "blob"
  bufferedAmount = 0
  onopen: ((e: Event) => void) | null = null
  onmessage: ((e: MessageEvent) => void) | null = null
  onclose: ((e: CloseEvent) => void) | null = null
  onerror: ((e: Event) => void) | null = null
  readonly #api: FakeApi

  constructor(api: FakeApi, url: URL) {
    super()
    this.#api = api
    this.url = url.toString()
    this.token = url.searchParams.get("token")
    const since = url.searchParams.get("since")
    this.since = since === null ? null : Number(since)
    api.sockets.push(this)
    setTimeout(() => {
      if (this.readyState !== 0) return
      if (!api.socketsAccepted) {
        this.#fire("error", new Event("error"))
        this.#finish(1006)
        return
      }
      this.readyState = 1
      this.#fire("open", new Event("open"))
      // Like the server: an unauthenticated socket is accepted and closed at once with 4401.
      if (!api.authorised(new Headers(), url.searchParams)) this.serverClose(4401)
    }, 0)
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new DOMException("not open", "InvalidStateError")
    let message: { type?: unknown; topics?: unknown }
    try {
      message = JSON.parse(data)
    } catch {
      return
    }
    this.sent.push(message)
    if (message.type === "subscribe" && Array.isArray(message.topics)) {
      for (const topic of message.topics) if (typeof topic === "string") this.topics.add(topic)
      this.serverSend(JSON.stringify({ type: "subscribed", topics: [...this.topics] }))
      if (this.since !== null) {
        for (const m of this.#api.replay(this.since, this.topics)) this.serverSend(m)
        this.since = null
      }
    }
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return
    this.readyState = 2
    setTimeout(() => this.#finish(code), 0)
  }

  /** Server → client message. */
  serverSend(data: string): void {
    if (this.readyState !== 1) return
    setTimeout(() => {
      if (this.readyState === 1) this.#fire("message", new MessageEvent("message", { data }))
    }, 0)
  }

  /** The server drops the connection. */
  serverClose(code = 1006): void {
    if (this.readyState >= 2) return
    this.#finish(code)
  }

  #finish(code: number): void {
    this.readyState = 3
    const index = this.#api.sockets.indexOf(this)
    if (index >= 0) this.#api.sockets.splice(index, 1)
    this.#fire("close", new CloseEvent("close", { code, wasClean: code === 1000 }))
  }

  #fire(type: "open" | "message" | "close" | "error", event: Event): void {
    this.dispatchEvent(event)
    const handler = this[`on${type}`] as ((e: Event) => void) | null
    handler?.call(this, event)
  }
}

export function installFakeApi(options?: FakeApiOptions): FakeApi {
  return new FakeApi(options).install()
}

export type { HealthStatus }
