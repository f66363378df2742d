/**
 * `endpoint(runtime)(spec, handler)`: one Hono handler that authenticates,
 * checks roles, decodes params/query/body with Effect Schema (every field
 * problem at once), runs the handler's effect with the actor, and answers
 * JSON or problem+json. The spec stays on the handler for the OpenAPI document.
 */
import { Cause, Effect, Exit, Option, type Schema } from "effect"
import type { Context, Handler } from "hono"
import { CurrentActor, hasRole, type Role } from "../actor"
import { type AppError, Forbidden, MalformedBody, Unauthorized } from "../errors"
import { decodeInput } from "../validation"
import type { AppEnv, AppRuntime } from "./env"
import { errorResponse, langOf } from "./respond"

export const ENDPOINT_DOC = Symbol.for("switchboard.endpoint")

export interface EndpointSpec<B, Q, P> {
  readonly summary: string
  readonly description?: string
  readonly tags?: readonly string[]
  /** "public": no credentials needed. Default: any authenticated actor. */
  readonly auth?: "public"
  /** the actor needs one of these roles (admin always passes) */
  readonly roles?: readonly Role[]
  readonly body?: Schema.Codec<B, any>
  readonly query?: Schema.Codec<Q, any>
  readonly params?: Schema.Codec<P, any>
  readonly status?: 200 | 201 | 202 | 204
  /** documentation of the success body */
  readonly response?: Schema.Top
}

export interface EndpointInput<B, Q, P> {
  readonly body: B
  readonly query: Q
  readonly params: P
  readonly c: Context<AppEnv>
}

const KNOWN = new Set([
  "ValidationError", "MalformedBody", "PayloadTooLarge", "NotFound", "Unauthorized",
  "Forbidden", "Conflict", "TooManyRequests", "DomainRejection", "DatabaseError",
])

export const endpoint = <R>(runtime: AppRuntime<R>) =>
  <B = undefined, Q = undefined, P = undefined, A = unknown>(
    spec: EndpointSpec<B, Q, P>,
    handler: (input: EndpointInput<B, Q, P>) => Effect.Effect<A, AppError, R | CurrentActor>,
  ): Handler<AppEnv> => {
    const h: Handler<AppEnv> = async (c) => {
      const lang = langOf(c)
      const actor = c.get("actor")
      const program = Effect.gen(function* () {
        if (spec.auth !== "public") {
          if (!actor) return yield* (c.get("authError") ?? new Unauthorized({ reason: "no_credentials" }))
          if (spec.roles && !hasRole(actor, "admin", ...spec.roles)) return yield* new Forbidden({ required: [...spec.roles] })
        }
        const params = spec.params ? yield* decodeInput(spec.params, "params")(c.req.param()) : undefined
        const query = spec.query ? yield* decodeInput(spec.query, "query")(c.req.query()) : undefined
        let body: unknown
        if (spec.body) {
          const text = yield* Effect.promise(() => c.req.text())
          const parsed = yield* Effect.try({
            try: () => JSON.parse(text === "" ? "{}" : text),
            catch: (e) => new MalformedBody({ reason: (e as Error).message }),
          })
          body = yield* decodeInput(spec.body)(parsed)
        }
        return yield* handler({ body: body as B, query: query as Q, params: params as P, c })
      })
      const provided = actor ? program.pipe(Effect.provideService(CurrentActor, actor)) : program
      const exit = await runtime.runPromiseExit(provided as Effect.Effect<A, AppError, R>)
      if (Exit.isSuccess(exit)) {
        const value = exit.value
        if (value instanceof Response) return value
        if (spec.status === 204 || value === undefined) return c.body(null, 204)
        return c.json(value as any, spec.status ?? 200)
      }
      const error = Option.getOrUndefined(Cause.findErrorOption(exit.cause)) as AppError | undefined
      if (error && KNOWN.has((error as any)._tag)) {
        if (error._tag === "DatabaseError") console.error(`[${c.req.method} ${c.req.path}]`, error.message)
        return errorResponse(error, lang)
      }
      console.error(`[${c.req.method} ${c.req.path}] unexpected failure`, Cause.pretty(exit.cause))
      return errorResponse({ _tag: "DatabaseError", message: "internal" } as AppError, lang)
    }
    ;(h as any)[ENDPOINT_DOC] = spec
    return h
  }

/** Attaches OpenAPI documentation to a handler not built with `endpoint` (health, sockets). */
export const documented = <H extends Handler<any>>(spec: EndpointSpec<any, any, any>, handler: H): H => {
  ;(handler as any)[ENDPOINT_DOC] = spec
  return handler
}
