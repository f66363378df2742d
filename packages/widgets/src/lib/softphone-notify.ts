/** Desktop notifications of incoming calls (when the user allowed them), one per call. */
export class CallNotifications {
  readonly #open = new Map<string, Notification>()

  /** Shows one unless notifications are not granted (or only allowed from a service worker). */
  show(callId: string, title: string, body: string): void {
    if (typeof Notification === "undefined" || Notification.permission !== "granted") return
    try {
      const n = new Notification(title, { body, tag: `org-softphone-${callId}`, requireInteraction: true, silent: true })
      n.onclick = () => {
        window.focus()
        n.close()
      }
      this.#open.set(callId, n)
    } catch {
      // some browsers allow notifications only from a service worker
    }
  }

  close(callId: string): void {
    this.#open.get(callId)?.close()
    this.#open.delete(callId)
  }

  closeAll(): void {
    for (const id of [...this.#open.keys()]) this.close(id)
  }
}
