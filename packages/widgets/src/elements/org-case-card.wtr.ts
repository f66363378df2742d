/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import type { CaseOpenEvent } from "../events.js"
import { DEMO_USER, type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, text, type, until } from "../test/helpers.js"
import "./org-case-card.js"
import type { OrgCaseCard } from "./org-case-card.js"
import type { OrgCaseFields } from "./org-case-fields.js"

let api: FakeApi
let desk: FakeCaseCard

function start(): void {
  api = installFakeApi({ signedIn: true })
  desk = installFakeCaseCard(api)
}

async function mount(caseId: string, lang = "ru"): Promise<OrgCaseCard> {
  const el = await fixture<OrgCaseCard>(html`<org-case-card token="test-token" lang=${lang} case-id=${caseId}></org-case-card>`)
  await until(() => maybe(el, "[part=header]") || maybe(el, "[part=error]"), "card loaded")
  await until(() => fieldsOf(el) === null || maybe(fieldsOf(el)!, "[data-field]"), "fields")
  return el
}

const fieldsOf = (el: OrgCaseCard) => maybe<OrgCaseFields>(el, "org-case-fields")
const fieldInput = (el: OrgCaseCard, key: string) => $<HTMLInputElement>(fieldsOf(el)!, `[data-field="${key}"] [data-input]`)

