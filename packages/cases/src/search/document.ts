/**
 * The search document of a case: the words the list's search box matches —
 * the number, the title, the applicant's phone as digits with and without the
 * country code, and the values of the text, phone, VIN, plate, address and
 * dictionary fields (the items' labels, not their ids). Lower case, ё → е,
 * only letters and digits, each word once, separated by single spaces: so a
 * query folded the same way finds it by substring (trigrams) or word
 * (full text) without any per-row work in the database.
 */
import type { CaseTypeDef } from "../types"

/** How documents and queries are compared: lower case, ё → е. */
export const fold = (s: string) => s.toLowerCase().replaceAll("ё", "е")

/** The words of `s`: maximal runs of letters and digits, folded. */
export const wordsOf = (s: string) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean)

/** Longer documents are cut at a word boundary (the trigram index grows with them). */
export const MAX_DOCUMENT = 2000
/** Free-text fields count with their first characters only: what people search for is at the start. */
const MAX_TEXT_FIELD = 300

/** "+79001234567" → 79001234567, 9001234567, 89001234567 (as people type Russian numbers); other numbers: their digits. */
export const phoneWords = (phone: string): string[] => {
  const digits = phone.replace(/\D/g, "")
  if (!digits) return []
  if (/^7\d{10}$/.test(digits)) return [digits, digits.slice(1), `8${digits.slice(1)}`]
  return [digits]
}

// Plates are stored in Cyrillic; their Latin twin lets a query typed in the Latin layout find them.
const plateToLatin: Record<string, string> = { а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x" }
const latinTwin = (plate: string) => fold(plate).replace(/[авекмнорстух]/g, (c) => plateToLatin[c])

export interface DocumentInput {
  readonly number: string
  readonly title: string
  readonly applicantPhone: string | null
  readonly values: Record<string, unknown>
  /** the case type's definition (null: an untyped case) */
  readonly definition: CaseTypeDef | null
  /** labels of the dictionary items the values point to, by item id */
  readonly labels: ReadonlyMap<string, { readonly ru: string; readonly en: string }>
}

/** The dictionary item ids among a case's values (to look their labels up). */
export const dictionaryIds = (definition: CaseTypeDef | null, values: Record<string, unknown>): string[] =>
  (definition?.fields ?? []).filter((f) => f.kind === "dictionary" && typeof values[f.key] === "string").map((f) => values[f.key] as string)

/** The parts of the document, before they are split into words. */
const partsOf = (input: DocumentInput): string[] => {
  const parts = [input.number, input.number.replace(/[^\p{L}\p{N}]/gu, ""), input.title]
  if (input.applicantPhone) parts.push(...phoneWords(input.applicantPhone))
  for (const field of input.definition?.fields ?? []) {
    const value = input.values[field.key]
    if (value === undefined || value === null) continue
    switch (field.kind) {
      case "text":
        if (typeof value === "string") parts.push(value.slice(0, MAX_TEXT_FIELD))
        break
      case "phone":
        if (typeof value === "string") parts.push(...phoneWords(value))
        break
      case "vin":
        if (typeof value === "string") parts.push(value)
        break
      case "plate":
        if (typeof value === "string") parts.push(value, latinTwin(value))
        break
      case "address":
        if (typeof value === "object" && typeof (value as { text?: unknown }).text === "string") parts.push((value as { text: string }).text)
        break
      case "dictionary": {
        const label = typeof value === "string" ? input.labels.get(value) : undefined
        if (label) parts.push(label.ru, label.en)
        break
      }
      default:
        break // dates, numbers, money, e-mail, ids of people and files: not searched by the box
    }
  }
  return parts
}

/** The search document: unique words in order of appearance, at most MAX_DOCUMENT characters. */
export const searchDocument = (input: DocumentInput): string => {
  const seen = new Set<string>()
  let doc = ""
  for (const word of partsOf(input).flatMap(wordsOf)) {
    if (seen.has(word)) continue
    seen.add(word)
    const next = doc ? `${doc} ${word}` : word
    if (next.length > MAX_DOCUMENT) break
    doc = next
  }
  return doc
}

/** The words of a document worth correcting a typo to: letters only, 3–40 of them. */
export const vocabularyOf = (doc: string): string[] =>
  [...new Set(doc.split(" ").filter((w) => w.length >= 3 && w.length <= 40 && /^\p{L}+$/u.test(w)))].sort()
