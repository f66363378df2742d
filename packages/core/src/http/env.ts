/** The Hono environment every package's routes share. */
import type { ManagedRuntime } from "effect"
import type { Actor } from "../actor"
import type { Unauthorized } from "../errors"
import type { Lang } from "../problem"

export type AppEnv = {
  Variables: {
    actor: Actor | null
    /** why the presented credentials were refused, when they were */
    authError: Unauthorized | null
    lang: Lang
  }
}

/** The runtime a package's routes run their effects with. */
export type AppRuntime<R> = ManagedRuntime.ManagedRuntime<R, any>

export const SESSION_COOKIE = "sb_session"
