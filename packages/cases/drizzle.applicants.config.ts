/**
 * Migrations of applicants recognised by phone, kept in their own folder and
 * applied as the "cases_applicants" set after "cases".
 */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/applicants.ts",
  out: "./drizzle-applicants",
  schemaFilter: ["cases"],
  tablesFilter: ["applicants"],
})
