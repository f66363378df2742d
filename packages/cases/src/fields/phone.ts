/**
 * Phone numbers as Russian operators type them ("8 900 123 45 67",
 * "+7 (900) 123-45-67", "9001234567") stored as E.164, so that a number
 * typed three ways is one number for search, callbacks and the dialer.
 * Internal extensions ("101") are a separate, opt-in kind of value.
 */
import { Schema, SchemaGetter } from "effect"
import { fieldMessage } from "./support"

export interface PhoneOptions {
  /** Also accept short internal numbers: 2–6 digits, kept as typed. */
  readonly allowShort?: boolean
}

const e164 = /^\+[1-9]\d{7,14}$/
const short = /^\d{2,6}$/

/**
 * The E.164 form of `raw` ("+79001234567"), the short number itself when
 * `allowShort` is set and `raw` is one, or null when `raw` is not a number
 * we can read without guessing.
 *
 * - 11 digits starting with 8 or 7 → +7 and the last 10;
 * - 10 digits starting with 9 (a mobile number without prefix) → +7;
 * - "+" followed by 8–15 digits → kept; after +7 exactly 10 digits must follow;
 * - international prefixes 8 10 … and 00 … → "+".
 */
export const normalisePhone = (raw: string, options: PhoneOptions = {}): string | null => {
  const trimmed = raw.trim()
  if (!/^\+?[\d\s().\-‐‑–—]+$/.test(trimmed)) return null
  const digits = trimmed.replace(/\D/g, "")
  if (options.allowShort && !trimmed.startsWith("+") && short.test(digits)) return digits
  let international: string
  if (trimmed.startsWith("+")) international = digits
  else if (digits.length === 11 && (digits[0] === "8" || digits[0] === "7")) international = `7${digits.slice(1)}`
  else if (digits.length === 10 && digits[0] === "9") international = `7${digits}`
  else if (digits.length > 11 && digits.startsWith("810")) international = digits.slice(3)
  else if (digits.length > 10 && digits.startsWith("00")) international = digits.slice(2)
  else return null
  if (international.startsWith("7") && international.length !== 11) return null
  const value = `+${international}`
  return e164.test(value) ? value : null
}

/** "+79001234567" → "+7 900 123-45-67"; any other value is returned unchanged. */
export const formatPhoneRu = (phone: string): string => {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone)
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : phone
}

const messages = {
  // Same wording as the case form's PhoneInput, so both register one translation.
  phone: fieldMessage("Expected a phone number like +7 900 123-45-67", "Ожидается номер телефона, например +7 900 123-45-67"),
  phoneOrShort: fieldMessage(
    "Expected a phone number like +7 900 123-45-67 or an internal number of 2–6 digits",
    "Ожидается номер телефона, например +7 900 123-45-67, или внутренний номер из 2–6 цифр",
  ),
}

/**
 * A phone-number schema: decodes what an operator typed to E.164 (or, with
 * `allowShort`, to the short internal number) and encodes that form as is.
 */
export const makePhone = (options: PhoneOptions = {}) => {
  const message = options.allowShort ? messages.phoneOrShort.en : messages.phone.en
  // A decoded value is valid when it is already canonical: normalising it again changes nothing.
  const valid = (value: string) => normalisePhone(value, options) === value
  return Schema.String.annotate({
    description: options.allowShort
      ? "Phone number in E.164, or an internal number of 2–6 digits; Russian forms like 8 900 123-45-67 are accepted"
      : "Phone number in E.164; Russian forms like 8 900 123-45-67 are accepted",
    examples: options.allowShort ? ["+79001234567", "101"] : ["+79001234567"],
  }).pipe(
    Schema.decodeTo(Schema.String.check(Schema.makeFilter((value: string) => valid(value) ? undefined : message)), {
      // Input we cannot read stays as typed, and the check above reports it.
      decode: SchemaGetter.transform((raw: string) => normalisePhone(raw, options) ?? raw),
      encode: SchemaGetter.passthrough(),
    }),
  )
}

/** A phone number, always stored as E.164 ("+79001234567"). */
export const Phone = makePhone()

/** A phone number as E.164, or a short internal number ("101"). */
export const PhoneOrShort = makePhone({ allowShort: true })
