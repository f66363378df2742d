/**
 * The virtual PBX's side of the in-page fake server, for the tests of `<org-telephony-accounts>`,
 * `<org-telephony-extensions>` and `<org-telephony-calls>`: `/api/v1/telephony` — SIP accounts
 * (search, blocked filter, username-ordered pages, create with a generated password, versioned
 * PATCH, block/unblock, reset-password, delete), extensions (unique numbers, members checked) and
 * call records (filters, cursor pages) — with the real routes' roles and ru/en field errors
 * (packages/telephony/src/api.ts, pbx/routes.ts). It sits on top of {@link FakeApi} (users,
 * sessions, tokens, the events socket): its routes are answered here, the rest go on to the
 * FakeApi.
 */
import type { CallRecord, Extension, SipAccount } from "../api/telephony.js"
import type { ProblemField, UserDto } from "../api/types.js"
import { FakeApi, type FakeApiOptions, type RecordedRequest } from "./fake-api.js"
import { json, noContent, problem, sleep, type FakeLang } from "./fake-http.js"

const BASE = "/api/v1/telephony"
export const FAKE_DOMAIN = "demo.sip.local"

const texts = {
  ru: {
    validation_failed: "Некоторые поля заполнены неверно",
    forbidden: "Недостаточно прав для этого действия",
    not_found: "Не найдено",
    conflict: "Такая запись уже существует",
    taken: "Значение уже занято",
    stale_version: "Запись уже изменили: обновите её и повторите изменение",
    username: "Используйте от 1 до 64 латинских букв, цифр, точек, дефисов или _, первым — букву или цифру",
    password: "SIP-пароль — от 10 до 128 печатных латинских символов (без пробелов)",
    number: "Внутренний номер — от 1 до 20 цифр",
    blank: "Поле не может быть пустым",
    limit: "Ожидается целое число от 1 до 100",
    user: "Пользователь не найден",
    member: "SIP-учётная запись не найдена",
    members: "Нужна хотя бы одна учётная запись",
    order: "from должно быть раньше to",
    internal: "Внутренняя ошибка сервера",
  },
  en: {
    validation_failed: "Some fields are invalid",
    forbidden: "You are not allowed to do this",
    not_found: "Not found",
    conflict: "Such a record already exists",
    taken: "Value is already taken",
    stale_version: "Someone changed it meanwhile: reload and apply your change again",
    username: "Use 1–64 latin letters, digits, dots, dashes or _, starting with a letter or a digit",
    password: "A SIP password has 10–128 printable latin characters (no spaces)",
    number: "An extension number has 1–20 digits",
    blank: "Must not be blank",
    limit: "Expected a whole number from 1 to 100",
    user: "No such user",
    member: "No such SIP account",
    members: "At least one account is needed",
    order: "from must be before to",
    internal: "Internal server error",
  },
}
type Texts = (typeof texts)["ru"]

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
export type FakeSipAccount = Mutable<SipAccount> & { password: string }
type MutableExtension = Mutable<Extension>

export interface FakeTelephonyOptions extends FakeApiOptions {
  readonly sipAccounts?: readonly (Partial<SipAccount> & { username: string })[]
  /** Extensions; `members` may name accounts by username. */
  readonly extensions?: readonly (Partial<Extension> & { number: string; members: string[] })[]
  /** Call records, any order (listed newest first). */
  readonly calls?: readonly CallRecord[]
}

const uuid = () => crypto.randomUUID()
const now = () => new Date().toISOString()

/** A call record for seeding; `minutesAgo` sets its start. */
export function makeCall(partial: Partial<CallRecord> & { minutesAgo?: number } = {}): CallRecord {
  const { minutesAgo = 5, ...rest } = partial
  const started = new Date(Date.now() - minutesAgo * 60_000)
  const answered = (rest.disposition ?? "answered") === "answered"
  return {
    id: uuid(),
    callId: uuid(),
    fromTag: uuid().slice(0, 8),
    from: { user: "alice", displayName: null, uri: `sip:alice@${FAKE_DOMAIN}` },
    to: { user: "100", displayName: null, uri: `sip:100@${FAKE_DOMAIN}` },
    callerAccountId: null,
    calleeAccountId: null,
    targetAccountIds: [],
    callerName: null,
    calleeName: null,
    direction: "internal",
    startedAt: started.toISOString(),
    ringingAt: started.toISOString(),
    answeredAt: answered ? new Date(started.getTime() + 4000).toISOString() : null,
    endedAt: new Date(started.getTime() + 70_000).toISOString(),
    ringSeconds: 4,
    talkSeconds: answered ? 66 : 0,
    disposition: "answered",
    status: answered ? 200 : 480,
    reason: null,
    hangup: "caller",
    transfers: [],
    referredBy: null,
    replacesCallId: null,
    ...rest,
  }
}

