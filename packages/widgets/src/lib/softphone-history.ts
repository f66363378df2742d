/**
 * The softphone's call history: the last calls of one SIP user in localStorage
 * (`org-softphone:history:<sip uri>`), newest first. Another user signing in on the same browser
 * sees only their own. Survives reloads; a broken or foreign value is treated as empty.
 */
import type { CallDirection, CallEndReason } from "./softphone-engine.js"

export interface HistoryEntry {
  readonly id: string
  readonly direction: CallDirection
  readonly number: string
  /** Name from the contact lookup or the SIP display name, when known. */
  readonly name?: string
  /** Start of the call, epoch ms. */
  readonly at: number
  /** Seconds talked; 0 for calls nobody answered. */
  readonly seconds: number
  readonly outcome: CallEndReason
}

export const HISTORY_LIMIT = 50
const PREFIX = "org-softphone:history:"

export function historyKey(user: string): string {
  return `${PREFIX}${user}`
}

export function loadHistory(user: string, storage: Storage | undefined = safeStorage()): HistoryEntry[] {
  if (!storage || !user) return []
  try {
    const parsed: unknown = JSON.parse(storage.getItem(historyKey(user)) ?? "[]")
    if (!Array.isArray(parsed)) return []
    return parsed.filter(isEntry).slice(0, HISTORY_LIMIT)
  } catch {
    return []
  }
}

/** Adds an entry on top (an entry with the same id replaces the old one) and saves. */
export function addHistory(user: string, entry: HistoryEntry, storage: Storage | undefined = safeStorage()): HistoryEntry[] {
  const next = [entry, ...loadHistory(user, storage).filter((e) => e.id !== entry.id)].slice(0, HISTORY_LIMIT)
  save(user, next, storage)
  return next
}

export function clearHistory(user: string, storage: Storage | undefined = safeStorage()): void {
  save(user, [], storage)
}

/** Missed calls: incoming that nobody answered here or elsewhere. */
export function isMissed(entry: HistoryEntry): boolean {
  return entry.direction === "incoming" && entry.outcome === "missed"
}

function save(user: string, entries: HistoryEntry[], storage: Storage | undefined): void {
  if (!storage || !user) return
  try {
    storage.setItem(historyKey(user), JSON.stringify(entries))
  } catch {
    // full or forbidden storage: the history stays in memory for this page
  }
}

function isEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== "object" || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v["id"] === "string" &&
    (v["direction"] === "incoming" || v["direction"] === "outgoing") &&
    typeof v["number"] === "string" &&
    typeof v["at"] === "number" &&
    typeof v["seconds"] === "number" &&
    typeof v["outcome"] === "string"
  )
}

export function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage !== "undefined" ? localStorage : undefined
  } catch {
    return undefined
  }
}
