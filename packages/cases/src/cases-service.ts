/** The `Cases` service: create, read and list cases of the current tenant. */
import { CurrentActor, EventBus, NotFound, recordAudit, toPage, transaction, useDb } from "@org/core/server"
import { and, desc, eq, lt, sql } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { v7 as uuidv7 } from "uuid"
import { caseCreated, type CaseDto, type NewCase } from "./index"
import { caseCounters, cases } from "./db/schema"

const toDto = (r: typeof cases.$inferSelect): CaseDto => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status as CaseDto["status"],
  applicantPhone: r.applicantPhone,
  createdAt: new Date(r.createdAt).toISOString(),
})

/** Keeps the digits and a leading plus: "+7 (900) 123-45-67" → "+79001234567". */
export const normalisePhone = (raw: string) => (raw.trim().startsWith("+") ? "+" : "") + raw.replace(/\D/g, "")

export class Cases extends Context.Service<Cases>()("@org/cases/Cases", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus

    const create = Effect.fn("Cases.create")(function* (input: NewCase) {
      const actor = yield* CurrentActor
      return yield* transaction(Effect.gen(function* () {
        const [{ last }] = yield* useDb((db) =>
          db.insert(caseCounters).values({ tenantId: actor.tenantId, last: 1 })
            .onConflictDoUpdate({ target: caseCounters.tenantId, set: { last: sql`${caseCounters.last} + 1` } })
            .returning({ last: caseCounters.last }),
        )
        const [row] = yield* useDb((db) =>
          db.insert(cases).values({
            id: uuidv7(),
            tenantId: actor.tenantId,
            number: String(last).padStart(6, "0"),
            title: input.title.trim(),
            applicantPhone: input.applicantPhone ? normalisePhone(input.applicantPhone) : null,
            createdBy: actor.userId,
          }).returning(),
        )
        const dto = toDto(row)
        yield* recordAudit({ action: "case.create", entity: "case", entityId: dto.id, data: { number: dto.number } })
        yield* bus.publish(caseCreated, dto)
        return dto
      }))
    })

    const get = Effect.fn("Cases.get")(function* (id: string) {
      const actor = yield* CurrentActor
      const [row] = yield* useDb((db) => db.select().from(cases).where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, id))))
      if (!row) return yield* new NotFound({ entity: "case", id })
      return toDto(row)
    })

    /** Newest first; the cursor is the id of the last case of the previous page (ids are UUIDv7). */
    const list = Effect.fn("Cases.list")(function* (q: { limit: number; cursor?: string | undefined }) {
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) =>
        db.select().from(cases)
          .where(and(eq(cases.tenantId, actor.tenantId), q.cursor ? lt(cases.id, q.cursor) : undefined))
          .orderBy(desc(cases.id))
          .limit(q.limit + 1),
      )
      return toPage(rows, q.limit, toDto)
    })

    return { create, get, list }
  }),
}) {
  static layer = Layer.effect(Cases, Cases.make)
}
