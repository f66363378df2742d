/**
 * People-facing case numbers from a per-type format. Tokens:
 *   {YYYY} {YY} {MM} {DD} {MMM} (Jan…Dec)  — the creation date in the tenant's time zone
 *   {TYPE}                                  — the type's short name given to format()
 *   {SEQ} or {SEQ:n}                        — the per-tenant, per-type sequence, zero-padded to n
 * "{MMM}{DD}_{TYPE}_{SEQ:3}" → "Sep12_Information_002", as the hotline desk numbers its appeals.
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const TOKEN = /\{(YYYY|YY|MM|DD|MMM|TYPE|SEQ(?::(\d{1,2}))?|[^}]*)\}/g
const KNOWN = /^(YYYY|YY|MM|DD|MMM|TYPE|SEQ(:\d{1,2})?)$/

export const tokensOf = (format: string) =>
  [...format.matchAll(TOKEN)].map((m) => ({ text: m[0], known: KNOWN.test(m[1]) }))

/** The date parts of `at` as seen in `timeZone`. */
const partsIn = (at: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(at).map((p) => [p.type, p.value]),
  )
  return { year: parts.year, month: parts.month, day: parts.day }
}

export const formatCaseNumber = (format: string, v: { at: Date; timeZone: string; type: string; seq: number }) => {
  const d = partsIn(v.at, v.timeZone)
  return format.replace(TOKEN, (whole, token: string, pad?: string) => {
    switch (token) {
      case "YYYY": return d.year
      case "YY": return d.year.slice(2)
      case "MM": return d.month
      case "DD": return d.day
      case "MMM": return MONTHS[Number(d.month) - 1]
      case "TYPE": return v.type
      default:
        if (token.startsWith("SEQ")) return String(v.seq).padStart(pad ? Number(pad) : 1, "0")
        return whole
    }
  })
}
