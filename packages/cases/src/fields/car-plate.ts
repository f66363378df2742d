/**
 * Russian registration plates (GOST R 50577): the quickest way an operator
 * finds the customer's car. Only the twelve Cyrillic letters that have a Latin
 * twin are used on plates, so Latin input (a Latin keyboard layout) is mapped
 * to them and the stored plate is always Cyrillic, making search exact.
 */
import { fieldMessage, normalisedString } from "./support"

const plateLetters = "АВЕКМНОРСТУХ"
const latinToCyrillic: Record<string, string> = {
  A: "А", B: "В", E: "Е", K: "К", M: "М", H: "Н", O: "О", P: "Р", C: "С", T: "Т", Y: "У", X: "Х",
}

/**
 * Upper-cases, drops spaces, dashes and the "|" of the region box, drops a
 * trailing "RUS", and maps Latin look-alikes to the Cyrillic plate letters:
 * "a 123 bc 77 rus" → "А123ВС77".
 */
export const normalisePlate = (raw: string): string =>
  raw
    .toUpperCase()
    .replace(/[\s\-‐‑–—|_]/g, "")
    .replace(/(\d)(?:RUS|РУС)$/, "$1")
    .replace(/[ABEKMHOPCTYX]/g, (c) => latinToCyrillic[c])

const L = `[${plateLetters}]`
// Region: 01–99, or three digits (102, 116, 750, 777, 799 …).
const region = "(?:0[1-9]|[1-9]\\d|[1-9]\\d\\d)"
const serial3 = "(?!000)\\d{3}"
const serial4 = "(?!0000)\\d{4}"

/** The plate types we accept, each with its pattern on the normalised text. */
export const plateFormats = {
  /** Cars, lorries and buses: А123ВС77, А123ВС777. */
  private: new RegExp(`^${L}${serial3}${L}{2}${region}$`),
  /** Taxis and passenger transport: АВ12377, АВ123777. */
  taxi: new RegExp(`^${L}{2}${serial3}${region}$`),
  /** Trailers: АВ123477. */
  trailer: new RegExp(`^${L}{2}${serial4}${region}$`),
  /** Motorcycles: 1234АВ77. */
  motorcycle: new RegExp(`^${serial4}${L}{2}${region}$`),
} as const

export type PlateFormat = keyof typeof plateFormats

/** The formats a normalised plate matches (a taxi plate with a 3-digit region reads like a trailer plate). */
export const plateFormatsOf = (plate: string): PlateFormat[] =>
  (Object.keys(plateFormats) as PlateFormat[]).filter((k) => plateFormats[k].test(plate))

const messages = {
  letters: fieldMessage(
    "Plates use only the letters А, В, Е, К, М, Н, О, Р, С, Т, У, Х",
    "В госномерах используются только буквы А, В, Е, К, М, Н, О, Р, С, Т, У, Х",
  ),
  format: fieldMessage(
    "Expected a registration plate like А123ВС77 or А123ВС777",
    "Ожидается госномер, например А123ВС77 или А123ВС777",
  ),
}

// Any letter that is not one of the plate letters.
const foreignLetter = new RegExp(`[^\\P{L}${plateLetters}]`, "u")

const problem = (plate: string): string | undefined => {
  if (foreignLetter.test(plate)) return messages.letters.en
  return plateFormatsOf(plate).length > 0 ? undefined : messages.format.en
}

/** A Russian registration plate as typed; decodes to the normalised Cyrillic form ("А123ВС77"). */
export const CarPlate = normalisedString(normalisePlate, problem, {
  description: "Russian registration plate in Cyrillic (private, taxi, trailer, motorcycle); Latin look-alikes are accepted",
  examples: ["А123ВС77", "А123ВС777"],
})
