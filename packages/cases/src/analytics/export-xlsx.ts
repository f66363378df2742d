/** The roadside report as an Excel workbook: one sheet per table, numbers as numbers (money in major units). */
import type { Lang } from "@org/core"
import ExcelJS from "exceljs"
import { minorUnits } from "../fields/money"
import type { RoadsideReport } from "./api"
import { type Cell, major, reportTables } from "./report-table"

const value = (cell: Cell) => (cell.kind === "money" ? major(cell.value) : cell.value)
const numFmt = (cell: Cell) =>
  cell.kind === "money" ? (minorUnits(cell.value.currency) === 0 ? "#,##0" : `#,##0.${"0".repeat(minorUnits(cell.value.currency))}`)
    : cell.kind === "minutes" || cell.kind === "percent" ? "0.##" : undefined

export const reportXlsx = async (report: RoadsideReport, lang: Lang): Promise<Uint8Array> => {
  const book = new ExcelJS.Workbook()
  book.creator = "Switchboard"
  book.created = new Date()
  for (const table of reportTables(report, lang)) {
    // sheet names: at most 31 characters, none of : \ / ? * [ ]
    const sheet = book.addWorksheet(table.title.replace(/[:\\/?*[\]]/g, " ").slice(0, 31))
    const header = sheet.addRow(table.columns)
    header.font = { bold: true }
    for (const row of table.rows) {
      const added = sheet.addRow(row.map(value))
      row.forEach((cell, i) => {
        const fmt = numFmt(cell)
        if (fmt) added.getCell(i + 1).numFmt = fmt
      })
    }
    sheet.columns.forEach((col, i) => {
      const longest = Math.max(table.columns[i]?.length ?? 0, ...table.rows.map((r) => String(value(r[i]!) ?? "").length))
      col.width = Math.min(60, Math.max(10, longest + 2))
    })
    sheet.views = [{ state: "frozen", ySplit: 1 }]
  }
  return new Uint8Array(await book.xlsx.writeBuffer())
}
