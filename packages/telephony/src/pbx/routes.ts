/**
 * /api/v1/telephony — SIP accounts and extensions (admins), call records
 * (supervisors), and `me/sip`: the softphone's credentials for whoever is
 * signed in (session or widget token) and linked to a SIP account.
 */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import type { Context as HonoContext } from "hono"
import { Hono } from "hono"
import { preferredNumber } from "../routing/dialplan"
import {
  CallListQuery, CallRecordPage, ExtensionDto, ExtensionUpdate, NewExtension, NewSipAccount, PasswordReset, SipAccountChange,
  SipAccountDto, SipAccountPage, SipAccountWithPassword, SoftphoneConfig, Uuid,
} from "../api"
import { SipAccounts, MAX_ACCOUNT_PAGE } from "./accounts"
import { CallRecords } from "./call-records"
import { SipDirectory } from "./directory"
import { Extensions } from "./extensions"

const IdParam = Schema.Struct({ id: Uuid })
const AccountsQuery = Schema.Struct({
  q: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))),
  blocked: Schema.optional(Schema.Literals(["true", "false"])),
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: MAX_ACCOUNT_PAGE }))),
  cursor: Schema.optional(Uuid),
})

export type TelephonyServices = SipAccounts | Extensions | CallRecords | SipDirectory | Database

export interface TelephonyRoutesOptions {
  /** The softphone's WebSocket URL for a request (default: ws(s)://<host of the request>/sip). */
  readonly wsUrl?: (c: HonoContext<AppEnv>) => string
}

const defaultWsUrl = (c: HonoContext<AppEnv>) => {
  const url = new URL(c.req.url)
  return `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}/sip`
}

