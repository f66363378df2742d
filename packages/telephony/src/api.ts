/**
 * The telephony API's shapes (browser-safe): what /api/v1/telephony accepts —
 * decoded strictly at the edge, with messages in English and Russian — and
 * what it answers. SIP accounts, extensions, call records, the softphone's
 * credentials.
 */
import { bilingual } from "@org/core"
import { Schema } from "effect"

const msg = {
  username: bilingual(
    "Use 1–64 latin letters, digits, dots, dashes or _, starting with a letter or a digit",
    "Используйте от 1 до 64 латинских букв, цифр, точек, дефисов или _, первым — букву или цифру",
  ),
  password: bilingual(
    "A SIP password has 10–128 printable latin characters (no spaces)",
    "SIP-пароль — от 10 до 128 печатных латинских символов (без пробелов)",
  ),
  number: bilingual("An extension number has 1–20 digits", "Внутренний номер — от 1 до 20 цифр"),
  text: bilingual("Must not contain control characters", "Не может содержать управляющие символы"),
  blank: bilingual("Must not be blank", "Поле не может быть пустым"),
  time: bilingual(
    "Expected a date (2026-01-31) or a time with its offset (2026-01-31T09:00:00Z)",
    "Ожидается дата (2026-01-31) или время со смещением (2026-01-31T09:00:00Z)",
  ),
  order: bilingual("from must be before to", "from должно быть раньше to"),
  cursor: bilingual("Not a cursor of this list: use nextCursor from the previous page", "Это не курсор списка: используйте nextCursor предыдущей страницы"),
  duplicate: bilingual("The same account is listed twice", "Одна и та же учётная запись указана дважды"),
}

// Control characters (NUL included: PostgreSQL stores none) have no place in names and comments.
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f]/
const plainText = Schema.makeFilter((s: string) => (control.test(s) ? msg.text : undefined))
const nonBlank = Schema.makeFilter((s: string) => (s.trim().length > 0 ? undefined : msg.blank))
/** One line of text, up to `max` characters. */
const Line = (max: number) => Schema.String.check(Schema.isMaxLength(max), plainText, nonBlank)

export const Uuid = Schema.String.check(Schema.isUUID())
export const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/** The user part of the account's address and its digest username. */
export const SipUsername = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: msg.username }))
export const SipPassword = Schema.String.check(Schema.isPattern(/^[\x21-\x7e]{10,128}$/, { message: msg.password }))
export const ExtensionNumber = Schema.String.check(Schema.isPattern(/^[0-9]{1,20}$/, { message: msg.number }))
/** Who the account is ("Reception, Ivanova"): the display name of its calls. */
export const AccountComment = Line(200)
export const CallLimit = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 }))

// ---------------------------------------------------------------------------------------------
// SIP accounts

export const NewSipAccount = Schema.Struct({
  username: SipUsername,
  /** absent: one is generated; either way it is shown only in the answer */
  password: Schema.optional(SipPassword),
  comment: Schema.optional(Schema.NullOr(AccountComment)),
  callLimit: Schema.optional(Schema.NullOr(CallLimit)),
  /** the platform user whose softphone uses the account */
  userId: Schema.optional(Schema.NullOr(Uuid)),
})
export type NewSipAccount = typeof NewSipAccount.Type

/** A partial change: fields absent stay as they are, null clears. */
export const SipAccountChange = Schema.Struct({
  comment: Schema.optional(Schema.NullOr(AccountComment)),
  callLimit: Schema.optional(Schema.NullOr(CallLimit)),
  userId: Schema.optional(Schema.NullOr(Uuid)),
  version: Version,
})
export type SipAccountChange = typeof SipAccountChange.Type

export const PasswordReset = Schema.Struct({ password: Schema.optional(SipPassword) })

const accountFields = {
  id: Schema.String,
  username: Schema.String,
  /** the tenant's SIP domain (also the digest realm) */
  domain: Schema.String,
  /** sip:username@domain */
  uri: Schema.String,
  comment: Schema.NullOr(Schema.String),
  blocked: Schema.Boolean,
  callLimit: Schema.NullOr(Schema.Number),
  userId: Schema.NullOr(Schema.String),
  version: Schema.Number,
  createdAt: Schema.String,
  updatedAt: Schema.String,
  passwordChangedAt: Schema.String,
}
export const SipAccountDto = Schema.Struct(accountFields)
export type SipAccountDto = typeof SipAccountDto.Type
/** The answer of create and reset-password: the only time the password is shown. */
export const SipAccountWithPassword = Schema.Struct({ ...accountFields, password: Schema.String })
export type SipAccountWithPassword = typeof SipAccountWithPassword.Type
export const SipAccountPage = Schema.Struct({ items: Schema.Array(SipAccountDto), nextCursor: Schema.NullOr(Schema.String) })

// ---------------------------------------------------------------------------------------------
// Extensions

const uniqueMembers = Schema.makeFilter((ids: readonly string[]) => {
  const seen = new Set<string>()
  for (const [i, id] of ids.entries()) {
    if (seen.has(id.toLowerCase())) return { path: [i], issue: msg.duplicate }
    seen.add(id.toLowerCase())
  }
  return undefined
})
const extensionFields = {
  number: ExtensionNumber,
  name: Schema.optional(Schema.NullOr(Line(200))),
  /** SIP account ids of the tenant, rung in parallel */
  members: Schema.Array(Uuid).check(Schema.isMinLength(1), Schema.isMaxLength(50), uniqueMembers),
}
export const NewExtension = Schema.Struct(extensionFields)
export type NewExtension = typeof NewExtension.Type
/** A full replacement (an absent name is cleared), with the version it was read at. */
export const ExtensionUpdate = Schema.Struct({ ...extensionFields, version: Version })

