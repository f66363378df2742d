/** Migrations of SLA targets, calendars and breaches (drizzle-sla/), applied as the "cases_sla" set after "cases". */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const casesSlaMigrations: MigrationSet = {
  package: "cases_sla",
  folder: fileURLToPath(new URL("../../drizzle-sla", import.meta.url)),
}
