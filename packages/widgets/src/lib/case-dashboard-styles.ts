import { css } from "lit"

/** uPlot's own stylesheet (uplot/dist/uPlot.min.css), which must live inside the shadow root. */
export const uplotStyles = css`
  .uplot,
  .uplot *,
  .uplot *::before,
  .uplot *::after {
    box-sizing: border-box;
  }
  .uplot {
    font-family: var(--_font);
    line-height: 1.5;
    width: min-content;
  }
  .u-title {
    text-align: center;
    font-size: 18px;
    font-weight: bold;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under {
    position: absolute;
  }
  .u-under {
    overflow: hidden;
  }
  .uplot canvas {
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
  }
  .u-axis {
    position: absolute;
  }
  .u-legend {
    font-size: 12px;
    margin: auto;
    text-align: center;
  }
  .u-inline {
    display: block;
  }
  .u-inline * {
    display: inline-block;
  }
  .u-inline tr {
    margin-right: 16px;
  }
  .u-legend th {
    font-weight: 500;
  }
  .u-legend th > * {
    vertical-align: middle;
    display: inline-block;
  }
  .u-legend .u-marker {
    width: 10px;
    height: 10px;
    margin-right: 4px;
    border-radius: 2px;
    background-clip: padding-box !important;
  }
  .u-inline.u-live th::after {
    content: ":";
    vertical-align: middle;
  }
  .u-inline:not(.u-live) .u-value {
    display: none;
  }
  .u-series > * {
    padding: 2px 4px;
  }
  .u-series th {
    cursor: pointer;
  }
  .u-legend .u-off > * {
    opacity: 0.3;
  }
  .u-select {
    background: rgba(0, 0, 0, 0.07);
    position: absolute;
    pointer-events: none;
  }
  .u-cursor-x,
  .u-cursor-y {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
    will-change: transform;
  }
  .u-hz .u-cursor-x,
  .u-vt .u-cursor-y {
    height: 100%;
    border-right: 1px dashed #94a3b8;
  }
  .u-hz .u-cursor-y,
  .u-vt .u-cursor-x {
    width: 100%;
    border-bottom: 1px dashed #94a3b8;
  }
  .u-cursor-pt {
    position: absolute;
    top: 0;
    left: 0;
    border-radius: 50%;
    border: 0 solid;
    pointer-events: none;
    will-change: transform;
    background-clip: padding-box !important;
  }
  .u-axis.u-off,
  .u-select.u-off,
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-cursor-pt.u-off {
    display: none;
  }
`

/** Styles of `<org-case-dashboard>`. */
export const caseDashboardStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    --_chart-bars: var(--org-chart-bars, #93c5fd);
    --_chart-bars-stroke: var(--org-chart-bars-stroke, #2563eb);
    --_chart-line: var(--org-chart-line, #ea580c);
    --_chart-grid: var(--org-chart-grid, #eef2f7);
  }
  .muted {
    color: var(--_muted);
  }
  .btn.small {
    height: 26px;
    padding: 0 9px;
    font-size: 12px;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px 16px;
    margin-bottom: 10px;
  }
  .title {
    margin: 0;
    font-size: 16px;
    font-weight: 600;
  }
  .exports {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .exports .label {
    margin: 0 2px 0 0;
  }
  a.btn {
    text-decoration: none;
    color: inherit;
  }
  a.btn[aria-busy="true"] {
    opacity: 0.6;
    pointer-events: none;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 8px 10px;
    padding: 10px 12px;
    margin-bottom: 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .filter {
    min-width: 0;
  }
  .filter .input.date {
    width: 140px;
  }
  .filter select.input {
    max-width: 220px;
  }
  .label {
    white-space: nowrap;
  }
  .presets {
    display: inline-flex;
    height: var(--_control-h);
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow: hidden;
  }
  .preset {
    padding: 0 10px;
    border: 0;
    background: transparent;
    color: var(--_muted);
    cursor: pointer;
    white-space: nowrap;
  }
  .preset + .preset {
    border-left: 1px solid var(--_border-strong);
  }
  .preset[aria-pressed="true"] {
    background: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
    color: var(--_primary);
    font-weight: 500;
  }
  .preset:focus-visible {
    outline-offset: -2px;
  }
  .body {
    transition: opacity 0.15s;
  }
  .body.stale {
    opacity: 0.55;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: 10px;
    margin-bottom: 12px;
  }
  .tile {
    padding: 10px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 2px);
    background: var(--_bg);
    min-width: 0;
  }
  .tile-label {
    display: block;
    font-size: 12px;
    color: var(--_muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .tile-value {
    display: block;
    margin-top: 2px;
    font-size: 20px;
    font-weight: 600;
    line-height: 1.3;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .tile-value.none {
    color: var(--_muted);
    font-weight: 400;
  }
  .tile-sub {
    display: block;
    font-size: 11px;
    color: var(--_muted);
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 2px);
    background: var(--_bg);
    margin-bottom: 12px;
    min-width: 0;
  }
  .card-head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    padding: 10px 12px 6px;
  }
  .card-title {
    margin: 0;
    font-size: 13px;
    font-weight: 600;
  }
  .chart {
    padding: 0 8px 8px;
    min-height: 240px;
  }
  .tables {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: 12px;
    align-items: start;
  }
  .tables .card {
    margin-bottom: 0;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 6px 10px;
    text-align: left;
    border-top: 1px solid var(--_border);
    white-space: nowrap;
  }
  th {
    background: var(--_surface);
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  th.num,
  td.num {
    text-align: right;
  }
  td.name {
    white-space: normal;
    min-width: 120px;
  }
  tfoot td {
    font-weight: 600;
    background: var(--_surface);
  }
  tr.overdue td {
    background: var(--org-danger-bg, #fef2f2);
  }
  .overdue-count {
    display: inline-block;
    min-width: 22px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_danger);
    color: #fff;
    font-weight: 600;
    font-size: 12px;
    text-align: center;
  }
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 4px;
    padding: 32px 12px;
    border: 1px dashed var(--_border-strong);
    border-radius: calc(var(--_radius) + 2px);
    text-align: center;
    background: var(--_bg);
  }
  .state.loading {
    flex-direction: row;
    justify-content: center;
    gap: 8px;
    color: var(--_muted);
  }
  .state .btn {
    margin-top: 6px;
  }
  .alert.export-error {
    margin-bottom: 10px;
  }
  .spinner {
    width: 14px;
    height: 14px;
    border: 2px solid var(--_border-strong);
    border-top-color: var(--_primary);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .skeleton {
    height: 20px;
    margin-top: 6px;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_surface), var(--_border), var(--_surface));
    background-size: 200% 100%;
    animation: shimmer 1.2s linear infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }

  @container (max-width: 1000px) {
    .tables {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @container (max-width: 760px) {
    .tiles {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container (max-width: 520px) {
    .filters {
      padding: 8px 10px;
    }
    .filter {
      flex: 1 1 calc(50% - 10px);
    }
    .filter.presets-box {
      flex-basis: 100%;
    }
    .presets {
      display: flex;
    }
    .preset {
      flex: 1;
    }
    .filter .input.date,
    .filter select.input {
      width: 100%;
      max-width: none;
    }
    .tile-value {
      font-size: 17px;
    }
  }
`
