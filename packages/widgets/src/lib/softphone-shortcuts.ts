/**
 * Keyboard shortcuts of `<org-softphone>`: Alt+A answers, Alt+H hangs up (cancels, declines),
 * Alt+M mutes. They work anywhere on the page except while the focus is in a text field — other
 * than the softphone's own number fields — so that typing in a CRM form never answers a call.
 * `event.code` is used, so they work in every keyboard layout (Alt+Ф on a Russian one).
 */

export type ShortcutAction = "answer" | "hangup" | "mute"

export const SHORTCUT_KEYS: Readonly<Record<ShortcutAction, string>> = {
  answer: "Alt+A",
  hangup: "Alt+H",
  mute: "Alt+M",
}

const CODES: Readonly<Record<string, ShortcutAction>> = { KeyA: "answer", KeyH: "hangup", KeyM: "mute" }

/** The action of a key press, if it is one of ours (Alt alone as the modifier). */
export function shortcutOf(event: KeyboardEvent): ShortcutAction | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return undefined
  return CODES[event.code]
}

const TEXT_INPUT_TYPES = new Set(["", "text", "search", "tel", "url", "email", "password", "number", "date", "datetime-local", "month", "time", "week"])

/** True for elements that take typed text. */
export function isTextField(el: Element | null): boolean {
  if (!el) return false
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  if (el instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(el.type)
  return el instanceof HTMLElement && el.isContentEditable
}

/** The focused element, looking inside open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let active = root.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active
}
