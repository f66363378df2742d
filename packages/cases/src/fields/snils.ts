/**
 * СНИЛС, the individual insurance account number of the Social Fund (ex
 * Pension Fund): identifies a person in medical and social-benefit programs.
 * Its two last digits are a checksum over the first nine, so most typing
 * errors are caught while the operator still has the caller on the line.
 */
import { fieldMessage, normalisedString } from "./support"

/** Drops the spaces and dashes of "112-233-445 95". */
export const normaliseSnils = (raw: string): string => raw.replace(/[\s\-‐‑–—]/g, "")

/**
 * The checksum for the first nine digits, as two digits: the sum of each digit
 * times its weight (9 for the first … 1 for the ninth); below 100 it is the
 * sum itself, 100 and 101 give "00", above 101 the remainder mod 101 (again
 * with 100 → "00").
 */
export const snilsChecksum = (first9: string): string => {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * (9 - i)
  const control = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101
  return String(control).padStart(2, "0")
}

/** The checksum is only defined for numbers above 001-001-998. */
const lastUnchecked = 1_001_998

/** True when `snils` (formatted or 11 bare digits) carries the right checksum, or is one the rule does not cover. */
export const snilsChecksumOk = (snils: string): boolean => {
  const digits = normaliseSnils(snils)
  if (!/^\d{11}$/.test(digits)) return false
  if (Number(digits.slice(0, 9)) <= lastUnchecked) return true
  return snilsChecksum(digits.slice(0, 9)) === digits.slice(9)
}

/** "11223344595" → "112-233-445 95"; other input is returned unchanged. */
export const formatSnils = (snils: string): string => {
  const digits = normaliseSnils(snils)
  return /^\d{11}$/.test(digits)
    ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`
    : snils
}

const messages = {
  format: fieldMessage(
    "Expected a SNILS of 11 digits like 112-233-445 95",
    "Ожидается СНИЛС из 11 цифр, например 112-233-445 95",
  ),
  zeros: fieldMessage("A SNILS cannot be all zeros", "СНИЛС не может состоять из одних нулей"),
  checksum: fieldMessage(
    "Invalid SNILS checksum: check the digits",
    "Неверная контрольная сумма СНИЛС: проверьте цифры",
  ),
}

const problem = (digits: string): string | undefined => {
  if (!/^\d{11}$/.test(digits)) return messages.format.en
  if (/^0+$/.test(digits)) return messages.zeros.en
  if (!snilsChecksumOk(digits)) return messages.checksum.en
  return undefined
}

/** A СНИЛС as typed ("112-233-445 95" or "11223344595"); decodes to the 11 digits. */
export const Snils = normalisedString(normaliseSnils, problem, {
  description: "СНИЛС, 11 digits with a valid checksum; \"112-233-445 95\" is accepted",
  examples: ["11223344595"],
})
