/**
 * The roadside report as a PDF. PDF's built-in fonts have no Cyrillic, so the
 * text is set in DejaVu Sans read from the system's fonts at run time (Debian:
 * `apt-get install fonts-dejavu-core`); without it the export fails with a
 * message that says so, rather than print empty boxes.
 */
import type { Lang } from "@org/core"
import { existsSync, readFileSync } from "node:fs"
import PDFDocument from "pdfkit"
import type { RoadsideReport } from "./api"
import { cellText, reportTables } from "./report-table"

/** Where distributions put DejaVu Sans (Debian/Ubuntu, Fedora, Arch, Alpine); PDF_FONT_DIR comes first. */
const fontDirs = () => [
  process.env.PDF_FONT_DIR, "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/TTF",
].filter((d): d is string => !!d)

/** DejaVu Sans (regular and bold) from the first of `dirs` that has it; throws saying what to install when none has. */
export const readFonts = (dirs: readonly string[]) => {
  const dir = dirs.find((d) => existsSync(`${d}/DejaVuSans.ttf`))
  if (!dir) {
    throw new Error(`PDF export needs the DejaVu Sans font (DejaVuSans.ttf) for Cyrillic text; looked in ${dirs.join(", ")}. ` +
      "Install it (Debian: apt-get install fonts-dejavu-core) or set PDF_FONT_DIR to the folder that holds it.")
  }
  const regular = new Uint8Array(readFileSync(`${dir}/DejaVuSans.ttf`))
  const bold = existsSync(`${dir}/DejaVuSans-Bold.ttf`) ? new Uint8Array(readFileSync(`${dir}/DejaVuSans-Bold.ttf`)) : regular
  return { regular, bold }
}

let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined
const loadFonts = () => (fonts ??= readFonts(fontDirs()))

const heading = { ru: "Отчёт по помощи на дорогах", en: "Roadside assistance report" }

export const reportPdf = (report: RoadsideReport, lang: Lang, subtitle: string): Promise<Uint8Array> => {
  const { regular, bold } = loadFonts()
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 36, info: { Title: heading[lang], Creator: "Switchboard" } })
    const chunks: Uint8Array[] = []
    doc.on("data", (c: Uint8Array) => chunks.push(c))
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on("error", reject)
    doc.registerFont("regular", Buffer.from(regular))
    doc.registerFont("bold", Buffer.from(bold))
    doc.font("bold").fontSize(16).text(heading[lang])
    doc.font("regular").fontSize(9).fillColor("#555555").text(subtitle).fillColor("#000000").moveDown()
    for (const table of reportTables(report, lang)) {
      if (doc.y > doc.page.height - 120) doc.addPage()
      doc.font("bold").fontSize(12).text(table.title, doc.page.margins.left).moveDown(0.3)
      doc.font("regular").fontSize(9)
      doc.table({
        data: [table.columns, ...table.rows.map((row) => row.map((cell) => cellText(cell, lang)))],
        rowStyles: (i) => (i === 0 ? { backgroundColor: "#eeeeee" } : undefined),
      })
      doc.moveDown()
    }
    doc.end()
  })
}