export class FakeTelephony {
  readonly api: FakeApi
  /** Requests this fake answered (the FakeApi records the others). */
  readonly requests: RecordedRequest[] = []
  readonly accounts: FakeSipAccount[] = []
  readonly extensions: MutableExtension[] = []
  calls: CallRecord[]
  /** Route → status to fail with ("GET /api/v1/telephony/accounts" …). */
  readonly failures = new Map<string, number>()
  latencyMs: number
  #installed = false

  constructor(options: FakeTelephonyOptions = {}) {
    this.api = new FakeApi(options)
    this.latencyMs = options.latencyMs ?? 0
    for (const a of options.sipAccounts ?? []) this.addAccount(a)
    for (const e of options.extensions ?? []) {
      const members = e.members.map((m) => this.accounts.find((a) => a.username === m)?.id ?? m)
      this.extensions.push({ id: uuid(), name: null, version: 1, createdAt: now(), updatedAt: now(), ...e, members })
    }
    this.calls = [...(options.calls ?? [])]
  }

  addAccount(partial: Partial<SipAccount> & { username: string; password?: string }): FakeSipAccount {
    const at = now()
    const account: FakeSipAccount = {
      id: uuid(),
      domain: FAKE_DOMAIN,
      uri: `sip:${partial.username}@${FAKE_DOMAIN}`,
      comment: null,
      blocked: false,
      callLimit: null,
      userId: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
      passwordChangedAt: at,
      password: "Seeded-Password-1",
      ...partial,
    }
    this.accounts.push(account)
    return account
  }

  account(username: string): FakeSipAccount {
    const found = this.accounts.find((a) => a.username === username)
    if (!found) throw new Error(`no SIP account ${username}`)
    return found
  }

  /** Another admin changed the account meanwhile (its version goes up). */
  changeAccountElsewhere(username: string, patch: Partial<SipAccount> = {}): FakeSipAccount {
    const a = this.account(username)
    Object.assign(a, patch, { version: a.version + 1, updatedAt: now() })
    return a
  }

  install(): this {
    if (this.#installed) return this
    this.#installed = true
    this.api.install()
    const inner = globalThis.fetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => this.#fetch(input, init, inner)
    return this
  }

  restore(): void {
    if (!this.#installed) return
    this.#installed = false
    this.api.restore()
  }

  /** Requests with this method to exactly this path (no query). */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === this.api.prefix + path)
  }

  // --- HTTP ----------------------------------------------------------------------------------