describe("<org-case-card> header and moves", () => {
  beforeEach(start)
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("shows the number, phone, type and a status badge coloured by category, in ru and en", async () => {
    const c = desk.addCase({ title: "Не заводится, Kia Rio", applicantPhone: "+79165551234", status: "waiting_partner" })
    const el = await mount(c.id)
    expect(text(el, "[part=number]")).to.equal(c.number)
    expect(text(el, "[part=type]")).to.equal("Помощь на дороге")
    expect(text(el, "[part=phone] a")).to.equal("+79165551234")
    const badge = $(el, "[part=status]")
    expect(badge.textContent).to.contain("Ожидание партнёра")
    expect(badge.dataset["category"]).to.equal("paused")
    const pausedBg = getComputedStyle(badge).backgroundColor
    expect(text(el, "h1")).to.equal("Не заводится, Kia Rio")
    // The request went with the widget token and the page's language.
    const [req] = desk.requestsTo("GET", `/${c.id}/moves`)
    expect(req!.headers.get("authorization")).to.equal("Bearer test-token")

    el.lang = "en"
    await el.updateComplete
    expect(text(el, "[part=type]")).to.equal("Roadside assistance")
    expect($(el, "[part=status]").textContent).to.contain("Waiting for the partner")
    // Open, paused and resolved look different.
    const open = desk.addCase({ status: "new" })
    el.caseId = open.id
    await until(() => text(el, "[part=number]") === open.number, "other case")
    expect($(el, "[part=status]").dataset["category"]).to.equal("open")
    expect(getComputedStyle($(el, "[part=status]")).backgroundColor).to.not.equal(pausedBg)
  })

  it("copies the case number and the phone", async () => {
    const c = desk.addCase({ applicantPhone: "+79031112233" })
    const el = await mount(c.id)
    const copied: string[] = []
    const original = navigator.clipboard.writeText
    navigator.clipboard.writeText = (t: string) => {
      copied.push(t)
      return Promise.resolve()
    }
    try {
      const buttons = $$(el, "org-copy-button")
      expect(buttons).to.have.length(2)
      $<HTMLButtonElement>(buttons[0]!, "button").click()
      $<HTMLButtonElement>(buttons[1]!, "button").click()
      await until(() => copied.length === 2, "copied")
      expect(copied).to.deep.equal([c.number, "+79031112233"])
      expect($(buttons[0]!, "button").getAttribute("aria-label")).to.equal("Копировать номер обращения")
    } finally {
      navigator.clipboard.writeText = original
    }
  })

  it("lists the moves the user may make and moves the case", async () => {
    const c = desk.addCase({ status: "new" })
    const el = await mount(c.id)
    $<HTMLButtonElement>(el, "[part=status]").click()
    await until(() => maybe(el, "[part=status-menu]"), "menu")
    const moves = $$(el, "[part~=move]")
    expect(moves.map((m) => m.dataset["to"])).to.deep.equal(["in_progress", "cancelled"])
    expect(moves[0]!.textContent).to.contain("Взять в работу")
    // The menu is keyboard-operable: the first item has the focus, arrows move it.
    expect(el.shadowRoot!.activeElement).to.equal(moves[0])
    el.shadowRoot!.querySelector(".status-wrap")!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true, composed: true }))
    expect(el.shadowRoot!.activeElement).to.equal(moves[1])
    moves[0]!.click()
    await until(() => $(el, "[part=status]").textContent!.includes("В работе"), "moved")
    const [post] = desk.requestsTo("POST", `/${c.id}/moves`)
    expect(post!.body).to.deep.equal({ to: "in_progress", version: 1 })
    expect(desk.cases.find((x) => x.id === c.id)!.status).to.equal("in_progress")
  })

  it("closes the menu with Escape and gives the focus back", async () => {
    const c = desk.addCase({ status: "new" })
    const el = await mount(c.id)
    $<HTMLButtonElement>(el, "[part=status]").click()
    await until(() => maybe(el, "[part=status-menu]"), "menu")
    el.shadowRoot!.querySelector(".status-wrap")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true }))
    await el.updateComplete
    expect(maybe(el, "[part=status-menu]")).to.equal(null)
    expect(el.shadowRoot!.activeElement).to.equal($(el, "[part=status]"))
  })

  it("names the unfilled fields in the UI language and focuses the first when a move needs them", async () => {
    const c = desk.addCase({ status: "in_progress", values: { plate: "А123ВС77" } })
    const el = await mount(c.id, "en")
    await el.move("waiting_partner")
    await until(() => maybe(el, "[part=unfilled]"), "unfilled panel")
    expect(text(el, "[part=unfilled] .alert-title")).to.equal("To move to “Waiting for the partner”, fill in:")
    const names = $$(el, "[part=unfilled] li").map((li) => li.textContent!.trim())
    expect(names).to.deep.equal(["Make", "Model", "Program", "Nearest city", "Breakdown address"])
    const fields = fieldsOf(el)!
    await until(() => fields.shadowRoot!.activeElement?.closest("[data-field]")?.getAttribute("data-field") === "make", "first field focused")
    // The server's message is by each field.
    expect(text(fields, '[data-field="city"] [part=field-error]')).to.contain("Fill in \"Nearest city\"")
    // A name in the panel takes the focus to its field.
    $<HTMLButtonElement>(el, '[part=unfilled] button[data-field="program"]').click()
    await until(() => fields.shadowRoot!.activeElement?.closest("[data-field]")?.getAttribute("data-field") === "program", "program focused")
    expect(desk.cases.find((x) => x.id === c.id)!.status).to.equal("in_progress")
  })

  it("shows the moves still possible when the chosen one is no longer allowed (409)", async () => {
    const c = desk.addCase({ status: "new" })
    const el = await mount(c.id)
    // Meanwhile another operator cancels the case; the menu still offers "take".
    const stored = desk.cases.find((x) => x.id === c.id)!
    stored.status = "in_progress"
    stored.version = 1
    await el.move("in_progress")
    await until(() => maybe(el, "[part=allowed]"), "allowed panel")
    expect(text(el, "[part=allowed]")).to.contain("Этот переход уже невозможен")
    expect($$(el, "[part=allowed] button[data-to]").map((b) => b.dataset["to"])).to.deep.equal(["waiting_partner", "completed", "cancelled"])
    expect($(el, "[part=status]").textContent).to.contain("В работе")
  })

  it("saves unsaved edits before a move that needs them", async () => {
    const c = desk.addCase({ status: "new" })
    const el = await mount(c.id)
    type(fieldInput(el, "plate") as HTMLInputElement, "А123ВС77")
    await el.move("in_progress")
    await until(() => desk.cases.find((x) => x.id === c.id)!.status === "in_progress", "moved")
    const [patch] = desk.requestsTo("PATCH", `/${c.id}`)
    expect(patch!.body).to.deep.equal({ version: 1, values: { plate: "А123ВС77" } })
    const [post] = desk.requestsTo("POST", `/${c.id}/moves`)
    expect(post!.body).to.deep.equal({ to: "in_progress", version: 2 })
  })
})

