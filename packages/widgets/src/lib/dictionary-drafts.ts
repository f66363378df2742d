/**
 * The forms of `<org-dictionary-editor>` as plain data: a dictionary item or a partner being
 * edited (strings as typed), how it is built from a record, checked before sending, turned into
 * the request body, and where a problem field's path is shown.
 */
import {
  WEEKDAYS,
  type DictionaryItemDto,
  type DictionaryItemInput,
  type PartnerDto,
  type PartnerInput,
  type PartnerKind,
  type Weekday,
} from "../api/case-desk.js"
import type { MessageKey } from "../i18n/i18n.js"

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** How an attribute's value was typed, so a number stays a number after an edit. */
export type AttributeKind = "string" | "number" | "boolean" | "json"

export interface AttributeRow {
  readonly key: string
  readonly value: string
  readonly kind: AttributeKind
}

export interface ItemDraft {
  readonly code: string
  readonly ru: string
  readonly en: string
  readonly parentId: string
  readonly sort: number | undefined
  readonly attributes: readonly AttributeRow[]
}

export type HoursMode = "unknown" | "always" | "schedule"

export interface DayDraft {
  readonly open: boolean
  readonly from: string
  readonly to: string
}

export interface PartnerDraft {
  readonly name: string
  readonly kind: PartnerKind
  readonly phones: string
  readonly email: string
  readonly address: string
  readonly lat: string
  readonly lon: string
  readonly cityId: string
  readonly services: readonly string[]
  readonly hoursMode: HoursMode
  readonly days: Readonly<Record<Weekday, DayDraft>>
  readonly comment: string
}

export type FieldErrors = Readonly<Record<string, string>>

// --- items -----------------------------------------------------------------------------------

function kindOf(value: unknown): AttributeKind {
  if (typeof value === "number") return "number"
  if (typeof value === "boolean") return "boolean"
  if (typeof value === "string") return "string"
  return "json"
}

export function itemDraft(item?: DictionaryItemDto, parentId = ""): ItemDraft {
  if (!item) return { code: "", ru: "", en: "", parentId, sort: undefined, attributes: [] }
  return {
    code: item.code ?? "",
    ru: item.label.ru,
    en: item.label.en === item.label.ru ? "" : item.label.en,
    parentId: item.parentId ?? "",
    sort: item.sort,
    attributes: Object.entries(item.attributes ?? {}).map(([key, value]) => ({
      key,
      value: typeof value === "string" ? value : JSON.stringify(value),
      kind: kindOf(value),
    })),
  }
}

/** The attribute value as it goes to the server, or an error key. */
function attributeValue(row: AttributeRow): { value: unknown } | { error: MessageKey } {
  const text = row.value.trim()
  if (row.kind === "number") {
    const n = Number(text.replace(",", "."))
    return text && Number.isFinite(n) ? { value: n } : { error: "dict.error.attrNumber" }
  }
  if (row.kind === "boolean") {
    if (text === "true" || text === "false") return { value: text === "true" }
    return { error: "dict.error.attrBoolean" }
  }
  if (row.kind === "json") {
    try {
      return { value: JSON.parse(text) as unknown }
    } catch {
      return { error: "dict.error.attrJson" }
    }
  }
  return { value: row.value }
}

/** Checks the draft; with no errors, the body of the POST/PUT (without the version). */
export function itemInput(draft: ItemDraft, t: T): { input?: DictionaryItemInput; errors: FieldErrors } {
  const errors: Record<string, string> = {}
  if (!draft.ru.trim()) errors["label.ru"] = t("dict.error.labelRequired")
  if (draft.code.trim() && /\s/.test(draft.code.trim())) errors["code"] = t("dict.error.codeSpaces")
  const attributes: Record<string, unknown> = {}
  const seen = new Set<string>()
  draft.attributes.forEach((row, i) => {
    const key = row.key.trim()
    if (!key && !row.value.trim()) return // an empty row is ignored
    if (!key) errors[`attributes.${i}`] = t("dict.error.attrKey")
    else if (seen.has(key)) errors[`attributes.${i}`] = t("dict.error.attrDuplicate", { key })
    seen.add(key)
    const value = attributeValue(row)
    if ("error" in value) errors[`attributes.${i}`] ??= t(value.error)
    else if (key) attributes[key] = value.value
  })
  if (Object.keys(errors).length) return { errors }
  const input: DictionaryItemInput = {
    code: draft.code.trim() || null,
    label: { ru: draft.ru.trim(), en: draft.en.trim() || draft.ru.trim() },
    parentId: draft.parentId || null,
    ...(draft.sort !== undefined ? { sort: draft.sort } : {}),
    attributes,
  }
  return { input, errors }
}