  async #fetch(input: RequestInfo | URL, init: RequestInit = {}, inner: typeof fetch): Promise<Response> {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request ? request.url : String(input), location.href)
    const path = url.pathname.slice(this.api.prefix.length)
    if (url.origin !== this.api.origin || !url.pathname.startsWith(this.api.prefix) || !path.startsWith(`${BASE}/`)) return inner(input, init)
    const method = (init.method ?? request?.method ?? "GET").toUpperCase()
    const headers = new Headers(init.headers ?? request?.headers)
    const raw = typeof init.body === "string" ? init.body : undefined
    let body: unknown
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      body = raw
    }
    this.requests.push({ method, path: url.pathname, query: url.searchParams, headers, credentials: init.credentials, body })
    if (this.latencyMs) await sleep(this.latencyMs)
    const lang: FakeLang = headers.get("accept-language")?.toLowerCase().startsWith("en") ? "en" : "ru"
    const t = texts[lang]
    if (!this.api.authorised(headers)) return problem(401, "unauthorized", lang === "en" ? "Sign-in required" : "Требуется вход")
    const actor = headers.get("authorization")?.startsWith("Bearer ") ? this.api.directory.accounts[0]!.user : this.api.directory.current.user
    const failure = this.failures.get(`${method} ${path}`)
    if (failure) return problem(failure, "internal", t.internal)
    return this.#route(method, path.slice(BASE.length), url.searchParams, (body ?? {}) as Record<string, unknown>, t, actor)
  }

  #route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, t: Texts, actor: UserDto): Response {
    const admin = actor.roles.includes("admin")
    if (path === "/calls" && method === "GET") {
      if (!admin && !actor.roles.includes("supervisor")) return problem(403, "forbidden", t.forbidden)
      return this.#calls(query, t)
    }
    if (!admin) return problem(403, "forbidden", t.forbidden)
    if (path === "/accounts" && method === "GET") return this.#listAccounts(query)
    if (path === "/accounts" && method === "POST") return this.#createAccount(body, t)
    const acc = /^\/accounts\/([^/]+)(\/block|\/unblock|\/reset-password)?$/.exec(path)
    if (acc) {
      const a = this.accounts.find((x) => x.id === decodeURIComponent(acc[1]!))
      if (!a) return problem(404, "not_found", t.not_found)
      const action = acc[2]
      if (!action && method === "GET") return json(200, dto(a))
      if (!action && method === "PATCH") return this.#patchAccount(a, body, t)
      if (!action && method === "DELETE") {
        this.accounts.splice(this.accounts.indexOf(a), 1)
        for (const e of this.extensions) e.members = e.members.filter((m) => m !== a.id)
        return noContent()
      }
      if (method === "POST" && (action === "/block" || action === "/unblock")) {
        Object.assign(a, { blocked: action === "/block", version: a.version + 1, updatedAt: now() })
        return json(200, dto(a))
      }
      if (method === "POST" && action === "/reset-password") {
        const given = body["password"]
        if (given !== undefined && (typeof given !== "string" || !/^[\x21-\x7e]{10,128}$/.test(given))) {
          return invalid(t, [{ path: "password", message: t.password }])
        }
        Object.assign(a, { password: typeof given === "string" ? given : generate(), version: a.version + 1, updatedAt: now(), passwordChangedAt: now() })
        return json(200, { ...dto(a), password: a.password })
      }
    }
    if (path === "/extensions" && method === "GET") {
      const items = [...this.extensions].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
      return json(200, { items })
    }
    if (path === "/extensions" && method === "POST") return this.#saveExtension(null, body, t)
    const ext = /^\/extensions\/([^/]+)$/.exec(path)
    if (ext) {
      const e = this.extensions.find((x) => x.id === decodeURIComponent(ext[1]!))
      if (!e) return problem(404, "not_found", t.not_found)
      if (method === "GET") return json(200, e)
      if (method === "PUT") return this.#saveExtension(e, body, t)
      if (method === "DELETE") {
        this.extensions.splice(this.extensions.indexOf(e), 1)
        return noContent()
      }
    }
    return problem(404, "not_found", t.not_found)
  }

  #listAccounts(query: URLSearchParams): Response {
    const q = query.get("q")?.trim().toLowerCase()
    const blocked = query.get("blocked")
    const limit = Math.min(200, Math.max(1, Number(query.get("limit") ?? 200) || 200))
    const sorted = [...this.accounts].sort((a, b) => a.username.toLowerCase().localeCompare(b.username.toLowerCase()))
    const matches = sorted.filter(
      (a) =>
        (blocked === null || a.blocked === (blocked === "true")) &&
        (!q || a.username.toLowerCase().includes(q) || (a.comment ?? "").toLowerCase().includes(q)),
    )
    const cursor = query.get("cursor")
    const start = cursor ? matches.findIndex((a) => a.id === cursor) + 1 : 0
    const items = matches.slice(start, start + limit)
    const next = start + limit < matches.length ? items.at(-1)!.id : null
    return json(200, { items: items.map(dto), nextCursor: next })
  }

  /** The checks of comment, call limit and user shared by create and PATCH. */
  #checkDetails(body: Record<string, unknown>, t: Texts, fields: ProblemField[]): void {
    const comment = body["comment"]
    if (comment !== undefined && comment !== null && (typeof comment !== "string" || !comment.trim())) fields.push({ path: "comment", message: t.blank })
    const limit = body["callLimit"]
    if (limit !== undefined && limit !== null && (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 100)) {
      fields.push({ path: "callLimit", message: t.limit })
    }
    const userId = body["userId"]
    if (userId !== undefined && userId !== null && !this.api.directory.accounts.some((a) => a.user.id === userId)) {
      fields.push({ path: "userId", message: t.user })
    }
  }

  #createAccount(body: Record<string, unknown>, t: Texts): Response {
    const fields: ProblemField[] = []
    const username = body["username"]
    if (typeof username !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(username)) fields.push({ path: "username", message: t.username })
    const password = body["password"]
    if (password !== undefined && (typeof password !== "string" || !/^[\x21-\x7e]{10,128}$/.test(password))) fields.push({ path: "password", message: t.password })
    this.#checkDetails(body, t, fields)
    if (fields.length) return invalid(t, fields)
    const name = username as string
    if (this.accounts.some((a) => a.username.toLowerCase() === name.toLowerCase())) return taken(t, "username")
    const userId = (body["userId"] as string | null | undefined) ?? null
    if (userId && this.accounts.some((a) => a.userId === userId)) return taken(t, "userId")
    const a = this.addAccount({
      username: name,
      password: typeof password === "string" ? password : generate(),
      comment: typeof body["comment"] === "string" ? (body["comment"] as string).trim() : null,
      callLimit: (body["callLimit"] as number | null | undefined) ?? null,
      userId,
    })
    return json(201, { ...dto(a), password: a.password })
  }

  #patchAccount(a: FakeSipAccount, body: Record<string, unknown>, t: Texts): Response {
    const fields: ProblemField[] = []
    this.#checkDetails(body, t, fields)
    if (typeof body["version"] !== "number") fields.push({ path: "version", message: t.blank })
    if (fields.length) return invalid(t, fields)
    const userId = body["userId"]
    if (typeof userId === "string" && this.accounts.some((x) => x.userId === userId && x.id !== a.id)) return taken(t, "userId")
    if (body["version"] !== a.version) return stale(t, a.version)
    if (body["comment"] !== undefined) a.comment = typeof body["comment"] === "string" ? (body["comment"] as string).trim() : null
    if (body["callLimit"] !== undefined) a.callLimit = body["callLimit"] as number | null
    if (userId !== undefined) a.userId = userId as string | null
    a.version++
    a.updatedAt = now()
    return json(200, dto(a))
  }

  #saveExtension(current: MutableExtension | null, body: Record<string, unknown>, t: Texts): Response {
    const fields: ProblemField[] = []
    const number = body["number"]
    if (typeof number !== "string" || !/^[0-9]{1,20}$/.test(number)) fields.push({ path: "number", message: t.number })
    const name = body["name"]
    if (name !== undefined && name !== null && (typeof name !== "string" || !name.trim())) fields.push({ path: "name", message: t.blank })
    const members = body["members"]
    if (!Array.isArray(members) || !members.length) fields.push({ path: "members", message: t.members })
    else members.forEach((m, i) => !this.accounts.some((a) => a.id === m) && fields.push({ path: `members.${i}`, message: t.member }))
    if (fields.length) return invalid(t, fields)
    if (this.extensions.some((e) => e.number === number && e.id !== current?.id)) return taken(t, "number")
    const values = { number: number as string, name: typeof name === "string" ? name.trim() : null, members: [...(members as string[])] }
    if (!current) {
      const created: MutableExtension = { id: uuid(), version: 1, createdAt: now(), updatedAt: now(), ...values }
      this.extensions.push(created)
      return json(201, created)
    }
    if (body["version"] !== current.version) return stale(t, current.version)
    Object.assign(current, values, { version: current.version + 1, updatedAt: now() })
    return json(200, current)
  }

  #calls(query: URLSearchParams, t: Texts): Response {
    const from = query.get("from") ? Date.parse(query.get("from")!) : -Infinity
    const to = query.get("to") ? Date.parse(query.get("to")!) : Infinity
    if (from >= to) return invalid(t, [{ path: "query.to", message: t.order }])
    const account = query.get("account")
    const limit = Math.min(200, Math.max(1, Number(query.get("limit") ?? 50) || 50))
    const matches = [...this.calls]
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
      .filter((c) => {
        const at = Date.parse(c.startedAt)
        if (at < from || at >= to) return false
        if (query.get("direction") && c.direction !== query.get("direction")) return false
        if (query.get("disposition") && c.disposition !== query.get("disposition")) return false
        if (account && c.callerAccountId !== account && c.calleeAccountId !== account && !c.targetAccountIds.includes(account)) return false
        return true
      })
    const offset = Number((query.get("cursor") ?? "o:0").slice(2)) || 0
    const items = matches.slice(offset, offset + limit)
    return json(200, { items, nextCursor: offset + limit < matches.length ? `o:${offset + limit}` : null })
  }
}

function dto(a: FakeSipAccount): SipAccount {
  const { password: _password, ...rest } = a
  return { ...rest }
}

function generate(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
  return Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => alphabet[b % alphabet.length]).join("")
}

function invalid(t: Texts, fields: ProblemField[]): Response {
  return problem(400, "validation_failed", t.validation_failed, undefined, fields)
}

function taken(t: Texts, path: string): Response {
  return problem(409, "conflict", t.conflict, undefined, [{ path, message: t.taken }])
}

function stale(t: Texts, currentVersion: number): Response {
  const body = { type: "urn:switchboard:problem:stale_version", title: t.stale_version, status: 409, code: "stale_version", currentVersion }
  return new Response(JSON.stringify(body), { status: 409, headers: { "Content-Type": "application/problem+json" } })
}

export function installFakeTelephony(options?: FakeTelephonyOptions): FakeTelephony {
  return new FakeTelephony(options).install()
}
