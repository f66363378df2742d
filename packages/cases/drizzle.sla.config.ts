/**
 * Migrations of the SLA module (calendars, policies, clocks), kept in their
 * own folder and applied as the "cases_sla" set after "cases".
 */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/sla.ts",
  out: "./drizzle-sla",
  schemaFilter: ["cases"],
  tablesFilter: ["sla_calendars", "sla_policies", "sla_clocks"],
})
