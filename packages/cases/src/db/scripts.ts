/**
 * Questionnaire scripts of a tenant: the current definition per key, every
 * saved version (a run keeps following the version it started with), and the
 * runs — one operator walking one script on one case.
 */
import { sql } from "drizzle-orm"
import { boolean, index, integer, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import { cases, casesSchema } from "./schema"

export const caseScripts = casesSchema.table("scripts", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  key: text("key").notNull(),
  /** the case type (key) whose cases the script fills */
  typeKey: text("type_key").notNull(),
  /** {ru, en} */
  name: jsonb("name").notNull(),
  /** a ScriptDefinition (see src/scripts/api.ts) */
  definition: jsonb("definition").notNull(),
  version: integer("version").notNull().default(1),
  /** the template it was installed from, if any */
  template: text("template"),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("scripts_tenant_key_key").on(t.tenantId, t.key), index("scripts_tenant_type_idx").on(t.tenantId, t.typeKey)])

/** Every saved version of a script, so a run started under version N keeps meaning what it meant. */
export const caseScriptVersions = casesSchema.table("script_versions", {
  scriptId: uuid("script_id").notNull().references(() => caseScripts.id, { onDelete: "cascade" }),
  tenantId: uuid("tenant_id").notNull(),
  version: integer("version").notNull(),
  name: jsonb("name").notNull(),
  definition: jsonb("definition").notNull(),
  savedBy: uuid("saved_by"),
  savedAt: timestamp("saved_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("script_versions_key").on(t.scriptId, t.version)])

/** A walk through a script on a case: where it is, the way it came, and what was answered. */
export const caseScriptRuns = casesSchema.table("script_runs", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  scriptId: uuid("script_id").notNull().references(() => caseScripts.id, { onDelete: "cascade" }),
  scriptKey: text("script_key").notNull(),
  scriptVersion: integer("script_version").notNull(),
  /** the question being asked; null when the run is finished */
  current: text("current"),
  /** the questions passed on the way to `current`, oldest first ("back" pops the last) */
  path: text("path").array().notNull().default(sql`'{}'::text[]`),
  /** answers by question id, normalised by the kind of the field they were written to */
  answers: jsonb("answers").notNull().default({}),
  finished: boolean("finished").notNull().default(false),
  startedBy: uuid("started_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("script_runs_case_idx").on(t.tenantId, t.caseId, t.id)])
