/**
 * Test support: a fresh database per test file. PGlite in memory by default;
 * with TEST_DATABASE_URL, a new database is created on that PostgreSQL server
 * (and dropped afterwards), so suites never see each other's rows.
 */
import { Effect, Layer, ManagedRuntime } from "effect"
import { pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto"
import postgres from "postgres"
import { Database } from "./database"
import { EventBus } from "./event-bus"
import { PasswordHasher } from "./auth/password-hasher"
import { WidgetTokens } from "./auth/widget-tokens"
import { type MigrationSet, runMigrations } from "./migrations"

export interface TestDatabase {
  /** postgres URL of the fresh database, or undefined for PGlite */
  readonly url: string | undefined
  readonly drop: () => Promise<void>
}

export const createTestDatabase = async (): Promise<TestDatabase> => {
  const base = process.env.TEST_DATABASE_URL
  if (!base) return { url: undefined, drop: async () => {} }
  const name = `sb_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/**
 * A quick PBKDF2 hasher for tests that exercise other logic; the server's
 * argon2id hasher is tested on its own.
 */
export const TestPasswordHasher = Layer.succeed(PasswordHasher, {
  hash: async (password) => {
    const salt = randomBytes(8).toString("hex")
    return `pbkdf2$${salt}$${pbkdf2Sync(password, salt, 1000, 32, "sha256").toString("hex")}`
  },
  verify: async (password, hash) => {
    const [, salt, digest] = hash.split("$")
    return timingSafeEqual(
      new Uint8Array(pbkdf2Sync(password, salt, 1000, 32, "sha256")),
      new Uint8Array(Buffer.from(digest, "hex")),
    )
  },
})

/** Database + migrations + the core services, on a fresh test database. */
export const coreTestLayer = (url: string | undefined, sets: readonly MigrationSet[], hasher = TestPasswordHasher) => {
  const database = Database.layer({ url, dataDir: "memory://", maxConnections: 5 })
  const migrate = Layer.effectDiscard(
    Effect.gen(function* () {
      const { db } = yield* Database
      yield* Effect.promise(() => runMigrations(db, sets))
    }),
  )
  return Layer.mergeAll(EventBus.layer, WidgetTokens.layer).pipe(
    Layer.provideMerge(migrate),
    Layer.provideMerge(Layer.mergeAll(database, hasher)),
  )
}

export const makeTestRuntime = <R>(layer: Layer.Layer<R, any, never>) => ManagedRuntime.make(layer)
