/** Migrations of journal attachments (drizzle-attachments/), applied as the "cases_attachments" set after "cases". */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const casesAttachmentsMigrations: MigrationSet = {
  package: "cases_attachments",
  folder: fileURLToPath(new URL("../../drizzle-attachments", import.meta.url)),
}
