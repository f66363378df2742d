/**
 * Reference books of the case desk: a tenant's dictionaries (cities, programs,
 * makes and their models, reasons …), their items, and the partners and
 * dealers who provide services. Tables are small; `search` holds the
 * searchable words lower-cased (and ё folded to е) by the service, so
 * substring search does not depend on the database's locale.
 */
import { sql } from "drizzle-orm"
import { type AnyPgColumn, check, index, integer, jsonb, numeric, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import { casesSchema } from "./schema"

/** A text in both UI languages. */
export interface Bilingual {
  ru: string
  en: string
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"

/** Opening hours of one day, "HH:MM"; a `close` before `open` runs past midnight; "24:00" closes at midnight. */
export interface DayHours {
  open: string
  close: string
}

/** A partner's week: `alwaysOpen` is 24/7; otherwise each day's hours, or null when closed. */
export interface WorkingHours {
  alwaysOpen: boolean
  days: Record<Weekday, DayHours | null>
}

export const dictionaries = casesSchema.table("dictionaries", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  key: text("key").notNull(),
  name: jsonb("name").$type<Bilingual>().notNull(),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("dictionaries_tenant_key_key").on(t.tenantId, t.key)])

export const dictionaryItems = casesSchema.table("dictionary_items", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  dictionaryId: uuid("dictionary_id").notNull().references(() => dictionaries.id, { onDelete: "cascade" }),
  /** an external code (region 77, a program's code in the insurer's system); unique in its dictionary */
  code: text("code"),
  label: jsonb("label").$type<Bilingual>().notNull(),
  /** the item this one belongs to: a model's make */
  parentId: uuid("parent_id").references((): AnyPgColumn => dictionaryItems.id),
  sort: integer("sort").notNull().default(0),
  attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
  /** code and labels, lower-case with ё → е (written by the service) */
  search: text("search").notNull(),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("dictionary_items_tenant_dictionary_code_key").on(t.tenantId, t.dictionaryId, t.code),
  index("dictionary_items_tenant_dictionary_sort_idx").on(t.tenantId, t.dictionaryId, t.sort),
  index("dictionary_items_tenant_parent_idx").on(t.tenantId, t.parentId),
])

export const partners = casesSchema.table("partners", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  name: text("name").notNull(),
  kind: text("kind").$type<"partner" | "dealer">().notNull(),
  /** E.164 */
  phones: text("phones").array().notNull().default(sql`'{}'::text[]`),
  email: text("email"),
  address: text("address"),
  lat: numeric("lat", { precision: 9, scale: 6, mode: "number" }),
  lon: numeric("lon", { precision: 9, scale: 6, mode: "number" }),
  /** an item of the tenant's "cities" dictionary */
  cityId: uuid("city_id").references(() => dictionaryItems.id),
  /** items of the tenant's "service_types" dictionary */
  services: uuid("services").array().notNull().default(sql`'{}'::uuid[]`),
  /** null when unknown */
  workingHours: jsonb("working_hours").$type<WorkingHours>(),
  comment: text("comment"),
  /** name, address, e-mail and phone digits, lower-case with ё → е (written by the service) */
  search: text("search").notNull(),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("partners_tenant_name_idx").on(t.tenantId, t.name),
  index("partners_tenant_city_idx").on(t.tenantId, t.cityId),
  check("partners_kind_check", sql`${t.kind} in ('partner', 'dealer')`),
])