const accountsDo = <A, E, R>(f: (s: SipAccounts["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(SipAccounts), f)
const extensionsDo = <A, E, R>(f: (s: Extensions["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(Extensions), f)

export const makeTelephonyRoutes = (runtime: AppRuntime<TelephonyServices>, options: TelephonyRoutesOptions = {}) => {
  const ep = endpoint(runtime)
  const admin = ["admin"] as const
  const tags = ["telephony"]
  const wsUrl = options.wsUrl ?? defaultWsUrl
  return new Hono<AppEnv>()
    .get("/accounts", ep({
      summary: "SIP accounts of the tenant by username; q searches username and comment", tags, roles: admin,
      query: AccountsQuery, response: SipAccountPage,
    }, ({ query }) => accountsDo((s) => s.list({ ...query, blocked: query.blocked === undefined ? undefined : query.blocked === "true" }))))
    .post("/accounts", ep({
      summary: "Create a SIP account; the password (given, or generated when absent) is shown only in this answer", tags, roles: admin,
      status: 201, body: NewSipAccount, response: SipAccountWithPassword,
    }, ({ body }) => accountsDo((s) => s.create(body))))
    .get("/accounts/:id", ep({ summary: "One SIP account", tags, roles: admin, params: IdParam, response: SipAccountDto },
      ({ params }) => accountsDo((s) => s.get(params.id))))
    .patch("/accounts/:id", ep({
      summary: "Change comment (the display name), call limit or linked user (null clears); 409 with currentVersion when `version` is stale",
      tags, roles: admin, params: IdParam, body: SipAccountChange, response: SipAccountDto,
    }, ({ params, body }) => accountsDo((s) => s.update(params.id, body))))
    .delete("/accounts/:id", ep({
      summary: "Delete a SIP account (it leaves its extensions; its call records stay)", tags, roles: admin, params: IdParam, status: 204,
    }, ({ params }) => accountsDo((s) => s.remove(params.id))))
    .post("/accounts/:id/block", ep({
      summary: "Block a SIP account: its registrations and calls get 403 from now on", tags, roles: admin, params: IdParam, response: SipAccountDto,
    }, ({ params }) => accountsDo((s) => s.block(params.id))))
    .post("/accounts/:id/unblock", ep({ summary: "Unblock a SIP account", tags, roles: admin, params: IdParam, response: SipAccountDto },
      ({ params }) => accountsDo((s) => s.unblock(params.id))))
    .post("/accounts/:id/reset-password", ep({
      summary: "Set a new SIP password (given, or generated when absent), shown only in this answer; softphone tokens stop working",
      tags, roles: admin, params: IdParam, body: PasswordReset, response: SipAccountWithPassword,
    }, ({ params, body }) => accountsDo((s) => s.resetPassword(params.id, body.password))))
    .get("/extensions", ep({
      summary: "Extensions of the tenant by number", tags, roles: admin, response: Schema.Struct({ items: Schema.Array(ExtensionDto) }),
    }, () => extensionsDo((s) => s.list()).pipe(Effect.map((items) => ({ items })))))
    .post("/extensions", ep({
      summary: "Create an extension: a number that rings its member accounts in parallel (409 when the number is taken)", tags, roles: admin,
      status: 201, body: NewExtension, response: ExtensionDto,
    }, ({ body }) => extensionsDo((s) => s.create(body))))
    .get("/extensions/:id", ep({ summary: "One extension", tags, roles: admin, params: IdParam, response: ExtensionDto },
      ({ params }) => extensionsDo((s) => s.get(params.id))))
    .put("/extensions/:id", ep({
      summary: "Replace an extension (409 with currentVersion when `version` is stale)", tags, roles: admin, params: IdParam,
      body: ExtensionUpdate, response: ExtensionDto,
    }, ({ params, body: { version, ...extension } }) => extensionsDo((s) => s.update(params.id, extension, version))))
    .delete("/extensions/:id", ep({ summary: "Delete an extension", tags, roles: admin, params: IdParam, status: 204 },
      ({ params }) => extensionsDo((s) => s.remove(params.id))))
    .get("/calls", ep({
      summary: "Call records, newest first: time range (from ≤ start < to), account (caller, callee or rung), direction, disposition; cursor paging",
      tags, roles: ["supervisor"], query: CallListQuery, response: CallRecordPage,
    }, ({ query }) => Effect.flatMap(Effect.service(CallRecords), (s) => s.list(query))))
    .get("/me/sip", ep({
      summary: "The softphone's SIP settings for the signed-in user's linked account, with a short-lived SIP token as the password",
      description: "404 sip_account_not_linked when no account is linked to the user; 403 sip_account_blocked when it is blocked.",
      tags, response: SoftphoneConfig,
    }, ({ c }) => Effect.gen(function* () {
      const accounts = yield* SipAccounts
      const directory = yield* SipDirectory
      const row = yield* accounts.mine()
      const domain = yield* directory.domainOf(row.tenantId)
      const { token, expiresAt } = directory.issueToken({ id: row.id, userId: row.userId!, ha1Md5: row.ha1Md5 })
      const exts = yield* extensionsDo((s) => s.list())
      const phoneBook = yield* accounts.phoneBook()
      c.header("cache-control", "no-store")
      return {
        accountId: row.id,
        wsUrl: wsUrl(c),
        uri: `sip:${row.username}@${domain}`,
        domain,
        authorizationUsername: row.username,
        password: token,
        passwordExpiresAt: expiresAt.toISOString(),
        displayName: row.comment,
        // "my number" first: the one callers see for this account (P-Asserted-Identity), then the rest
        extensions: mine(exts, row.id),
        directory: { extensions: exts.map((e) => ({ number: e.number, name: e.name })), accounts: phoneBook },
      } satisfies SoftphoneConfig
    })))
}

/** The extensions an account rings in, the number it is shown as first (`preferredNumber`). */
const mine = (exts: readonly { number: string; name: string | null; members: readonly string[] }[], accountId: string) => {
  const own = exts.filter((e) => e.members.includes(accountId))
  const first = preferredNumber(own)
  return [...own.filter((e) => e.number === first), ...own.filter((e) => e.number !== first)].map((e) => ({ number: e.number, name: e.name }))
}
