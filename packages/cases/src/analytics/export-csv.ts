/**
 * The roadside report as CSV for spreadsheet users: UTF-8 with a BOM (so
 * Excel reads Cyrillic), ";" between cells (what Russian-locale Excel
 * expects), CRLF line ends, a decimal comma in Russian and a point in English.
 * Each table comes as its title row, its header row and its rows, with an
 * empty line between tables. Text that a spreadsheet would take for a formula
 * (=, +, -, @ first) is prefixed with an apostrophe.
 */
import type { Lang } from "@org/core"
import type { RoadsideReport } from "./api"
import { cellText, reportTables } from "./report-table"

const quote = (s: string) => {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll("\"", "\"\"")}"` : safe
}

export const reportCsv = (report: RoadsideReport, lang: Lang): Uint8Array => {
  const lines: string[] = []
  for (const [i, table] of reportTables(report, lang).entries()) {
    if (i > 0) lines.push("")
    lines.push(quote(table.title))
    lines.push(table.columns.map(quote).join(";"))
    for (const row of table.rows) lines.push(row.map((cell) => (cell.kind === "text" ? quote(cell.value) : cellText(cell, lang))).join(";"))
  }
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`)
}
