/** The `telephony` schema's migrations (drizzle/), applied after core's. */
import type { MigrationSet } from "@org/core/server"
import { fileURLToPath } from "node:url"

export const telephonyMigrations: MigrationSet = {
  package: "telephony",
  folder: fileURLToPath(new URL("../../drizzle", import.meta.url)),
}