/** The form field a problem path of an item belongs to. */
export function itemFieldOf(path: string, draft: ItemDraft): string | undefined {
  const p = path.replace(/^\/|^body\./, "")
  if (p === "code" || p === "parentId" || p === "label.ru" || p === "label.en") return p
  if (p === "label") return "label.ru"
  if (p.startsWith("attributes")) {
    const key = p.split(".")[1]
    if (key === undefined) return "attributes"
    const i = draft.attributes.findIndex((a) => a.key.trim() === key)
    return i >= 0 ? `attributes.${i}` : "attributes"
  }
  return undefined
}

// --- partners --------------------------------------------------------------------------------

const closedDay: DayDraft = { open: false, from: "09:00", to: "18:00" }

export function partnerDraft(partner?: PartnerDto): PartnerDraft {
  const hours = partner?.workingHours ?? null
  const days = Object.fromEntries(
    WEEKDAYS.map((d) => {
      const h = hours?.days?.[d]
      return [d, h ? { open: true, from: h.open, to: h.close } : closedDay]
    }),
  ) as Record<Weekday, DayDraft>
  return {
    name: partner?.name ?? "",
    kind: partner?.kind ?? "partner",
    phones: (partner?.phones ?? []).join(", "),
    email: partner?.email ?? "",
    address: partner?.address ?? "",
    lat: partner?.lat != null ? String(partner.lat) : "",
    lon: partner?.lon != null ? String(partner.lon) : "",
    cityId: partner?.cityId ?? "",
    services: [...(partner?.services ?? [])],
    hoursMode: !hours ? "unknown" : hours.alwaysOpen ? "always" : "schedule",
    days,
    comment: partner?.comment ?? "",
  }
}

function coordinate(text: string): number | null | "bad" {
  const s = text.trim().replace(",", ".")
  if (!s) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : "bad"
}

/** A closing time of 00:00 is midnight at the end of the day: the server calls it 24:00. */
const closeOf = (to: string) => (to === "00:00" ? "24:00" : to)

export const phonesOf = (text: string): string[] =>
  text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)

/** Checks the draft; with no errors, the body of the POST/PUT (without the version). */
export function partnerInput(draft: PartnerDraft, t: T): { input?: PartnerInput; errors: FieldErrors } {
  const errors: Record<string, string> = {}
  if (!draft.name.trim()) errors["name"] = t("dict.error.nameRequired")
  const lat = coordinate(draft.lat)
  const lon = coordinate(draft.lon)
  if (lat === "bad") errors["lat"] = t("dict.error.number")
  if (lon === "bad") errors["lon"] = t("dict.error.number")
  if (lat !== "bad" && lon !== "bad" && (lat === null) !== (lon === null)) errors[lat === null ? "lat" : "lon"] = t("dict.error.coordsPair")
  if (draft.hoursMode === "schedule") {
    for (const d of WEEKDAYS) {
      const day = draft.days[d]
      if (day.open && (!day.from || !day.to)) errors[`hours.${d}`] = t("dict.error.hours")
      else if (day.open && day.from === closeOf(day.to)) errors[`hours.${d}`] = t("dict.error.hoursSame")
    }
  }
  if (Object.keys(errors).length) return { errors }
  const input: PartnerInput = {
    name: draft.name.trim(),
    kind: draft.kind,
    phones: phonesOf(draft.phones),
    email: draft.email.trim() || null,
    address: draft.address.trim() || null,
    lat: lat as number | null,
    lon: lon as number | null,
    cityId: draft.cityId || null,
    services: [...draft.services],
    workingHours:
      draft.hoursMode === "unknown"
        ? null
        : draft.hoursMode === "always"
          ? { alwaysOpen: true }
          : {
              alwaysOpen: false,
              days: Object.fromEntries(
                WEEKDAYS.map((d) => [d, draft.days[d].open ? { open: draft.days[d].from, close: closeOf(draft.days[d].to) } : null]),
              ) as Record<Weekday, { open: string; close: string } | null>,
            },
    comment: draft.comment.trim() || null,
  }
  return { input, errors }
}

/** The form field a problem path of a partner belongs to ("phones.1" → "phones", "workingHours.days.mon.open" → "hours.mon"). */
export function partnerFieldOf(path: string): string | undefined {
  const p = path.replace(/^\/|^body\./, "")
  const [head, second, third] = p.split(".")
  switch (head) {
    case "name":
    case "kind":
    case "email":
    case "address":
    case "lat":
    case "lon":
    case "cityId":
    case "comment":
    case "phones":
    case "services":
      return head
    case "workingHours":
      return second === "days" && third ? `hours.${third}` : "hours"
    default:
      return undefined
  }
}

/** For "phones.1": the 1-based position of the entry the message is about. */
export function entryOf(path: string): number | undefined {
  const m = /^(?:phones|services)\.(\d+)/.exec(path.replace(/^\/|^body\./, ""))
  return m ? Number(m[1]) + 1 : undefined
}
