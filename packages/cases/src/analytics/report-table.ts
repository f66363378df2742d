/**
 * The roadside report as titled tables in the reader's language — what the
 * CSV, XLSX and PDF exports lay out, each in its own way.
 */
import type { Lang } from "@org/core"
import { minorUnits } from "../fields/money"
import type { RoadsideReport } from "./api"

type Money = { amount: number; currency: string }
/** A cell: text, a count, minutes, a percentage, or money (kept in minor units until rendered). */
export type Cell =
  | { kind: "text"; value: string }
  | { kind: "count"; value: number }
  | { kind: "minutes" | "percent"; value: number | null }
  | { kind: "money"; value: Money }

export interface Table {
  title: string
  columns: string[]
  rows: Cell[][]
}

const text = (value: string): Cell => ({ kind: "text", value })
const count = (value: number): Cell => ({ kind: "count", value })
const minutes = (value: number | null): Cell => ({ kind: "minutes", value })
const money = (value: Money): Cell => ({ kind: "money", value })

/** Money in major units (kopecks → roubles), as a number for spreadsheets. */
export const major = (m: Money) => m.amount / 10 ** minorUnits(m.currency)

const words = {
  ru: {
    totals: "Итоги", indicator: "Показатель", value: "Значение", services: "Услуг", arrival: "Среднее время прибытия, мин",
    firstProcessing: "Среднее время первичной обработки, мин", unassigned: "Среднее время без назначения, мин",
    assigned: "Среднее время от назначения до прибытия, мин", customerCost: "Стоимость для клиента", partnerCost: "Стоимость у партнёра",
    satisfaction: "Удовлетворённость, %", byServiceType: "По видам услуг", serviceType: "Вид услуги", code: "Код", count: "Количество",
    wait: "Среднее ожидание, мин", serviceTime: "Среднее время услуги, мин", byActionType: "По видам действий", actionType: "Вид действия",
    overdue: "Просрочено", execution: "Среднее выполнение, мин", byDay: "По дням", day: "День",
  },
  en: {
    totals: "Totals", indicator: "Indicator", value: "Value", services: "Services", arrival: "Average arrival time, min",
    firstProcessing: "Average first processing time, min", unassigned: "Average time unassigned, min",
    assigned: "Average time from assignment to arrival, min", customerCost: "Cost for the customer", partnerCost: "Cost at the partner",
    satisfaction: "Satisfaction, %", byServiceType: "By service type", serviceType: "Service type", code: "Code", count: "Count",
    wait: "Average wait, min", serviceTime: "Average service time, min", byActionType: "By action type", actionType: "Action type",
    overdue: "Overdue", execution: "Average execution, min", byDay: "By day", day: "Day",
  },
} as const

export const reportTables = (r: RoadsideReport, lang: Lang): Table[] => {
  const w = words[lang]
  const t = r.totals
  return [
    {
      title: w.totals,
      columns: [w.indicator, w.value],
      rows: [
        [text(w.services), count(t.services)],
        [text(w.arrival), minutes(t.avgArrivalMinutes)],
        [text(w.firstProcessing), minutes(t.avgFirstProcessingMinutes)],
        [text(w.unassigned), minutes(t.avgUnassignedMinutes)],
        [text(w.assigned), minutes(t.avgAssignedMinutes)],
        [text(`${w.customerCost}, ${t.customerCost.currency}`), money(t.customerCost)],
        [text(`${w.partnerCost}, ${t.partnerCost.currency}`), money(t.partnerCost)],
        [text(w.satisfaction), { kind: "percent", value: t.satisfactionPercent }],
      ],
    },
    {
      title: w.byServiceType,
      columns: [w.serviceType, w.code, w.count, w.wait, w.serviceTime, `${w.customerCost}, ${t.customerCost.currency}`, `${w.partnerCost}, ${t.partnerCost.currency}`],
      rows: r.byServiceType.map((s) => [
        text(s.label[lang]), text(s.kind), count(s.count), minutes(s.avgWaitMinutes), minutes(s.avgServiceMinutes), money(s.customerCost), money(s.partnerCost),
      ]),
    },
    {
      title: w.byActionType,
      columns: [w.actionType, w.code, w.count, w.overdue, w.execution],
      rows: r.byActionType.map((x) => [text(x.label[lang]), text(x.kind), count(x.count), count(x.overdue), minutes(x.avgExecutionMinutes)]),
    },
    {
      title: w.byDay,
      columns: [w.day, w.services, w.arrival],
      rows: r.series.map((d) => [text(d.day), count(d.services), minutes(d.avgArrivalMinutes)]),
    },
  ]
}

/** A cell as text in `lang`: a decimal comma for Russian, a point for English; money in major units with its decimals. */
export const cellText = (cell: Cell, lang: Lang): string => {
  const point = (s: string) => (lang === "ru" ? s.replace(".", ",") : s)
  switch (cell.kind) {
    case "text":
      return cell.value
    case "count":
      return String(cell.value)
    case "minutes":
    case "percent":
      return cell.value === null ? "" : point(String(cell.value))
    case "money":
      return point(major(cell.value).toFixed(minorUnits(cell.value.currency)))
  }
}

/** A file name for the report made on `day`. */
export const reportFileName = (day: string, ext: string) => `roadside-report-${day}.${ext}`
