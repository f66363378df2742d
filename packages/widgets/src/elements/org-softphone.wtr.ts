/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { parseSoftphoneCredentials } from "../api/softphone.js"
import { backoffDelay, statusLevel } from "../lib/softphone-engine.js"
import { loadHistory } from "../lib/softphone-history.js"
import { cleanNumber, formatNumber } from "../lib/softphone-numbers.js"
import { loadSettings } from "../lib/softphone-settings.js"
import { CallAnsweredEvent, CallEndedEvent, CallRingingEvent } from "../lib/softphone-events.js"
import { FakeEngine, installCredentials, type FakeCredentials } from "../test/fake-softphone.js"
import { $, $$, maybe, sleep, text, until } from "../test/helpers.js"
import "./org-softphone.js"
import type { ContactLookup, OrgSoftphone } from "./org-softphone.js"

interface MountOptions {
  lang?: string
  lookup?: ContactLookup
  engine?: FakeEngine
  format?: string
  noShortcuts?: boolean
}

async function mount(o: MountOptions = {}): Promise<{ el: OrgSoftphone; engine: FakeEngine }> {
  const engine = o.engine ?? new FakeEngine()
  const el = await fixture<OrgSoftphone>(html`<org-softphone
    token="widget-token"
    lang=${o.lang ?? "ru"}
    national-format=${o.format ?? "8"}
    ?no-shortcuts=${o.noShortcuts ?? false}
    .engineFactory=${() => engine}
    .contactLookup=${o.lookup}
  ></org-softphone>`)
  await until(() => engine.config, "engine started")
  await el.updateComplete
  return { el, engine }
}

const part = (el: OrgSoftphone, name: string) => $(el, `[part~="${name}"]`)
const click = async (el: OrgSoftphone, name: string) => {
  part(el, name).click()
  await el.updateComplete
}
const dialInput = (el: OrgSoftphone) => $<HTMLInputElement>(el, "#dial")

/** Types into the dial field (or pastes, when `paste`), as the browser reports it. */
async function typeNumber(el: OrgSoftphone, value: string, paste = false, selector = "#dial"): Promise<void> {
  const input = $<HTMLInputElement>(el, selector)
  input.focus()
  input.value = value
  input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: paste ? "insertFromPaste" : "insertText" }))
  await el.updateComplete
}

function press(target: EventTarget, code: string, init: KeyboardEventInit = { altKey: true }): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { code, key: code.replace("Key", "").toLowerCase(), bubbles: true, composed: true, cancelable: true, ...init })
  target.dispatchEvent(event)
  return event
}

describe("softphone numbers", () => {
  it("cleans pasted numbers: separators, brackets, +7 / 8 / 7 prefixes, tel: and sip: URIs, extensions", () => {
    expect(cleanNumber("+7 (900) 123-45-67")).to.equal("89001234567")
    expect(cleanNumber("8 900 123 45 67")).to.equal("89001234567")
    expect(cleanNumber("7-900-123-45-67")).to.equal("89001234567")
    expect(cleanNumber("(900) 123.45.67")).to.equal("89001234567")
    expect(cleanNumber("+7 900 123-45-67", "+7")).to.equal("+79001234567")
    expect(cleanNumber("8 (900) 123-45-67", "7")).to.equal("79001234567")
    expect(cleanNumber("tel:+7-900-123-45-67")).to.equal("89001234567")
    expect(cleanNumber("sip:102@pbx.test")).to.equal("102")
    expect(cleanNumber("+7 495 123-45-67 доб. 204")).to.equal("84951234567")
    expect(cleanNumber(" 1 0 2 ")).to.equal("102")
    expect(cleanNumber("+44 20 7946 0958")).to.equal("+442079460958")
    expect(cleanNumber("*72#")).to.equal("*72#")
    expect(cleanNumber("звоните мне")).to.equal("")
    expect(formatNumber("89001234567")).to.equal("8 900 123-45-67")
    expect(formatNumber("102")).to.equal("102")
  })
})

