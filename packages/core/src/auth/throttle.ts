/**
 * Login throttling, counted in the database so that every instance agrees:
 * per account (failures since its last success) and per client address.
 */
import { and, count, desc, eq, gt, min, sql } from "drizzle-orm"
import { Effect } from "effect"
import { useDb } from "../database"
import { loginAttempts } from "../db/schema"
import { TooManyRequests } from "../errors"

export const THROTTLE = {
  windowSeconds: 15 * 60,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 30,
}

export const checkThrottle = (login: string, ip: string) =>
  Effect.gen(function* () {
    const since = new Date(Date.now() - THROTTLE.windowSeconds * 1000)
    const { perLogin, perIp } = yield* useDb(async (db) => {
      const [lastOk] = await db
        .select({ at: loginAttempts.at })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.login, login), eq(loginAttempts.success, true)))
        .orderBy(desc(loginAttempts.at))
        .limit(1)
      const from = lastOk && new Date(lastOk.at) > since ? new Date(lastOk.at) : since
      const [perLogin] = await db
        .select({ n: count(), first: min(loginAttempts.at) })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.login, login), eq(loginAttempts.success, false), gt(loginAttempts.at, from)))
      const [perIp] = await db
        .select({ n: count(), first: min(loginAttempts.at) })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false), gt(loginAttempts.at, since)))
      return { perLogin, perIp }
    })
    const retryAfter = (first: unknown) =>
      Math.max(1, Math.ceil((new Date(first as string).getTime() + THROTTLE.windowSeconds * 1000 - Date.now()) / 1000))
    if (perLogin.n >= THROTTLE.maxFailuresPerAccount) {
      return yield* new TooManyRequests({ retryAfterSeconds: retryAfter(perLogin.first) })
    }
    if (perIp.n >= THROTTLE.maxFailuresPerAddress) {
      return yield* new TooManyRequests({ retryAfterSeconds: retryAfter(perIp.first) })
    }
  })

export const recordAttempt = (login: string, ip: string, success: boolean) =>
  useDb((db) => db.insert(loginAttempts).values({ login, ip, success })).pipe(
    // Old attempts matter to nobody; prune now and then rather than by a job.
    Effect.tap(() =>
      Math.random() < 0.01
        ? useDb((db) => db.delete(loginAttempts).where(sql`${loginAttempts.at} < now() - interval '1 day'`))
        : Effect.void,
    ),
  )