describe("<org-case-card> flags, take, my cases, SLA", () => {
  beforeEach(start)
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("toggles the Attention! flag of a hotline case", async () => {
    const c = desk.addCase({ type: "hotline", status: "new" })
    const el = await mount(c.id)
    const flag = $<HTMLButtonElement>(el, '[part=flag][data-flag="attention"]')
    expect(flag.textContent).to.contain("Внимание!")
    expect(flag.getAttribute("aria-pressed")).to.equal("false")
    flag.click()
    await until(() => $(el, "[part=flag]").getAttribute("aria-pressed") === "true", "flag on")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({ version: 1, flags: ["attention"] })
    $<HTMLButtonElement>(el, "[part=flag]").click()
    await until(() => $(el, "[part=flag]").getAttribute("aria-pressed") === "false", "flag off")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[1]!.body).to.deep.equal({ version: 2, flags: [] })
  })

  it("has no flag toggle when the type has no flags", async () => {
    const el = await mount(desk.addCase().id)
    expect(maybe(el, "[part=flag]")).to.equal(null)
  })

  it("takes the case (assigns it to me)", async () => {
    const c = desk.addCase()
    const el = await mount(c.id, "en")
    await until(() => maybe(el, "[part=take]"), "take button")
    expect(text(el, "[part=assignee]")).to.contain("Unassigned")
    $<HTMLButtonElement>(el, "[part=take]").click()
    await until(() => text(el, "[part=assignee]").includes("Your case"), "taken")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({ version: 1, assigneeId: DEMO_USER.id })
    expect(maybe(el, "[part=take]")).to.equal(null)
  })

  it("switches between my cases in work", async () => {
    const mine1 = desk.addCase({ title: "Первое моё", assigneeId: DEMO_USER.id, status: "in_progress" })
    const mine2 = desk.addCase({ title: "Второе моё", assigneeId: DEMO_USER.id, status: "new" })
    desk.addCase({ title: "Закрытое моё", assigneeId: DEMO_USER.id, status: "completed" })
    desk.addCase({ title: "Чужое", assigneeId: "someone-else", status: "new" })
    const el = await mount(mine1.id)
    await until(() => $$(el, "[part=switcher] option").length === 2, "my cases")
    const [req] = desk.requestsTo("GET", "/")
    expect(req!.query.get("assignee")).to.equal("me")
    expect(req!.query.get("statusGroup")).to.equal("active")
    const select = $<HTMLSelectElement>(el, "[part=switcher] select")
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal([
      `${mine1.number} · В работе · Первое моё`,
      `${mine2.number} · Новое · Второе моё`,
    ])
    const opened: string[] = []
    el.addEventListener("org-case-open", (e: CaseOpenEvent) => opened.push(e.caseId))
    select.value = mine2.id
    select.dispatchEvent(new Event("change"))
    await until(() => text(el, "[part=number]") === mine2.number, "switched")
    expect(opened).to.deep.equal([mine2.id])
    expect(el.caseId).to.equal(mine2.id)
  })

  it("lets the host take over opening a case (preventDefault)", async () => {
    const a = desk.addCase({ assigneeId: DEMO_USER.id, status: "new" })
    const b = desk.addCase({ assigneeId: DEMO_USER.id, status: "new" })
    const el = await mount(a.id)
    await until(() => $$(el, "[part=switcher] option").length === 2, "my cases")
    el.addEventListener("org-case-open", (e) => e.preventDefault())
    const select = $<HTMLSelectElement>(el, "[part=switcher] select")
    select.value = b.id
    select.dispatchEvent(new Event("change"))
    await el.updateComplete
    expect(el.caseId).to.equal(a.id)
  })

  it("shows the SLA due time with warning and breached colours", async () => {
    const c = desk.addCase()
    const due = new Date(Date.now() + 30 * 60_000).toISOString()
    desk.sla.set(c.id, {
      policy: { typeKey: "roadside", priority: "default" },
      firstResponse: { dueAt: due, metAt: null, state: "warning", elapsedMinutes: 50, targetMinutes: 60 },
      resolution: { dueAt: due, metAt: null, state: "running", elapsedMinutes: 50, targetMinutes: 600 },
      paused: false,
    })
    const el = await mount(c.id)
    await until(() => maybe(el, "[part=sla]"), "sla chip")
    const chip = $(el, "[part=sla]")
    expect(chip.dataset["state"]).to.equal("warning")
    const time = new Intl.DateTimeFormat("ru", { timeStyle: "short", timeZone: "Europe/Moscow" }).format(new Date(due))
    expect(chip.textContent).to.contain(`Ответ до ${time}`)
    expect(chip.textContent).to.contain("скоро срок")
    const warning = getComputedStyle(chip).backgroundColor

    desk.sla.set(c.id, { ...desk.sla.get(c.id)!, firstResponse: { dueAt: due, metAt: null, state: "breached", elapsedMinutes: 70, targetMinutes: 60 } })
    api.emit("case.sla_breached", { caseId: c.id, number: c.number, clock: "first_response", dueAt: due })
    await until(() => $(el, "[part=sla]").dataset["state"] === "breached", "breached")
    expect(getComputedStyle($(el, "[part=sla]")).backgroundColor).to.not.equal(warning)
    expect(text(el, "[part=sla]")).to.contain("просрочено")
  })

  it("shows no SLA chip without a policy", async () => {
    const el = await mount(desk.addCase().id)
    await new Promise((r) => setTimeout(r, 50))
    expect(maybe(el, "[part=sla]")).to.equal(null)
  })

  it("says so when the case cannot be loaded, and retries", async () => {
    const el = await fixture<OrgCaseCard>(html`<org-case-card token="test-token" lang="en" case-id="0190f3a4-0000-7000-8000-00000000dead"></org-case-card>`)
    await until(() => maybe(el, "[part=error]"), "error")
    expect(text(el, "[part=error]")).to.contain("Could not open the case")
  })
})

