/** Case types of a tenant: the definition as data, versioned on every change. */
import { index, integer, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import { casesSchema } from "./schema"

export const caseTypes = casesSchema.table("case_types", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  key: text("key").notNull(),
  /** a CaseTypeDef (see src/types/definition.ts) */
  definition: jsonb("definition").notNull(),
  version: integer("version").notNull().default(1),
  /** the template it was installed from, if any */
  template: text("template"),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("case_types_tenant_key_key").on(t.tenantId, t.key), index("case_types_tenant_idx").on(t.tenantId)])

/** Every saved version, so cases keep meaning what they meant under the version they were made with. */
export const caseTypeVersions = casesSchema.table("case_type_versions", {
  typeId: uuid("type_id").notNull().references(() => caseTypes.id, { onDelete: "cascade" }),
  tenantId: uuid("tenant_id").notNull(),
  version: integer("version").notNull(),
  definition: jsonb("definition").notNull(),
  savedBy: uuid("saved_by"),
  savedAt: timestamp("saved_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("case_type_versions_key").on(t.typeId, t.version)])
