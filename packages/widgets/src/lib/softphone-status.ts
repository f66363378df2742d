/**
 * The status indicator of `<org-softphone>`: a dot (green registered, yellow on the way, red down
 * or refused) with the reason in its title and accessible name.
 */
import { html, type TemplateResult } from "lit"
import { statusLevel, type EngineStatus, type StatusLevel } from "./softphone-engine.js"
import type { ViewContext } from "./softphone-view.js"

import type { CredentialsProblem } from "../api/softphone.js"

export type { CredentialsProblem }

export interface StatusInfo {
  readonly level: StatusLevel
  /** Short text under the user's name. */
  readonly text: string
  /** Full text: state, reason, retry — the dot's title. */
  readonly detail: string
}

export function describeStatus(ctx: ViewContext, status: EngineStatus | undefined, credentials: CredentialsProblem | "loading" | undefined): StatusInfo {
  if (credentials === "loading" || (!status && !credentials)) {
    const text = ctx.t("softphone.status.loading")
    return { level: "pending", text, detail: text }
  }
  if (credentials) {
    const text = ctx.t(`softphone.status.credentials.${credentials}`)
    return { level: "down", text, detail: text }
  }
  const s = status!
  const level = statusLevel(s)
  const socket = ctx.t(`softphone.status.socket.${s.socket}`)
  const registration = ctx.t(`softphone.status.registration.${s.registration}`)
  const lines = [`${ctx.t("softphone.status.socket")}: ${socket}`, `${ctx.t("softphone.status.registration")}: ${registration}`]
  if (s.reason && level !== "ok") lines.push(`${ctx.t("softphone.status.reason")}: ${s.reason}`)
  let text: string
  if (level === "ok") text = ctx.t("softphone.status.ok")
  else if (s.registration === "failed") text = ctx.t("softphone.status.refused")
  else if (s.socket === "disconnected" && s.retryAt) {
    const seconds = Math.max(1, Math.ceil((s.retryAt - ctx.now) / 1000))
    text = ctx.t("softphone.status.retry", { seconds })
    lines.push(text)
  } else if (s.socket === "connected") text = ctx.t("softphone.status.registering")
  else if (s.socket === "connecting") text = ctx.t("softphone.status.connecting")
  else text = ctx.t("softphone.status.offline")
  return { level, text, detail: lines.join("\n") }
}

export function renderStatusDot(info: StatusInfo): TemplateResult {
  return html`<span class="status" part="status" role="img" tabindex="0" data-level=${info.level} title=${info.detail} aria-label=${info.detail.replace(/\n/g, "; ")}>
    <span class="dot" part="status-dot" data-level=${info.level}></span>
  </span>`
}
