/**
 * The chart of `<org-case-dashboard>`: services per day (bars, left axis) and the average arrival
 * time (line, right axis, minutes), drawn with uPlot. Days are calendar days, so the x axis is
 * the day's index with its date as the label (no time zone games).
 */
import uPlot from "uplot"
import type { RoadsideDay } from "../api/case-desk.js"

export interface ChartTexts {
  /** The legend's name of the hovered day. */
  readonly dayLabel: string
  readonly services: string
  readonly arrival: string
  /** "12.03" for a day "2025-03-12". */
  readonly day: (day: string) => string
  readonly count: (n: number) => string
  readonly minutes: (n: number) => string
}

export interface ChartColors {
  readonly bars: string
  readonly barsStroke: string
  readonly line: string
  readonly grid: string
  readonly text: string
}

export function chartData(series: readonly RoadsideDay[]): uPlot.AlignedData {
  return [
    series.map((_, i) => i),
    series.map((d) => d.services),
    series.map((d) => (d.avgArrivalMinutes === null ? null : Math.round(d.avgArrivalMinutes * 10) / 10)),
  ]
}

export function chartOptions(
  series: readonly RoadsideDay[],
  size: { width: number; height: number },
  texts: ChartTexts,
  colors: ChartColors,
  font: string,
): uPlot.Options {
  const label = (i: number) => {
    const day = series[Math.round(i)]
    return day ? texts.day(day.day) : ""
  }
  const axisFont = `11px ${font}`
  const bars = uPlot.paths.bars!({ size: [0.62, 36], align: 0 })
  return {
    width: size.width,
    height: size.height,
    padding: [12, 8, 0, 4],
    cursor: { points: { size: 7 }, drag: { x: false, y: false } },
    legend: { show: true, live: true },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
      count: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
      minutes: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil((max || 0) * 1.2))] },
    },
    axes: [
      {
        stroke: colors.text,
        font: axisFont,
        grid: { show: false },
        ticks: { stroke: colors.grid, size: 4 },
        incrs: [1, 2, 3, 7, 14, 28, 56, 91, 182, 364],
        space: 44,
        values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? label(i) : "")),
      },
      {
        scale: "count",
        stroke: colors.text,
        font: axisFont,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { show: false },
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        size: 40,
        values: (_u, splits) => splits.map((v) => texts.count(v)),
      },
      {
        scale: "minutes",
        side: 1,
        stroke: colors.line,
        font: axisFont,
        grid: { show: false },
        ticks: { show: false },
        size: 48,
        values: (_u, splits) => splits.map((v) => texts.minutes(v)),
      },
    ],
    series: [
      { label: texts.dayLabel, value: (_u, v) => (v === null ? "—" : label(v)) },
      {
        label: texts.services,
        scale: "count",
        fill: colors.bars,
        stroke: colors.barsStroke,
        width: 1,
        paths: bars,
        points: { show: false },
        value: (_u, v) => (v === null ? "—" : texts.count(v)),
      },
      {
        label: texts.arrival,
        scale: "minutes",
        stroke: colors.line,
        width: 2,
        spanGaps: false,
        points: { show: true, size: 5, fill: colors.line },
        value: (_u, v) => (v === null ? "—" : texts.minutes(v)),
      },
    ],
  }
}

export { uPlot }
