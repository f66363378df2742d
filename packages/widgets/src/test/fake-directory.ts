/**
 * The accounts side of the in-page fake server (see fake-api.ts): users, groups, my sessions,
 * password change, invitations and API keys — following the contract of the real
 * `/api/v1/auth` routes.
 */
import { ROLES, type ApiKeyDto, type GroupDto, type InvitationDto, type ProblemField, type SessionDto, type UserDto, type UserListItemDto } from "../api/types.js"
import { json, noContent, problem, type FakeLang } from "./fake-http.js"

export interface FakeAccount {
  user: UserDto
  password: string
  groupIds: string[]
  disabled: boolean
  createdAt: string
}

export type FakeInvitation = { -readonly [K in keyof InvitationDto]: InvitationDto[K] } & { token: string }
type MutableKey = { -readonly [K in keyof ApiKeyDto]: ApiKeyDto[K] }

const texts = {
  ru: {
    validation_failed: "Некоторые поля заполнены неверно",
    forbidden: "Недостаточно прав",
    not_found: "Не найдено",
    conflict: "Конфликт",
    token_invalid: "Токен недействителен или истёк",
    taken: "Значение уже занято",
    required: "Поле не может быть пустым",
    login_format: "Используйте 2–100 букв, цифр, точек, дефисов, @ или _",
    email_format: "Ожидается адрес e-mail",
    password_short: "Пароль должен быть не короче 10 символов",
    password_wrong: "Текущий пароль указан неверно",
    role_unknown: "Неизвестная роль",
    roles_required: "Нужна хотя бы одна роль",
    group_unknown: "Неизвестная группа",
    boolean: "Ожидается true или false",
    self_lockout: "Нельзя отключить себя или снять с себя роль администратора",
  },
  en: {
    validation_failed: "Some fields are invalid",
    forbidden: "Not allowed",
    not_found: "Not found",
    conflict: "Conflict",
    token_invalid: "The token is invalid or expired",
    taken: "Value is already taken",
    required: "Must not be empty",
    login_format: "Use 2–100 letters, digits, dots, dashes, @ or _",
    email_format: "Expected an e-mail address",
    password_short: "A password needs at least 10 characters",
    password_wrong: "The current password is wrong",
    role_unknown: "Unknown role",
    roles_required: "At least one role is needed",
    group_unknown: "Unknown group",
    boolean: "Expected true or false",
    self_lockout: "You cannot disable yourself or take away your own admin role",
  },
}

const DAY = 86_400_000

export class FakeDirectory {
  readonly accounts: FakeAccount[]
  /** Sessions of whoever is signed in; `currentSessionId` is this page's. */
  sessions: SessionDto[]
  currentSessionId: string | null
  current: FakeAccount
  readonly invitations: FakeInvitation[] = []
  readonly apiKeys: MutableKey[] = []
  /** Operator groups of the tenant (members are the accounts' `groupIds`). */
  readonly groups: GroupDto[]

  constructor(options: {
    user: UserDto
    password: string
    accounts?: readonly FakeAccount[]
    sessions?: readonly SessionDto[]
    groups?: readonly GroupDto[]
    signedIn: boolean
  }) {
    const main: FakeAccount = {
      user: options.user,
      password: options.password,
      groupIds: (options.user.groups ?? []).map((g) => g.id),
      disabled: false,
      createdAt: new Date(Date.now() - 90 * DAY).toISOString(),
    }
    this.accounts = [main, ...(options.accounts ?? [])]
    // The groups given, else those the accounts' users name.
    const named = new Map<string, GroupDto>()
    for (const g of options.groups ?? this.accounts.flatMap((a) => a.user.groups ?? [])) named.set(g.id, { id: g.id, name: g.name })
    this.groups = [...named.values()]
    this.current = main
    this.sessions = [...(options.sessions ?? [])]
    this.currentSessionId = null
    if (options.signedIn) this.startSession(false)
  }

  find(login: unknown): FakeAccount | undefined {
    return this.accounts.find((a) => a.user.login === login)
  }

  /** A sign-in: a new session of this browser becomes the current one. */
  startSession(remember: boolean, account: FakeAccount = this.current): SessionDto {
    if (account !== this.current) this.sessions = []
    this.current = account
    const now = new Date().toISOString()
    const session: SessionDto = {
      id: crypto.randomUUID(),
      current: true,
      remember,
      ip: "127.0.0.1",
      userAgent: navigator.userAgent,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(Date.now() + (remember ? 30 : 1) * DAY).toISOString(),
    }
    this.sessions = [session, ...this.sessions]
    this.currentSessionId = session.id
    return session
  }