describe("<org-case-card> live", () => {
  beforeEach(start)
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("shows another operator's change at once when there are no unsaved edits", async () => {
    const c = desk.addCase({ status: "in_progress", values: { plate: "А111АА77" } })
    const el = await mount(c.id)
    await api.subscribed("case.updated")
    desk.changeFromOtherClient(c.id, { values: { plate: "В222ВВ77" } })
    await until(() => fieldInput(el, "plate").value === "В222ВВ77", "remote value")
    desk.changeFromOtherClient(c.id, { status: "waiting_partner" })
    await until(() => $(el, "[part=status]").textContent!.includes("Ожидание партнёра"), "remote move")
  })

  it("keeps unsaved edits when another operator changes the case, and offers to load their version", async () => {
    const c = desk.addCase({ status: "in_progress", values: { plate: "А111АА77", contract: "D-1" } })
    const el = await mount(c.id, "en")
    await api.subscribed("case.updated")
    type(fieldInput(el, "contract"), "D-2")
    desk.changeFromOtherClient(c.id, { values: { plate: "В222ВВ77" } })
    const fields = fieldsOf(el)!
    await until(() => maybe(fields, "[part=remote]"), "remote banner")
    expect(text(fields, "[part=remote]")).to.contain("Another operator changed this case")
    expect(fieldInput(el, "contract").value).to.equal("D-2")
    expect(fieldInput(el, "plate").value).to.equal("А111АА77")
    $<HTMLButtonElement>(fields, "[part=load-remote]").click()
    await until(() => maybe(fields, "[part=notice]"), "notice")
    expect(text(fields, "[part=notice]")).to.contain("Changed fields: Plate.")
    expect(fieldInput(el, "plate").value).to.equal("В222ВВ77")
    expect(fieldInput(el, "contract").value).to.equal("D-2")
    // Saving now goes with the new version.
    $<HTMLButtonElement>(fields, "[part=save]").click()
    await until(() => desk.requestsTo("PATCH", `/${c.id}`).length === 1, "saved")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({ version: 2, values: { contract: "D-2" } })
  })

  it("counts inbound messages on the Chat tab while another tab is shown", async () => {
    const c = desk.addCase({ applicantPhone: "+79160000001" })
    const el = await mount(c.id)
    await api.subscribed("case.message")
    desk.inbound(c.id, "Где эвакуатор?")
    await until(() => maybe(el, '[part=tab][data-tab="chat"] .count'), "unread count")
    expect(text(el, '[part=tab][data-tab="chat"] .count')).to.equal("1")
    $<HTMLButtonElement>(el, '[part=tab][data-tab="chat"]').click()
    await el.updateComplete
    expect(maybe(el, '[part=tab][data-tab="chat"] .count')).to.equal(null)
    const chat = $(el, "org-case-chat")
    await until(() => text(chat, "[part=messages]").includes("Где эвакуатор?"), "message in chat")
  })
})

