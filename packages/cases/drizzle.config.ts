import { defineConfig } from "drizzle-kit"
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/db/schema.ts", "./src/db/case-types.ts"],
  out: "./drizzle",
  schemaFilter: ["cases"],
})
