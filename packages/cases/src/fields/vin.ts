/**
 * VIN (ISO 3779): the car's identity in a roadside-assistance case. Operators
 * read it from a registration certificate over the phone, so input arrives
 * with spaces, dashes, lower case and Cyrillic letters that look Latin; we
 * clean those, but never guess O→0 or I→1: a VIN has no I, O or Q, and saying
 * so is better than silently storing a different car.
 */
import { fieldMessage, normalisedString } from "./support"

// Cyrillic letters with a Latin twin on a keyboard or in print.
const cyrillicToLatin: Record<string, string> = {
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X",
}

/** Trims, upper-cases, drops spaces and dashes, and turns Cyrillic look-alikes into Latin letters. */
export const normaliseVin = (raw: string): string =>
  raw
    .toUpperCase()
    .replace(/[\s\-‐‑–—]/g, "")
    .replace(/[АВЕКМНОРСТУХ]/g, (c) => cyrillicToLatin[c])

// ISO 3779 / 49 CFR 565 transliteration of letters to numbers (I, O, Q are not used).
const letterValue: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
}
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

const wellFormed = /^[A-HJ-NPR-Z0-9]{17}$/

/**
 * The check digit (position 9) that the other 16 characters call for: "0"–"9"
 * or "X"; undefined when `vin` is not 17 valid VIN characters.
 */
export const vinCheckDigit = (vin: string): string | undefined => {
  if (!wellFormed.test(vin)) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const c = vin[i]
    const value = c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : letterValue[c]
    sum += value * weights[i]
  }
  const r = sum % 11
  return r === 10 ? "X" : String(r)
}

/** True when the normalised `vin` carries the check digit its other characters call for. */
export const vinCheckDigitOk = (vin: string): boolean => {
  const expected = vinCheckDigit(vin)
  return expected !== undefined && vin[8] === expected
}

/**
 * North-American manufacturers (WMI starting 1–5: USA, Canada, Mexico) must
 * use the check digit; European and Russian makers mostly put a filler there.
 */
export const vinNeedsCheckDigit = (vin: string): boolean => /^[1-5]/.test(vin)

const messages = {
  forbidden: fieldMessage(
    "A VIN never contains the letters I, O or Q: check whether it is 1 or 0",
    "В VIN не бывает букв I, O и Q: возможно, это цифры 1 или 0",
  ),
  characters: fieldMessage("A VIN contains only Latin letters and digits", "VIN содержит только латинские буквы и цифры"),
  length: fieldMessage("A VIN has 17 characters", "VIN состоит из 17 символов"),
  checkDigit: fieldMessage("Invalid VIN check digit", "Неверная контрольная цифра VIN"),
}

const problem = (vin: string): string | undefined => {
  if (/[IOQ]/.test(vin)) return messages.forbidden.en
  if (!/^[A-Z0-9]*$/.test(vin)) return messages.characters.en
  if (vin.length !== 17) return messages.length.en
  if (vinNeedsCheckDigit(vin) && !vinCheckDigitOk(vin)) return messages.checkDigit.en
  return undefined
}

/** A VIN as typed; decodes to the normalised 17 characters. */
export const Vin = normalisedString(normaliseVin, problem, {
  description: "VIN (ISO 3779), 17 characters without I, O, Q; spaces, dashes and Cyrillic look-alikes are cleaned",
  examples: ["1M8GDM9AXKP042788"],
})
