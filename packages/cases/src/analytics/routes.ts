/**
 * HTTP routes of the case desk's analytics, mounted under /api/v1/cases;
 * for supervisors and admins. `format=csv|xlsx|pdf` answers a file to
 * download (Content-Disposition: attachment) instead of JSON.
 */
import { type AppEnv, type AppRuntime, type Database, endpoint, langOf } from "@org/core/server"
import { Effect } from "effect"
import { Hono } from "hono"
import { RoadsideReport, RoadsideReportQuery } from "./api"
import { reportCsv } from "./export-csv"
import { reportPdf } from "./export-pdf"
import { reportXlsx } from "./export-xlsx"
import { reportFileName } from "./report-table"
import { CaseAnalytics } from "./service"

const types = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const

const download = (bytes: Uint8Array, format: keyof typeof types, fileName: string) =>
  new Response(bytes as BodyInit, {
    headers: {
      "content-type": types[format],
      "content-disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "no-store",
    },
  })

export const makeCaseAnalyticsRoutes = (runtime: AppRuntime<CaseAnalytics | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/analytics/roadside", ep({
      summary: "Roadside report: services, times and costs by service type, actions by type, a daily series",
      description: "Filters: from/to (a date YYYY-MM-DD = whole days in the tenant's time zone, or an ISO instant, `to` exclusive) on the service's creation; " +
        "city and program (dictionary item ids held by the case's `city` / `program` field); partnerId; currency (costs summed, default RUB). " +
        "format=json (default) | csv (UTF-8 with BOM, `;`-separated, decimal comma in Russian) | xlsx | pdf — files come with Content-Disposition. " +
        "Definitions: arrival = arrivedAt − orderedAt; first processing = orderedAt − the case's createdAt; unassigned = assignedAt − orderedAt; " +
        "assigned = arrivedAt − assignedAt; service = finishedAt − arrivedAt; overdue action = done after due, or open past due; " +
        "satisfaction = satisfied / rated × 100. Averages are null when nothing has both times.",
      tags: ["analytics"], roles: ["supervisor"], query: RoadsideReportQuery, response: RoadsideReport,
    }, ({ query: { format = "json", ...filters }, c }) => Effect.gen(function* () {
      const analytics = yield* Effect.service(CaseAnalytics)
      const report = yield* analytics.roadside(filters)
      if (format === "json") return report
      const lang = langOf(c)
      const about = yield* analytics.describeFilters(filters, lang)
      const fileName = reportFileName(about.today, format)
      if (format === "csv") return download(reportCsv(report, lang), format, fileName)
      if (format === "xlsx") return download(yield* Effect.promise(() => reportXlsx(report, lang)), format, fileName)
      return download(yield* Effect.promise(() => reportPdf(report, lang, about.text)), format, fileName)
    })))
}
