/**
 * The `CaseMessages` service: the case's chat with its applicant. Outgoing
 * messages go through the configured channel (or are kept as not_sent when
 * there is none); incoming ones join a case by number or by the sender's
 * phone; providers report delivery. Every message is journaled and published
 * as `case.message`, again whenever its status changes. A move whose
 * transition has `notifyApplicant` texts the applicant (notify-on-move.ts).
 */
import {
  type Actor, CurrentActor, type Database, DomainRejection, EventBus, NotFound, transaction, useDb, ValidationError,
} from "@org/core/server"
import { and, asc, desc, eq } from "drizzle-orm"
import { Cause, Context, Effect, Fiber, Layer } from "effect"
import { v7 as uuidv7 } from "uuid"
import { writeJournal } from "../case-journal"
import { CaseTypes } from "../case-types-service"
import { Cases, normalisePhone } from "../cases-service"
import { caseMessages } from "../db/messages"
import { cases } from "../db/schema"
import { normaliseEmail } from "../fields"
import { type CaseDto, caseMoved } from "../index"
import { type CaseTypeDef, stateOf } from "../types"
import {
  caseMessage, type InboundMessage, type MessageChannelInfo, type MessageChannelName, type MessageDto, type MessageStatus,
  type MessageStatusUpdate, type NewMessage,
} from "./api"
import { type MessageChannel, MessageChannels, messageChannelsLayer, type SendResult } from "./channels"
import { notifyOnMove } from "./notify-on-move"
import { smsRuChannel } from "./sms-ru"

type Row = typeof caseMessages.$inferSelect

const toDto = (r: Row): MessageDto => ({
  id: r.id,
  caseId: r.caseId,
  direction: r.direction as MessageDto["direction"],
  channel: r.channel as MessageChannelName,
  to: r.toAddress,
  from: r.fromAddress,
  text: r.text,
  status: r.status as MessageStatus,
  statusReason: r.statusReason,
  createdAt: new Date(r.createdAt).toISOString(),
  by: r.createdBy,
})

/** Delivery only moves forward: a late "sent" report never undoes "delivered". */
const rank: Record<string, number> = { queued: 0, sent: 1, delivered: 2, failed: 2 }

/** Untyped cases are active while new or in progress; typed ones while their state is open or paused. */
const UNTYPED_ACTIVE = ["new", "in_progress"]

const noCase = () =>
  new DomainRejection({
    status: 404, code: "no_case_for_message",
    en: "No case to join this message to: no such case number, and no active case of this sender",
    ru: "Сообщение не к чему привязать: нет обращения с таким номером и нет активного обращения этого отправителя",
  })

/** Configuration of real providers; channels left out keep messages in the database only. */
export interface MessagingConfig {
  readonly sms?: { readonly provider: "smsru"; readonly apiId: string; readonly baseUrl?: string; readonly from?: string }
}

