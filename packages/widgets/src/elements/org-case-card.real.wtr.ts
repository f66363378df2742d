/// <reference types="mocha" />
// <org-case-card>, its panels and <org-case-create> against the real server: typed cases, moves,
// the journal, scripts, partner services, messages, attachments, applicants and the events socket.
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import type { CaseOpenEvent } from "../events.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import { items, prepareDesk, uniqueWord } from "../test/real-case-desk.js"
import { api, signIn, signOut, useDemoUsersAsSeeded, widgetToken } from "../test/real-server.js"
import "./org-case-card.js"
import type { OrgCaseCard } from "./org-case-card.js"
import "./org-case-create.js"
import type { OrgCaseCreate } from "./org-case-create.js"
import "./org-console.js"
import type { OrgConsole } from "./org-console.js"
import type { OrgCaseFields } from "./org-case-fields.js"

interface Case {
  id: string
  number: string
  version: number
  status: string
  values: Record<string, unknown>
}

/** A random Russian mobile number, so the applicant is new to this test. */
function phone(): string {
  return `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`
}

async function roadsideCase(title: string, values: Record<string, unknown> = {}, applicantPhone = phone()): Promise<Case> {
  const { status, body } = await api<Case>("POST", "/api/v1/cases", {
    title,
    type: "roadside",
    applicantPhone,
    values: { fault: "Не заводится", contact_phone: applicantPhone, ...values },
  })
  if (status !== 201) throw new Error(`roadside case: ${status} ${JSON.stringify(body)}`)
  return body
}

async function mount(id: string, attrs: { lang?: string; token?: string; tab?: string } = {}): Promise<OrgCaseCard> {
  const el = attrs.token
    ? await fixture<OrgCaseCard>(html`<org-case-card token=${attrs.token} lang=${attrs.lang ?? "ru"} case-id=${id} tab=${attrs.tab ?? "script"}></org-case-card>`)
    : await fixture<OrgCaseCard>(html`<org-case-card lang=${attrs.lang ?? "ru"} case-id=${id} tab=${attrs.tab ?? "script"}></org-case-card>`)
  await until(() => maybe(el, "[part=header]") || maybe(el, "[part=error]"), "card", 15_000)
  await until(() => !maybe(el, "org-case-fields") || maybe(fieldsOf(el), "[data-field]"), "fields", 15_000)
  return el
}

const fieldsOf = (el: OrgCaseCard) => $<OrgCaseFields>(el, "org-case-fields")
const input = (el: OrgCaseCard, key: string) => $<HTMLInputElement>(fieldsOf(el), `[data-field="${key}"] [data-input]`)

