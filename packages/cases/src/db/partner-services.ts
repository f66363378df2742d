/**
 * Partner services of a case (a tow truck, technical help, a taxi, a hotel …)
 * with their times and costs and the hand-off to the back office, and the
 * case's actions (call the client, hand over to the back office …) with their
 * due and done times. The kind's label and the partner's name are kept as they
 * were when set: what was ordered stays readable after the reference books change.
 */
import { sql } from "drizzle-orm"
import { bigint, boolean, check, index, jsonb, text, timestamp, uuid, integer } from "drizzle-orm/pg-core"
import type { Bilingual } from "./reference"
import { cases, casesSchema } from "./schema"

export const SERVICE_STATUSES = ["draft", "ordered", "assigned", "in_progress", "done", "cancelled"] as const
export type ServiceStatus = (typeof SERVICE_STATUSES)[number]

export const caseServices = casesSchema.table("case_services", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  /** a code of the tenant's "service_types" dictionary, and that item's label when it was set */
  kind: text("kind").notNull(),
  kindLabel: jsonb("kind_label").$type<Bilingual>().notNull(),
  status: text("status").$type<ServiceStatus>().notNull().default("draft"),
  /** a partner of the tenant's reference book, and its name when it was set */
  partnerId: uuid("partner_id"),
  partnerName: text("partner_name"),
  orderedAt: timestamp("ordered_at", { withTimezone: true }),
  assignedAt: timestamp("assigned_at", { withTimezone: true }),
  arrivedAt: timestamp("arrived_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  /** money: integer minor units and an ISO 4217 currency, both set or both null */
  customerCostAmount: bigint("customer_cost_amount", { mode: "number" }),
  customerCostCurrency: text("customer_cost_currency"),
  partnerCostAmount: bigint("partner_cost_amount", { mode: "number" }),
  partnerCostCurrency: text("partner_cost_currency"),
  comment: text("comment"),
  /** the customer's answer to "were you satisfied?"; null: not asked */
  satisfied: boolean("satisfied"),
  handedOffAt: timestamp("handed_off_at", { withTimezone: true }),
  /** the login of who handed it off */
  handedOffBy: text("handed_off_by"),
  version: integer("version").notNull().default(1),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("case_services_case_idx").on(t.tenantId, t.caseId, t.id),
  index("case_services_tenant_id_idx").on(t.tenantId, t.id),
  index("case_services_tenant_created_idx").on(t.tenantId, t.createdAt),
  check("case_services_status_check", sql`${t.status} in ('draft', 'ordered', 'assigned', 'in_progress', 'done', 'cancelled')`),
  check("case_services_customer_cost_check", sql`(${t.customerCostAmount} is null) = (${t.customerCostCurrency} is null)`),
  check("case_services_partner_cost_check", sql`(${t.partnerCostAmount} is null) = (${t.partnerCostCurrency} is null)`),
])

export const caseActions = casesSchema.table("case_actions", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  /** a code of the tenant's "action_types" dictionary, and that item's label when it was set */
  kind: text("kind").notNull(),
  kindLabel: jsonb("kind_label").$type<Bilingual>().notNull(),
  /** the service the action is about (the hand-off of that service), if any */
  serviceId: uuid("service_id").references(() => caseServices.id, { onDelete: "set null" }),
  dueAt: timestamp("due_at", { withTimezone: true }),
  doneAt: timestamp("done_at", { withTimezone: true }),
  assigneeId: uuid("assignee_id"),
  comment: text("comment"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("case_actions_case_idx").on(t.tenantId, t.caseId, t.id),
  index("case_actions_tenant_created_idx").on(t.tenantId, t.createdAt),
])
