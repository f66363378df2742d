/**
 * Migrations of partner services and case actions, kept in their own folder
 * and applied as the "cases_partner_services" set after "cases".
 */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/partner-services.ts",
  out: "./drizzle-partner-services",
  schemaFilter: ["cases"],
  tablesFilter: ["case_services", "case_actions"],
})
