/**
 * Browser-safe schemas and events of partner services inside a case (tow
 * truck, technical help, taxi, hotel …), the case's actions, and the hand-off
 * of a service to the back office (re-exported by @org/cases).
 */
import { bilingual, defineEvent } from "@org/core"
import { Schema } from "effect"

/** The life of a service: draft → ordered → assigned → in_progress → done; any of them → cancelled. */
export const PARTNER_SERVICE_FLOW = ["draft", "ordered", "assigned", "in_progress", "done"] as const
export const PartnerServiceStatus = Schema.Literals(["draft", "ordered", "assigned", "in_progress", "done", "cancelled"])
export type PartnerServiceStatus = typeof PartnerServiceStatus.Type

/** The time a move to a status records when it is not given: ordered → orderedAt … done → finishedAt. */
export const PARTNER_SERVICE_STATUS_TIME = {
  ordered: "orderedAt", assigned: "assignedAt", in_progress: "arrivedAt", done: "finishedAt",
} as const satisfies Partial<Record<PartnerServiceStatus, string>>

/** The statuses a service may move to from `status` (the next one of the flow, or cancelled). */
export const partnerServiceMoves = (status: PartnerServiceStatus): PartnerServiceStatus[] => {
  if (status === "cancelled") return []
  const i = PARTNER_SERVICE_FLOW.indexOf(status)
  const next = PARTNER_SERVICE_FLOW[i + 1]
  return next ? [next, "cancelled"] : ["cancelled"]
}

const noNul = Schema.makeFilter((s: string) =>
  s.includes("\u0000") ? bilingual("Must not contain the NUL character", "Не может содержать символ NUL") : undefined)
const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max), noNul)
const Uuid = Schema.String.check(Schema.isUUID())

/** A code of a dictionary item (service_types, action_types): 1–64 characters without spaces. */
const ItemCode = Schema.String.check(Schema.isPattern(/^[^\s\u0000]{1,64}$/, {
  message: bilingual("Expected a code of 1–64 characters without spaces, e.g. TOW", "Ожидается код из 1–64 символов без пробелов, например TOW"),
}))

/** An instant with its offset: "2025-03-01T10:15:00Z", "2025-03-01T13:15:00+03:00". */
export const Instant = Schema.String.check(Schema.makeFilter((s: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s))
  && new Date(s).getUTCFullYear() >= 2000 && new Date(s).getUTCFullYear() <= 2999
    ? undefined
    : bilingual("Expected a time like 2025-03-01T10:15:00Z", "Ожидается время, например 2025-03-01T10:15:00Z")))

/** Money as the API carries it: integer minor units (kopecks) and an ISO 4217 code. */
export const PartnerServiceMoney = Schema.Struct({ amount: Schema.Number, currency: Schema.String })
export type PartnerServiceMoney = typeof PartnerServiceMoney.Type
/** A cost as typed: a non-negative whole number of minor units and a currency code. */
export const CostInput = Schema.Struct({
  amount: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  currency: Schema.String.check(Schema.isPattern(/^[A-Z]{3}$/, {
    message: bilingual("Expected a currency code like RUB", "Ожидается код валюты, например RUB"),
  })),
})

const Label = Schema.Struct({ ru: Schema.String, en: Schema.String })

export const PartnerServiceDto = Schema.Struct({
  id: Schema.String,
  caseId: Schema.String,
  caseNumber: Schema.String,
  /** a code of the tenant's "service_types" dictionary (TOW, TECH_HELP, TAXI, HOTEL …) */
  kind: Schema.String,
  kindLabel: Label,
  status: PartnerServiceStatus,
  partnerId: Schema.NullOr(Schema.String),
  partnerName: Schema.NullOr(Schema.String),
  orderedAt: Schema.NullOr(Schema.String),
  assignedAt: Schema.NullOr(Schema.String),
  arrivedAt: Schema.NullOr(Schema.String),
  finishedAt: Schema.NullOr(Schema.String),
  customerCost: Schema.NullOr(PartnerServiceMoney),
  partnerCost: Schema.NullOr(PartnerServiceMoney),
  comment: Schema.NullOr(Schema.String),
  satisfied: Schema.NullOr(Schema.Boolean),
  handedOffAt: Schema.NullOr(Schema.String),
  /** the login of who handed it off */
  handedOffBy: Schema.NullOr(Schema.String),
  version: Schema.Number,
  createdAt: Schema.String,
  updatedAt: Schema.String,
})
export type PartnerServiceDto = typeof PartnerServiceDto.Type
export const PartnerServiceList = Schema.Struct({ items: Schema.Array(PartnerServiceDto) })
export const PartnerServicePage = Schema.Struct({ items: Schema.Array(PartnerServiceDto), nextCursor: Schema.NullOr(Schema.String) })

export const NewPartnerService = Schema.Struct({
  kind: ItemCode,
  partnerId: Schema.optional(Schema.NullOr(Uuid)),
  comment: Schema.optional(Schema.NullOr(Text(2000))),
  customerCost: Schema.optional(Schema.NullOr(CostInput)),
  partnerCost: Schema.optional(Schema.NullOr(CostInput)),
})
export type NewPartnerService = typeof NewPartnerService.Type

/** Only the fields to change; null clears one. Moving the status records its time when not given. */
export const PartnerServiceChange = Schema.Struct({
  version: Schema.Int,
  status: Schema.optional(PartnerServiceStatus),
  partnerId: Schema.optional(Schema.NullOr(Uuid)),
  orderedAt: Schema.optional(Schema.NullOr(Instant)),
  assignedAt: Schema.optional(Schema.NullOr(Instant)),
  arrivedAt: Schema.optional(Schema.NullOr(Instant)),
  finishedAt: Schema.optional(Schema.NullOr(Instant)),
  customerCost: Schema.optional(Schema.NullOr(CostInput)),
  partnerCost: Schema.optional(Schema.NullOr(CostInput)),
  comment: Schema.optional(Schema.NullOr(Text(2000))),
  satisfied: Schema.optional(Schema.NullOr(Schema.Boolean)),
})
export type PartnerServiceChange = typeof PartnerServiceChange.Type

export const PartnerServiceHandOff = Schema.Struct({ version: Schema.Int })

export const CaseActionDto = Schema.Struct({
  id: Schema.String,
  caseId: Schema.String,
  /** a code of the tenant's "action_types" dictionary (CALL_CLIENT, BACK_OFFICE …) */
  kind: Schema.String,
  kindLabel: Label,
  dueAt: Schema.NullOr(Schema.String),
  doneAt: Schema.NullOr(Schema.String),
  status: Schema.Literals(["open", "done"]),
  assigneeId: Schema.NullOr(Schema.String),
  comment: Schema.NullOr(Schema.String),
  /** the service the action is about (a hand-off's service), if any */
  serviceId: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
})
export type CaseActionDto = typeof CaseActionDto.Type
export const CaseActionList = Schema.Struct({ items: Schema.Array(CaseActionDto) })

export const NewCaseAction = Schema.Struct({
  kind: ItemCode,
  dueAt: Schema.optional(Schema.NullOr(Instant)),
  assigneeId: Schema.optional(Schema.NullOr(Uuid)),
  comment: Schema.optional(Schema.NullOr(Text(2000))),
})
export type NewCaseAction = typeof NewCaseAction.Type

/** A service of a case was added, changed or handed off to the back office. */
export const caseServiceChanged = defineEvent("case.service_changed", Schema.Struct({ caseId: Schema.String, service: PartnerServiceDto }))