  /** Public routes (no session needed); null when the path is not one of them. */
  publicRoute(key: string, body: unknown, lang: FakeLang): Response | null {
    if (key !== "POST /api/v1/auth/invitations/accept") return null
    const t = texts[lang]
    const b = (body ?? {}) as { token?: unknown; password?: unknown }
    const invitation = this.invitations.find((i) => i.token === b.token)
    if (!invitation || invitation.state !== "pending") return problem(401, "token_invalid", t.token_invalid)
    if (typeof b.password !== "string" || b.password.length < 10) {
      return problem(400, "validation_failed", t.validation_failed, undefined, [{ path: "password", message: t.password_short }])
    }
    invitation.state = "accepted"
    const account: FakeAccount = {
      user: {
        id: crypto.randomUUID(),
        login: invitation.login,
        name: invitation.name,
        email: invitation.email,
        roles: [...invitation.roles],
        groups: [],
        disabled: false,
        tenant: this.current.user.tenant,
      },
      password: b.password,
      groupIds: [],
      disabled: false,
      createdAt: new Date().toISOString(),
    }
    this.accounts.push(account)
    return json(201, { userId: account.user.id, login: account.user.login })
  }

  /** Routes for a signed-in `actor`; null when the path is not one of them. */
  route(key: string, body: unknown, lang: FakeLang, actor: FakeAccount, onSessionGone: () => void): Response | null {
    const t = texts[lang]
    const [method, path = ""] = key.split(" ")
    const isAdmin = actor.user.roles.includes("admin")
    const forbidden = () => problem(403, "forbidden", t.forbidden)
    const invalid = (fields: ProblemField[]) => problem(400, "validation_failed", t.validation_failed, undefined, fields)
    const idOf = (prefix: string) => (path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : null)

    if (key === "GET /api/v1/auth/sessions") {
      return json(200, this.sessions.map((s) => ({ ...s, current: s.id === this.currentSessionId })))
    }
    const sessionId = method === "DELETE" ? idOf("/api/v1/auth/sessions/") : null
    if (sessionId) {
      if (!this.sessions.some((s) => s.id === sessionId)) return problem(404, "not_found", t.not_found)
      this.sessions = this.sessions.filter((s) => s.id !== sessionId)
      if (sessionId === this.currentSessionId) onSessionGone()
      return noContent()
    }
    if (key === "POST /api/v1/auth/password") {
      const b = (body ?? {}) as { current?: unknown; next?: unknown }
      if (typeof b.next !== "string" || b.next.length < 10) return invalid([{ path: "next", message: t.password_short }])
      if (b.current !== actor.password) return invalid([{ path: "current", message: t.password_wrong }])
      actor.password = b.next
      this.sessions = this.sessions.filter((s) => s.id === this.currentSessionId)
      return noContent()
    }
    if (key === "GET /api/v1/auth/users") {
      if (!isAdmin && !actor.user.roles.includes("supervisor")) return forbidden()
      const items: UserListItemDto[] = this.accounts.map((a) => ({
        id: a.user.id,
        login: a.user.login,
        name: a.user.name,
        email: a.user.email ?? null,
        roles: [...a.user.roles],
        groupIds: [...a.groupIds],
        disabled: a.disabled,
        createdAt: a.createdAt,
      }))
      return json(200, { items })
    }
    if (key === "GET /api/v1/auth/groups") {
      if (!isAdmin && !actor.user.roles.includes("supervisor")) return forbidden()
      const items = [...this.groups]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((g) => ({ ...g, members: this.accounts.filter((a) => a.groupIds.includes(g.id)).length }))
      return json(200, { items })
    }
    if (key === "POST /api/v1/auth/groups") {
      if (!isAdmin) return forbidden()
      const b = (body ?? {}) as { name?: unknown }
      const name = typeof b.name === "string" ? b.name.trim() : ""
      if (!name || name.length > 200) return invalid([{ path: "name", message: t.required }])
      if (this.groups.some((g) => g.name === name)) return problem(409, "conflict", t.conflict, undefined, [{ path: "name", message: t.taken }])
      const group = { id: crypto.randomUUID(), name }
      this.groups.push(group)
      return json(201, { ...group, members: 0 })
    }
    const userId = method === "PATCH" ? idOf("/api/v1/auth/users/") : null
    if (userId) {
      if (!isAdmin) return forbidden()
      return this.#updateUser(userId, body, t, actor, onSessionGone)
    }
    if (path.startsWith("/api/v1/auth/invitations") || path.startsWith("/api/v1/auth/api-keys")) {
      if (!isAdmin) return forbidden()
    }
    if (key === "GET /api/v1/auth/invitations") {
      return json(200, this.invitations.map(({ token: _, ...rest }) => rest))
    }
    if (key === "POST /api/v1/auth/invitations") {
      const b = (body ?? {}) as { login?: unknown; name?: unknown; email?: unknown; roles?: unknown }
      const fields: ProblemField[] = []
      if (typeof b.login !== "string" || !/^[A-Za-z0-9._@-]{2,100}$/.test(b.login)) fields.push({ path: "login", message: t.login_format })
      if (typeof b.name !== "string" || !b.name.trim()) fields.push({ path: "name", message: t.required })
      if (b.email !== undefined && (typeof b.email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(b.email))) {
        fields.push({ path: "email", message: t.email_format })
      }
      if (!Array.isArray(b.roles) || b.roles.length === 0) fields.push({ path: "roles", message: t.required })
      if (fields.length) return invalid(fields)
      const login = b.login as string
      if (this.find(login) || this.invitations.some((i) => i.login === login && i.state === "pending")) {
        return problem(409, "conflict", t.conflict, undefined, [{ path: "login", message: t.taken }])
      }
      const token = randomToken()
      const invitation: FakeInvitation = {
        id: crypto.randomUUID(),
        login,
        name: (b.name as string).trim(),
        email: typeof b.email === "string" ? b.email : null,
        roles: (b.roles as string[]).map(String),
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 7 * DAY).toISOString(),
        state: "pending",
        token,
      }
      this.invitations.unshift(invitation)
      return json(201, { id: invitation.id, token, link: `/invite#${token}`, expiresAt: invitation.expiresAt })
    }
    const invitationId = method === "DELETE" ? idOf("/api/v1/auth/invitations/") : null
    if (invitationId) {
      const invitation = this.invitations.find((i) => i.id === invitationId)
      if (!invitation) return problem(404, "not_found", t.not_found)
      if (invitation.state === "pending") invitation.state = "revoked"
      return noContent()
    }
    if (key === "GET /api/v1/auth/api-keys") return json(200, this.apiKeys)
    if (key === "POST /api/v1/auth/api-keys") {
      const b = (body ?? {}) as { name?: unknown; roles?: unknown }
      const fields: ProblemField[] = []
      if (typeof b.name !== "string" || !b.name.trim()) fields.push({ path: "name", message: t.required })
      if (!Array.isArray(b.roles) || b.roles.length === 0) fields.push({ path: "roles", message: t.required })
      if (fields.length) return invalid(fields)
      const secret = `sbk_${randomToken()}`
      const created: MutableKey = {
        id: crypto.randomUUID(),
        name: (b.name as string).trim(),
        prefix: secret.slice(0, 12),
        roles: (b.roles as string[]).map(String),
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      }
      this.apiKeys.unshift(created)
      return json(201, { id: created.id, name: created.name, prefix: created.prefix, roles: created.roles, key: secret })
    }
    const keyId = method === "DELETE" ? idOf("/api/v1/auth/api-keys/") : null
    if (keyId) {
      const found = this.apiKeys.find((k) => k.id === keyId)
      if (!found) return problem(404, "not_found", t.not_found)
      found.revokedAt ??= new Date().toISOString()
      return noContent()
    }
    return null
  }

  /** `PATCH /api/v1/auth/users/:id`: the body is checked first, then the self-lockout, then the user and the groups. */
  #updateUser(id: string, body: unknown, t: (typeof texts)["en"], actor: FakeAccount, onSessionGone: () => void): Response {
    const b = (body ?? {}) as { name?: unknown; roles?: unknown; groupIds?: unknown; disabled?: unknown }
    const fields: ProblemField[] = []
    if (b.name !== undefined && (typeof b.name !== "string" || !b.name.trim() || b.name.length > 200)) fields.push({ path: "name", message: t.required })
    if (b.roles !== undefined) {
      if (!Array.isArray(b.roles) || b.roles.length === 0) fields.push({ path: "roles", message: t.roles_required })
      else if (b.roles.some((r) => !(ROLES as readonly unknown[]).includes(r))) fields.push({ path: "roles", message: t.role_unknown })
    }
    if (b.groupIds !== undefined && (!Array.isArray(b.groupIds) || b.groupIds.some((g) => typeof g !== "string"))) {
      fields.push({ path: "groupIds", message: t.group_unknown })
    }
    if (b.disabled !== undefined && typeof b.disabled !== "boolean") fields.push({ path: "disabled", message: t.boolean })
    if (fields.length) return problem(400, "validation_failed", t.validation_failed, undefined, fields)
    const roles = b.roles as string[] | undefined
    if (id === actor.user.id && (b.disabled === true || (roles && !roles.includes("admin")))) {
      return problem(400, "validation_failed", t.validation_failed, undefined, [
        { path: b.disabled === true ? "disabled" : "roles", message: t.self_lockout },
      ])
    }
    const account = this.accounts.find((a) => a.user.id === id)
    if (!account) return problem(404, "not_found", t.not_found)
    const groupIds = b.groupIds === undefined ? undefined : [...new Set(b.groupIds as string[])]
    if (groupIds?.some((g) => !this.groups.some((known) => known.id === g))) {
      return problem(400, "validation_failed", t.validation_failed, undefined, [{ path: "groupIds", message: t.group_unknown }])
    }
    if (groupIds) account.groupIds = groupIds
    if (typeof b.disabled === "boolean") account.disabled = b.disabled
    account.user = {
      ...account.user,
      ...(typeof b.name === "string" ? { name: b.name.trim() } : {}),
      ...(roles ? { roles: [...roles] } : {}),
      ...(groupIds ? { groups: this.groups.filter((g) => groupIds.includes(g.id)) } : {}),
      disabled: account.disabled,
    }
    // Disabling ends the user's sessions at once.
    if (b.disabled === true && account === this.current) {
      this.sessions = []
      onSessionGone()
    }
    return json(200, { id })
  }
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}
