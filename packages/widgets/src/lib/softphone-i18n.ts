/**
 * The softphone's own text lookup. The softphone is often embedded alone (a CRM's sidebar), so it
 * reads only its own messages (messages-softphone.ts) rather than the whole `messages` table of
 * every widget, which would more than double its bundle. Same rules as `translate`: the element's
 * `lang`, else `<html lang>`, else Russian; `{name}` parameters.
 */
import { softphoneEn, softphoneRu } from "../i18n/messages-softphone.js"
import type { Lang } from "../i18n/i18n.js"

export type SoftphoneMessageKey = keyof typeof softphoneRu

const TEXTS: Readonly<Record<Lang, Readonly<Record<SoftphoneMessageKey, string>>>> = { ru: softphoneRu, en: softphoneEn }

export function softphoneText(lang: Lang, key: SoftphoneMessageKey, params?: Record<string, string | number>): string {
  const text: string = TEXTS[lang][key] ?? softphoneRu[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
