import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { PGlite } from "@electric-sql/pglite"
import { sql } from "drizzle-orm"
import { drizzle as drizzlePglite } from "drizzle-orm/pglite"
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js"
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import postgres from "postgres"
import { coreMigrations, type Db, MigrationError, runMigrations } from "../src/server"
import { createTestDatabase, type TestDatabase } from "../src/testing"

const rowsOf = (r: any) => (r.rows ?? r) as any[]

/** A migration folder as drizzle-kit writes it. */
const folder = (migrations: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), "sb-mig-"))
  mkdirSync(join(dir, "meta"))
  const entries = Object.keys(migrations).map((tag, idx) => ({ idx, version: "7", when: idx, tag, breakpoints: true }))
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries }))
  for (const [tag, text] of Object.entries(migrations)) writeFileSync(join(dir, `${tag}.sql`), text)
  return dir
}

const tableExists = async (db: Db, schema: string, table: string) =>
  rowsOf(await db.execute(sql`select 1 from information_schema.tables where table_schema = ${schema} and table_name = ${table}`)).length > 0

describe("migrations on PGlite", () => {
  test("apply once, then are a no-op", async () => {
    const db = drizzlePglite({ client: await PGlite.create() }) as unknown as Db
    const first = await runMigrations(db, [coreMigrations])
    expect(first).toEqual(["core/0000_init"])
    expect(await tableExists(db, "core", "users")).toBe(true)
    expect(await runMigrations(db, [coreMigrations])).toEqual([])
  })

  test("a failing migration applies nothing and says which one failed", async () => {
    const db = drizzlePglite({ client: await PGlite.create() }) as unknown as Db
    const set = {
      package: "demo",
      folder: folder({
        "0000_ok": "create schema demo;\n--> statement-breakpoint\ncreate table demo.a (id int);",
        "0001_bad": "create table demo.b (id int);\n--> statement-breakpoint\ncreate table demo.b (id int);",
      }),
    }
    const error = await runMigrations(db, [set]).catch((e) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect(error.message).toContain("demo/0001_bad")
    expect(await tableExists(db, "demo", "a")).toBe(false)
    expect(await tableExists(db, "switchboard", "migrations")).toBe(false)
  })

  test("a migration edited after it was applied stops the start", async () => {
    const db = drizzlePglite({ client: await PGlite.create() }) as unknown as Db
    const dir = folder({ "0000_x": "create schema x;" })
    await runMigrations(db, [{ package: "x", folder: dir }])
    writeFileSync(join(dir, "0000_x.sql"), "create schema x; create table x.t (id int);")
    await expect(runMigrations(db, [{ package: "x", folder: dir }])).rejects.toThrow(/changed after it was applied/)
  })
})

const pgUrl = process.env.TEST_DATABASE_URL
describe.skipIf(!pgUrl)("migrations on PostgreSQL", () => {
  let tdb: TestDatabase
  beforeAll(async () => {
    tdb = await createTestDatabase()
  })
  afterAll(async () => {
    await tdb.drop()
  })

  test("several instances starting at once apply each migration exactly once", async () => {
    // A slow migration widens the window in which unlocked runners would collide.
    const slow = { package: "slow", folder: folder({ "0000_slow": "create schema slow;\n--> statement-breakpoint\nselect pg_sleep(0.3);\n--> statement-breakpoint\ncreate table slow.t (id int);" }) }
    const clients = Array.from({ length: 4 }, () => postgres(tdb.url!, { max: 1, onnotice: () => {} }))
    const results = await Promise.all(clients.map((c) => runMigrations(drizzlePostgres({ client: c }) as unknown as Db, [coreMigrations, slow])))
    expect(results.flat().sort()).toEqual(["core/0000_init", "slow/0000_slow"])
    const check = drizzlePostgres({ client: clients[0] }) as unknown as Db
    const applied = rowsOf(await check.execute(sql`select package, tag from switchboard.migrations order by package`))
    expect(applied.map((r) => `${r.package}/${r.tag}`)).toEqual(["core/0000_init", "slow/0000_slow"])
    expect(await runMigrations(check, [coreMigrations, slow])).toEqual([])
    await Promise.all(clients.map((c) => c.end()))
  })
}, 60_000)