describe("<org-case-card> panels", () => {
  beforeEach(start)
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("shows the applicant and previous cases; a previous case opens", async () => {
    desk.addApplicant({ phone: "+79165551234", name: "Иван Петров", casesCount: 3 })
    const old = desk.addCase({ applicantPhone: "+79165551234", status: "completed", title: "Эвакуатор в прошлом году", values: { fault: "Не заводится" } })
    const c = desk.addCase({ applicantPhone: "+79165551234" })
    const el = await mount(c.id)
    const panel = $(el, "org-case-applicant")
    await until(() => maybe(panel, "[part=case]"), "previous cases")
    expect(text(panel, "[part=name]")).to.equal("Иван Петров")
    const row = $(panel, "[part=case]")
    expect(row.textContent).to.contain(old.number)
    expect(row.textContent).to.contain("Выполнено")
    expect(row.textContent).to.contain("Не заводится")
    const opened: string[] = []
    el.addEventListener("org-case-open", (e: CaseOpenEvent) => opened.push(e.caseId))
    row.click()
    await until(() => text(el, "[part=number]") === old.number, "opened the previous case")
    expect(opened).to.deep.equal([old.id])
  })

  it("moves between tabs with the arrow keys", async () => {
    const el = await mount(desk.addCase().id, "en")
    const tabs = $$(el, "[part=tab]")
    expect(tabs.map((t) => t.textContent!.trim())).to.deep.equal(["Script", "Services", "Chat", "History"])
    tabs[0]!.focus()
    tabs[0]!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, composed: true }))
    await el.updateComplete
    expect($$(el, "[part=tab]")[1]!.getAttribute("aria-selected")).to.equal("true")
    expect(el.shadowRoot!.activeElement).to.equal($$(el, "[part=tab]")[1])
    await until(() => maybe(el, "org-case-services"), "services panel")
  })

  it("has no Services tab for a type without a hand-off", async () => {
    const el = await mount(desk.addCase({ type: "hotline" }).id)
    expect($$(el, "[part=tab]").map((t) => t.dataset["tab"])).to.deep.equal(["script", "chat", "history"])
  })

  it("fits 420px without a horizontal scroll", async () => {
    const c = desk.addCase({ title: "Эвакуатор: Toyota Camry, Ленинградское ш., 42 — не заводится после ДТП", applicantPhone: "+79165551234", assigneeId: DEMO_USER.id })
    const box = await fixture<HTMLDivElement>(html`<div style="width: 420px"><org-case-card token="test-token" case-id=${c.id}></org-case-card></div>`)
    const el = box.querySelector("org-case-card")!
    await until(() => maybe(el, "[part=header]"), "loaded")
    await until(() => maybe(fieldsOf(el)!, "[data-field]"), "fields")
    expect(el.scrollWidth).to.be.at.most(420)
    for (const node of [$(el, "[part=header]"), $(el, ".body")]) expect(node.getBoundingClientRect().right).to.be.at.most(box.getBoundingClientRect().right + 0.5)
  })
})
