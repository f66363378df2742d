/**
 * How partner services and case actions are stored and shown: rows to DTOs,
 * and the words (ru/en) the service's refusals use.
 */
import type { caseActions, caseServices } from "../db/partner-services"
import type { Bilingual } from "../db/reference"
import type { CaseActionDto, PartnerServiceDto, PartnerServiceStatus } from "./api"

export type ServiceRow = typeof caseServices.$inferSelect
type ActionRow = typeof caseActions.$inferSelect
type Money = { amount: number; currency: string }

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())
const money = (amount: number | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount: Number(amount), currency }

export const serviceDto = (r: ServiceRow, caseNumber: string): PartnerServiceDto => ({
  id: r.id,
  caseId: r.caseId,
  caseNumber,
  kind: r.kind,
  kindLabel: r.kindLabel,
  status: r.status,
  partnerId: r.partnerId,
  partnerName: r.partnerName,
  orderedAt: iso(r.orderedAt),
  assignedAt: iso(r.assignedAt),
  arrivedAt: iso(r.arrivedAt),
  finishedAt: iso(r.finishedAt),
  customerCost: money(r.customerCostAmount, r.customerCostCurrency),
  partnerCost: money(r.partnerCostAmount, r.partnerCostCurrency),
  comment: r.comment,
  satisfied: r.satisfied,
  handedOffAt: iso(r.handedOffAt),
  handedOffBy: r.handedOffBy,
  version: r.version,
  createdAt: iso(r.createdAt)!,
  updatedAt: iso(r.updatedAt)!,
})

export const actionDto = (r: ActionRow): CaseActionDto => ({
  id: r.id,
  caseId: r.caseId,
  kind: r.kind,
  kindLabel: r.kindLabel,
  dueAt: iso(r.dueAt),
  doneAt: iso(r.doneAt),
  status: r.doneAt ? "done" : "open",
  assigneeId: r.assigneeId,
  comment: r.comment,
  serviceId: r.serviceId,
  createdAt: iso(r.createdAt)!,
})

export const SERVICE_TYPES = "service_types"
export const ACTION_TYPES = "action_types"
/** The action a hand-off creates; its label when the tenant's "action_types" has no such item. */
export const BACK_OFFICE = "BACK_OFFICE"
export const backOfficeLabel: Bilingual = { ru: "Передача в бэк-офис", en: "Hand over to the back office" }

/** The times of a service in the order they happen; each must not be before the one above it. */
export const TIMES = ["orderedAt", "assignedAt", "arrivedAt", "finishedAt"] as const
type TimeField = (typeof TIMES)[number]
export const timeLabels: Record<TimeField, Bilingual> = {
  orderedAt: { ru: "время заказа", en: "the order time" },
  assignedAt: { ru: "время назначения", en: "the assignment time" },
  arrivedAt: { ru: "время прибытия", en: "the arrival time" },
  finishedAt: { ru: "время окончания", en: "the finish time" },
}
export const statusLabels: Record<PartnerServiceStatus, Bilingual> = {
  draft: { ru: "Черновик", en: "Draft" },
  ordered: { ru: "Заказана", en: "Ordered" },
  assigned: { ru: "Назначена", en: "Assigned" },
  in_progress: { ru: "Выполняется", en: "In progress" },
  done: { ru: "Выполнена", en: "Done" },
  cancelled: { ru: "Отменена", en: "Cancelled" },
}

/** What the hand-off needs of the service itself. */
export const handOffNeeds: { path: string; ok: (r: ServiceRow) => boolean; en: string; ru: string }[] = [
  { path: "partnerId", ok: (r) => r.partnerId !== null, en: "Choose the partner before handing off to the back office", ru: "Выберите партнёра перед передачей в бэк-офис" },
  { path: "orderedAt", ok: (r) => r.orderedAt !== null, en: "Give the order time before handing off to the back office", ru: "Укажите время заказа перед передачей в бэк-офис" },
  { path: "customerCost", ok: (r) => r.customerCostAmount !== null, en: "Give the cost for the customer before handing off to the back office", ru: "Укажите стоимость для клиента перед передачей в бэк-офис" },
  { path: "partnerCost", ok: (r) => r.partnerCostAmount !== null, en: "Give the partner's cost before handing off to the back office", ru: "Укажите стоимость у партнёра перед передачей в бэк-офис" },
]

