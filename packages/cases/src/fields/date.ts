/**
 * A calendar date without time ("2024-05-31"): a birth date, a contract's
 * end. Kept as the ISO string, not a Date, so no time zone can shift it by a
 * day; checked to be a real date (no 2023-02-29).
 */
import { Schema } from "effect"
import { fieldMessage } from "./support"

const message = fieldMessage("Expected a date like 2024-05-31", "Ожидается дата в формате ГГГГ-ММ-ДД, например 2024-05-31")

/** True when `text` is "YYYY-MM-DD" and names a day that exists. */
export const isIsoDate = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

export const IsoDate = Schema.String.check(Schema.makeFilter((text: string) => isIsoDate(text) ? undefined : message.en))
