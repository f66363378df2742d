/** Small DOM helpers for the browser tests. */
import { waitUntil } from "@open-wc/testing"

/** querySelector inside an element's shadow root; throws when missing. */
export function $<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector)
  if (!found) throw new Error(`${host.localName}: nothing matches ${selector}`)
  return found
}

export function $$<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return [...(host.shadowRoot?.querySelectorAll<T>(selector) ?? [])]
}

export function maybe<T extends Element = HTMLElement>(host: Element, selector: string): T | null {
  return host.shadowRoot?.querySelector<T>(selector) ?? null
}

/** Visible text of an element's shadow root, whitespace collapsed. */
export function text(host: Element, selector?: string): string {
  const root = selector ? $(host, selector) : host.shadowRoot
  return (root?.textContent ?? "").replace(/\s+/g, " ").trim()
}

export async function until(predicate: () => unknown, message = "condition", timeout = 3000): Promise<void> {
  await waitUntil(() => Boolean(predicate()), `timed out waiting for ${message}`, { timeout, interval: 10 })
}

/** Types into an input the way a user does (value + input event). */
export function type(input: HTMLInputElement, value: string): void {
  input.focus()
  input.value = value
  input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }))
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Text of an element of a shadow tree (not a host), whitespace collapsed. */
export function textOf(node: Element): string {
  return (node.textContent ?? "").replace(/\s+/g, " ").trim()
}