export class CaseMessages extends Context.Service<CaseMessages>()("@org/cases/CaseMessages", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const casesService = yield* Cases
    const types = yield* CaseTypes
    const channels = yield* MessageChannels
    const context = yield* Effect.context<Database>()

    const publish = (dto: MessageDto) => bus.publish(caseMessage, { caseId: dto.caseId, message: dto })

    /** Inserts the message with its journal entry and event; undefined when `notifyKey` was already used. */
    const record = (values: Omit<typeof caseMessages.$inferInsert, "tenantId">) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        return yield* transaction(Effect.gen(function* () {
          const [row] = yield* useDb((db) =>
            db.insert(caseMessages).values({ ...values, tenantId: actor.tenantId }).onConflictDoNothing().returning(),
          )
          if (!row) return undefined
          const dto = toDto(row)
          yield* writeJournal(dto.caseId, "message", { messageId: dto.id, direction: dto.direction, channel: dto.channel, to: dto.to, from: dto.from, text: dto.text })
          yield* publish(dto)
          return dto
        }))
      })

    const saveResult = (id: string, channel: MessageChannel, result: SendResult) =>
      transaction(Effect.gen(function* () {
        const [row] = yield* useDb((db) =>
          db.update(caseMessages).set({
            status: result.status, statusReason: result.reason ?? null, provider: channel.provider,
            providerMessageId: result.providerMessageId ?? null, updatedAt: new Date(),
          }).where(eq(caseMessages.id, id)).returning(),
        )
        const dto = toDto(row)
        yield* publish(dto)
        return dto
      }))

    /**
     * Sends through the channel: with no provider the message is stored as not_sent at once;
     * otherwise it is stored as queued (so a crash mid-send leaves an honest record), sent, then updated.
     */
    const dispatch = (caseId: string, input: { channel: MessageChannelName; to: string; text: string; notifyKey?: string }) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const channel = channels[input.channel]
        const base = {
          id: uuidv7(), caseId, direction: "out", channel: input.channel, toAddress: input.to, fromAddress: null, text: input.text,
          notifyKey: input.notifyKey ?? null, createdBy: actor.userId,
        }
        if (!channel.provider) {
          const result = yield* channel.send({ id: base.id, tenantId: actor.tenantId, channel: input.channel, to: input.to, text: input.text })
          return yield* record({ ...base, status: result.status, statusReason: result.reason ?? null })
        }
        const queued = yield* record({ ...base, status: "queued", provider: channel.provider })
        if (!queued) return undefined
        const result = yield* channel.send({ id: queued.id, tenantId: actor.tenantId, channel: input.channel, to: input.to, text: input.text })
        return yield* saveResult(queued.id, channel, result)
      })

    /** Where a message to the case's applicant goes when the operator names no address. */
    const defaultAddress = (c: CaseDto, channel: MessageChannelName) =>
      Effect.gen(function* () {
        if (channel !== "email") return c.applicantPhone
        if (!c.type) return null
        const def = (yield* types.get(c.type)).definition
        const field = def.fields.find((f) => f.kind === "email" && typeof c.values[f.key] === "string" && c.values[f.key] !== "")
        return field ? (c.values[field.key] as string) : null
      })

    const addressFor = (channel: MessageChannelName, raw: string) => {
      if (channel === "sms") {
        const phone = normalisePhone(raw)
        return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : undefined
      }
      if (channel === "email") {
        const email = normaliseEmail(raw)
        return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email) ? email : undefined
      }
      return raw.trim() || undefined
    }

    const send = Effect.fn("CaseMessages.send")(function* (caseId: string, input: NewMessage) {
      const c = yield* casesService.get(caseId)
      const raw = input.to ?? (yield* defaultAddress(c, input.channel))
      if (!raw) {
        return yield* new ValidationError({ fields: [{ path: "to", en: "The case has no address for this channel: give one", ru: "У обращения нет адреса для этого канала: укажите его" }] })
      }
      const to = addressFor(input.channel, raw)
      if (!to) {
        return yield* new ValidationError({ fields: [{
          path: "to",
          en: input.channel === "email" ? "Expected an e-mail address like name@example.com" : "Expected a phone number like +7 900 123-45-67",
          ru: input.channel === "email" ? "Ожидается адрес электронной почты, например name@example.com" : "Ожидается номер телефона, например +7 900 123-45-67",
        }] })
      }
      const sent = yield* dispatch(caseId, { channel: input.channel, to, text: input.text })
      return sent!
    })

    const list = Effect.fn("CaseMessages.list")(function* (caseId: string) {
      const actor = yield* CurrentActor
      yield* casesService.get(caseId)
      const rows = yield* useDb((db) =>
        db.select().from(caseMessages)
          .where(and(eq(caseMessages.tenantId, actor.tenantId), eq(caseMessages.caseId, caseId)))
          .orderBy(asc(caseMessages.id)),
      )
      return rows.map(toDto)
    })

    const channelList = (): MessageChannelInfo[] =>
      (["sms", "email", "push"] as const).map((ch) => ({ channel: ch, configured: channels[ch].provider !== null, provider: channels[ch].provider }))

    /** Is a case in an open or paused state (typed) or new / in progress (untyped)? */
    const isActive = (r: typeof cases.$inferSelect, defs: Map<string, CaseTypeDef | null>) =>
      Effect.gen(function* () {
        if (!r.typeKey) return UNTYPED_ACTIVE.includes(r.status)
        if (!defs.has(r.typeKey)) {
          const def = yield* types.get(r.typeKey).pipe(Effect.map((t) => t.definition), Effect.catchTag("NotFound", () => Effect.succeed(null)))
          defs.set(r.typeKey, def)
        }
        const category = stateOf(defs.get(r.typeKey) ?? { states: [] } as unknown as CaseTypeDef, r.status)?.category
        return category === "open" || category === "paused"
      })

    const inbound = Effect.fn("CaseMessages.inbound")(function* (input: InboundMessage) {
      const actor = yield* CurrentActor
      const from = input.channel === "email" ? normaliseEmail(input.from) : normalisePhone(input.from)
      let target: typeof cases.$inferSelect | undefined
      if (input.caseNumber !== undefined) {
        ;[target] = yield* useDb((db) => db.select().from(cases).where(and(eq(cases.tenantId, actor.tenantId), eq(cases.number, input.caseNumber!.trim()))))
      } else if (input.channel !== "email") {
        const candidates = yield* useDb((db) =>
          db.select().from(cases).where(and(eq(cases.tenantId, actor.tenantId), eq(cases.applicantPhone, from))).orderBy(desc(cases.id)).limit(100),
        )
        const defs = new Map<string, CaseTypeDef | null>()
        for (const r of candidates) {
          if (yield* isActive(r, defs)) {
            target = r
            break
          }
        }
      }
      if (!target) return yield* noCase()
      const dto = yield* record({
        id: uuidv7(), caseId: target.id, direction: "in", channel: input.channel, toAddress: null, fromAddress: from, text: input.text,
        status: "received", createdBy: null,
      })
      return dto!
    })

    const updateStatus = Effect.fn("CaseMessages.updateStatus")(function* (input: MessageStatusUpdate) {
      const actor = yield* CurrentActor
      yield* transaction(Effect.gen(function* () {
        const [row] = yield* useDb((db) =>
          db.select().from(caseMessages).where(and(
            eq(caseMessages.tenantId, actor.tenantId), eq(caseMessages.providerMessageId, input.providerMessageId), eq(caseMessages.direction, "out"),
          )).for("update"),
        )
        if (!row) return yield* new NotFound({ entity: "message", id: input.providerMessageId })
        if (row.status === input.status || (rank[row.status] ?? 0) >= 2 || rank[input.status] < (rank[row.status] ?? 0)) return
        const [saved] = yield* useDb((db) =>
          db.update(caseMessages).set({
            status: input.status, statusReason: input.status === "failed" ? (input.reason ?? "failed") : null, updatedAt: new Date(),
          }).where(eq(caseMessages.id, row.id)).returning(),
        )
        yield* publish(toDto(saved))
      }))
    })

    // Every instance hears every move; the notify key lets exactly one of them text the applicant.
    const running = new Set<Fiber.Fiber<void>>()
    const off = bus.on(caseMoved, (event) => {
      const system: Actor = { tenantId: event.tenantId, userId: null, login: "system", roles: ["admin"], groups: [], via: "system" }
      const fiber = Effect.runFork(
        notifyOnMove(event, { types, dispatch }).pipe(
          Effect.provideService(CurrentActor, system),
          Effect.provideContext(context),
          Effect.catchCause((cause) => Effect.sync(() => console.error(`notify on move of case ${event.payload.case.id} failed`, Cause.pretty(cause)))),
        ),
      )
      running.add(fiber)
      fiber.addObserver(() => running.delete(fiber))
    })
    // Stopping: hear no more moves, and stop notices still in flight before the database closes.
    yield* Effect.addFinalizer(() => Effect.sync(off).pipe(Effect.andThen(Fiber.interruptAll(running))))

    return { send, list, channels: channelList, inbound, updateStatus }
  }),
}) {
  static layer = Layer.effect(CaseMessages, CaseMessages.make)

  /** The channels a deployment configured (SMS.ru for sms); the rest keep messages in the database. */
  static channels = (config: MessagingConfig) =>
    messageChannelsLayer(config.sms ? { sms: smsRuChannel(config.sms) } : {})
}
