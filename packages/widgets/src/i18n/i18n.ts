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

/** Date and time in the browser's time zone, e.g. "21.11.2025, 14:05". */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const locale = intlLocale(lang)
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" })
    dateFormats.set(locale, format)
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
