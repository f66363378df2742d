/**
 * The `PartnerServices` service: partner services inside a case (tow truck,
 * technical help, taxi, hotel … — codes of the tenant's "service_types"
 * dictionary), ordered from partners of the reference book, with their times
 * and costs; the hand-off of a service to the back office; and the case's
 * actions (codes of "action_types") with due and done times.
 *
 * Every change of a service is versioned (stale → 409 with the current
 * version), journaled (kind "service") and published as
 * `case.service_changed` in the same transaction.
 */
import {
  Conflict, CurrentActor, DomainRejection, EventBus, type FieldIssue, NotFound, toPage, transaction, userDto, useDb, ValidationError,
} from "@org/core/server"
import { and, asc, desc, eq, isNotNull, isNull, lt } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { v7 as uuidv7 } from "uuid"
import { writeJournal } from "../case-journal"
import { CaseTypes } from "../case-types-service"
import { Cases } from "../cases-service"
import { caseActions, caseServices } from "../db/partner-services"
import { cases } from "../db/schema"
import { Reference } from "../reference-service"
import { isEmpty } from "../types"
import {
  caseServiceChanged, type NewCaseAction, type NewPartnerService, PARTNER_SERVICE_STATUS_TIME,
  type PartnerServiceChange, type PartnerServiceDto, partnerServiceMoves, type PartnerServiceStatus,
} from "./api"
import {
  ACTION_TYPES, actionDto, BACK_OFFICE, backOfficeLabel, handOffNeeds, iso, isUuid, SERVICE_TYPES, serviceDto, statusLabels, TIMES, timeLabels,
} from "./rows"

export interface ServiceQueueQuery {
  readonly limit: number
  readonly cursor?: string | undefined
  readonly status?: PartnerServiceStatus | undefined
  readonly kind?: string | undefined
  readonly partnerId?: string | undefined
  readonly handedOff?: boolean | undefined
}

