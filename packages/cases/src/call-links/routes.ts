/**
 * Links from a case to telephone calls: the journal records the call id (and
 * what is known about the call) so the card can show it next to the case's
 * history; telephony posts here when a call is taken with a case open.
 */
import { type AppEnv, type AppRuntime, endpoint, transaction } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { Cases } from "../cases-service"
import { writeJournal } from "../case-journal"

export const CallLink = Schema.Struct({
  /** the SIP Call-ID or the telephony call record's id */
  callId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(255)),
  direction: Schema.optional(Schema.Literals(["inbound", "outbound", "internal"])),
  from: Schema.optional(Schema.String.check(Schema.isMaxLength(100))),
  to: Schema.optional(Schema.String.check(Schema.isMaxLength(100))),
  startedAt: Schema.optional(Schema.String.check(Schema.isPattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/))),
})

const Id = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })

export const makeCallLinksRoutes = (runtime: AppRuntime<any>) =>
  new Hono<AppEnv>().post("/:id/calls", endpoint(runtime)({
    summary: "Link a call to the case (journal entry kind \"call\")", tags: ["cases"], params: Id, body: CallLink, status: 204,
  }, ({ params, body }) => Effect.gen(function* () {
    const cases = yield* Cases
    yield* cases.get(params.id) // 404 for another tenant's or a missing case
    yield* transaction(writeJournal(params.id, "call", { callId: body.callId, direction: body.direction ?? null, from: body.from ?? null, to: body.to ?? null, startedAt: body.startedAt ?? null }))
  })))