describe("softphone helpers", () => {
  it("reconnects after 0.5 s, 1 s, 2 s, then every 3 s (±20 %): a server that is back is used within ~3.6 s", () => {
    expect(backoffDelay(0, () => 0.5)).to.equal(500)
    expect(backoffDelay(1, () => 0.5)).to.equal(1000)
    expect(backoffDelay(2, () => 0.5)).to.equal(2000)
    expect(backoffDelay(3, () => 0.5)).to.equal(3000)
    expect(backoffDelay(40, () => 1)).to.equal(3600)
    expect(backoffDelay(40, () => 0)).to.equal(2400)
  })

  it("status colour: green only when connected and registered; yellow on the way; red when down or refused", () => {
    expect(statusLevel({ socket: "connected", registration: "registered" })).to.equal("ok")
    expect(statusLevel({ socket: "connected", registration: "registering" })).to.equal("pending")
    expect(statusLevel({ socket: "connecting", registration: "unregistered" })).to.equal("pending")
    expect(statusLevel({ socket: "connected", registration: "failed" })).to.equal("down")
    expect(statusLevel({ socket: "disconnected", registration: "unregistered" })).to.equal("down")
  })

  it("checks the credentials: every field, a relative wsUrl resolved against the API, extensions in both shapes", () => {
    const ok = { wsUrl: "/sip", uri: "sip:101@t.example", authorizationUsername: "u101", password: "p", displayName: "A", extensions: ["101", { number: "500", name: "Sales" }, 7] }
    const c = parseSoftphoneCredentials(ok, "https://sb.example/")
    expect(c.wsUrl).to.equal("wss://sb.example/sip")
    expect(c.extensions).to.deep.equal([{ number: "101" }, { number: "500", name: "Sales" }])
    expect(parseSoftphoneCredentials({ ...ok, wsUrl: "ws://127.0.0.1:5080/sip" }).wsUrl).to.equal("ws://127.0.0.1:5080/sip")
    for (const broken of [{ ...ok, password: "" }, { ...ok, uri: "101" }, { ...ok, wsUrl: undefined }, null, "text"]) {
      expect(() => parseSoftphoneCredentials(broken)).to.throw().with.property("code", "invalid_response")
    }
  })

  it("broken storage reads as empty history and default settings", () => {
    localStorage.setItem("org-softphone:history:sip:x@y", "{not json")
    expect(loadHistory("sip:x@y")).to.deep.equal([])
    localStorage.setItem("org-softphone:history:sip:x@y", JSON.stringify([{ id: 1 }, { id: "a", direction: "outgoing", number: "1", at: 1, seconds: 0, outcome: "busy" }]))
    expect(loadHistory("sip:x@y").map((e) => e.id)).to.deep.equal(["a"])
    localStorage.setItem("org-softphone:settings", JSON.stringify({ volume: 7, autoAnswer: "yes", inputDeviceId: "m" }))
    expect(loadSettings()).to.deep.include({ volume: 1, autoAnswer: false, inputDeviceId: "m" })
    localStorage.removeItem("org-softphone:history:sip:x@y")
    localStorage.removeItem("org-softphone:settings")
  })
})

