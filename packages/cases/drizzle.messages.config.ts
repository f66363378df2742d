/** Migrations of messages to and from applicants (drizzle-messages/), applied as the "cases_messages" set after "cases". */
import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/messages.ts",
  out: "./drizzle-messages",
  schemaFilter: ["cases"],
  tablesFilter: ["case_messages"],
})
