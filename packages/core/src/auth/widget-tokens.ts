/**
 * Short-lived signed tokens for embedded widgets (jose, HS256), bound to a
 * tenant and a user. The signing key is generated once and kept in the
 * database so that every instance verifies what any instance issued.
 */
import { and, eq, sql } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { jwtVerify, SignJWT } from "jose"
import { CurrentActor } from "../actor"
import { Database, useDb } from "../database"
import { recordAudit } from "../audit"
import { secrets, users } from "../db/schema"
import { type DatabaseError, Forbidden, NotFound, Unauthorized } from "../errors"
import { randomToken } from "./secrets"
import { loadActor } from "./users"

const AUDIENCE = "switchboard-widget"
const ISSUER = "switchboard"
export const WIDGET_TOKEN_TTL = { defaultSeconds: 15 * 60, maxSeconds: 12 * 3600 }

export interface WidgetTokensShape {
  /**
   * Issues a token for the current user, or — for admins and admin API keys,
   * e.g. a CRM backend embedding widgets for its users — for another user of
   * the same tenant.
   */
  readonly issue: (
    ttlSeconds?: number,
    forUser?: { userId?: string | undefined; login?: string | undefined },
  ) => Effect.Effect<{ token: string; expiresAt: string; userId: string }, Forbidden | NotFound | DatabaseError, CurrentActor | Database>
  readonly verify: (token: string) => Effect.Effect<{ userId: string; tenantId: string }, Unauthorized>
}

export class WidgetTokens extends Context.Service<WidgetTokens, WidgetTokensShape>()("@org/core/WidgetTokens") {
  static layer = Layer.effect(
    WidgetTokens,
    Effect.gen(function* () {
      const secret = yield* useDb(async (db) => {
        await db.insert(secrets).values({ name: "widget_token_key", value: randomToken(48) }).onConflictDoNothing()
        const [row] = await db.select().from(secrets).where(eq(secrets.name, "widget_token_key"))
        return row.value
      })
      const key = new TextEncoder().encode(secret)

      const issue = Effect.fn("WidgetTokens.issue")(function* (
        ttlSeconds?: number,
        forUser?: { userId?: string | undefined; login?: string | undefined },
      ) {
        const actor = yield* CurrentActor
        let userId = actor.userId
        if (forUser?.userId || forUser?.login) {
          if (!actor.roles.includes("admin")) return yield* new Forbidden({ required: ["admin"] })
          const [target] = yield* useDb((db) =>
            db.select({ id: users.id, disabled: users.disabled }).from(users).where(and(
              eq(users.tenantId, actor.tenantId),
              forUser.userId ? eq(users.id, forUser.userId) : eq(sql`lower(${users.login})`, forUser.login!.toLowerCase()),
            )),
          )
          if (!target || target.disabled) return yield* new NotFound({ entity: "user", id: forUser.userId ?? forUser.login })
          userId = target.id
          yield* recordAudit({ action: "auth.widget_token.issue", entity: "user", entityId: userId })
        }
        if (!userId) return yield* new Forbidden({})
        const ttl = Math.min(ttlSeconds ?? WIDGET_TOKEN_TTL.defaultSeconds, WIDGET_TOKEN_TTL.maxSeconds)
        const exp = Math.floor(Date.now() / 1000) + ttl
        const token = yield* Effect.promise(() =>
          new SignJWT({ tid: actor.tenantId })
            .setProtectedHeader({ alg: "HS256" })
            .setSubject(userId!)
            .setAudience(AUDIENCE)
            .setIssuer(ISSUER)
            .setIssuedAt()
            .setExpirationTime(exp)
            .sign(key),
        )
        return { token, expiresAt: new Date(exp * 1000).toISOString(), userId: userId! }
      })

      const verify = (token: string) =>
        Effect.tryPromise({
          try: async () => {
            const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, issuer: ISSUER, algorithms: ["HS256"] })
            if (typeof payload.sub !== "string" || typeof payload.tid !== "string") throw new Error("claims")
            return { userId: payload.sub, tenantId: payload.tid }
          },
          catch: () => new Unauthorized({ reason: "token_invalid" }),
        })

      return { issue, verify }
    }),
  )
}

/** Resolves a widget token to the user's current actor (roles as they are now). */
export const resolveWidgetToken = Effect.fn("Auth.resolveWidgetToken")(function* (token: string) {
  const tokens = yield* WidgetTokens
  const claims = yield* tokens.verify(token)
  const actor = yield* loadActor(claims.userId, "widget_token")
  if (!actor || actor.tenantId !== claims.tenantId) return yield* new Unauthorized({ reason: "token_invalid" })
  return actor
})
