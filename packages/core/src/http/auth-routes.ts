/** /api/v1/auth: login, logout, me, sessions, password, invitations, API keys, widget tokens, users. */
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { deleteCookie, setCookie } from "hono/cookie"
import { CurrentActor, Role } from "../actor"
import { createApiKey, listApiKeys, revokeApiKey } from "../auth/api-keys"
import { createGroup, listGroups, updateUser } from "../auth/admin-users"
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from "../auth/invitations"
import { Password, type PasswordHasher } from "../auth/password-hasher"
import { changePassword } from "../auth/passwords"
import { listSessions, login, revokeSession } from "../auth/sessions"
import { listUsers, tenantDto, userDto } from "../auth/users"
import { WidgetTokens } from "../auth/widget-tokens"
import type { Database } from "../database"
import type { EventBus } from "../event-bus"
import { NotFound } from "../errors"
import { bilingual } from "../validation"
import { endpoint } from "./endpoint"
import { type AppEnv, type AppRuntime, SESSION_COOKIE } from "./env"

const Id = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })
const Login = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))
const Name = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))
const LoginName = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9._@-]{2,100}$/, { message: bilingual("Use 2–100 letters, digits, dots, dashes, @ or _", "Используйте 2–100 латинских букв, цифр, точек, дефисов, @ или _") }),
)
const Roles = Schema.Array(Role).check(Schema.isMinLength(1))

const User = Schema.Struct({
  id: Schema.String, login: Schema.String, name: Schema.String, email: Schema.NullOr(Schema.String),
  roles: Schema.Array(Schema.String), groups: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String })),
  tenant: Schema.Struct({ id: Schema.String, name: Schema.String, timeZone: Schema.String }),
})

const me = Effect.gen(function* () {
  const actor = yield* CurrentActor
  if (!actor.userId) {
    const tenant = yield* tenantDto(actor.tenantId)
    return { user: { id: null, login: actor.login, name: actor.login, email: null, roles: actor.roles, groups: [], disabled: false, tenant } }
  }
  const user = yield* userDto(actor.userId, actor.tenantId)
  if (!user) return yield* new NotFound({ entity: "user", id: actor.userId })
  return { user }
})

export interface AuthRoutesOptions {
  /** resolves the client's address (the server knows its socket and proxy settings) */
  readonly clientAddress: (c: any) => string
  readonly secureCookies: boolean
}

