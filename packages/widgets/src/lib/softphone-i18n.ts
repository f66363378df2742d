/**
 * The softphone's own text lookup. The softphone is often embedded alone (a CRM's sidebar), so it
 * reads only its own messages rather than the whole `messages` table of every widget, which would
 * more than double its bundle — and only in its page's language: each language is a chunk loaded
 * on demand (`softphoneTexts`), so a Russian page never downloads the English texts. Same rules as
 * `translate`: the element's `lang`, else `<html lang>`, else Russian; `{name}` parameters.
 */
import type { Lang } from "../i18n/i18n.js"
import type { softphoneRu } from "../i18n/messages-softphone-ru.js"

export type SoftphoneMessageKey = keyof typeof softphoneRu
type Texts = Readonly<Record<SoftphoneMessageKey, string>>

const loaders: Record<Lang, () => Promise<Texts>> = {
  ru: () => import("../i18n/messages-softphone-ru.js").then((m) => m.softphoneRu),
  en: () => import("../i18n/messages-softphone-en.js").then((m) => m.softphoneEn),
}
const loaded: Partial<Record<Lang, Texts>> = {}
const loading: Partial<Record<Lang, Promise<void>>> = {}

/** Loads a language's texts; undefined when they are already here (no need to wait a tick). */
export function softphoneTexts(lang: Lang): Promise<void> | undefined {
  if (loaded[lang]) return undefined
  return (loading[lang] ??= loaders[lang]().then((texts) => void (loaded[lang] = texts)))
}

export function softphoneText(lang: Lang, key: SoftphoneMessageKey, params?: Record<string, string | number>): string {
  const text: string = loaded[lang]?.[key] ?? loaded.ru?.[key] ?? loaded.en?.[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
