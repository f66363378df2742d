/**
 * Полис ОМС единого образца: its number is the person's ЕНП (единый номер
 * полиса), 16 digits whose last one is a check digit. Checking it catches a
 * mistyped digit before a case is opened under a stranger's insurance.
 *
 * The check digit rule is the one published by FFOMS for ЕНП ("Алгоритм
 * расчета контрольного числа единого номера полиса ОМС", which names the
 * ISO/HL7 27931:2009 Mod10 method), quoted step by step below. It is the
 * Luhn check: the digit sum of 2·N equals the sum of Luhn's doubled digits.
 * Checked against the worked example in that text (8451999122899990).
 * Old regional policies (a series plus a number) are not this format.
 */
import { fieldMessage, normalisedString } from "./support"

/** Drops spaces and dashes: "7755 1234 5678 9012" → "7755123456789012". */
export const normaliseOmsPolicy = (raw: string): string => raw.replace(/[\s\-‐‑–—]/g, "")

/** The check digit the first 15 digits of an ЕНП call for. */
export const omsPolicyCheckDigit = (first15: string): string => {
  const digits = first15.slice(0, 15)
  let odd = ""
  let even = ""
  // Positions are counted from the right, starting at 1 with the digit just left of the check digit.
  for (let fromRight = 1; fromRight <= digits.length; fromRight++) {
    const d = digits[digits.length - fromRight]
    if (fromRight % 2 === 1) odd += d
    else even += d
  }
  // а) odd-position digits, read from the right, form a number that is doubled;
  // б) even-position digits, read from the right, are written to its left;
  const joined = even + String(Number(odd) * 2)
  // в) all digits of that are added up;
  let sum = 0
  for (const c of joined) sum += c.charCodeAt(0) - 48
  // г) the sum is subtracted from the nearest multiple of 10 that is not smaller.
  return String((10 - (sum % 10)) % 10)
}

/** True when `policy` (16 digits, spaces allowed) ends with the right ЕНП check digit. */
export const omsPolicyChecksumOk = (policy: string): boolean => {
  const digits = normaliseOmsPolicy(policy)
  return /^\d{16}$/.test(digits) && omsPolicyCheckDigit(digits) === digits[15]
}

const messages = {
  format: fieldMessage(
    "An OMS policy number of the unified format has 16 digits",
    "Номер полиса ОМС единого образца состоит из 16 цифр",
  ),
  checkDigit: fieldMessage(
    "Invalid OMS policy check digit: check the number",
    "Неверная контрольная цифра полиса ОМС: проверьте номер",
  ),
}

const problem = (digits: string): string | undefined => {
  if (!/^\d{16}$/.test(digits)) return messages.format.en
  if (!omsPolicyChecksumOk(digits)) return messages.checkDigit.en
  return undefined
}

/** A unified-format OMS policy number (ЕНП); decodes to its 16 digits. */
export const OmsPolicy = normalisedString(normaliseOmsPolicy, problem, {
  description: "OMS policy number of the unified format (ЕНП): 16 digits with a valid check digit",
  examples: ["8451999122899990"],
})
