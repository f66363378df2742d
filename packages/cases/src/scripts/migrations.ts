/** Migrations of questionnaire scripts (drizzle-scripts/), applied as the "cases_scripts" set after "cases". */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const casesScriptsMigrations: MigrationSet = {
  package: "cases_scripts",
  folder: fileURLToPath(new URL("../../drizzle-scripts", import.meta.url)),
}
