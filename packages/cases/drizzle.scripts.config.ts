/**
 * Migrations of questionnaire scripts (scripts, their versions, runs), kept in
 * their own folder and applied as the "cases_scripts" set after "cases".
 */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/scripts.ts",
  out: "./drizzle-scripts",
  schemaFilter: ["cases"],
  tablesFilter: ["scripts", "script_versions", "script_runs"],
})
