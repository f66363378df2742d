/**
 * Who is acting: the tenant, the user, their roles and groups. Every
 * repository requires `CurrentActor`, so no query path exists without a tenant.
 */
import { Context, Effect, Schema } from "effect"
import { Forbidden } from "./errors"

export const Role = Schema.Literals(["admin", "supervisor", "operator", "mechanic", "finance", "client"])
export type Role = typeof Role.Type
export const ROLES: readonly Role[] = Role.literals

export interface Actor {
  readonly tenantId: string
  /** null for an API key acting as itself */
  readonly userId: string | null
  readonly login: string
  readonly roles: readonly Role[]
  readonly groups: readonly string[]
  /** how the request authenticated: the console session, an API key or a widget token */
  readonly via: "session" | "api_key" | "widget_token" | "system"
  readonly sessionId?: string
}

export class CurrentActor extends Context.Service<CurrentActor, Actor>()("@org/core/CurrentActor") {}

export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r))

/** Fails with Forbidden unless the current actor has one of `roles` (admin always passes). */
export const requireRole = (...roles: Role[]) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    if (hasRole(actor, "admin", ...roles)) return actor
    return yield* new Forbidden({ required: roles })
  })
