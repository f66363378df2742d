/** Tables of the `cases` schema (walking skeleton: the full case engine replaces this). */
import { index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"

export const casesSchema = pgSchema("cases")

export const cases = casesSchema.table("cases", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  number: text("number").notNull(),
  title: text("title").notNull(),
  status: text("status").notNull().default("new"),
  applicantPhone: text("applicant_phone"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("cases_tenant_number_key").on(t.tenantId, t.number),
  index("cases_tenant_id_idx").on(t.tenantId, t.id),
])

/** Per-tenant counter behind the people-facing case numbers. */
export const caseCounters = casesSchema.table("case_counters", {
  tenantId: uuid("tenant_id").primaryKey(),
  last: integer("last").notNull(),
})
