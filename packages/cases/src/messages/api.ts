/** Browser-safe schemas and events of messages to and from the applicant (re-exported by @org/cases). */
import { defineEvent } from "@org/core"
import { Schema } from "effect"

export const MessageChannelName = Schema.Literals(["sms", "email", "push"])
export type MessageChannelName = typeof MessageChannelName.Type

export const MessageStatus = Schema.Literals(["queued", "sent", "delivered", "failed", "not_sent", "received"])
export type MessageStatus = typeof MessageStatus.Type

export const MessageDto = Schema.Struct({
  id: Schema.String,
  caseId: Schema.String,
  direction: Schema.Literals(["out", "in"]),
  channel: MessageChannelName,
  to: Schema.NullOr(Schema.String),
  from: Schema.NullOr(Schema.String),
  text: Schema.String,
  /** not_sent: no provider is configured for the channel (statusReason "no_provider"); never a fake success */
  status: MessageStatus,
  /** why it failed or was not sent: "no_provider", "smsru_207: …", "timeout" … */
  statusReason: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
  /** the user who wrote it; null for the applicant, an API key or the system */
  by: Schema.NullOr(Schema.String),
})
export type MessageDto = typeof MessageDto.Type

export const MessageList = Schema.Struct({ items: Schema.Array(MessageDto) })

export const NewMessage = Schema.Struct({
  channel: MessageChannelName,
  text: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(2000)),
  /** defaults to the case's applicant phone (sms, push) or e-mail field (email) */
  to: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(254))),
})
export type NewMessage = typeof NewMessage.Type

export const InboundMessage = Schema.Struct({
  channel: MessageChannelName,
  /** the applicant's phone (sms, push) or address (email) */
  from: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(254)),
  text: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(5000)),
  /** join this case; without it, the newest active case of the sender's phone */
  caseNumber: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))),
})
export type InboundMessage = typeof InboundMessage.Type

export const MessageStatusUpdate = Schema.Struct({
  providerMessageId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  status: Schema.Literals(["queued", "sent", "delivered", "failed"]),
  /** the provider's words for a failure */
  reason: Schema.optional(Schema.String.check(Schema.isMaxLength(500))),
})
export type MessageStatusUpdate = typeof MessageStatusUpdate.Type

export const MessageChannelInfo = Schema.Struct({
  channel: MessageChannelName,
  configured: Schema.Boolean,
  /** "smsru"; null when messages of this channel are only kept in the database */
  provider: Schema.NullOr(Schema.String),
})
export type MessageChannelInfo = typeof MessageChannelInfo.Type

/** A message was added to a case's chat or its delivery status changed: clients upsert it by id. */
export const caseMessage = defineEvent("case.message", Schema.Struct({ caseId: Schema.String, message: MessageDto }))