export class PartnerServices extends Context.Service<PartnerServices>()("@org/cases/PartnerServices", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const casesService = yield* Cases
    const types = yield* CaseTypes
    const reference = yield* Reference

    /** The case (of the current tenant), or NotFound. */
    const caseOf = (id: string) => (isUuid(id) ? casesService.get(id) : Effect.fail(new NotFound({ entity: "case", id })))

    const serviceRow = (caseId: string, serviceId: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [r] = isUuid(serviceId)
          ? yield* useDb((db) => db.select().from(caseServices)
            .where(and(eq(caseServices.tenantId, actor.tenantId), eq(caseServices.caseId, caseId), eq(caseServices.id, serviceId))))
          : []
        if (!r) return yield* new NotFound({ entity: "case_service", id: serviceId })
        return r
      })

    /** A concurrent change won the race: 409 with the version it left. */
    const staleService = (id: string) =>
      useDb((db) => db.select({ version: caseServices.version }).from(caseServices).where(eq(caseServices.id, id))).pipe(
        Effect.flatMap(([row]) => Effect.fail(new Conflict({ entity: "case_service", currentVersion: row?.version }))),
      )

    /** The live item with this code in the tenant's dictionary, or undefined (also when there is no such dictionary). */
    const itemByCode = (dictionary: string, code: string) =>
      reference.listItems(dictionary, { q: code, limit: 200 }).pipe(
        Effect.map((page) => page.items.find((i) => i.code === code)),
        Effect.catchTag("NotFound", () => Effect.succeed(undefined)),
      )

    /** The partner to order from: one of the tenant's, not archived — or the problem to report under `partnerId`. */
    const partnerFor = (id: string) =>
      reference.getPartner(id).pipe(
        Effect.map((p): { partner: { id: string; name: string } } | { issue: FieldIssue } =>
          p.archived
            ? { issue: { path: "partnerId", en: "This partner is archived", ru: "Этот партнёр в архиве" } }
            : { partner: { id: p.id, name: p.name } }),
        Effect.catchTag("NotFound", () =>
          Effect.succeed({ issue: { path: "partnerId", en: "No such partner in the reference book", ru: "Такого партнёра нет в справочнике" } })),
      )

    const publish = (dto: PartnerServiceDto) => bus.publish(caseServiceChanged, { caseId: dto.caseId, service: dto })

    const list = Effect.fn("PartnerServices.list")(function* (caseId: string) {
      const actor = yield* CurrentActor
      const c = yield* caseOf(caseId)
      const rows = yield* useDb((db) => db.select().from(caseServices)
        .where(and(eq(caseServices.tenantId, actor.tenantId), eq(caseServices.caseId, c.id))).orderBy(asc(caseServices.id)))
      return rows.map((r) => serviceDto(r, c.number))
    })

    const create = Effect.fn("PartnerServices.create")(function* (caseId: string, input: NewPartnerService) {
      const actor = yield* CurrentActor
      const c = yield* caseOf(caseId)
      const issues: FieldIssue[] = []
      const kind = yield* itemByCode(SERVICE_TYPES, input.kind)
      if (!kind) issues.push({ path: "kind", en: "Not a service type of the service_types dictionary", ru: "Такого вида услуги нет в справочнике видов услуг" })
      let partner: { id: string; name: string } | null = null
      if (input.partnerId) {
        const found = yield* partnerFor(input.partnerId)
        if ("issue" in found) issues.push(found.issue)
        else partner = found.partner
      }
      if (issues.length) return yield* new ValidationError({ fields: issues })
      return yield* transaction(Effect.gen(function* () {
        const [r] = yield* useDb((db) => db.insert(caseServices).values({
          id: uuidv7(),
          tenantId: actor.tenantId,
          caseId: c.id,
          kind: input.kind,
          kindLabel: kind!.label,
          partnerId: partner?.id ?? null,
          partnerName: partner?.name ?? null,
          customerCostAmount: input.customerCost?.amount ?? null,
          customerCostCurrency: input.customerCost?.currency ?? null,
          partnerCostAmount: input.partnerCost?.amount ?? null,
          partnerCostCurrency: input.partnerCost?.currency ?? null,
          comment: input.comment?.trim() || null,
          createdBy: actor.userId,
        }).returning())
        const dto = serviceDto(r, c.number)
        yield* writeJournal(c.id, "service", {
          change: "service_added", serviceId: dto.id, kind: dto.kind, kindLabel: dto.kindLabel, status: dto.status,
          partnerId: dto.partnerId, partnerName: dto.partnerName, customerCost: dto.customerCost, partnerCost: dto.partnerCost,
        })
        yield* publish(dto)
        return dto
      }))
    })

    const update = Effect.fn("PartnerServices.update")(function* (caseId: string, serviceId: string, change: PartnerServiceChange) {
      const c = yield* caseOf(caseId)
      const r = yield* serviceRow(c.id, serviceId)
      if (r.version !== change.version) return yield* new Conflict({ entity: "case_service", currentVersion: r.version })
      const before = serviceDto(r, c.number)
      const after: { -readonly [K in keyof PartnerServiceDto]: PartnerServiceDto[K] } = { ...before }
      const issues: FieldIssue[] = []

      if (change.status !== undefined && change.status !== r.status) {
        const allowed = partnerServiceMoves(r.status)
        if (!allowed.includes(change.status)) {
          return yield* new DomainRejection({
            status: 409, code: "move_not_allowed",
            en: `A service in "${statusLabels[r.status].en}" cannot move to "${statusLabels[change.status].en}"`,
            ru: `Услугу в статусе «${statusLabels[r.status].ru}» нельзя перевести в «${statusLabels[change.status].ru}»`,
            extra: { allowed },
          })
        }
        after.status = change.status
      }
      if (change.partnerId !== undefined && change.partnerId !== r.partnerId) {
        if (change.partnerId === null) {
          after.partnerId = null
          after.partnerName = null
        } else {
          const found = yield* partnerFor(change.partnerId)
          if ("issue" in found) issues.push(found.issue)
          else {
            after.partnerId = found.partner.id
            after.partnerName = found.partner.name
          }
        }
      }
      for (const f of TIMES) if (change[f] !== undefined) after[f] = change[f] === null ? null : new Date(change[f]!).toISOString()
      // A move records its time (ordered → orderedAt …) unless the service already has it or the change gives it.
      const moveTime = after.status !== r.status ? PARTNER_SERVICE_STATUS_TIME[after.status as keyof typeof PARTNER_SERVICE_STATUS_TIME] : undefined
      if (moveTime && after[moveTime] === null) after[moveTime] = new Date().toISOString()
      for (const [i, f] of TIMES.entries()) {
        const earlier = TIMES.slice(0, i).filter((e) => after[e] !== null).at(-1)
        if (earlier && after[f] !== null && Date.parse(after[f]!) < Date.parse(after[earlier]!)) {
          issues.push({
            path: f,
            en: `Must not be before ${timeLabels[earlier].en}`,
            ru: `Не может быть раньше, чем ${timeLabels[earlier].ru}`,
          })
        }
      }
      if (issues.length) return yield* new ValidationError({ fields: issues })
      if (change.customerCost !== undefined) after.customerCost = change.customerCost
      if (change.partnerCost !== undefined) after.partnerCost = change.partnerCost
      if (change.comment !== undefined) after.comment = change.comment?.trim() || null
      if (change.satisfied !== undefined) after.satisfied = change.satisfied

      const fields = ["status", "partnerId", ...TIMES, "customerCost", "partnerCost", "comment", "satisfied"] as const
      const changes = fields
        .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
        .map((field) => ({ field, from: before[field], to: after[field] }))
      if (!changes.length) return before // nothing to do: no new version
      const date = (s: string | null) => (s === null ? null : new Date(s))
      return yield* transaction(Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(caseServices).set({
          status: after.status,
          partnerId: after.partnerId,
          partnerName: after.partnerName,
          orderedAt: date(after.orderedAt),
          assignedAt: date(after.assignedAt),
          arrivedAt: date(after.arrivedAt),
          finishedAt: date(after.finishedAt),
          customerCostAmount: after.customerCost?.amount ?? null,
          customerCostCurrency: after.customerCost?.currency ?? null,
          partnerCostAmount: after.partnerCost?.amount ?? null,
          partnerCostCurrency: after.partnerCost?.currency ?? null,
          comment: after.comment,
          satisfied: after.satisfied,
          version: change.version + 1,
          updatedAt: new Date(),
        }).where(and(eq(caseServices.id, r.id), eq(caseServices.version, change.version))).returning())
        if (!saved) return yield* staleService(r.id)
        const dto = serviceDto(saved, c.number)
        yield* writeJournal(c.id, "service", { change: "service_changed", serviceId: dto.id, kind: dto.kind, changes })
        yield* publish(dto)
        return dto
      }))
    })

    /**
     * Hands the service to the back office: refused with every missing thing at
     * once (the service's partner, order time and costs, and the case fields its
     * type's `handOff.requires` names), changing nothing; else records who and
     * when and opens a BACK_OFFICE action on the case.
     */
    const handOff = Effect.fn("PartnerServices.handOff")(function* (caseId: string, serviceId: string, version: number) {
      const actor = yield* CurrentActor
      const c = yield* caseOf(caseId)
      const r = yield* serviceRow(c.id, serviceId)
      if (r.handedOffAt) {
        return yield* new DomainRejection({
          status: 409, code: "already_handed_off",
          en: "The service is already handed off to the back office", ru: "Услуга уже передана в бэк-офис",
          extra: { handedOffAt: iso(r.handedOffAt), handedOffBy: r.handedOffBy },
        })
      }
      if (r.version !== version) return yield* new Conflict({ entity: "case_service", currentVersion: r.version })
      const issues: FieldIssue[] = handOffNeeds.filter((n) => !n.ok(r)).map(({ path, en, ru }) => ({ path, en, ru }))
      if (c.type) {
        // The type's current definition: what the back office needs is today's rule, not the one the case was opened under.
        const def = (yield* types.get(c.type)).definition
        for (const key of def.handOff?.requires ?? []) {
          if (!isEmpty(c.values[key])) continue
          const label = def.fields.find((f) => f.key === key)?.label ?? { ru: key, en: key }
          issues.push({
            path: `values.${key}`,
            en: `Fill in "${label.en}" before handing off to the back office`,
            ru: `Заполните «${label.ru}» перед передачей в бэк-офис`,
          })
        }
      }
      if (issues.length) return yield* new ValidationError({ fields: issues })
      const actionKind = yield* itemByCode(ACTION_TYPES, BACK_OFFICE)
      return yield* transaction(Effect.gen(function* () {
        const now = new Date()
        const [saved] = yield* useDb((db) => db.update(caseServices)
          .set({ handedOffAt: now, handedOffBy: actor.login, version: version + 1, updatedAt: now })
          .where(and(eq(caseServices.id, r.id), eq(caseServices.version, version), isNull(caseServices.handedOffAt))).returning())
        if (!saved) return yield* staleService(r.id)
        const [action] = yield* useDb((db) => db.insert(caseActions).values({
          id: uuidv7(), tenantId: actor.tenantId, caseId: c.id, kind: BACK_OFFICE, kindLabel: actionKind?.label ?? backOfficeLabel,
          serviceId: r.id, comment: `${r.kindLabel.ru}${r.partnerName ? ` — ${r.partnerName}` : ""}`, createdBy: actor.userId,
        }).returning())
        const dto = serviceDto(saved, c.number)
        yield* writeJournal(c.id, "service", { change: "service_handed_off", serviceId: dto.id, kind: dto.kind, actionId: action.id })
        yield* publish(dto)
        return dto
      }))
    })

    /** The back office's queue: services of every case of the tenant, newest first, paged by id. */
    const queue = Effect.fn("PartnerServices.queue")(function* (q: ServiceQueueQuery) {
      const actor = yield* CurrentActor
      const s = caseServices
      const rows = yield* useDb((db) => db.select({ s, number: cases.number }).from(s)
        .innerJoin(cases, eq(cases.id, s.caseId))
        .where(and(
          eq(s.tenantId, actor.tenantId),
          q.cursor ? lt(s.id, q.cursor) : undefined,
          q.status ? eq(s.status, q.status) : undefined,
          q.kind ? eq(s.kind, q.kind) : undefined,
          q.partnerId ? eq(s.partnerId, q.partnerId) : undefined,
          q.handedOff === undefined ? undefined : q.handedOff ? isNotNull(s.handedOffAt) : isNull(s.handedOffAt),
        ))
        .orderBy(desc(s.id))
        .limit(q.limit + 1))
      return toPage(rows.map((r) => ({ ...r, id: r.s.id })), q.limit, (r) => serviceDto(r.s, r.number))
    })

    // --- actions ---------------------------------------------------------------------------------

    const listActions = Effect.fn("PartnerServices.listActions")(function* (caseId: string) {
      const actor = yield* CurrentActor
      const c = yield* caseOf(caseId)
      const rows = yield* useDb((db) => db.select().from(caseActions)
        .where(and(eq(caseActions.tenantId, actor.tenantId), eq(caseActions.caseId, c.id))).orderBy(asc(caseActions.id)))
      return rows.map(actionDto)
    })

    const createAction = Effect.fn("PartnerServices.createAction")(function* (caseId: string, input: NewCaseAction) {
      const actor = yield* CurrentActor
      const c = yield* caseOf(caseId)
      const issues: FieldIssue[] = []
      const kind = yield* itemByCode(ACTION_TYPES, input.kind)
      if (!kind) issues.push({ path: "kind", en: "Not an action type of the action_types dictionary", ru: "Такого вида действия нет в справочнике видов действий" })
      if (input.assigneeId) {
        const user = yield* userDto(input.assigneeId, actor.tenantId)
        if (!user || user.disabled) issues.push({ path: "assigneeId", en: "No such user", ru: "Такого пользователя нет" })
      }
      if (issues.length) return yield* new ValidationError({ fields: issues })
      return yield* transaction(Effect.gen(function* () {
        const [r] = yield* useDb((db) => db.insert(caseActions).values({
          id: uuidv7(), tenantId: actor.tenantId, caseId: c.id, kind: input.kind, kindLabel: kind!.label,
          dueAt: input.dueAt ? new Date(input.dueAt) : null, assigneeId: input.assigneeId ?? null,
          comment: input.comment?.trim() || null, createdBy: actor.userId,
        }).returning())
        const dto = actionDto(r)
        yield* writeJournal(c.id, "service", { change: "action_added", actionId: dto.id, kind: dto.kind, kindLabel: dto.kindLabel, dueAt: dto.dueAt, assigneeId: dto.assigneeId })
        return dto
      }))
    })

    /** Marks an action done (once: a done action stays as it was). */
    const completeAction = Effect.fn("PartnerServices.completeAction")(function* (caseId: string, actionId: string) {
      const actor = yield* CurrentActor
      const c = yield* caseOf(caseId)
      return yield* transaction(Effect.gen(function* () {
        const [r] = isUuid(actionId)
          ? yield* useDb((db) => db.select().from(caseActions)
            .where(and(eq(caseActions.tenantId, actor.tenantId), eq(caseActions.caseId, c.id), eq(caseActions.id, actionId))))
          : []
        if (!r) return yield* new NotFound({ entity: "case_action", id: actionId })
        if (r.doneAt) return actionDto(r)
        const [saved] = yield* useDb((db) => db.update(caseActions).set({ doneAt: new Date() })
          .where(and(eq(caseActions.id, r.id), isNull(caseActions.doneAt))).returning())
        if (!saved) return actionDto((yield* useDb((db) => db.select().from(caseActions).where(eq(caseActions.id, r.id))))[0])
        yield* writeJournal(c.id, "service", { change: "action_done", actionId: r.id, kind: r.kind })
        return actionDto(saved)
      }))
    })

    return { list, create, update, handOff, queue, listActions, createAction, completeAction }
  }),
}) {
  static layer = Layer.effect(PartnerServices, PartnerServices.make)
}

