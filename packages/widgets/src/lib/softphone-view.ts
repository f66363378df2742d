/**
 * What the view templates of `<org-softphone>` (softphone-*-view.ts) get from the element: texts,
 * the user's actions, names from the contact lookup. The templates hold no state of their own.
 */
import type { CallEndReason, CallSnapshot } from "./softphone-engine.js"
import type { HistoryEntry } from "./softphone-history.js"
import type { SoftphoneMessageKey } from "./softphone-i18n.js"
import { formatNumber } from "./softphone-numbers.js"
import type { SoftphoneSettings } from "./softphone-settings.js"

export type SoftphoneTab = "dial" | "history"

export interface SoftphoneActions {
  dialInput(value: string, pasted: boolean): void
  dialKey(key: string): void
  erase(): void
  /** Calls the dial input's number, or `number` (redial, click-to-call). */
  placeCall(number?: string): void
  answer(callId: string): void
  decline(callId: string): void
  hangup(callId: string): void
  toggleMute(callId: string): void
  toggleHold(callId: string): void
  toggleKeypad(): void
  sendTone(callId: string, key: string): void
  toggleTransfer(): void
  transferInput(value: string, pasted: boolean): void
  blindTransfer(callId: string): void
  consult(callId: string): void
  completeTransfer(): void
  cancelConsult(): void
  focusCall(callId: string): void
  setTab(tab: SoftphoneTab): void
  openSettings(open: boolean): void
  changeSettings(patch: Partial<SoftphoneSettings>): void
  testRinger(): void
  allowMicrophone(): void
  allowNotifications(): void
  clearHistory(): void
  reconnect(): void
}

export interface ViewContext {
  t(key: SoftphoneMessageKey, params?: Record<string, string | number>): string
  readonly actions: SoftphoneActions
  /** The contact-lookup name of a number (undefined while unknown or when there is none). */
  nameOf(number: string): string | undefined
  /** Date.now() of this render (timers). */
  readonly now: number
  /** A history time in the tenant's zone: short (time today, else the date) and full. */
  formatTime(at: number): { short: string; full: string }
}

/** The best name of a call's other side: lookup, then SIP display name. */
export function callName(ctx: ViewContext, call: Pick<CallSnapshot, "remoteNumber" | "remoteDisplayName">): string | undefined {
  const looked = ctx.nameOf(call.remoteNumber)
  if (looked) return looked
  const display = call.remoteDisplayName?.trim()
  return display && display !== call.remoteNumber ? display : undefined
}

/** "1:05", "12:00", "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, "0")
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`
}

export function endReasonKey(reason: CallEndReason | undefined): SoftphoneMessageKey {
  return `softphone.end.${reason ?? "hangup"}`
}

export const shownNumber = formatNumber

/** Initials for the avatar: "Алиса Смирнова" → "АС"; a number → "#". */
export function initials(name: string | undefined): string {
  if (!name) return "#"
  const letters = name
    .trim()
    .split(/\s+/)
    .map((w) => /\p{L}/u.exec(w)?.[0])
    .filter((l): l is string => l !== undefined)
  return letters.slice(0, 2).join("").toUpperCase() || "#"
}

export type { HistoryEntry }

/** "14:05" for today, "21.11" before (in `zone`); the full date and time for a title. */
export function formatHistoryTime(at: number, locale: string, zone: string | undefined, now: number): { short: string; full: string } {
  const fmt = (o: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(locale, { ...o, ...(zone ? { timeZone: zone } : {}) })
    } catch {
      return new Intl.DateTimeFormat(locale, o)
    }
  }
  const day = fmt({ year: "numeric", month: "2-digit", day: "2-digit" })
  const today = day.format(at) === day.format(now)
  return {
    short: fmt(today ? { hour: "2-digit", minute: "2-digit" } : { day: "2-digit", month: "2-digit" }).format(at),
    full: fmt({ dateStyle: "medium", timeStyle: "short" }).format(at),
  }
}
