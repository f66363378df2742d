/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-case-chat.js"
import type { OrgCaseChat } from "./org-case-chat.js"

let api: FakeApi
let desk: FakeCaseCard

async function mount(caseId: string, lang = "ru"): Promise<OrgCaseChat> {
  const el = await fixture<OrgCaseChat>(html`<org-case-chat token="test-token" lang=${lang} case-id=${caseId}></org-case-chat>`)
  await until(() => maybe(el, "[part=message]") || maybe(el, ".empty:not([aria-busy])"), "messages")
  return el
}

const bubbles = (el: OrgCaseChat) => $$(el, "[part=message]")

describe("<org-case-chat>", () => {
  beforeEach(() => {
    api = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(api)
  })
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("shows the messages oldest first with direction and honest statuses", async () => {
    const c = desk.addCase({ applicantPhone: "+79160000001" })
    desk.addMessage(c.id, { text: "Эвакуатор выехал", status: "not_sent", statusReason: "no_provider", createdAt: "2025-11-21T10:00:00.000Z" })
    desk.addMessage(c.id, { direction: "in", text: "Спасибо", status: "received", from: "+79160000001", to: null, createdAt: "2025-11-21T10:01:00.000Z" })
    desk.addMessage(c.id, { text: "Прибыл", status: "delivered", createdAt: "2025-11-21T10:02:00.000Z" })
    desk.addMessage(c.id, { text: "Счёт", status: "failed", statusReason: "rejected by the operator", createdAt: "2025-11-21T10:03:00.000Z" })
    const el = await mount(c.id)
    const list = bubbles(el)
    expect(list.map((m) => m.dataset["direction"])).to.deep.equal(["out", "in", "out", "out"])
    expect(textOf(list[0]!.querySelector(".bubble")!)).to.equal("Эвакуатор выехал")
    const status = list[0]!.querySelector<HTMLElement>("[part=status]")!
    expect(textOf(status)).to.equal("· не отправлено: провайдер не настроен")
    expect(status.dataset["tone"]).to.equal("warning")
    expect(textOf(list[1]!)).to.contain("от: +79160000001")
    expect(list[1]!.querySelector("[part=status]")).to.equal(null)
    expect(textOf(list[2]!.querySelector("[part=status]")!)).to.equal("· доставлено")
    expect(textOf(list[3]!.querySelector("[part=status]")!)).to.equal("· ошибка отправки: rejected by the operator")
    const time = new Intl.DateTimeFormat("ru", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Moscow" }).format(new Date("2025-11-21T10:00:00.000Z"))
    expect(textOf(list[0]!)).to.contain(time)
  })

  it("sends a message; with no provider configured it is kept and marked not sent, and says so before sending", async () => {
    const c = desk.addCase({ applicantPhone: "+79160000001" })
    const el = await mount(c.id, "en")
    expect(text(el, ".empty")).to.equal("No messages yet")
    const channel = $<HTMLSelectElement>(el, "[part=channel]")
    expect([...channel.options].map((o) => o.textContent!.trim())).to.deep.equal(["SMS — not configured", "E-mail — not configured"])
    expect(text(el, ".hint")).to.equal("The SMS channel is not configured: the message is kept in the case but not sent.")
    type($<HTMLInputElement>(el, "[part=text]"), "The tow truck is on its way")
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=send]").click()
    await until(() => bubbles(el).length === 1, "sent")
    expect(desk.requestsTo("POST", `/${c.id}/messages`)[0]!.body).to.deep.equal({ channel: "sms", text: "The tow truck is on its way" })
    expect(textOf(bubbles(el)[0]!.querySelector("[part=status]")!)).to.equal("· not sent: no provider configured")
    expect($<HTMLTextAreaElement>(el, "[part=text]").value).to.equal("")
    // The live echo of our own message does not duplicate it.
    await new Promise((r) => setTimeout(r, 30))
    expect(bubbles(el)).to.have.length(1)
  })

  it("sends with Ctrl+Enter on a configured channel", async () => {
    desk.channels = [{ channel: "sms", configured: true, provider: "smsc" }]
    const c = desk.addCase({ applicantPhone: "+79160000001" })
    const el = await mount(c.id)
    expect(maybe(el, ".hint")).to.equal(null)
    const area = $<HTMLTextAreaElement>(el, "[part=text]")
    type(area as unknown as HTMLInputElement, "Ждите")
    await el.updateComplete
    area.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }))
    await until(() => bubbles(el).length === 1, "sent")
    expect(textOf(bubbles(el)[0]!.querySelector("[part=status]")!)).to.equal("· отправлено")
  })

  it("shows inbound messages live", async () => {
    const c = desk.addCase({ applicantPhone: "+79160000001" })
    const el = await mount(c.id)
    await api.subscribed("case.message")
    desk.inbound(c.id, "Эвакуатора всё нет")
    await until(() => bubbles(el).length === 1, "inbound")
    expect(bubbles(el)[0]!.dataset["direction"]).to.equal("in")
    // Messages of another case do not appear.
    const other = desk.addCase({ applicantPhone: "+79160000002" })
    desk.inbound(other.id, "Не сюда")
    await new Promise((r) => setTimeout(r, 30))
    expect(bubbles(el)).to.have.length(1)
  })
})