export const makeAuthRoutes = (runtime: AppRuntime<Database | EventBus | PasswordHasher | WidgetTokens>, options: AuthRoutesOptions) => {
  const ep = endpoint(runtime)
  const tags = ["auth"]
  return new Hono<AppEnv>()
    .post("/login", ep({
      summary: "Log in with login and password; sets the session cookie",
      tags, auth: "public",
      body: Schema.Struct({ login: Login, password: Schema.String.check(Schema.isMaxLength(200)), remember: Schema.optional(Schema.Boolean) }),
      response: Schema.Struct({ user: User }),
    }, ({ body, c }) => Effect.gen(function* () {
      const result = yield* login({
        login: body.login, password: body.password, remember: body.remember ?? false,
        ip: options.clientAddress(c), userAgent: c.req.header("user-agent") ?? null,
      })
      setCookie(c, SESSION_COOKIE, result.token, {
        httpOnly: true, sameSite: "Lax", path: "/", secure: options.secureCookies,
        ...(result.maxAgeSeconds ? { maxAge: result.maxAgeSeconds } : {}),
      })
      return yield* me.pipe(Effect.provideService(CurrentActor, result.actor))
    })))
    .post("/logout", ep({ summary: "End the current session", tags, status: 204 }, ({ c }) => Effect.gen(function* () {
      const actor = yield* CurrentActor
      deleteCookie(c, SESSION_COOKIE, { path: "/" })
      if (actor.sessionId) yield* revokeSession(actor.sessionId).pipe(Effect.catchTag("NotFound", () => Effect.void))
    })))
    .get("/me", ep({ summary: "The current user", tags, response: Schema.Struct({ user: User }) }, () => me))
    .get("/sessions", ep({ summary: "My open sessions", tags }, () => listSessions()))
    .delete("/sessions/:id", ep({ summary: "Revoke a session", tags, params: Id, status: 204 }, ({ params }) => revokeSession(params.id)))
    .post("/password", ep({
      summary: "Change my password (ends my other sessions)", tags,
      body: Schema.Struct({ current: Schema.String, next: Password }),
      status: 204,
    }, ({ body }) => changePassword(body)))
    .get("/invitations", ep({ summary: "Invitations of the tenant", tags, roles: ["admin"] }, () => listInvitations()))
    .post("/invitations", ep({
      summary: "Invite a person: returns a one-time link to set a password", tags, roles: ["admin"], status: 201,
      body: Schema.Struct({ login: LoginName, name: Name, email: Schema.optional(Schema.String.check(Schema.isPattern(/^[^@\s]+@[^@\s]+$/, { message: bilingual("Expected an e-mail address", "Ожидается адрес электронной почты") }))), roles: Roles }),
    }, ({ body }) => createInvitation(body)))
    .delete("/invitations/:id", ep({ summary: "Revoke an invitation", tags, roles: ["admin"], params: Id, status: 204 }, ({ params }) => revokeInvitation(params.id)))
    .post("/invitations/accept", ep({
      summary: "Accept an invitation by setting a password", tags, auth: "public", status: 201,
      body: Schema.Struct({ token: Schema.String.check(Schema.isMinLength(10), Schema.isMaxLength(200)), password: Password }),
    }, ({ body }) => acceptInvitation(body)))
    .get("/api-keys", ep({ summary: "API keys of the tenant", tags, roles: ["admin"] }, () => listApiKeys()))
    .post("/api-keys", ep({
      summary: "Create an API key (the key is shown only in this answer)", tags, roles: ["admin"], status: 201,
      body: Schema.Struct({ name: Name, roles: Roles }),
    }, ({ body }) => createApiKey(body)))
    .delete("/api-keys/:id", ep({ summary: "Revoke an API key", tags, roles: ["admin"], params: Id, status: 204 }, ({ params }) => revokeApiKey(params.id)))
    .post("/widget-tokens", ep({
      summary: "Issue a short-lived widget token",
      description: "For the current user; admins (and admin API keys, e.g. a CRM backend) may name another user of the tenant by userId or login.",
      tags, status: 201,
      body: Schema.Struct({
        ttlSeconds: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 30, maximum: 43200 }))),
        userId: Schema.optional(Schema.String.check(Schema.isUUID())),
        login: Schema.optional(Login),
      }),
    }, ({ body }) => Effect.flatMap(Effect.service(WidgetTokens), (t) => t.issue(body.ttlSeconds, body))))
    .get("/users", ep({ summary: "Users of the tenant", tags, roles: ["admin", "supervisor"] }, () =>
      Effect.flatMap(Effect.service(CurrentActor), (a) => listUsers(a.tenantId)).pipe(Effect.map((items) => ({ items })))))
    .patch("/users/:id", ep({
      summary: "Change a user's name, roles, groups or disabled flag (disabling ends the user's sessions)", tags, roles: ["admin"], params: Id,
      body: Schema.Struct({
        name: Schema.optional(Name),
        roles: Schema.optional(Roles),
        groupIds: Schema.optional(Schema.Array(Schema.String.check(Schema.isUUID()))),
        disabled: Schema.optional(Schema.Boolean),
      }),
    }, ({ params, body }) => updateUser(params.id, body)))
    .get("/groups", ep({ summary: "Operator groups of the tenant", tags, roles: ["admin", "supervisor"] }, () =>
      listGroups().pipe(Effect.map((items) => ({ items })))))
    .post("/groups", ep({ summary: "Create an operator group", tags, roles: ["admin"], status: 201, body: Schema.Struct({ name: Name }) },
      ({ body }) => createGroup(body)))
}