describe("<org-softphone>", () => {
  let creds: FakeCredentials
  before(() => {
    customElements.get("org-softphone")
    ;(customElements.get("org-softphone") as unknown as { endedCardMs: number }).endedCardMs = 300
  })
  beforeEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith("org-softphone:")) localStorage.removeItem(key)
    creds = installCredentials()
  })
  afterEach(() => creds.restore())

  it("asks for its credentials with the widget token and starts the engine with them and no ICE servers", async () => {
    const { el, engine } = await mount()
    expect(creds.requests).to.have.length(1)
    expect(creds.requests[0]!.headers.get("authorization")).to.equal("Bearer widget-token")
    expect(creds.requests[0]!.credentials).to.equal("omit")
    expect(engine.config!.credentials.uri).to.equal("sip:operator@pbx.test")
    expect(engine.config!.credentials.wsUrl).to.equal(`ws://${location.host}/sip`)
    expect(engine.config!.iceServers).to.deep.equal([])
    expect(text(el, "[part=me]")).to.contain("Ольга Оператор")
    expect(text(el, "[part=me]")).to.contain("101")
    // the password is nowhere in the page
    expect(el.shadowRoot!.innerHTML).to.not.contain("secret-1")
    expect(el.outerHTML).to.not.contain("secret-1")
  })

  it("passes ICE servers from the ice-servers attribute", async () => {
    const engine = new FakeEngine()
    await fixture(html`<org-softphone ice-servers='[{"urls":"stun:127.0.0.1:3478"}]' .engineFactory=${() => engine}></org-softphone>`)
    await until(() => engine.config, "engine started")
    expect(engine.config!.iceServers).to.deep.equal([{ urls: "stun:127.0.0.1:3478" }])
  })

  it("shows the socket and registration state as a green / yellow / red dot with the reason in its title", async () => {
    const engine = new FakeEngine()
    engine.autoRegister = false
    const { el } = await mount({ engine })
    const dot = () => part(el, "status")
    expect(dot().dataset["level"]).to.equal("pending")
    expect(text(el, ".me .sub")).to.equal("Подключение…")
    engine.setStatus({ socket: "connected", registration: "registered" })
    await el.updateComplete
    expect(dot().dataset["level"]).to.equal("ok")
    expect(text(el, ".me .sub")).to.equal("В сети")
    expect(dot().title).to.equal("Соединение: установлено\nРегистрация: есть")
    engine.setStatus({ socket: "disconnected", registration: "unregistered", reason: "WebSocket closed (code: 1006)", retryAt: Date.now() + 2500 })
    await el.updateComplete
    expect(dot().dataset["level"]).to.equal("down")
    expect(text(el, ".me .sub")).to.equal("Нет связи · повтор через 3 с")
    expect(dot().title).to.contain("Причина: WebSocket closed (code: 1006)")
    expect(dot().getAttribute("aria-label")).to.contain("Соединение: нет; Регистрация: нет")
    engine.setStatus({ socket: "connected", registration: "failed", reason: "403 Forbidden" })
    await el.updateComplete
    expect(dot().dataset["level"]).to.equal("down")
    expect(text(el, ".me .sub")).to.equal("Регистрация отклонена")
    expect(dot().title).to.contain("403 Forbidden")
    const colour = (level: string) => {
      engine.setStatus(level === "ok" ? { socket: "connected", registration: "registered" } : level === "pending" ? { socket: "connecting", registration: "unregistered" } : { socket: "disconnected", registration: "unregistered" })
      return el.updateComplete.then(() => getComputedStyle(part(el, "status-dot")).backgroundColor)
    }
    expect(await colour("ok")).to.equal("rgb(22, 163, 74)")
    expect(await colour("pending")).to.equal("rgb(234, 179, 8)")
    expect(await colour("down")).to.equal("rgb(220, 38, 38)")
    // the call button is off while not registered, with the reason as its title
    expect(part(el, "call-button").hasAttribute("disabled")).to.equal(true)
    // the reconnect button asks the engine to try now
    await click(el, "reconnect")
    expect(engine.actions).to.include("reconnect")
  })

  it("says when the user is not signed in, and when no SIP account exists, without starting SIP", async () => {
    creds.status = 401
    const engine = new FakeEngine()
    const el = await fixture<OrgSoftphone>(html`<org-softphone lang="ru" .engineFactory=${() => engine}></org-softphone>`)
    await until(() => text(el, ".me .sub") === "Войдите, чтобы звонить", "unauthorized")
    expect(part(el, "status").dataset["level"]).to.equal("down")
    expect(creds.requests[0]!.credentials).to.equal("include")
    expect(engine.config).to.equal(undefined)
    creds.status = 404
    el.lang = "en"
    await click(el, "reconnect")
    await until(() => text(el, ".me .sub") === "Telephony is not set up for you", "no account")
  })

  it("dial pad: keys and typing build the number, a pasted number is cleaned, Enter calls it", async () => {
    const { el, engine } = await mount()
    for (const key of ["1", "0", "2"]) $(el, `[part=key][data-key="${key}"]`).click()
    await el.updateComplete
    expect(dialInput(el).value).to.equal("102")
    await click(el, "erase")
    expect(dialInput(el).value).to.equal("10")
    await typeNumber(el, "10a2-")
    expect(dialInput(el).value).to.equal("102")
    await typeNumber(el, "+7 (900) 123-45-67", true)
    expect(dialInput(el).value).to.equal("89001234567")
    dialInput(el).dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, composed: true }))
    await until(() => engine.actions.includes("call 89001234567"), "call placed")
    await el.updateComplete
    expect(text(el, "[part=call-state]")).to.equal("Вызов…")
  })

  it("national-format=+7 dials Russian numbers as +7…", async () => {
    const { el, engine } = await mount({ format: "+7" })
    await typeNumber(el, "8 (900) 123-45-67", true)
    await click(el, "call-button")
    await until(() => engine.actions.includes("call +79001234567"), "call placed")
  })

  it("an outgoing call: ringback while it rings, timer when answered, history with the looked-up name and redial", async () => {
    const lookup: ContactLookup = (n) => (n === "89001234567" ? Promise.resolve("ООО Ромашка") : null)
    const { el, engine } = await mount({ lookup })
    await typeNumber(el, "89001234567")
    await until(() => text(el, "[part=lookup]") === "ООО Ромашка", "lookup under the field")
    await click(el, "call-button")
    await until(() => engine.calls.length === 1, "call")
    const id = engine.calls[0]!.id
    engine.alerting(id)
    await el.updateComplete
    expect(text(el, "[part=call-state]")).to.equal("Идёт вызов абонента…")
    expect(text(el, "[part=call-name]")).to.equal("ООО Ромашка")
    expect(text(el, "[part=call-number]")).to.equal("8 900 123-45-67")
    expect(el.tone).to.equal("ringback")
    const answered = oneEvent(el, CallAnsweredEvent.type)
    engine.answered(id)
    const ev = (await answered) as unknown as CallAnsweredEvent
    expect(ev.call).to.deep.equal({ callId: id, direction: "outgoing", number: "89001234567", name: "ООО Ромашка" })
    expect(el.tone).to.equal(undefined)
    await el.updateComplete
    expect(text(el, "[part=call-timer]")).to.equal("0:00")
    await sleep(1300)
    expect(text(el, "[part=call-timer]")).to.equal("0:01")
    const ended = oneEvent(el, CallEndedEvent.type)
    await click(el, "hangup")
    const end = (await ended) as unknown as CallEndedEvent
    expect(end.reason).to.equal("hangup")
    expect(end.seconds).to.be.within(1, 2)
    expect(end.bubbles && end.composed).to.equal(true)
    // the ended card, then the dial pad again
    await el.updateComplete
    expect(text(el, "[part=call-state]")).to.match(/^Вызов завершён · 0:0[12]$/)
    await until(() => maybe(el, "[part=tabs]"), "dial pad again")
    const tabs = $$(el, "[part=tab]")
    tabs[1]!.click()
    await el.updateComplete
    const items = $$(el, "[part=history-item]")
    expect(items).to.have.length(1)
    expect(items[0]!.dataset["kind"]).to.equal("outgoing")
    expect(items[0]!.textContent).to.contain("ООО Ромашка")
    expect(items[0]!.textContent).to.contain("8 900 123-45-67")
    $<HTMLButtonElement>(el, "[part=redial]").click()
    await until(() => engine.actions.filter((a) => a === "call 89001234567").length === 2, "redial")
  })

  it("keeps the history per SIP user in localStorage, counts missed calls and can clear it", async () => {
    const { el, engine } = await mount()
    const id = engine.incoming("102", "Борис")
    engine.ended(id, "missed")
    await until(() => maybe(el, "[part=tabs] .badge"), "back to the dial pad")
    expect(text(el, "[part=tabs] .badge")).to.equal("1")
    const stored = JSON.parse(localStorage.getItem("org-softphone:history:sip:operator@pbx.test")!)
    expect(stored).to.have.length(1)
    expect(stored[0]).to.include({ direction: "incoming", number: "102", name: "Борис", outcome: "missed", seconds: 0 })
    el.remove()
    // another user on the same browser sees only their own
    creds.body = { ...creds.body as object, uri: "sip:other@pbx.test", displayName: "Другой" }
    const second = await mount()
    $$(second.el, "[part=tab]")[1]!.click()
    await second.el.updateComplete
    expect(text(second.el, "[part=history-empty]")).to.equal("Звонков пока не было")
    second.el.remove()
    creds.body = { ...creds.body as object, uri: "sip:operator@pbx.test" }
    const again = await mount()
    $$(again.el, "[part=tab]")[1]!.click()
    await again.el.updateComplete
    expect($$(again.el, "[part=history-item]")).to.have.length(1)
    expect($(again.el, "[part=history-item]").dataset["kind"]).to.equal("missed")
    await click(again.el, "clear-history")
    expect(localStorage.getItem("org-softphone:history:sip:operator@pbx.test")).to.equal("[]")
  })

  it("an incoming call rings on the ringer device, shows the caller, fires org-call-ringing, and is answered", async () => {
    const sinks: string[] = []
    const proto = HTMLMediaElement.prototype as unknown as { setSinkId: (id: string) => Promise<void> }
    const originalSetSink = proto.setSinkId
    proto.setSinkId = function (id: string) {
      sinks.push(id)
      return Promise.resolve()
    }
    localStorage.setItem("org-softphone:settings", JSON.stringify({ ringerDeviceId: "ringer-1", outputDeviceId: "speaker-2" }))
    try {
      const lookup: ContactLookup = async (n) => (n === "+74951234567" ? "Иван Петров" : undefined)
      const { el, engine } = await mount({ lookup })
      const outside: Event[] = []
      document.addEventListener(CallRingingEvent.type, (e) => outside.push(e), { once: true })
      const id = engine.incoming("+74951234567")
      await until(() => maybe(el, "[part=call-name]")?.textContent?.trim() === "Иван Петров", "the looked-up name")
      expect(text(el, "[part=call-state]")).to.equal("Входящий вызов")
      expect(el.tone).to.equal("ring")
      expect(sinks).to.include("ringer-1")
      expect(outside).to.have.length(1)
      expect((outside[0] as CallRingingEvent).call).to.deep.include({ callId: id, direction: "incoming", number: "+74951234567" })
      expect(part(el, "answer").getAttribute("aria-label")).to.equal("Ответить")
      await click(el, "answer")
      expect(engine.actions).to.include(`answer ${id}`)
      await el.updateComplete
      expect(el.tone).to.equal(undefined)
      expect(maybe(el, "[part~=mute]")).to.not.equal(null)
    } finally {
      proto.setSinkId = originalSetSink
    }
  })

  it("declining an incoming call ends it as declined", async () => {
    const { el, engine } = await mount()
    const id = engine.incoming("102")
    await el.updateComplete
    const ended = oneEvent(el, CallEndedEvent.type)
    await click(el, "decline")
    expect(((await ended) as unknown as CallEndedEvent).reason).to.equal("declined")
    expect(engine.actions).to.include(`decline ${id}`)
    await el.updateComplete
    expect(text(el, "[part=call-state]")).to.equal("Отклонён")
  })

  it("in call: mute, hold (and its failure), DTMF keypad, the other side's hold", async () => {
    const { el, engine } = await mount()
    const id = engine.incoming("102")
    await el.updateComplete
    await click(el, "answer")
    await click(el, "mute")
    expect(engine.actions).to.include(`mute ${id} on`)
    expect(part(el, "mute").getAttribute("aria-pressed")).to.equal("true")
    expect(maybe(el, "[part=muted-chip]")).to.not.equal(null)
    await click(el, "hold")
    await until(() => maybe(el, "[part=held-chip]"), "held chip")
    expect(engine.actions).to.include(`hold ${id} on`)
    expect(part(el, "hold").getAttribute("aria-pressed")).to.equal("true")
    expect(part(el, "hold").title).to.equal("Вернуть")
    engine.failHold = "491 Request Pending"
    await click(el, "hold")
    await until(() => maybe(el, "[part=notice]"), "notice")
    expect(text(el, "[part=notice]")).to.equal("Не удалось снять с удержания: 491 Request Pending")
    expect(engine.get(id).held).to.equal(true)
    await click(el, "keypad-toggle")
    for (const key of ["1", "#"]) $(el, `[part=keypad] [data-key="${key}"]`).click()
    await el.updateComplete
    expect(engine.actions.filter((a) => a.startsWith("dtmf"))).to.deep.equal([`dtmf ${id} 1`, `dtmf ${id} #`])
    expect(text(el, "[part=dtmf]")).to.equal("1#")
    engine.remoteHold(id, true)
    await el.updateComplete
    expect(text(el, "[part=remote-held-chip]")).to.equal("Вас удерживают")
  })

  it("blind transfer: the number is cleaned, REFER asked, the call leaves; a refusal is shown and the call stays", async () => {
    const { el, engine } = await mount()
    const id = engine.incoming("102")
    await el.updateComplete
    await click(el, "answer")
    await click(el, "transfer-toggle")
    expect(part(el, "blind-transfer").hasAttribute("disabled")).to.equal(true)
    await typeNumber(el, "+7 900 765-43-21", true, "#transfer-number")
    expect($<HTMLInputElement>(el, "#transfer-number").value).to.equal("89007654321")
    engine.failTransfer = "403 Forbidden"
    await click(el, "blind-transfer")
    await until(() => maybe(el, "[part=notice]"), "refusal")
    expect(text(el, "[part=notice]")).to.equal("Не удалось перевести: 403 Forbidden")
    expect(engine.get(id).phase).to.equal("active")
    await click(el, "blind-transfer")
    await until(() => text(el, "[part=notice]").startsWith("Вызов переведён"), "done")
    expect(text(el, "[part=notice]")).to.equal("Вызов переведён на 8 900 765-43-21")
    expect(engine.actions.filter((a) => a.startsWith("blind"))).to.deep.equal([`blind ${id} 89007654321`, `blind ${id} 89007654321`])
  })

  it("attended transfer: consult holds the caller and calls the target; connect sends REFER with Replaces; cancel resumes", async () => {
    const { el, engine } = await mount()
    const caller = engine.incoming("102", "Борис")
    await el.updateComplete
    await click(el, "answer")
    await click(el, "transfer-toggle")
    await typeNumber(el, "103", false, "#transfer-number")
    await click(el, "consult")
    await until(() => engine.actions.includes("call 103"), "consult call")
    const target = engine.calls.find((c) => c.remoteNumber === "103")!.id
    expect(engine.actions).to.include(`hold ${caller} on`)
    await el.updateComplete
    expect(text(el, "[part=consult-panel]")).to.contain("Консультация. Борис — на удержании")
    expect(part(el, "complete-transfer").hasAttribute("disabled")).to.equal(true)
    expect(text(el, "[part=other-calls]")).to.contain("Борис")
    engine.answered(target)
    await el.updateComplete
    expect(part(el, "complete-transfer").hasAttribute("disabled")).to.equal(false)
    // cancel: the consult call ends, the caller comes back
    await click(el, "cancel-transfer")
    await until(() => engine.actions.includes(`hold ${caller} off`), "resume")
    expect(engine.actions).to.include(`hangup ${target}`)
    await el.updateComplete
    expect(text(el, "[part=call-name]")).to.equal("Борис")
    // again, and connect
    await click(el, "transfer-toggle")
    await typeNumber(el, "103", false, "#transfer-number")
    await click(el, "consult")
    await until(() => engine.calls.filter((c) => c.remoteNumber === "103" && c.phase !== "ended").length === 1, "second consult")
    const target2 = engine.calls.find((c) => c.remoteNumber === "103" && c.phase !== "ended")!.id
    engine.answered(target2)
    await el.updateComplete
    await click(el, "complete-transfer")
    await until(() => engine.actions.includes(`attended ${caller} ${target2}`), "attended transfer")
    await until(() => maybe(el, "#dial"), "idle again", 4000)
  })

  it("a call while another is answered: a banner answers it and holds the first", async () => {
    const { el, engine } = await mount()
    const first = engine.incoming("102")
    await el.updateComplete
    await click(el, "answer")
    const second = engine.incoming("103", "Carol")
    await el.updateComplete
    expect(text(el, "[part=incoming-banner]")).to.contain("Входящий вызов: Carol · 103")
    expect(text(el, "[part=call-name]")).to.equal("102")
    $<HTMLButtonElement>(el, "[part=incoming-banner] [part~=answer]").click()
    await until(() => engine.actions.includes(`answer ${second}`), "second answered")
    expect(engine.actions.indexOf(`hold ${first} on`)).to.be.lessThan(engine.actions.indexOf(`answer ${second}`))
    await el.updateComplete
    expect(text(el, "[part=call-name]")).to.equal("Carol")
    expect(text(el, "[part=other-calls]")).to.contain("На удержании")
  })

  it("settings: devices, volumes and auto-answer persist in localStorage; the microphone switches mid-call", async () => {
    const md = navigator.mediaDevices
    const original = md.enumerateDevices
    const device = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: "g", toJSON: () => ({}) }) as MediaDeviceInfo
    md.enumerateDevices = async () => [
      device("audioinput", "default", "Default"),
      device("audioinput", "mic-1", "Headset mic"),
      device("audioinput", "mic-2", "USB mic"),
      device("audiooutput", "out-1", "Headset"),
      device("audiooutput", "out-2", "Speakers"),
    ]
    try {
      const { el, engine } = await mount()
      const id = engine.incoming("102")
      await el.updateComplete
      await click(el, "answer")
      await click(el, "settings-button")
      await until(() => $$(el, "#mic option").length === 3, "devices listed")
      expect($$(el, "#mic option").map((o) => o.textContent!.trim())).to.deep.equal(["По умолчанию", "Headset mic", "USB mic"])
      const select = async (selector: string, value: string) => {
        const s = $<HTMLSelectElement>(el, selector)
        s.value = value
        s.dispatchEvent(new Event("change"))
        await el.updateComplete
      }
      await select("#mic", "mic-2")
      expect(engine.actions).to.include("input mic-2")
      await select("#speaker", "out-2")
      await select("#ringer", "out-1")
      const range = $<HTMLInputElement>(el, "#volume")
      range.value = "40"
      range.dispatchEvent(new Event("input"))
      $<HTMLInputElement>(el, "[part=auto-answer]").click()
      await el.updateComplete
      const saved = JSON.parse(localStorage.getItem("org-softphone:settings")!)
      expect(saved).to.deep.include({ inputDeviceId: "mic-2", outputDeviceId: "out-2", ringerDeviceId: "out-1", volume: 0.4, autoAnswer: true })
      expect(text(el, "[part=shortcuts]")).to.contain("Alt+A")
      engine.hangup(id)
      el.remove()
      // a new softphone starts with them: the engine gets the microphone, auto-answer answers
      const next = await mount()
      expect(next.engine.config!.inputDeviceId).to.equal("mic-2")
      const call = next.engine.incoming("104")
      await until(() => next.engine.actions.includes(`answer ${call}`), "auto-answer")
      await click(next.el, "settings-button")
      await until(() => $$(next.el, "#speaker option").length === 3, "devices")
      expect($<HTMLSelectElement>(next.el, "#speaker").value).to.equal("out-2")
      expect($<HTMLInputElement>(next.el, "#volume").value).to.equal("40")
    } finally {
      md.enumerateDevices = original
    }
  })

  it("speaks English with lang=en", async () => {
    const { el, engine } = await mount({ lang: "en" })
    expect(text(el, ".me .sub")).to.equal("Online")
    expect(part(el, "call-button").getAttribute("aria-label")).to.equal("Call")
    expect(dialInput(el).placeholder).to.equal("Number or extension")
    expect($$(el, "[part=tab]").map((t) => t.textContent!.trim())).to.deep.equal(["Keypad", "History"])
    engine.incoming("102")
    await el.updateComplete
    expect(text(el, "[part=call-state]")).to.equal("Incoming call")
    expect(part(el, "decline").getAttribute("aria-label")).to.equal("Decline")
    await click(el, "answer")
    expect(text(el, "[part~=hold]")).to.equal("Hold")
    await click(el, "transfer-toggle")
    expect(text(el, "[part=blind-transfer]")).to.equal("Transfer")
    expect(text(el, "[part=consult]")).to.equal("Consult first")
  })

  it("shortcuts: Alt+A answers, Alt+M mutes, Alt+H hangs up — not while typing in the page's text fields, yes in the dial field", async () => {
    const host = await fixture<HTMLDivElement>(html`<div><input id="crm-note" type="text" /></div>`)
    const note = host.querySelector("input")!
    const { el, engine } = await mount()
    const id = engine.incoming("102")
    await el.updateComplete
    note.focus()
    const ignored = press(note, "KeyA")
    expect(ignored.defaultPrevented).to.equal(false)
    expect(engine.actions).to.not.include(`answer ${id}`)
    note.blur()
    const used = press(document.body, "KeyA")
    expect(used.defaultPrevented).to.equal(true)
    await until(() => engine.actions.includes(`answer ${id}`), "answered by Alt+A")
    await el.updateComplete
    press(document.body, "KeyM")
    expect(engine.actions).to.include(`mute ${id} on`)
    press(document.body, "KeyM", { altKey: true, ctrlKey: true })
    expect(engine.actions.filter((a) => a.startsWith("mute"))).to.have.length(1)
    // the softphone's own number field counts as "not typing elsewhere"
    await click(el, "transfer-toggle")
    const own = $<HTMLInputElement>(el, "#transfer-number")
    own.focus()
    press(own, "KeyM")
    expect(engine.actions).to.include(`mute ${id} off`)
    // a text field of the page does not
    note.focus()
    press(note, "KeyH")
    await sleep(30)
    expect(engine.actions).to.not.include(`hangup ${id}`)
    note.blur()
    press(document.body, "KeyH")
    await until(() => engine.actions.includes(`hangup ${id}`), "hung up by Alt+H")
  })

  it("no-shortcuts turns the keyboard shortcuts off", async () => {
    const { el, engine } = await mount({ noShortcuts: true })
    const id = engine.incoming("102")
    await el.updateComplete
    press(document.body, "KeyA")
    await sleep(50)
    expect(engine.actions).to.not.include(`answer ${id}`)
  })

  it("a click-to-call from the host page (call()) cleans the number; answer() and hangup() work without ids", async () => {
    const { el, engine } = await mount()
    await el.call("+7 (900) 111-22-33")
    expect(engine.actions).to.include("call 89001112233")
    const out = engine.calls[0]!.id
    await el.hangup()
    expect(engine.actions).to.include(`hangup ${out}`)
    const inc = engine.incoming("102")
    await el.updateComplete
    await el.answer()
    expect(engine.actions).to.include(`answer ${inc}`)
  })

  it("moving the element in the page keeps its calls; removing it stops the engine", async () => {
    const { el, engine } = await mount()
    const id = engine.incoming("102")
    await el.updateComplete
    await click(el, "answer")
    const box = document.createElement("div")
    document.body.append(box)
    box.append(el) // disconnected and connected again at once
    await sleep(20)
    expect(engine.stopped).to.equal(false)
    expect(el.activeCall?.id).to.equal(id)
    expect(creds.requests).to.have.length(1)
    el.remove()
    await until(() => engine.stopped, "engine stopped")
    box.remove()
  })

  it("a new widget token from the host: credentials asked again with it and handed to the running engine; the call goes on", async () => {
    const { el, engine } = await mount()
    const id = engine.incoming("102")
    await el.updateComplete
    await click(el, "answer")
    creds.body = { ...(creds.body as object), password: "rotated-2" }
    el.token = "renewed-token"
    await until(() => engine.actions.includes("credentials rotated-2"), "credentials handed over")
    expect(creds.requests.at(-1)!.headers.get("authorization")).to.equal("Bearer renewed-token")
    expect(engine.stopped).to.equal(false)
    expect(el.activeCall?.id).to.equal(id)
  })

  it("a refused registration: the credentials are asked again (the SIP token may have expired) and given to the engine", async () => {
    const { el, engine } = await mount()
    creds.body = { ...(creds.body as object), password: "fresh-3" }
    engine.setStatus({ socket: "connected", registration: "failed", reason: "401 Unauthorized" })
    await until(() => engine.actions.includes("credentials fresh-3"), "fresh credentials")
    expect(creds.requests).to.have.length(2)
    expect(engine.stopped).to.equal(false)
    await el.updateComplete
  })

  it("a blocked SIP account (403 sip_account_blocked) is said so", async () => {
    creds.status = 403
    creds.code = "sip_account_blocked"
    const el = await fixture<OrgSoftphone>(html`<org-softphone lang="ru" .engineFactory=${() => new FakeEngine()}></org-softphone>`)
    await until(() => maybe(el, ".me .sub")?.textContent === "SIP-учётная запись заблокирована", "blocked")
  })

  it("the server's directory names numbers when the CRM has no contact, and is offered in the number fields", async () => {
    creds.body = {
      ...(creds.body as object),
      extensions: [{ number: "101", name: "Reception" }],
      directory: { extensions: [{ number: "300", name: "Продажи" }], accounts: [{ username: "bob", displayName: "Борис" }] },
      passwordExpiresAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
    }
    const { el, engine } = await mount({ lookup: (n) => (n === "300" ? null : undefined) })
    expect(dialInput(el).getAttribute("list")).to.equal("directory")
    expect($$<HTMLOptionElement>(el, "datalist#directory option").map((o) => [o.value, o.textContent])).to.deep.equal([
      ["300", "Продажи"],
      ["bob", "Борис"],
    ])
    engine.incoming("300")
    await until(() => maybe(el, "[part=call-name]")?.textContent?.trim() === "Продажи", "directory name")
  })
})
