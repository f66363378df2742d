/**
 * What the search box asked for, folded like the documents (document.ts):
 * a phone or number typed with spaces, brackets and dashes ("8 (900) 123-45")
 * becomes one run of digits; anything else becomes its words. Tokens hold only
 * letters and digits, so they go into LIKE patterns and tsquery literals
 * without escaping.
 *
 * Each token is matched where an index serves it best:
 * - a word (letters only, 3+): as a word prefix through the full-text index
 *   ("петров" finds Петрова); when nothing matches that way, as a substring
 *   (trigrams: "ванов" finds Иванов); when still nothing, corrected to the
 *   nearest words of the tenant's vocabulary (typos);
 * - a code (3+ characters with a digit — phones, VINs, plates, numbers): as a
 *   substring through the trigram index;
 * - a short token (1–2 characters): letters as a word prefix, digits as a
 *   whole word (a house number), never as a prefix of every phone number.
 */
import { fold, wordsOf } from "./document"

export type TokenKind = "word" | "code" | "short"

export interface Token {
  readonly text: string
  readonly kind: TokenKind
}

export interface SearchPlan {
  readonly tokens: readonly Token[]
}

/** More words than this add nothing but work. */
const MAX_TOKENS = 8
const MAX_TOKEN = 64

const phoneLike = /^[+\d\s().\-‐‑–—]+$/

const kindOf = (t: string): TokenKind => (t.length <= 2 ? "short" : /^\p{L}+$/u.test(t) ? "word" : "code")

/** The plan for `q`, or null when it has nothing to search for (only punctuation). */
export const planSearch = (q: string): SearchPlan | null => {
  const text = fold(q).trim()
  const digits = text.replace(/\D/g, "")
  if (phoneLike.test(text) && digits.length >= 3) return { tokens: [{ text: digits.slice(0, MAX_TOKEN), kind: "code" }] }
  let tokens = [...new Set(wordsOf(text).map((w) => w.slice(0, MAX_TOKEN)))]
  // a lone letter next to other words is an initial ("А. Петров"): it narrows nothing
  if (tokens.some((t) => t.length > 1)) tokens = tokens.filter((t) => t.length > 1 || /\d/.test(t))
  const kept = tokens.slice(0, MAX_TOKENS).map((text) => ({ text, kind: kindOf(text) }))
  return kept.length ? { tokens: kept } : null
}

/** A tsquery term: the lexeme, its prefixes (`:*`), or any of several lexemes. */
export const tsTerm = (words: readonly string[], prefix = false) => {
  const alts = words.map((w) => `'${w}'${prefix ? ":*" : ""}`)
  return alts.length > 1 ? `(${alts.join(" | ")})` : alts[0]
}
