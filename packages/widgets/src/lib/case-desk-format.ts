/** Numbers of the case desk's dashboard in the UI language: money, durations, counts, percents. */
import type { Money } from "../api/case-desk.js"
import { intlLocale, type Lang, type MessageKey } from "../i18n/i18n.js"

type T = (key: MessageKey, params?: Record<string, string | number>) => string

const cache = new Map<string, Intl.NumberFormat>()

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(lang), options)
    cache.set(key, f)
  }
  return f
}

/** Minor units per major unit of a currency (100 for RUB, 1 for JPY). */
export function minorUnits(currency: string): number {
  try {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2
    return 10 ** digits
  } catch {
    return 100
  }
}

/** Money from minor units, e.g. {amount: 184250000, currency: "RUB"} → "1 842 500 ₽"; kopecks only when there are any. */
export function formatMoney(money: Money | null | undefined, lang: Lang): string {
  if (!money || typeof money.amount !== "number") return "—"
  const units = minorUnits(money.currency)
  const value = money.amount / units
  const whole = money.amount % units === 0
  try {
    return numberFormat(lang, {
      style: "currency",
      currency: money.currency,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: whole ? 0 : undefined,
      maximumFractionDigits: whole ? 0 : undefined,
    }).format(value)
  } catch {
    return `${numberFormat(lang, { maximumFractionDigits: 2 }).format(value)} ${money.currency}`
  }
}

export function formatCount(n: number, lang: Lang): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(n)
}

/** 92.3 → "92,3 %" (ru) / "92.3%" (en). */
export function formatPercent(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—"
  return numberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(value / 100)
}

/** Minutes as people read them: "47 мин", "1 ч 24 мин", "2 д 3 ч"; "—" when unknown. */
export function formatMinutes(minutes: number | null | undefined, t: T): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return "—"
  const total = Math.round(minutes)
  if (total < 60) return t("dashboard.duration.m", { m: total })
  if (total < 24 * 60) return t("dashboard.duration.hm", { h: Math.floor(total / 60), m: total % 60 })
  const hours = Math.round(total / 60)
  return t("dashboard.duration.dh", { d: Math.floor(hours / 24), h: hours % 24 })
}