describe("<org-case-card> with the real server", function () {
  this.timeout(40_000)
  useDemoUsersAsSeeded()
  before(async function () {
    this.timeout(60_000)
    await prepareDesk()
    await signIn("admin")
    try {
      const installed = await api("POST", "/api/v1/cases/scripts/install", { template: "roadside_intake" })
      if (installed.status !== 201 && installed.status !== 409) throw new Error(`script: ${installed.status} ${JSON.stringify(installed.body)}`)
    } finally {
      await signOut()
    }
  })
  afterEach(() => signOut())

  it("shows a roadside case, saves changed fields and puts the server's messages by the fields", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Карточка ${uniqueWord("c")}`)
    const el = await mount(c.id, { lang: "en" })
    expect(text(el, "[part=number]")).to.equal(c.number)
    expect(text(el, "[part=type]")).to.equal("Roadside assistance")
    expect($(el, "[part=status]").textContent).to.contain("New")
    expect((input(el, "fault") as unknown as HTMLTextAreaElement).value).to.equal("Не заводится")

    type(input(el, "vin"), "XWEPH81ABK00")
    type(input(el, "plate"), "а123вс77")
    await fieldsOf(el).updateComplete
    $<HTMLButtonElement>(fieldsOf(el), "[part=save]").click()
    await until(() => maybe(fieldsOf(el), '[data-field="vin"] [part=field-error]'), "vin error", 10_000)
    expect(text(fieldsOf(el), '[data-field="vin"] [part=field-error]').length).to.be.greaterThan(3)
    const saved = await api<Case>("GET", `/api/v1/cases/${c.id}`)
    expect(saved.body.version).to.equal(c.version) // nothing was saved

    type(input(el, "vin"), "")
    await fieldsOf(el).updateComplete
    $<HTMLButtonElement>(fieldsOf(el), "[part=save]").click()
    await until(() => text(fieldsOf(el), ".bar-text") === "All changes saved", "saved", 10_000)
    const after = await api<Case>("GET", `/api/v1/cases/${c.id}`)
    expect(after.body.values["plate"]).to.be.a("string")
    expect(after.body.version).to.equal(c.version + 1)
  })

  it("moves the case, and names the fields a move needs in the unfilled-fields panel", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Переходы ${uniqueWord("m")}`)
    const el = await mount(c.id, { lang: "en" })
    $<HTMLButtonElement>(el, "[part=status]").click()
    await until(() => maybe(el, "[part=status-menu]"), "menu")
    expect($$(el, "[part~=move]").map((m) => m.dataset["to"])).to.include("in_progress")
    $<HTMLButtonElement>(el, '[part~=move][data-to="in_progress"]').click()
    await until(() => $(el, "[part=status]").textContent!.includes("In progress"), "moved", 10_000)
    // as a user would: open the menu again once it offers the moves from the new state
    $<HTMLButtonElement>(el, "[part=status]").click()
    await until(() => maybe(el, '[part~=move][data-to="waiting_partner"]'), "the moves from In progress", 10_000)
    $<HTMLButtonElement>(el, '[part~=move][data-to="waiting_partner"]').click()
    await until(() => maybe(el, "[part=unfilled]"), "unfilled", 10_000)
    expect(text(el, "[part=unfilled] .alert-title")).to.equal("To move to “Waiting for the partner”, fill in:")
    const names = $$(el, "[part=unfilled] li").map((li) => textOf(li))
    expect(names).to.include.members(["Plate", "Make", "Model", "Program", "Nearest city", "Breakdown address"])
    await until(() => fieldsOf(el).shadowRoot!.activeElement?.closest("[data-field]") !== undefined, "a field focused")
  })

  it("takes the case and toggles Attention! on a hotline case", async () => {
    await signIn("operator")
    const reason = (await items("reasons"))[0]!
    const p = phone()
    const created = await api<Case>("POST", "/api/v1/cases", { title: `Горячая линия ${uniqueWord("h")}`, type: "hotline", applicantPhone: p, values: { reason: reason.id, phone: p } })
    expect(created.status).to.equal(201)
    const el = await mount(created.body.id)
    await until(() => maybe(el, "[part=take]"), "take")
    $<HTMLButtonElement>(el, "[part=take]").click()
    await until(() => text(el, "[part=assignee]").includes("Ваше обращение"), "taken", 10_000)
    $<HTMLButtonElement>(el, '[part=flag][data-flag="attention"]').click()
    await until(() => $(el, "[part=flag]").getAttribute("aria-pressed") === "true" || maybe(el, "[part=error]"), "flagged", 10_000)
    expect(maybe(el, "[part=error]")?.textContent ?? "").to.equal("")
    const after = await api<Case & { flags: string[]; assigneeId: string }>("GET", `/api/v1/cases/${created.body.id}`)
    expect(after.body.flags).to.deep.equal(["attention"])
    const me = await api<{ user: { id: string } }>("GET", "/api/v1/auth/me")
    expect(after.body.assigneeId).to.equal(me.body.user.id)
  })

  it("runs the intake script: answers are written into the case, a bad VIN is refused by the input", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Скрипт ${uniqueWord("s")}`)
    const el = await mount(c.id)
    const script = $(el, "org-case-script")
    await until(() => maybe(script, "[part=start]"), "start", 10_000)
    $<HTMLButtonElement>(script, "[part=start]").click()
    await until(() => maybe(script, 'form[data-question="caller"]'), "first question", 10_000)
    type($<HTMLInputElement>(script, "[part=answer-input]"), "Пётр Иванов")
    await (script as unknown as { updateComplete: Promise<unknown> }).updateComplete
    $<HTMLButtonElement>(script, "[part=next]").click()
    await until(() => maybe(script, 'form[data-question="contact_phone"]'), "second question", 10_000)
    await until(() => (input(el, "caller") as unknown as HTMLTextAreaElement).value === "Пётр Иванов", "written into the case panel", 10_000)
    await (script as unknown as { jump(q: string): Promise<void> }).jump("vin")
    await until(() => maybe(script, 'form[data-question="vin"]'), "vin question", 10_000)
    type($<HTMLInputElement>(script, "[part=answer-input]"), "XWEPH81ABK00")
    await (script as unknown as { updateComplete: Promise<unknown> }).updateComplete
    $<HTMLButtonElement>(script, "[part=next]").click()
    await until(() => maybe(script, "[part=field-error]"), "vin refused", 10_000)
    expect(maybe(script, 'form[data-question="vin"]')).to.not.equal(null)
  })

  it("adds a partner service and lists what a refused hand-off needs", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Услуги ${uniqueWord("u")}`)
    const el = await mount(c.id, { lang: "en", tab: "services" })
    const services = $(el, "org-case-services")
    await until(() => maybe(services, "[part=add]"), "services", 10_000)
    $<HTMLButtonElement>(services, "[part=add]").click()
    await until(() => $$(services, "select[name=kind] option").length > 1, "kinds", 10_000)
    const kind = $<HTMLSelectElement>(services, "select[name=kind]")
    kind.value = "TOW"
    kind.dispatchEvent(new Event("change"))
    $<HTMLButtonElement>(services, "[part=add-submit]").click()
    await until(() => maybe(services, "[part=service]"), "service added", 10_000)
    expect(textOf($(services, "[part=service]"))).to.contain("Tow truck")
    $<HTMLButtonElement>(services, "[part=service] [part=hand-off]").click()
    await until(() => maybe(el, "[part=unfilled]"), "refused", 10_000)
    const names = $$(el, "[part=unfilled] li").map((li) => textOf(li))
    expect(names).to.include("Tow truck: Partner")
    expect(names).to.include("Make")
  })

  it("sends a message honestly marked not sent without a provider, and shows the journal", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Чат ${uniqueWord("t")}`)
    const el = await mount(c.id, { tab: "chat" })
    const chat = $(el, "org-case-chat")
    await until(() => maybe(chat, "[part=text]") && !maybe(chat, "[aria-busy]"), "chat", 10_000)
    type($<HTMLInputElement>(chat, "[part=text]"), "Эвакуатор выехал")
    await (chat as unknown as { updateComplete: Promise<unknown> }).updateComplete
    $<HTMLButtonElement>(chat, "[part=send]").click()
    await until(() => maybe(chat, "[part=message]"), "message", 10_000)
    const status = textOf($(chat, "[part=message] [part=status]"))
    const channels = await api<{ channel: string; configured: boolean }[]>("GET", "/api/v1/cases/messages/channels")
    if (!channels.body.find((x) => x.channel === "sms")?.configured) expect(status).to.contain("не отправлено")
    $<HTMLButtonElement>(el, '[part=tab][data-tab="history"]').click()
    const history = await (async () => {
      await until(() => maybe(el, "org-case-history"), "history")
      return $(el, "org-case-history")
    })()
    await until(() => $$(history, "[part=entry]").some((e) => e.dataset["kind"] === "message"), "message in the journal", 10_000)
  })

  it("works with a widget token: comments, file upload and download with the Bearer token, live updates", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Токен ${uniqueWord("k")}`)
    const token = await widgetToken()
    await signOut() // the widget must not lean on the cookie
    const el = await mount(c.id, { token, tab: "history" })
    const history = $(el, "org-case-history")
    await until(() => maybe(history, "[part=entry]"), "journal", 10_000)
    type($<HTMLInputElement>(history, "[part=comment-input]"), "Комментарий через токен")
    await (history as unknown as { updateComplete: Promise<unknown> }).updateComplete
    $<HTMLButtonElement>(history, "[part=comment-submit]").click()
    await until(() => $$(history, "[part=entry]").some((e) => e.dataset["kind"] === "comment"), "comment", 10_000)

    const file = $<HTMLInputElement>(history, "[part=upload] input[type=file]")
    const dt = new DataTransfer()
    dt.items.add(new File(["hello, case"], "note.txt", { type: "text/plain" }))
    file.files = dt.files
    file.dispatchEvent(new Event("change"))
    await until(() => maybe(history, "[part=file]") || maybe(history, ".files [part=error]"), "uploaded", 10_000)
    expect(maybe(history, ".files [part=error]")).to.equal(null)
    const blobs: Blob[] = []
    const original = URL.createObjectURL
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blobs.push(b as Blob)
      return original.call(URL, b)
    }
    try {
      $<HTMLButtonElement>(history, "[part=file] [part=download]").click()
      await until(() => blobs.length === 1 || maybe(history, ".files [part=error]"), "downloaded", 10_000)
    } finally {
      URL.createObjectURL = original
    }
    expect(maybe(history, ".files [part=error]")).to.equal(null)
    expect(await blobs[0]!.text()).to.equal("hello, case")

    // Another operator changes the case: it appears within a second.
    await signIn("supervisor")
    const current = await api<Case>("GET", `/api/v1/cases/${c.id}`)
    const patched = await api("PATCH", `/api/v1/cases/${c.id}`, { version: current.body.version, values: { contract: "D-777" } })
    expect(patched.status).to.equal(200)
    await until(() => (input(el, "contract") as unknown as HTMLTextAreaElement).value === "D-777", "live change", 5_000)
  })

  it("shows the applicant's previous cases and opens one", async () => {
    await signIn("operator")
    const p = phone()
    const first = await roadsideCase(`Первое ${uniqueWord("a")}`, {}, p)
    const second = await roadsideCase(`Второе ${uniqueWord("a")}`, {}, p)
    const el = await mount(second.id)
    const panel = $(el, "org-case-applicant")
    await until(() => maybe(panel, "[part=case]"), "previous cases", 10_000)
    const row = $$(panel, "[part=case]").find((r) => r.dataset["id"] === first.id)!
    expect(textOf(row)).to.contain(first.number)
    const opened = oneEvent(el, "org-case-open") as Promise<CaseOpenEvent>
    row.click()
    expect((await opened).caseId).to.equal(first.id)
    await until(() => maybe(el, "[part=number]")?.textContent === first.number, "opened", 10_000)
  })
})

