/**
 * Character classes of the RFC 3261 §25 grammar and small hand-written scanners
 * shared by the SIP parsers. Everything works on strings with `charCodeAt` and
 * lookup tables: no regular expressions, so no backtracking on hostile input.
 */

export const TOKEN = 1 //          alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
export const WORD = 2 //           token chars plus ( ) < > : \ DQUOTE / [ ] ? { }
export const UNRESERVED = 4 //     alphanum / "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
export const USER_UNRES = 8 //     "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
export const PASSWORD = 16 //      "&" / "=" / "+" / "$" / ","
export const PARAM_UNRES = 32 //   "[" / "]" / "/" / ":" / "&" / "+" / "$"
export const HNV_UNRES = 64 //     "[" / "]" / "/" / "?" / ":" / "+" / "$"
export const HOST = 128 //         alphanum / "-" / "." (and "_", tolerated)
export const DIGIT = 256
export const HEX = 512
export const ALPHA = 1024
export const SCHEME = 2048 //      alphanum / "+" / "-" / "."
export const TEL = 4096 //         hex digits / "*" / "#" / "+" / visual separators "-" "." "(" ")"

const table = new Uint16Array(128)
const mark = (chars: string, bits: number) => {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] |= bits
}
const range = (from: string, to: string, bits: number) => {
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) table[c] |= bits
}
const ALNUM_BITS = TOKEN | WORD | UNRESERVED | HOST | SCHEME
range("a", "z", ALNUM_BITS | ALPHA)
range("A", "Z", ALNUM_BITS | ALPHA)
range("0", "9", ALNUM_BITS | DIGIT | HEX | TEL)
range("a", "f", HEX | TEL)
range("A", "F", HEX | TEL)
mark("-.!%*_+`'~", TOKEN | WORD)
mark("()<>:\\\"/[]?{}", WORD)
mark("-_.!~*'()", UNRESERVED)
mark("&=+$,;?/", USER_UNRES)
mark("&=+$,", PASSWORD)
mark("[]/:&+$", PARAM_UNRES)
mark("[]/?:+$", HNV_UNRES)
mark("-._", HOST)
mark("+-.", SCHEME)
mark("*#+-.()", TEL)

/** True when the UTF-16 code unit `c` belongs to one of the classes in `bits`. */
export const is = (c: number, bits: number): boolean => c < 128 && (table[c] & bits) !== 0

export const SP = 32
export const HTAB = 9
export const CR = 13
export const LF = 10
export const DQUOTE = 34
export const BACKSLASH = 92

export const isWs = (c: number): boolean => c === SP || c === HTAB

/** Index of the first non-SP/HTAB character at or after `i` (bounded by `end`). */
export const skipWs = (s: string, i: number, end = s.length): number => {
  while (i < end && isWs(s.charCodeAt(i))) i++
  return i
}

/** Index after the run of characters of class `bits` starting at `i`. */
export const scan = (s: string, i: number, bits: number, end = s.length): number => {
  while (i < end && is(s.charCodeAt(i), bits)) i++
  return i
}

/** Whether the whole of `s` (non-empty) is made of characters of class `bits`. */
export const all = (s: string, bits: number): boolean => s.length > 0 && scan(s, 0, bits) === s.length

export const isToken = (s: string): boolean => all(s, TOKEN)

/**
 * Scans a quoted-string whose opening DQUOTE is at `i`. Returns the index just
 * after the closing DQUOTE, or -1 when it is unterminated or holds a character
 * that qdtext does not allow (controls other than HTAB, DEL, CR, LF).
 * A quoted-pair (backslash + any char but CR/LF) may escape anything, NUL included.
 */
export const scanQuoted = (s: string, i: number, end = s.length): number => {
  i++
  while (i < end) {
    const c = s.charCodeAt(i)
    if (c === DQUOTE) return i + 1
    if (c === BACKSLASH) {
      if (i + 1 >= end) return -1
      const n = s.charCodeAt(i + 1)
      if (n === CR || n === LF) return -1
      i += 2
      continue
    }
    if ((c < 0x20 && c !== HTAB) || c === 0x7f) return -1
    i++
  }
  return -1
}

/** The content of a quoted-string (with its DQUOTEs) with quoted-pairs resolved. */
export const unquote = (quoted: string): string => {
  if (quoted.length < 2 || quoted.charCodeAt(0) !== DQUOTE) return quoted
  let out = ""
  let from = 1
  const end = quoted.length - 1
  for (let i = 1; i < end; i++) {
    if (quoted.charCodeAt(i) === BACKSLASH) {
      out += quoted.slice(from, i)
      i++
      from = i
    }
  }
  return out + quoted.slice(from, end)
}

/** A quoted-string holding `text`: DQUOTE and backslash (and controls) escaped; CR/LF become SP. */
export const quote = (text: string): string => {
  let plain = true
  for (let i = 0; i < text.length && plain; i++) {
    const c = text.charCodeAt(i)
    plain = c >= 0x20 ? c !== DQUOTE && c !== BACKSLASH && c !== 0x7f : c === HTAB
  }
  if (plain) return `"${text}"`
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === CR || c === LF) out += " "
    else if (c === DQUOTE || c === BACKSLASH || (c < 0x20 && c !== HTAB) || c === 0x7f) out += "\\" + text[i]
    else out += text[i]
  }
  return out + '"'
}

/**
 * Whether s[from, to) consists of characters of class `bits` and valid %HH escapes.
 * Used for the user, password, parameter and header parts of SIP URIs.
 */
export const escapedRun = (s: string, from: number, to: number, bits: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c === 37) {
      if (i + 2 >= to || !is(s.charCodeAt(i + 1), HEX) || !is(s.charCodeAt(i + 2), HEX)) return false
      i += 2
    } else if (!is(c, bits)) return false
  }
  return true
}

/** Parses 1*DIGIT in s[from, to) as a non-negative integer, or -1 (also beyond `max`). */
export const parseDigits = (s: string, from: number, to: number, max: number): number => {
  if (from >= to || to > s.length) return -1
  let n = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return -1
    n = n * 10 + (c - 48)
    if (n > max) return -1
  }
  return n
}

/** Case-insensitive ASCII comparison of s[at, at + word.length) with `word` (given in lower case). */
export const startsWithLower = (s: string, at: number, word: string): boolean => {
  if (at + word.length > s.length) return false
  for (let i = 0; i < word.length; i++) {
    let c = s.charCodeAt(at + i)
    if (c >= 65 && c <= 90) c += 32
    if (c !== word.charCodeAt(i)) return false
  }
  return true
}
