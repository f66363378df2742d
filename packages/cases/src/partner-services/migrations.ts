/** Migrations of partner services inside a case and the hand-off to back office (drizzle-partner-services/), applied as the "cases_partner_services" set after "cases". */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const casesPartnerServicesMigrations: MigrationSet = {
  package: "cases_partner_services",
  folder: fileURLToPath(new URL("../../drizzle-partner-services", import.meta.url)),
}