export const ExtensionDto = Schema.Struct({
  id: Schema.String,
  number: Schema.String,
  name: Schema.NullOr(Schema.String),
  members: Schema.Array(Schema.String),
  version: Schema.Number,
  createdAt: Schema.String,
  updatedAt: Schema.String,
})
export type ExtensionDto = typeof ExtensionDto.Type

// ---------------------------------------------------------------------------------------------
// Call records

export const CallDirections = Schema.Literals(["internal", "inbound", "outbound"])
export const CallDispositions = Schema.Literals(["answered", "missed", "busy", "failed", "cancelled"])
export const HangupSides = Schema.Literals(["caller", "callee", "system"])

export const CallPartyDto = Schema.Struct({ user: Schema.String, displayName: Schema.NullOr(Schema.String), uri: Schema.String })
export const TransferStepDto = Schema.Struct({
  by: Schema.Literals(["caller", "callee"]),
  target: Schema.String,
  targetUser: Schema.NullOr(Schema.String),
  replaces: Schema.NullOr(Schema.Struct({ callId: Schema.String, toTag: Schema.NullOr(Schema.String), fromTag: Schema.NullOr(Schema.String) })),
  at: Schema.String,
  status: Schema.NullOr(Schema.Number),
})

export const CallRecordDto = Schema.Struct({
  id: Schema.String,
  callId: Schema.String,
  fromTag: Schema.String,
  from: CallPartyDto,
  to: CallPartyDto,
  callerAccountId: Schema.NullOr(Schema.String),
  calleeAccountId: Schema.NullOr(Schema.String),
  targetAccountIds: Schema.Array(Schema.String),
  /** the comments (display names) of the caller's and callee's accounts */
  callerName: Schema.NullOr(Schema.String),
  calleeName: Schema.NullOr(Schema.String),
  direction: CallDirections,
  startedAt: Schema.String,
  ringingAt: Schema.NullOr(Schema.String),
  answeredAt: Schema.NullOr(Schema.String),
  endedAt: Schema.String,
  ringSeconds: Schema.Number,
  talkSeconds: Schema.Number,
  disposition: CallDispositions,
  status: Schema.Number,
  reason: Schema.NullOr(Schema.String),
  hangup: HangupSides,
  transfers: Schema.Array(TransferStepDto),
  referredBy: Schema.NullOr(Schema.String),
  replacesCallId: Schema.NullOr(Schema.String),
})
export type CallRecordDto = typeof CallRecordDto.Type
export const CallRecordPage = Schema.Struct({ items: Schema.Array(CallRecordDto), nextCursor: Schema.NullOr(Schema.String) })

/** The list's cursor: the start time (ms) and id of the last record of the previous page. */
export const encodeCallCursor = (startedAt: Date, id: string) => `${startedAt.getTime()}.${id}`
export const decodeCallCursor = (cursor: string): { startedAt: Date; id: string } | undefined => {
  const m = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(cursor)
  if (!m) return undefined
  const startedAt = new Date(Number(m[1]))
  return Number.isNaN(startedAt.getTime()) ? undefined : { startedAt, id: m[2].toLowerCase() }
}

/** A date (UTC midnight) or a date-time with Z or an offset. */
const isoTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/
const IsoTime = Schema.String.check(Schema.makeFilter((s: string) => (isoTime.test(s) && !Number.isNaN(Date.parse(s)) ? undefined : msg.time)))

export const CallListQuery = Schema.Struct({
  /** calls that started at or after */
  from: Schema.optional(IsoTime),
  /** calls that started before */
  to: Schema.optional(IsoTime),
  /** calls the account made, answered or was rung for */
  account: Schema.optional(Uuid),
  direction: Schema.optional(CallDirections),
  disposition: Schema.optional(CallDispositions),
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 200 }))),
  cursor: Schema.optional(Schema.String.check(Schema.makeFilter((s: string) => (decodeCallCursor(s) ? undefined : msg.cursor)))),
}).check(Schema.makeFilter((q: { readonly from?: string | undefined; readonly to?: string | undefined }) =>
  q.from !== undefined && q.to !== undefined && Date.parse(q.from) >= Date.parse(q.to) ? { path: ["to"], issue: msg.order } : undefined))
export type CallListQuery = typeof CallListQuery.Type

// ---------------------------------------------------------------------------------------------
// The softphone

export const SoftphoneConfig = Schema.Struct({
  accountId: Schema.String,
  /** ws(s)://<host>/sip: SIP over WebSocket (RFC 7118), subprotocol "sip" */
  wsUrl: Schema.String,
  /** the address of record: sip:username@domain */
  uri: Schema.String,
  domain: Schema.String,
  authorizationUsername: Schema.String,
  /** a short-lived SIP token the registrar accepts as this account's password (not the account's password) */
  password: Schema.String,
  /** when the token stops working: fetch /me/sip again before */
  passwordExpiresAt: Schema.String,
  displayName: Schema.NullOr(Schema.String),
  /** the user's own numbers: the extensions the account rings for (the first is "my number") */
  extensions: Schema.Array(Schema.Struct({ number: Schema.String, name: Schema.NullOr(Schema.String) })),
  /** who can be dialled: the tenant's extensions and accounts */
  directory: Schema.Struct({
    extensions: Schema.Array(Schema.Struct({ number: Schema.String, name: Schema.NullOr(Schema.String) })),
    accounts: Schema.Array(Schema.Struct({ username: Schema.String, displayName: Schema.NullOr(Schema.String) })),
  }),
})
export type SoftphoneConfig = typeof SoftphoneConfig.Type
