import { messages, type MessageKey } from "./messages.js"

export type Lang = "ru" | "en"
export type { MessageKey }

export const LANGS: readonly Lang[] = ["ru", "en"]
export const DEFAULT_LANG: Lang = "ru"

/** "en-US" → "en"; anything not supported → undefined. */
export function normalizeLang(value: string | null | undefined): Lang | undefined {
  if (!value) return undefined
  const primary = value.trim().toLowerCase().split(/[-_]/)[0]
  return primary === "ru" || primary === "en" ? primary : undefined
}

/** The element's own `lang`, else `<html lang>`, else Russian. */
export function resolveLang(explicit?: string | null): Lang {
  return (
    normalizeLang(explicit) ??
    normalizeLang(typeof document !== "undefined" ? document.documentElement.lang : undefined) ??
    DEFAULT_LANG
  )
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text: string = messages[lang][key] ?? messages[DEFAULT_LANG][key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** A BCP 47 locale for Intl: the browser's preferred variant of `lang` (en-GB, en-US…), else `lang`. */
export function intlLocale(lang: Lang): string {
  const preferred = typeof navigator !== "undefined" ? (navigator.languages ?? [navigator.language]) : []
  return preferred.find((l) => normalizeLang(l) === lang) ?? lang
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** True when Intl knows the IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * Date and time, e.g. "21.11.2025, 14:05", in `timeZone` (the tenant's, an IANA name); without
 * one, or with one Intl does not know, in the browser's time zone.
 */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string | null): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const locale = intlLocale(lang)
  const key = `${locale}|${timeZone ?? ""}`
  let format = dateFormats.get(key)
  if (!format) {
    const zone = timeZone && isValidTimeZone(timeZone) ? timeZone : undefined
    format = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", ...(zone ? { timeZone: zone } : {}) })
    dateFormats.set(key, format)
  }
  return format.format(date)
}

type LangListener = () => void
const docListeners = new Set<LangListener>()
let docObserver: MutationObserver | undefined

/** Calls `listener` whenever `<html lang>` changes. Returns the function that stops it. */
export function observeDocumentLang(listener: LangListener): () => void {
  if (typeof MutationObserver === "undefined" || typeof document === "undefined") return () => {}
  docListeners.add(listener)
  if (!docObserver) {
    docObserver = new MutationObserver(() => {
      for (const l of [...docListeners]) l()
    })
    docObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] })
  }
  return () => {
    docListeners.delete(listener)
    if (docListeners.size === 0 && docObserver) {
      docObserver.disconnect()
      docObserver = undefined
    }
  }
}
