/**
 * Files attached to a case: what they are (name, sniffed content type, size,
 * SHA-256) and where their bytes are in the FileStorage (`storage_key`).
 */
import { bigint, index, text, timestamp, uuid } from "drizzle-orm/pg-core"
import { cases, casesSchema } from "./schema"

export const caseAttachments = casesSchema.table("case_attachments", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  contentType: text("content_type").notNull(),
  size: bigint("size", { mode: "number" }).notNull(),
  sha256: text("sha256").notNull(),
  storageKey: text("storage_key").notNull(),
  /** the user who attached it; null for an API key */
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("case_attachments_case_idx").on(t.tenantId, t.caseId, t.id)])
