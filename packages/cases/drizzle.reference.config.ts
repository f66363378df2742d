/**
 * Migrations of the reference books (dictionaries, items, partners), kept in
 * their own folder and applied as the "cases_reference" set after "cases".
 */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/reference.ts",
  out: "./drizzle-reference",
  schemaFilter: ["cases"],
  tablesFilter: ["dictionaries", "dictionary_items", "partners"],
})
