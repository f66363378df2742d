/**
 * Demo page script of `<org-softphone>` (scripts/screenshot-softphone.ts bundles and serves it):
 * the element with the fake engine and credentials, in the state named by `?scenario=` — idle,
 * typed, dialing, incoming, in-call, keypad, transfer, consult, waiting, history, settings,
 * offline — and `&lang=en`.
 */
import "../elements/org-softphone.js"
import type { OrgSoftphone } from "../elements/org-softphone.js"
import { historyKey, type HistoryEntry } from "../lib/softphone-history.js"
import { FAKE_CREDENTIALS, FakeEngine, installCredentials } from "./fake-softphone.js"

const params = new URLSearchParams(location.search)
const scenario = params.get("scenario") ?? "idle"
const lang = params.get("lang") ?? "ru"
document.documentElement.lang = lang

const CONTACTS: Record<string, string> = {
  "89001234567": "ООО «Ромашка», Анна Сергеевна",
  "+74951234567": "Иван Петров",
  "84957770011": "Автосервис на Таганке",
  "103": "Кирилл Смирнов",
  "102": "Борис Котов",
}

const minutes = (m: number) => Date.now() - m * 60_000
const history: HistoryEntry[] = [
  { id: "h1", direction: "incoming", number: "+74951234567", name: "Иван Петров", at: minutes(12), seconds: 0, outcome: "missed" },
  { id: "h2", direction: "outgoing", number: "89001234567", at: minutes(41), seconds: 263, outcome: "hangup" },
  { id: "h3", direction: "incoming", number: "103", at: minutes(95), seconds: 48, outcome: "remote-hangup" },
  { id: "h4", direction: "outgoing", number: "84957770011", at: minutes(180), seconds: 0, outcome: "busy" },
  { id: "h5", direction: "incoming", number: "89161112233", at: minutes(1500), seconds: 0, outcome: "missed" },
  { id: "h6", direction: "outgoing", number: "102", at: minutes(1600), seconds: 1310, outcome: "transferred" },
]
localStorage.setItem(historyKey(FAKE_CREDENTIALS.uri), JSON.stringify(history))
localStorage.removeItem("org-softphone:settings")

const device = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: "g", toJSON: () => ({}) }) as MediaDeviceInfo
if (navigator.mediaDevices) {
  navigator.mediaDevices.enumerateDevices = async () => [
    device("audioinput", "mic-1", "Гарнитура Jabra Evolve2 40 — микрофон"),
    device("audioinput", "mic-2", "Встроенный микрофон"),
    device("audiooutput", "out-1", "Гарнитура Jabra Evolve2 40"),
    device("audiooutput", "out-2", "Динамики ноутбука"),
  ]
}

installCredentials()
const engine = new FakeEngine()
if (scenario === "offline") engine.autoRegister = false
const el = document.createElement("org-softphone") as OrgSoftphone
el.engineFactory = () => engine
el.contactLookup = (n) => CONTACTS[n]
el.style.width = "100%"
document.querySelector("#root")!.append(el)

const tick = () => new Promise((r) => setTimeout(r, 30))
const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!
const typeIn = async (selector: string, value: string) => {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>(selector)!
  input.value = value
  input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertFromPaste" }))
  await el.updateComplete
}

async function run(): Promise<void> {
  while (!engine.config) await tick()
  await el.updateComplete
  switch (scenario) {
    case "typed":
      await typeIn("#dial", "+7 (900) 123-45-67")
      await tick()
      break
    case "dialing": {
      await el.call("89001234567")
      engine.alerting(engine.calls[0]!.id)
      break
    }
    case "incoming":
      engine.incoming("+74951234567")
      break
    case "in-call":
    case "keypad":
    case "transfer": {
      const id = engine.incoming("+74951234567")
      await el.updateComplete
      engine.answered(id, Date.now() - 83_000)
      await el.updateComplete
      if (scenario === "in-call") engine.setMuted(id, true)
      if (scenario === "keypad") {
        part("keypad-toggle").click()
        await el.updateComplete
        for (const k of ["1", "2", "#"]) el.shadowRoot!.querySelector<HTMLElement>(`[part=keypad] [data-key="${k}"]`)!.click()
      }
      if (scenario === "transfer") {
        part("transfer-toggle").click()
        await el.updateComplete
        await typeIn("#transfer-number", "103")
      }
      break
    }
    case "consult": {
      const id = engine.incoming("+74951234567")
      await el.updateComplete
      engine.answered(id, Date.now() - 140_000)
      await el.updateComplete
      part("transfer-toggle").click()
      await el.updateComplete
      await typeIn("#transfer-number", "103")
      part("consult").click()
      while (!engine.calls.some((c) => c.remoteNumber === "103")) await tick()
      engine.answered(engine.calls.find((c) => c.remoteNumber === "103")!.id, Date.now() - 21_000)
      break
    }
    case "waiting": {
      const id = engine.incoming("89001234567")
      await el.updateComplete
      engine.answered(id, Date.now() - 305_000)
      await el.updateComplete
      engine.incoming("+74951234567")
      break
    }
    case "history":
      el.shadowRoot!.querySelectorAll<HTMLElement>("[part=tab]")[1]!.click()
      break
    case "settings":
      part("settings-button").click()
      break
    case "offline":
      engine.setStatus({ socket: "disconnected", registration: "unregistered", reason: "WebSocket closed (code: 1006)", retryAt: Date.now() + 2400 })
      break
  }
  await el.updateComplete
  await tick()
  ;(window as unknown as { demoReady: boolean }).demoReady = true
}

void run()
