/**
 * Telephony's domain events (browser-safe): what widgets receive over
 * /api/v1/events. Call events reach supervisors and the users whose SIP
 * accounts take part in the call; account and extension changes reach admins.
 */
import { defineEvent } from "@org/core"
import { Schema } from "effect"
import { CallDirections, CallPartyDto, CallRecordDto } from "./api"

/** A call in progress, as `call.ringing` and `call.answered` carry it. */
export const CallInProgress = Schema.Struct({
  callId: Schema.String,
  fromTag: Schema.String,
  direction: CallDirections,
  from: CallPartyDto,
  to: CallPartyDto,
  callerAccountId: Schema.NullOr(Schema.String),
  /** the account that answered; while ringing, the only account rung (if one) */
  calleeAccountId: Schema.NullOr(Schema.String),
  targetAccountIds: Schema.Array(Schema.String),
  callerName: Schema.NullOr(Schema.String),
  calleeName: Schema.NullOr(Schema.String),
  startedAt: Schema.String,
  ringingAt: Schema.NullOr(Schema.String),
  answeredAt: Schema.NullOr(Schema.String),
})
export type CallInProgress = typeof CallInProgress.Type

/** The first 180/183 of a call reached the caller. */
export const callRinging = defineEvent("call.ringing", CallInProgress)
/** The call was answered. */
export const callAnswered = defineEvent("call.answered", CallInProgress)
/** The call ended: its record, as stored (GET /api/v1/telephony/calls lists the same). */
export const callEnded = defineEvent("call.ended", CallRecordDto)

export const SipAccountChangeKind = Schema.Literals(["created", "updated", "blocked", "unblocked", "password_reset", "deleted"])
/** An admin changed a SIP account (every instance drops its cached copy). */
export const sipAccountChanged = defineEvent(
  "sip.account.changed",
  Schema.Struct({ accountId: Schema.String, username: Schema.String, change: SipAccountChangeKind }),
)
/** An admin changed an extension. */
export const sipExtensionChanged = defineEvent(
  "sip.extension.changed",
  Schema.Struct({ extensionId: Schema.String, number: Schema.String, change: Schema.Literals(["created", "updated", "deleted"]) }),
)
