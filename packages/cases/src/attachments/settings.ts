/**
 * How big an attachment may be and which types are accepted. The server sets
 * them from ATTACHMENT_MAX_BYTES and ATTACHMENT_TYPES; without that, 10 MiB
 * and images, PDF, text, office documents and audio. Programs are refused
 * whatever the list says.
 */
import { Context, Layer } from "effect"
import { DEFAULT_ATTACHMENT_TYPES } from "./sniff"

export interface AttachmentSettingsShape {
  readonly maxBytes: number
  /** content types ("image/png") or families ("image/*") */
  readonly types: readonly string[]
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

export const AttachmentSettings = Context.Reference<AttachmentSettingsShape>("@org/cases/AttachmentSettings", {
  defaultValue: () => ({ maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, types: DEFAULT_ATTACHMENT_TYPES }),
})

export const attachmentSettingsLayer = (settings: Partial<AttachmentSettingsShape>) =>
  Layer.succeed(AttachmentSettings, {
    maxBytes: settings.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
    types: settings.types ?? DEFAULT_ATTACHMENT_TYPES,
  })
