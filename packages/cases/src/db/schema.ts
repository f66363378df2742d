/** Tables of the `cases` schema: cases, their journal, and the counters behind case numbers. */
import { sql } from "drizzle-orm"
import { index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"

export const casesSchema = pgSchema("cases")

export const cases = casesSchema.table("cases", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  number: text("number").notNull(),
  title: text("title").notNull(),
  status: text("status").notNull().default("new"),
  applicantPhone: text("applicant_phone"),
  /** the case type (key) and the version of its definition the case was opened under; null: an untyped case */
  typeKey: text("type_key"),
  typeVersion: integer("type_version"),
  /** field values by field key, normalised by the field kinds */
  values: jsonb("values").notNull().default({}),
  flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
  assigneeId: uuid("assignee_id"),
  /** optimistic concurrency: every change bumps it; a stale update gets 409 */
  version: integer("version").notNull().default(1),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("cases_tenant_number_key").on(t.tenantId, t.number),
  index("cases_tenant_id_idx").on(t.tenantId, t.id),
])

/** What happened to a case: creation, field changes (old → new), moves, flags, comments. */
export const caseJournal = casesSchema.table("case_journal", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  kind: text("kind").notNull(),
  actorId: uuid("actor_id"),
  actorLogin: text("actor_login").notNull(),
  data: jsonb("data").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("case_journal_case_idx").on(t.tenantId, t.caseId, t.id)])

/** Per-tenant, per-type counters behind case numbers; untyped cases count under the type key "". */
export const typeCounters = casesSchema.table("type_counters", {
  tenantId: uuid("tenant_id").notNull(),
  typeKey: text("type_key").notNull(),
  last: integer("last").notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.typeKey] })])
