/**
 * Phone numbers as operators paste them — "+7 (900) 123-45-67", "8 900 123 45 67", "tel:+7900…",
 * "доб. 101" — cleaned into what the PBX dials. Russian national numbers (11 digits starting with
 * 7 or 8, or 10 digits starting with 9) take the `national` prefix the tenant's trunk expects.
 */

/** How an 11-digit Russian number is dialled: "8XXXXXXXXXX", "+7XXXXXXXXXX" or "7XXXXXXXXXX". */
export type NationalFormat = "8" | "+7" | "7"

/** Characters the dial input keeps while typing (everything a pasted number may contain). */
const DIALABLE = /[0-9*#+]/g

/**
 * The dialable form of a typed or pasted number: separators dropped, a `tel:`/`sip:` prefix
 * unwrapped, Russian national numbers normalised to `national`. Short numbers (extensions),
 * `*`/`#` codes and foreign `+` numbers keep their digits. "" when nothing is dialable.
 */
export function cleanNumber(raw: string, national: NationalFormat = "8"): string {
  let text = raw.trim()
  const uri = /^(?:sips?|tel):([^@;?]+)/i.exec(text)
  if (uri?.[1]) text = decodeURIComponent(uri[1])
  // "+7 900 … доб. 123" / "ext. 12": the extension cannot be dialled with the number
  text = text.replace(/\s*(?:доб\.?|добавочный|ext\.?|extension|x)\s*\d+\s*$/i, "")
  const kept = (text.match(DIALABLE) ?? []).join("")
  // a "+" only counts first
  const plus = kept.startsWith("+")
  const digits = kept.replace(/\+/g, "")
  if (digits === "") return ""
  if (/^\d+$/.test(digits)) {
    let national10: string | undefined
    if (digits.length === 11 && (digits.startsWith("7") || (digits.startsWith("8") && !plus))) national10 = digits.slice(1)
    else if (digits.length === 10 && digits.startsWith("9") && !plus) national10 = digits
    if (national10 !== undefined) return `${national}${national10}`
  }
  return plus ? `+${digits}` : digits
}

/** What the dial input keeps of a keystroke or paste while the user is still typing. */
export function dialInputValue(raw: string): string {
  return (raw.match(DIALABLE) ?? []).join("").replace(/(?!^)\+/g, "")
}

/**
 * A number for the eye: "+7 900 123-45-67" / "8 900 123-45-67" for Russian numbers, the rest
 * unchanged. Only for display; never dialled.
 */
export function formatNumber(number: string): string {
  const m = /^(\+7|8|7)(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(number)
  if (!m) return number
  return `${m[1]} ${m[2]} ${m[3]}-${m[4]}-${m[5]}`
}

/** True when two numbers are the same subscriber (8… / +7… / 7… of one national number match). */
export function sameNumber(a: string, b: string): boolean {
  return cleanNumber(a) === cleanNumber(b)
}
