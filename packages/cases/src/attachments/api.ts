/** Browser-safe schemas and events of case attachments (re-exported by @org/cases). */
import { defineEvent } from "@org/core"
import { Schema } from "effect"

export const AttachmentDto = Schema.Struct({
  id: Schema.String,
  caseId: Schema.String,
  /** the file name as uploaded (path parts and control characters removed) */
  name: Schema.String,
  /** decided from the file's first bytes, not only from what the client said */
  contentType: Schema.String,
  size: Schema.Number,
  /** hex SHA-256 of the bytes */
  sha256: Schema.String,
  createdAt: Schema.String,
  /** the user who attached it; null when an API key did */
  createdBy: Schema.NullOr(Schema.String),
})
export type AttachmentDto = typeof AttachmentDto.Type

export const AttachmentList = Schema.Struct({ items: Schema.Array(AttachmentDto) })

export const caseAttachmentAdded = defineEvent("case.attachment_added", Schema.Struct({ caseId: Schema.String, attachment: AttachmentDto }))
