/**
 * Messages between the desk and a case's applicant (SMS, e-mail, push), both
 * directions, with the provider's delivery status. `notify_key` makes
 * automatic messages idempotent: every server instance receives the event that
 * triggers one, and only the instance whose insert wins sends it.
 */
import { sql } from "drizzle-orm"
import { index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import { cases, casesSchema } from "./schema"

export const caseMessages = casesSchema.table("case_messages", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  direction: text("direction").notNull(),
  channel: text("channel").notNull(),
  toAddress: text("to_address"),
  fromAddress: text("from_address"),
  text: text("text").notNull(),
  status: text("status").notNull(),
  statusReason: text("status_reason"),
  /** which provider took it ("smsru"); null when none did */
  provider: text("provider"),
  providerMessageId: text("provider_message_id"),
  /** set on automatic messages: what caused it (e.g. "move:<event id>") */
  notifyKey: text("notify_key"),
  /** the user who wrote it; null for the applicant, an API key or the system */
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("case_messages_case_idx").on(t.tenantId, t.caseId, t.id),
  index("case_messages_provider_id_idx").on(t.tenantId, t.providerMessageId).where(sql`${t.providerMessageId} is not null`),
  uniqueIndex("case_messages_notify_key").on(t.tenantId, t.notifyKey).where(sql`${t.notifyKey} is not null`),
])
