/**
 * Applicants of a tenant, recognised by their phone (E.164): the name and the
 * last known values of the case-type fields marked `fromApplicant`, which
 * pre-fill the next case opened for that phone.
 */
import { integer, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import { casesSchema } from "./schema"

export const applicants = casesSchema.table("applicants", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  /** E.164, one applicant per phone and tenant */
  phone: text("phone").notNull(),
  name: text("name"),
  /** the fromApplicant fields last known, by field key */
  values: jsonb("values").notNull().default({}),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("applicants_tenant_phone_key").on(t.tenantId, t.phone)])
