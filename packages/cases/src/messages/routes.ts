/**
 * HTTP routes of messages to and from the applicant, mounted under
 * /api/v1/cases. Providers and integrations (API keys with the admin role)
 * post inbound messages and delivery reports.
 */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { InboundMessage, MessageChannelInfo, MessageDto, MessageList, MessageStatusUpdate, NewMessage } from "./api"
import { CaseMessages } from "./service"

const tags = ["messages"]
const Id = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })
const withMessages = <A, E, R>(f: (s: CaseMessages["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(CaseMessages), f)

export const makeCaseMessagesRoutes = (runtime: AppRuntime<CaseMessages | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/messages/channels", ep({
      summary: "The message channels and whether a provider sends them", tags, response: Schema.Array(MessageChannelInfo),
    }, () => withMessages((s) => Effect.succeed(s.channels()))))
    .post("/messages/inbound", ep({
      summary: "A message from an applicant (providers, integrations)",
      description: "Joins the case with `caseNumber`, else the newest active case (open or paused state; untyped: new or in progress) "
        + "whose applicant phone is the sender's. No such case → 404 no_case_for_message and nothing is stored "
        + "(the provider keeps the message; e-mail needs caseNumber). Admin session or an API key with the admin role.",
      tags, roles: ["admin"], body: InboundMessage, status: 201, response: MessageDto,
    }, ({ body }) => withMessages((s) => s.inbound(body))))
    .post("/messages/status", ep({
      summary: "A provider's delivery report for a message it sent",
      description: "Looked up by providerMessageId in the caller's tenant (404 when unknown). Statuses only move forward: "
        + "a late report never undoes delivered or failed. Admin session or an API key with the admin role.",
      tags, roles: ["admin"], body: MessageStatusUpdate, status: 204,
    }, ({ body }) => withMessages((s) => s.updateStatus(body))))
    .get("/:id/messages", ep({ summary: "The case's chat with its applicant, oldest first", tags, params: Id, response: MessageList }, ({ params }) =>
      withMessages((s) => s.list(params.id)).pipe(Effect.map((items) => ({ items })))))
    .post("/:id/messages", ep({
      summary: "Send a message to the applicant",
      description: "`to` defaults to the applicant phone (sms, push) or the case's e-mail field (email). With no provider for the channel "
        + "the message is kept with status not_sent and statusReason no_provider.",
      tags, roles: ["operator", "supervisor"], params: Id, body: NewMessage, status: 201, response: MessageDto,
    }, ({ params, body }) => withMessages((s) => s.send(params.id, body))))
}
