import { svg, type TemplateResult } from "lit"

/** 16×16 stroke icons of the softphone (aria-hidden; the buttons carry the labels). */
const icon = (body: TemplateResult, size = 16, width = 1.6) =>
  svg`<svg width=${size} height=${size} viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width=${width} stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`

const handset = svg`<path d="M5.2 2.2 3.6 2a1.3 1.3 0 0 0-1.4 1.2c-.2 5.6 5 10.8 10.6 10.6A1.3 1.3 0 0 0 14 12.4l-.2-1.6a1 1 0 0 0-.8-.8l-2.1-.5a1 1 0 0 0-1 .3l-.8.9a8.4 8.4 0 0 1-3.8-3.8l.9-.8a1 1 0 0 0 .3-1l-.5-2.1a1 1 0 0 0-.8-.8Z"/>`

export const phoneIcon = (size = 16) => icon(handset, size)
export const hangupIcon = (size = 22) =>
  svg`<svg width=${size} height=${size} viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><g transform="rotate(135 8 8)">${handset}</g></svg>`
export const micOffIcon = () => icon(svg`<rect x="6" y="1.8" width="4" height="7.6" rx="2"/><path d="M3.6 7.6a4.4 4.4 0 0 0 8.8 0M8 12v2.2M2.5 2.5l11 11"/>`)
export const retryIcon = () => icon(svg`<path d="M13 8a5 5 0 1 1-1.6-3.7M13 2.5v3h-3"/>`)
export const pauseIcon = () => icon(svg`<path d="M5.5 3.5v9M10.5 3.5v9"/>`, 16, 2)
export const keypadIcon = () =>
  icon(svg`<circle cx="4" cy="3.5" r=".9"/><circle cx="8" cy="3.5" r=".9"/><circle cx="12" cy="3.5" r=".9"/><circle cx="4" cy="7.5" r=".9"/><circle cx="8" cy="7.5" r=".9"/><circle cx="12" cy="7.5" r=".9"/><circle cx="4" cy="11.5" r=".9"/><circle cx="8" cy="11.5" r=".9"/><circle cx="12" cy="11.5" r=".9"/>`)
export const transferIcon = () => icon(svg`<path d="M2.5 5.5h10M10 3l2.5 2.5L10 8M13.5 10.5h-10M6 8l-2.5 2.5L6 13"/>`)
export const gearIcon = () =>
  icon(svg`<circle cx="8" cy="8" r="2.2"/><path d="M8 1.5v1.6M8 12.9v1.6M14.5 8h-1.6M3.1 8H1.5M12.6 3.4l-1.1 1.1M4.5 11.5l-1.1 1.1M12.6 12.6l-1.1-1.1M4.5 4.5 3.4 3.4"/>`)
export const backIcon = () => icon(svg`<path d="M10 3 5 8l5 5"/>`)
export const eraseIcon = () => icon(svg`<path d="M6 3h7.5v10H6L1.8 8Z"/><path d="m8 6 3 4M11 6l-3 4"/>`)
export const incomingIcon = () => icon(svg`<path d="M12.5 3.5l-8 8M4.5 6v5.5H10"/>`)
export const outgoingIcon = () => icon(svg`<path d="M3.5 12.5l8-8M6 4.5h5.5V10"/>`)
export const missedIcon = () => icon(svg`<path d="M2 5l4.5 4.5L11 5M11 5H7.5M11 5v3.5"/>`)
export const swapIcon = () => icon(svg`<path d="M4 2.5v11M1.8 11.2 4 13.5l2.2-2.3M12 13.5v-11M9.8 4.8 12 2.5l2.2 2.3"/>`)
