/**
 * Field values of a typed case as the operator sees and types them: the text of each kind's
 * input, reading it back (with a message key when it cannot be read), and a readable form for
 * lists and the journal. The server checks every value again (VIN check digit, SNILS checksum …);
 * here only what cannot be sent at all is refused.
 */
import type { Bilingual, CaseFieldDef, GeoAddress, Money } from "../api/case-card.js"
import { intlLocale, type Lang, type MessageKey } from "../i18n/i18n.js"

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: MessageKey }

const ok = (value: unknown): Parsed => ({ ok: true, value })
const fail = (error: MessageKey): Parsed => ({ ok: false, error })

/** A bilingual label in the widget's language (the other one when empty). */
export function label(text: Bilingual | null | undefined, lang: Lang): string {
  if (!text) return ""
  return (lang === "en" ? text.en || text.ru : text.ru || text.en) ?? ""
}

/** Same JSON, key order aside — for "did this field change". */
export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a ?? null) === stable(b ?? null)
}

function stable(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
    .join(",")}}`
}

export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0)
}

const MINOR_EXCEPTIONS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3 }

/** Decimal places of a currency (RUB 2). */
export function minorUnits(currency: string): number {
  return MINOR_EXCEPTIONS[currency] ?? 2
}

export function isMoney(v: unknown): v is Money {
  return typeof v === "object" && v !== null && typeof (v as Money).amount === "number" && typeof (v as Money).currency === "string"
}

export function isAddress(v: unknown): v is GeoAddress {
  return typeof v === "object" && v !== null && typeof (v as GeoAddress).text === "string"
}

/** "1 234,56 ₽" / "RUB 1,234.56". */
export function moneyText(m: Money, lang: Lang): string {
  const digits = minorUnits(m.currency)
  try {
    return new Intl.NumberFormat(intlLocale(lang), { style: "currency", currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      m.amount / 10 ** digits,
    )
  } catch {
    return `${(m.amount / 10 ** digits).toFixed(digits)} ${m.currency}`
  }
}

/** The amount as typed back into an input: "1234,56" (ru) or "1234.56" (en). */
export function moneyInput(m: Money | null | undefined, lang: Lang): string {
  if (!m) return ""
  const digits = minorUnits(m.currency)
  const abs = String(Math.abs(m.amount)).padStart(digits + 1, "0")
  const whole = abs.slice(0, abs.length - digits)
  const frac = digits ? abs.slice(abs.length - digits) : ""
  const sign = m.amount < 0 ? "-" : ""
  return digits === 0 ? sign + whole : `${sign}${whole}${lang === "ru" ? "," : "."}${frac}`
}

const AMOUNT = /^([+\-\u2212]?)\s*(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,](\d+))?$/

/** Reads "1 234,56" / "1234.56" as minor units of `currency`; "" → null. */
export function parseMoney(text: string, currency = "RUB"): Parsed {
  const t = text.trim()
  if (!t) return ok(null)
  const m = AMOUNT.exec(t)
  if (!m) return fail("card.error.money")
  const [, sign, whole = "", fraction = ""] = m
  const digits = minorUnits(currency)
  if (fraction.length > digits) return fail("card.error.moneyDecimals")
  const minor = Number(whole.replace(/[ \u00a0\u202f\u2009]/g, "") + fraction.padEnd(digits, "0"))
  if (!Number.isSafeInteger(minor)) return fail("card.error.money")
  return ok({ amount: sign && sign !== "+" && minor !== 0 ? -minor : minor, currency })
}

/** Reads "1 234,5" / "1234.5"; "" → null. */
export function parseNumber(text: string): Parsed {
  const t = text.trim().replace(/[ \u00a0\u202f\u2009]/g, "").replace(",", ".").replace("\u2212", "-")
  if (!t) return ok(null)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return fail("card.error.number")
  const n = Number(t)
  return Number.isFinite(n) ? ok(n) : fail("card.error.number")
}

export function numberInput(v: unknown, lang: Lang): string {
  if (typeof v !== "number") return v === null || v === undefined ? "" : String(v)
  return lang === "ru" ? String(v).replace(".", ",") : String(v)
}

/** "2024-05-31" → "31 мая 2024 г." (a calendar date: no time zone shifts it). */
export function dateText(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)))
}

/**
 * The value an input's text stands for, for the plain kinds (text-like, number, money, date):
 * "" clears the field (null).
 */
export function parseFieldText(field: CaseFieldDef, text: string, previous: unknown): Parsed {
  switch (field.kind) {
    case "number":
      return parseNumber(text)
    case "money":
      return parseMoney(text, isMoney(previous) ? previous.currency : "RUB")
    case "date": {
      const t = text.trim()
      if (!t) return ok(null)
      return /^\d{4}-\d{2}-\d{2}$/.test(t) ? ok(t) : fail("card.error.date")
    }
    case "vin":
    case "plate":
      return ok(text.trim() ? text.trim().toUpperCase().replace(/\s+/g, field.kind === "vin" ? "" : " ") : null)
    case "text":
      return ok(text.trim() ? text : null)
    default:
      return ok(text.trim() ? text.trim() : null)
  }
}

/** An address from its three inputs; "" everywhere clears it. */
export function parseAddress(text: string, lat: string, lon: string): Parsed {
  const t = text.trim()
  const la = lat.trim()
  const lo = lon.trim()
  if (!t && !la && !lo) return ok(null)
  if (!t) return fail("card.error.addressText")
  if (!la && !lo) return ok({ text: t })
  if (!la || !lo) return fail("card.error.coordsPair")
  const latN = parseNumber(la)
  const lonN = parseNumber(lo)
  if (!latN.ok || typeof latN.value !== "number" || latN.value < -90 || latN.value > 90) return fail("card.error.latitude")
  if (!lonN.ok || typeof lonN.value !== "number" || lonN.value < -180 || lonN.value > 180) return fail("card.error.longitude")
  return ok({ text: t, lat: latN.value, lon: lonN.value })
}

/** The text an input of this kind starts with. */
export function fieldInputText(field: CaseFieldDef, value: unknown, lang: Lang): string {
  if (value === null || value === undefined) return ""
  switch (field.kind) {
    case "money":
      return isMoney(value) ? moneyInput(value, lang) : ""
    case "number":
      return numberInput(value, lang)
    case "address":
      return isAddress(value) ? value.text : ""
    default:
      return typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value)
  }
}

export interface ValueNames {
  /** Label of a dictionary item (by dictionary key and id), when known. */
  dictionary?(dictionary: string, id: string): string | undefined
  /** Name of a user by id, when known. */
  person?(id: string): string | undefined
  /** Name of an attachment by id, when known. */
  file?(id: string): string | undefined
}

/** A field value as read: labels for ids, formatted money, dates and addresses; "" for no value. */
export function fieldValueText(field: CaseFieldDef | undefined, value: unknown, lang: Lang, names: ValueNames = {}): string {
  if (value === null || value === undefined || value === "") return ""
  const kind = field?.kind
  if (kind === "money" && isMoney(value)) return moneyText(value, lang)
  if (kind === "date" && typeof value === "string") return dateText(value, lang)
  if (kind === "number" && typeof value === "number") return new Intl.NumberFormat(intlLocale(lang)).format(value)
  if (isAddress(value)) {
    return value.lat !== undefined && value.lon !== undefined ? `${value.text} (${value.lat}, ${value.lon})` : value.text
  }
  if (typeof value === "string") {
    if (kind === "dictionary" && field?.dictionary) return names.dictionary?.(field.dictionary, value) ?? shortId(value)
    if (kind === "person") return names.person?.(value) ?? shortId(value)
    if (kind === "file") return names.file?.(value) ?? shortId(value)
    return value
  }
  if (isMoney(value)) return moneyText(value, lang)
  if (typeof value === "boolean" || typeof value === "number") return String(value)
  return JSON.stringify(value)
}

/** The first characters of an id whose name is not known (yet). */
export function shortId(id: string): string {
  return /^[0-9a-f-]{36}$/i.test(id) ? `${id.slice(0, 8)}…` : id
}

/** Field keys of problem paths `values.<key>` (and `values.<key>.lat` …), in order, with their messages. */
export function valueErrors(fields: readonly { path: string; message: string }[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const f of fields) {
    const m = /^(?:\/|body\.)?values[./]([a-z][a-z0-9_]*)/.exec(f.path)
    if (m && !out.has(m[1]!)) out.set(m[1]!, f.message)
  }
  return out
}

/** The order the case panel shows its groups in; other groups follow in the type's order. */
export const GROUP_ORDER = ["case", "applicant", "vehicle", "program", "location", "work"] as const

/** The type's fields grouped (by `group`, "case" when absent) in panel order. */
export function groupFields(fields: readonly CaseFieldDef[]): { group: string; fields: CaseFieldDef[] }[] {
  const groups = new Map<string, CaseFieldDef[]>()
  for (const f of fields) {
    const g = f.group || "case"
    let list = groups.get(g)
    if (!list) groups.set(g, (list = []))
    list.push(f)
  }
  const known = GROUP_ORDER.filter((g) => groups.has(g))
  const others = [...groups.keys()].filter((g) => !(GROUP_ORDER as readonly string[]).includes(g))
  return [...known, ...others].map((group) => ({ group, fields: groups.get(group)! }))
}
