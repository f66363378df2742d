/**
 * Works out who is calling: a session cookie (console), `Authorization:
 * Bearer sbk_…` (API key) or a Bearer widget token. The events socket may
 * also pass the widget token as `?token=` because browsers cannot set
 * headers on a WebSocket.
 */
import { Effect, Exit, Option, Cause } from "effect"
import { getCookie } from "hono/cookie"
import { createMiddleware } from "hono/factory"
import type { Actor } from "../actor"
import { API_KEY_PREFIX, resolveApiKey } from "../auth/api-keys"
import { resolveSession } from "../auth/sessions"
import { resolveWidgetToken } from "../auth/widget-tokens"
import type { Unauthorized } from "../errors"
import { pickLang } from "../problem"
import { type AppEnv, type AppRuntime, SESSION_COOKIE } from "./env"

export const authenticate = (runtime: AppRuntime<any>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("lang", pickLang(c.req.header("accept-language")))
    c.set("actor", null)
    c.set("authError", null)
    const header = c.req.header("authorization")
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? (c.req.path.endsWith("/events") ? c.req.query("token") : undefined)
    const cookie = getCookie(c, SESSION_COOKIE)
    let resolve: Effect.Effect<Actor, any, any> | undefined
    if (bearer) resolve = bearer.startsWith(API_KEY_PREFIX) ? resolveApiKey(bearer) : resolveWidgetToken(bearer)
    else if (cookie) resolve = resolveSession(cookie)
    if (resolve) {
      const exit = await runtime.runPromiseExit(resolve)
      if (Exit.isSuccess(exit)) c.set("actor", exit.value)
      else {
        const err = Option.getOrUndefined(Cause.findErrorOption(exit.cause)) as any
        if (err?._tag === "Unauthorized") c.set("authError", err as Unauthorized)
        else console.error("authentication failed", Cause.pretty(exit.cause))
      }
    }
    await next()
  })
