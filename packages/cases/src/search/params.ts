/** The query string of GET /api/v1/cases: the list's filters, search and paging, decoded strictly. */
import { bilingual } from "@org/core"
import { Schema } from "effect"
import { CaseListPeriod, CaseListSort, CaseStatusGroup } from "./api"
import { decodeCursor } from "./cursor"

const msg = {
  cursor: bilingual("Not a cursor of this list: use nextCursor from the previous page", "Это не курсор списка: используйте nextCursor предыдущей страницы"),
  time: bilingual("Expected a date (2026-01-31) or a time with its offset (2026-01-31T09:00:00Z)", "Ожидается дата (2026-01-31) или время со смещением (2026-01-31T09:00:00Z)"),
  assignee: bilingual("Expected a user id, me or none", "Ожидается id пользователя, me или none"),
  key: bilingual("Expected a key of lower-case latin letters, digits and _", "Ожидается ключ из строчных латинских букв, цифр и _"),
  rangeOnly: bilingual("from and to apply to period=range only", "from и to задаются только при period=range"),
  rangeNeeds: bilingual("period=range needs from, to or both", "Для period=range укажите from, to или оба"),
  order: bilingual("from must be before to", "from должно быть раньше to"),
}

/** A date (UTC midnight) or a date-time with Z or an offset: never a wall-clock time of an unknown zone. */
const isoTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/
const IsoTime = Schema.String.check(Schema.makeFilter((s: string) => (isoTime.test(s) && !Number.isNaN(Date.parse(s)) ? undefined : msg.time)))
const Key = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/, { message: msg.key }))
const uuidOrWord = /^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/

export const CaseListQuery = Schema.Struct({
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 200 }))),
  cursor: Schema.optional(Schema.String.check(Schema.makeFilter((s: string) => (decodeCursor(s) ? undefined : msg.cursor)))),
  q: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
  period: Schema.optional(CaseListPeriod),
  from: Schema.optional(IsoTime),
  to: Schema.optional(IsoTime),
  statusGroup: Schema.optional(CaseStatusGroup),
  type: Schema.optional(Key),
  status: Schema.optional(Key),
  assignee: Schema.optional(Schema.String.check(Schema.isPattern(uuidOrWord, { message: msg.assignee }))),
  attention: Schema.optional(Schema.Literals(["true", "false"])),
  sort: Schema.optional(CaseListSort),
}).check(
  Schema.makeFilter((p: { readonly period?: string | undefined; readonly from?: string | undefined; readonly to?: string | undefined }) => {
    const ranged = p.from !== undefined || p.to !== undefined
    if (ranged && p.period !== undefined && p.period !== "range") return { path: [p.from !== undefined ? "from" : "to"], issue: msg.rangeOnly }
    if (p.period === "range" && !ranged) return { path: ["period"], issue: msg.rangeNeeds }
    if (p.from !== undefined && p.to !== undefined && Date.parse(p.from) >= Date.parse(p.to)) return { path: ["to"], issue: msg.order }
    return undefined
  }),
)
export type CaseListQuery = typeof CaseListQuery.Type
