/** Small helpers the telephony services share. */
import { type Audience, Conflict, type DatabaseError, ValidationError } from "@org/core/server"
import { Effect } from "effect"

export const iso = (d: Date | string) => new Date(d).toISOString()
export const isoOrNull = (d: Date | string | null | undefined) => (d == null ? null : iso(d))

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)

export const invalid = (path: string, en: string, ru: string) => new ValidationError({ fields: [{ path, en, ru }] })

/** A unique violation becomes 409 on the field its index names (`fields`: index-name fragment → field). */
export const conflictOn = (entity: string, fields: Record<string, string>, fallback: string) =>
  (e: DatabaseError): Effect.Effect<never, Conflict | DatabaseError> => {
    if (e.sqlState !== "23505") return Effect.fail(e)
    const field = Object.entries(fields).find(([fragment]) => e.message.includes(fragment))?.[1] ?? fallback
    return Effect.fail(new Conflict({ entity, field }))
  }

/** Admin-side changes are for admins' eyes. */
export const ADMINS: Audience = { roles: ["admin"] }