describe("<org-case-create> with the real server", function () {
  this.timeout(40_000)
  useDemoUsersAsSeeded()
  before(async function () {
    this.timeout(60_000)
    await prepareDesk()
  })
  afterEach(() => signOut())

  it("creates a roadside case from the required fields and asks to open it", async () => {
    await signIn("operator")
    const el = await fixture<OrgCaseCreate>(html`<org-case-create lang="en" type="roadside"></org-case-create>`)
    await until(() => maybe(el, '[data-field="fault"]'), "form", 15_000)
    const p = phone()
    type($<HTMLInputElement>(el, "input[name=applicantPhone]"), p)
    type($<HTMLInputElement>(el, '[data-field="fault"] [data-input]'), "Flat tyre")
    const title = `Created in the form ${uniqueWord("f")}`
    type($<HTMLInputElement>(el, "input[name=title]"), title)
    const opened = oneEvent(el, "org-case-open") as Promise<CaseOpenEvent>
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=submit]").click()
    const { caseId } = await opened
    const created = await api<Case & { title: string; type: string }>("GET", `/api/v1/cases/${caseId}`)
    expect(created.body.title).to.equal(title)
    expect(created.body.type).to.equal("roadside")
    expect(created.body.values["fault"]).to.equal("Flat tyre")
  })

  it("puts the server's 400 messages by the fields", async () => {
    await signIn("operator")
    const el = await fixture<OrgCaseCreate>(html`<org-case-create lang="en" type="roadside"></org-case-create>`)
    await until(() => maybe(el, '[data-field="fault"]'), "form", 15_000)
    type($<HTMLInputElement>(el, '[data-field="fault"] [data-input]'), "x")
    type($<HTMLInputElement>(el, '[data-field="contact_phone"] [data-input]'), "not a phone")
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await until(() => maybe(el, '[data-field="contact_phone"] [part=field-error]'), "phone error", 10_000)
  })
})

describe("<org-console> cases section with the real server", function () {
  this.timeout(40_000)
  useDemoUsersAsSeeded()
  const start = location.href
  before(async function () {
    this.timeout(60_000)
    await prepareDesk()
  })
  afterEach(async () => {
    history.replaceState(null, "", start)
    await signOut()
  })

  it("opens #cases/<id> in the card, and goes back to the list", async () => {
    await signIn("operator")
    const c = await roadsideCase(`Консоль ${uniqueWord("n")}`)
    history.replaceState(null, "", `#cases/${c.id}`)
    const el = await fixture<OrgConsole>(html`<org-console lang="en"></org-console>`)
    await until(() => maybe(el, "org-case-card") && maybe($(el, "org-case-card"), "[part=header]"), "card", 15_000)
    expect(text($(el, "org-case-card"), "[part=number]")).to.equal(c.number)
    $<HTMLAnchorElement>(el, "[part=back]").click()
    await until(() => maybe(el, "org-case-card") === null, "list", 10_000)
    expect(location.hash).to.equal("#cases")
  })
})
