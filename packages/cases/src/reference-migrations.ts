/** Migrations of the reference books (drizzle-reference/), applied after `casesMigrations`. */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const referenceMigrations: MigrationSet = {
  package: "cases_reference",
  folder: fileURLToPath(new URL("../drizzle-reference", import.meta.url)),
}
