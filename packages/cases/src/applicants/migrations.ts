/** Migrations of applicants recognised by phone (drizzle-applicants/), applied as the "cases_applicants" set after "cases". */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const casesApplicantsMigrations: MigrationSet = {
  package: "cases_applicants",
  folder: fileURLToPath(new URL("../../drizzle-applicants", import.meta.url)),
}
