/**
 * The `Database` service: drizzle over postgres.js when a URL is given, or over
 * PGlite persisted on disk (the embedded default). Repositories reach it only
 * through `useDb` / `transaction`, which also carry the current transaction.
 */
import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { sql } from "drizzle-orm"
import type { PgDatabase } from "drizzle-orm/pg-core"
import { drizzle as drizzlePglite } from "drizzle-orm/pglite"
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js"
import { Context, Effect, Exit, Layer, Option } from "effect"
import { mkdirSync } from "node:fs"
import postgres from "postgres"
import { DatabaseError } from "./errors"

// Both drivers produce a PgDatabase; repositories only use the shared surface.
export type Db = PgDatabase<any, any, any>

export interface DatabaseConfig {
  /** postgres:// URL; when absent the embedded PGlite is used */
  readonly url?: string | undefined
  /** where PGlite keeps its files; "memory://" for a throw-away database */
  readonly dataDir?: string | undefined
  readonly maxConnections?: number
}

export interface DatabaseShape {
  readonly db: Db
  readonly dialect: "pglite" | "postgres"
  /** LISTEN on a channel; resolves to an unlisten function */
  readonly listen: (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>
  readonly ping: () => Promise<void>
}

export class Database extends Context.Service<Database, DatabaseShape>()("@org/core/Database") {
  static layer(config: DatabaseConfig) {
    return Layer.effect(Database, Effect.acquireRelease(open(config), close).pipe(Effect.map((h) => h.shape)))
  }
}

interface Handle {
  shape: DatabaseShape
  close: () => Promise<void>
}

const open = (config: DatabaseConfig) =>
  Effect.tryPromise({
    try: async (): Promise<Handle> => {
      if (config.url) {
        const client = postgres(config.url, { max: config.maxConnections ?? 10, onnotice: () => {} })
        const db = drizzlePostgres({ client }) as unknown as Db
        return {
          shape: {
            db,
            dialect: "postgres",
            listen: async (channel, onMessage) => {
              const sub = await client.listen(channel, onMessage)
              return () => sub.unlisten()
            },
            ping: async () => void (await client`select 1`),
          },
          close: () => client.end({ timeout: 5 }),
        }
      }
      const dataDir = config.dataDir ?? "./.data/pglite"
      if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true })
      // pg_trgm backs the case search's trigram indexes (PostgreSQL ships it as a contrib extension).
      const pg = await PGlite.create({ dataDir, extensions: { pg_trgm } })
      const db = drizzlePglite({ client: pg }) as unknown as Db
      return {
        shape: {
          db,
          dialect: "pglite",
          listen: async (channel, onMessage) => {
            const unlisten = await pg.listen(channel, onMessage)
            return () => unlisten()
          },
          ping: async () => void (await pg.query("select 1")),
        },
        close: () => pg.close(),
      }
    },
    catch: (e) => new DatabaseError({ message: `Cannot open the database: ${messageOf(e)}` }),
  })

const close = (h: Handle) => Effect.promise(() => h.close().catch(() => undefined))

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The executor of the transaction in progress, if any. */
export class CurrentTx extends Context.Service<CurrentTx, Db>()("@org/core/CurrentTx") {}

export const toDatabaseError = (e: unknown): DatabaseError => {
  const cause = (e as any)?.cause ?? e
  return new DatabaseError({ message: messageOf(cause), sqlState: (cause as any)?.code })
}

/** Runs a query on the current transaction, or on the database outside one. */
export const useDb = <A>(f: (db: Db) => Promise<A>): Effect.Effect<A, DatabaseError, Database> =>
  Effect.gen(function* () {
    const tx = yield* Effect.serviceOption(CurrentTx)
    const db = Option.isSome(tx) ? tx.value : (yield* Database).db
    return yield* Effect.tryPromise({ try: () => f(db), catch: toDatabaseError })
  })

class Rollback extends Error {}

/**
 * Runs `effect` in one database transaction: commits if it succeeds, rolls
 * back if it fails or dies. Nested calls join the outer transaction.
 */
export const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R | Database> =>
  Effect.gen(function* () {
    if (Option.isSome(yield* Effect.serviceOption(CurrentTx))) return yield* effect
    const { db } = yield* Database
    const context = yield* Effect.context<R>()
    let exit: Exit.Exit<A, E> | undefined
    let failure: unknown
    yield* Effect.promise(() =>
      db.transaction(async (tx) => {
        exit = await Effect.runPromiseExit(
          effect.pipe(Effect.provideService(CurrentTx, tx as unknown as Db), Effect.provideContext(context)),
        )
        if (Exit.isFailure(exit)) throw new Rollback()
      }).catch((e) => {
        if (!(e instanceof Rollback)) failure = e
      }),
    )
    if (failure !== undefined) return yield* Effect.fail(toDatabaseError(failure))
    if (exit && Exit.isFailure(exit)) return yield* exit
    return (exit as Exit.Success<A, E>).value
  })

export { sql }
