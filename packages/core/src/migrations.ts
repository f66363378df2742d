/**
 * Applies each package's committed drizzle-kit migrations, in the order given
 * (dependency order), in ONE transaction under an advisory lock: concurrent
 * starts wait for each other, and a failing migration leaves nothing behind.
 */
import { sql } from "drizzle-orm"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { Db } from "./database"

export interface MigrationSet {
  /** the package's schema name, e.g. "core" */
  readonly package: string
  /** absolute path of the folder drizzle-kit writes (with meta/_journal.json) */
  readonly folder: string
}

export interface Migration {
  readonly package: string
  readonly tag: string
  readonly hash: string
  readonly statements: string[]
}

export class MigrationError extends Error {
  override name = "MigrationError"
}

// Any constant works; it only has to be the same for every instance.
const LOCK_KEY = 0x5b_0a_2d_01

export const readMigrations = (set: MigrationSet): Migration[] => {
  const journal = JSON.parse(readFileSync(join(set.folder, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[]
  }
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((e) => {
      const text = readFileSync(join(set.folder, `${e.tag}.sql`), "utf8")
      return {
        package: set.package,
        tag: e.tag,
        hash: createHash("sha256").update(text).digest("hex"),
        statements: text.split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean),
      }
    })
}

/** Returns the migrations it applied (package/tag). Throws MigrationError with a readable message. */
export const runMigrations = async (db: Db, sets: readonly MigrationSet[]): Promise<string[]> => {
  const all = sets.flatMap(readMigrations)
  const applied: string[] = []
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`)
    await tx.execute(sql`create schema if not exists switchboard`)
    await tx.execute(sql`create table if not exists switchboard.migrations (
      package text not null, tag text not null, hash text not null,
      applied_at timestamptz not null default now(), primary key (package, tag))`)
    const rows = (await tx.execute(sql`select package, tag, hash from switchboard.migrations`)) as any
    const done = new Map<string, string>(
      (rows.rows ?? rows).map((r: any) => [`${r.package}/${r.tag}`, r.hash as string]),
    )
    for (const m of all) {
      const key = `${m.package}/${m.tag}`
      const prior = done.get(key)
      if (prior !== undefined) {
        if (prior !== m.hash) {
          throw new MigrationError(`Migration ${key} was changed after it was applied; write a new migration instead.`)
        }
        continue
      }
      for (const statement of m.statements) {
        try {
          await tx.execute(sql.raw(statement))
        } catch (e) {
          const cause = (e as any)?.cause ?? e
          throw new MigrationError(
            `Migration ${key} failed: ${cause?.message ?? cause}. Nothing was applied; the database is as it was.`,
          )
        }
      }
      await tx.execute(sql`insert into switchboard.migrations (package, tag, hash) values (${m.package}, ${m.tag}, ${m.hash})`)
      applied.push(key)
    }
  })
  return applied
}
