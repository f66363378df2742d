/** Tables of the `cases` schema: cases, their journal, the counters behind case numbers, and the search vocabulary. */
import { sql } from "drizzle-orm"
import { customType, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"

/** A full-text document (Postgres `tsvector`); only ever computed by the database. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" })

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
  /** open | paused | resolved: the category of the status (the type's state; untyped: resolved/closed → resolved), kept for the list's status groups */
  statusCategory: text("status_category").notNull().default("open"),
  /**
   * What the search box matches (search/document.ts): number, title, phones as digits, field values,
   * dictionary labels; lower case, ё → е, words separated by single spaces. Trigram-indexed for
   * substrings and typos; `search_tsv` is its full-text form ('simple' config).
   */
  searchText: text("search_text").notNull().default(""),
  /**
   * The words of the document for full-text matching, without tokens of 5+ characters that hold a digit
   * (phones, VINs, plates, numbers): those are matched by trigrams, and a million unique lexemes would
   * only bloat the index and slow every insert.
   */
  searchTsv: tsvector("search_tsv").notNull()
    .generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, regexp_replace(search_text, '(^| )(?=[^ ]*[0-9])[^ ]{5,}(?= |$)', '', 'g'))`),
}, (t) => [
  uniqueIndex("cases_tenant_number_key").on(t.tenantId, t.number),
  // The list's keyset orders (created_at, id) and (updated_at, id), alone and under the common filters. The
  // filter columns trail the keys so that a filtered count reads only the index (an index-only scan).
  index("cases_tenant_created_idx").on(t.tenantId, t.createdAt, t.id, t.statusCategory, t.typeKey, t.status, t.assigneeId),
  index("cases_tenant_updated_idx").on(t.tenantId, t.updatedAt, t.id),
  // "active" (open + paused) is `status_category <> 'resolved'`: a partial index keeps its rows in order
  index("cases_tenant_active_created_idx").on(t.tenantId, t.createdAt, t.id, t.typeKey, t.status, t.assigneeId)
    .where(sql`${t.statusCategory} <> 'resolved'`),
  index("cases_tenant_assignee_created_idx").on(t.tenantId, t.assigneeId, t.createdAt, t.id, t.statusCategory, t.typeKey, t.status),
  index("cases_tenant_type_status_created_idx").on(t.tenantId, t.typeKey, t.status, t.createdAt, t.id, t.statusCategory, t.assigneeId),
  index("cases_tenant_attention_created_idx").on(t.tenantId, t.createdAt, t.id, t.statusCategory, t.typeKey, t.status, t.assigneeId)
    .where(sql`'attention' = any(${t.flags})`),
  index("cases_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
  index("cases_search_tsv_idx").using("gin", t.searchTsv),
])

/**
 * The words of a tenant's search documents (letters only, 3–40 characters): a misspelt word of the
 * search box is corrected to its nearest words here (trigram similarity) before the full-text match.
 * Only ever grows; a word no case uses any more just finds nothing.
 */
export const caseSearchWords = casesSchema.table("case_search_words", {
  tenantId: uuid("tenant_id").notNull(),
  word: text("word").notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.word] }),
  index("case_search_words_trgm_idx").using("gin", t.word.op("gin_trgm_ops")),
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