/**
 * For the demo seed: adds a service to a case and walks it through the flow,
 * each step at `minutes` after `start` (ordered, assigned, arrived, finished —
 * as many as given), then sets its costs and the customer's answer.
 */
export const addDemoService = (caseId: string, demo: {
  readonly kind: string
  readonly partnerId?: string
  readonly start: Date
  readonly minutes: readonly number[]
  readonly customerCost?: { amount: number; currency: string }
  readonly partnerCost?: { amount: number; currency: string }
  readonly satisfied?: boolean
}) =>
  Effect.gen(function* () {
    const services = yield* PartnerServices
    let dto = yield* services.create(caseId, { kind: demo.kind, partnerId: demo.partnerId ?? null })
    const steps = [["ordered", "orderedAt"], ["assigned", "assignedAt"], ["in_progress", "arrivedAt"], ["done", "finishedAt"]] as const
    for (const [i, [status, time]] of steps.entries()) {
      if (demo.minutes[i] === undefined) break
      const at = new Date(demo.start.getTime() + demo.minutes[i]! * 60_000).toISOString()
      dto = yield* services.update(caseId, dto.id, { version: dto.version, status, [time]: at })
    }
    return yield* services.update(caseId, dto.id, {
      version: dto.version, customerCost: demo.customerCost ?? null, partnerCost: demo.partnerCost ?? null, satisfied: demo.satisfied ?? null,
    })
  })
