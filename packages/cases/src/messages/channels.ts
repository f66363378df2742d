/**
 * How a message leaves the desk: one `MessageChannel` per channel (sms, email,
 * push). The embedded default is the database channel — the message is kept
 * with status not_sent and reason no_provider, so nobody believes it was
 * delivered. A deployment configures real providers (SMS.ru: sms-ru.ts).
 */
import { Context, Effect, Layer } from "effect"
import type { MessageChannelName } from "./api"

export interface OutgoingMessage {
  readonly id: string
  readonly tenantId: string
  readonly channel: MessageChannelName
  /** E.164 for sms, an address for email, the applicant's id for push */
  readonly to: string
  readonly text: string
}

export interface SendResult {
  readonly status: "queued" | "sent" | "delivered" | "failed" | "not_sent"
  readonly providerMessageId?: string
  /** why it failed or was not sent, short and stable ("no_provider", "timeout", "smsru_207: …") */
  readonly reason?: string
}

export interface MessageChannel {
  readonly channel: MessageChannelName
  /** the provider's name; null for the database channel */
  readonly provider: string | null
  /** never fails: a provider's refusal or an outage is a `failed` result with its reason */
  readonly send: (message: OutgoingMessage) => Effect.Effect<SendResult>
}

export type MessageChannelSet = Readonly<Record<MessageChannelName, MessageChannel>>

export const databaseChannel = (channel: MessageChannelName): MessageChannel => ({
  channel,
  provider: null,
  send: () => Effect.succeed({ status: "not_sent", reason: "no_provider" }),
})

const databaseChannels: MessageChannelSet = { sms: databaseChannel("sms"), email: databaseChannel("email"), push: databaseChannel("push") }

/** The channels in use; every channel not configured is the database channel. */
export const MessageChannels = Context.Reference<MessageChannelSet>("@org/cases/MessageChannels", { defaultValue: () => databaseChannels })

export const messageChannelsLayer = (channels: Partial<Record<MessageChannelName, MessageChannel>>) =>
  Layer.succeed(MessageChannels, { ...databaseChannels, ...channels })
