/**
 * The telephony services on a fresh database (PGlite in memory, or a new
 * PostgreSQL database when TEST_DATABASE_URL is set), with tenants whose
 * admins, supervisors and operators act through `as(actor, …)`.
 */
import {
  type Actor, coreMigrations, createTenant, CurrentActor, Database, EventBus, loadActor, type Role, runMigrations, WidgetTokens,
} from "@org/core/server"
import { createTestDatabase, makeTestRuntime, TestPasswordHasher } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import {
  CallRecords, Extensions, Sip, type SipOptions, SipAccounts, SipDirectory, TelephonySettings, type TelephonySettingsShape, telephonyMigrations,
} from "../../src/server"

/** core's test layer, with PGlite in `dataDir` when given (a database that outlives the runtime). */
const coreLayer = (url: string | undefined, dataDir = "memory://") => {
  const database = Database.layer({ url, dataDir, maxConnections: 5 })
  const migrate = Layer.effectDiscard(Effect.gen(function* () {
    const { db } = yield* Database
    yield* Effect.promise(() => runMigrations(db, [coreMigrations, telephonyMigrations]))
  }))
  return Layer.mergeAll(EventBus.layer, WidgetTokens.layer).pipe(Layer.provideMerge(migrate), Layer.provideMerge(Layer.mergeAll(database, TestPasswordHasher)))
}

export interface ServicesOptions {
  readonly sip?: SipOptions
  readonly settings?: Partial<TelephonySettingsShape>
  /** PGlite's folder (default: in memory); ignored with TEST_DATABASE_URL */
  readonly dataDir?: string
  /** reuse this PostgreSQL database instead of creating one (it is not dropped) */
  readonly url?: string
}

export const telephonyLayer = (url: string | undefined, o: ServicesOptions = {}) => {
  const services = Layer.mergeAll(SipAccounts.layer, Extensions.layer, CallRecords.layer).pipe(
    Layer.provideMerge(SipDirectory.layer),
    Layer.provideMerge(TelephonySettings.layer(o.settings)),
  )
  return Sip.layer(o.sip).pipe(
    Layer.provideMerge(services),
    Layer.provideMerge(coreLayer(url, o.dataDir)),
  )
}

export type Actors = Record<"admin" | "supervisor" | "operator", Actor> & { tenantId: string; slug: string }

export const startServices = async (o: ServicesOptions = {}) => {
  const tdb = o.url ? { url: o.url, drop: async () => {} } : await createTestDatabase()
  const runtime = makeTestRuntime(telephonyLayer(tdb.url, o))
  await runtime.runPromise(Effect.void)
  let n = 0
  const tenant = async (): Promise<Actors> => {
    const slug = `tel${Date.now().toString(36)}${n++}`
    const roles: Role[] = ["admin", "supervisor", "operator"]
    const t = await runtime.runPromise(createTenant({
      name: slug, slug, users: roles.map((r) => ({ login: `${slug}-${r}`, name: r, password: "0123456789", roles: [r] })),
    }))
    const actors = await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))
    return { admin: actors[0]!, supervisor: actors[1]!, operator: actors[2]!, tenantId: t.tenantId, slug }
  }
  /** Runs an effect as `actor`. */
  const as = <A, E>(actor: Actor, effect: Effect.Effect<A, E, any>): Promise<A> =>
    runtime.runPromise(effect.pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)
  /** The typed failure of an effect expected to fail. */
  const failure = async <A, E>(actor: Actor, effect: Effect.Effect<A, E, any>): Promise<any> => {
    const exit = await runtime.runPromiseExit(effect.pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>)
    if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
    const err = Exit.findErrorOption(exit)
    if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
    return err.value
  }
  return {
    runtime, tenant, as, failure, url: tdb.url,
    /** ends the runtime (the SIP server first), keeping the database */
    dispose: () => runtime.dispose(),
    accounts: Effect.service(SipAccounts),
    extensions: Effect.service(Extensions),
    records: Effect.service(CallRecords),
    directory: () => runtime.runPromise(Effect.service(SipDirectory)),
    sip: () => runtime.runPromise(Effect.service(Sip)),
    close: async () => {
      await runtime.dispose()
      await tdb.drop()
    },
  }
}

export type Services = Awaited<ReturnType<typeof startServices>>
