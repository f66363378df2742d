/** Migrations of case attachments (drizzle-attachments/), applied as the "cases_attachments" set after "cases". */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/attachments.ts",
  out: "./drizzle-attachments",
  schemaFilter: ["cases"],
  tablesFilter: ["case_attachments"],
})
