/** Migrations of messages to the applicant (drizzle-messages/), applied as the "cases_messages" set after "cases". */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const casesMessagesMigrations: MigrationSet = {
  package: "cases_messages",
  folder: fileURLToPath(new URL("../../drizzle-messages", import.meta.url)),
}
