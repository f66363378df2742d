/** @org/cases/server — the Cases service, its routes and migrations. */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export * from "./index"
export { Cases, normalisePhone } from "./cases-service"
export { makeCasesRoutes } from "./routes"
export { CaseTypes, CaseTypeSummary, caseTypeSaved } from "./case-types-service"
export * as casesTables from "./db/schema"
export * as caseTypeTables from "./db/case-types"

export const casesMigrations: MigrationSet = {
  package: "cases",
  folder: fileURLToPath(new URL("../drizzle", import.meta.url)),
}
export { Reference, openNow, defaultReference, DictionaryDto, ItemDto, PartnerDto } from "./reference-service"
export { makeReferenceRoutes } from "./reference-routes"
export { referenceMigrations } from "./reference-migrations"
export * as referenceTables from "./db/reference"
