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

// The case desk's modules: each owns its service, routes and (where it has tables) migrations.
export { PartnerServices } from "./partner-services/service"
export { makePartnerServicesRoutes } from "./partner-services/routes"
export { casesPartnerServicesMigrations } from "./partner-services/migrations"
export { Applicants } from "./applicants/service"
export { makeApplicantsRoutes } from "./applicants/routes"
export { casesApplicantsMigrations } from "./applicants/migrations"
export { CaseScripts } from "./scripts/service"
export { makeCaseScriptsRoutes } from "./scripts/routes"
export { casesScriptsMigrations } from "./scripts/migrations"
export { CaseAttachments } from "./attachments/service"
export { makeCaseAttachmentsRoutes } from "./attachments/routes"
export { casesAttachmentsMigrations } from "./attachments/migrations"
export { CaseMessages } from "./messages/service"
export { makeCaseMessagesRoutes } from "./messages/routes"
export { casesMessagesMigrations } from "./messages/migrations"
export { CaseSearch } from "./search/service"
export { makeCaseSearchRoutes } from "./search/routes"
export { CaseSla } from "./sla/service"
export { makeCaseSlaRoutes } from "./sla/routes"
export { casesSlaMigrations } from "./sla/migrations"
export { CaseAnalytics } from "./analytics/service"
export { makeCaseAnalyticsRoutes } from "./analytics/routes"
export { makeCallLinksRoutes } from "./call-links/routes"
export { seedCaseDeskDemo, type DemoActors } from "./demo/seed"
