/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { CaseCreatedEvent } from "../events.js"
import { DEMO_USER, FakeApi, installFakeApi, makeCase } from "../test/fake-api.js"
import { $, $$, maybe, sleep, text, type, until } from "../test/helpers.js"
import "./org-case-list.js"
import type { OrgCaseList } from "./org-case-list.js"
import "./org-console.js"
import type { OrgConsole } from "./org-console.js"

async function mount(fake: FakeApi, lang = "ru", pageSize = 50): Promise<OrgCaseList> {
  const el = await fixture<OrgCaseList>(
    html`<org-case-list token="test-token" lang=${lang} page-size=${pageSize}></org-case-list>`,
  )
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "first load")
  return el
}

const rows = (el: OrgCaseList) => $$<HTMLTableRowElement>(el, "tbody tr[part=row]")
const rowTitles = (el: OrgCaseList) => rows(el).map((r) => r.querySelector(".c-title")!.textContent!.trim())

async function submit(el: OrgCaseList, title: string, phone = ""): Promise<void> {
  type($(el, "input[name=title]"), title)
  type($(el, "input[name=applicantPhone]"), phone)
  $<HTMLButtonElement>(el, "button[type=submit]").click()
  await el.updateComplete
}

describe("<org-case-list>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("lists cases newest first with localised status badges", async () => {
    fake = installFakeApi({
      cases: [
        makeCase({ title: "Эвакуатор на МКАД", status: "in_progress", applicantPhone: "+7 900 111-22-33", minutesAgo: 1 }),
        makeCase({ title: "Замена колеса", status: "new", minutesAgo: 5 }),
        makeCase({ title: "Такси до дома", status: "resolved", minutesAgo: 9 }),
        makeCase({ title: "Гостиница", status: "closed", minutesAgo: 20 }),
      ],
    })
    const el = await mount(fake)
    expect(rowTitles(el)).to.deep.equal(["Эвакуатор на МКАД", "Замена колеса", "Такси до дома", "Гостиница"])
    const badges = $$(el, "[part=badge]").map((b) => [b.dataset["status"], b.dataset["category"], b.textContent!.trim()])
    expect(badges).to.deep.equal([
      ["in_progress", "open", "В работе"],
      ["new", "open", "Новое"],
      ["resolved", "resolved", "Решено"],
      ["closed", "resolved", "Закрыто"],
    ])
    // Badges are coloured by the status's category: open and resolved look different.
    const colour = (i: number) => getComputedStyle($$(el, "[part=badge]")[i]!).backgroundColor
    expect(colour(0)).to.equal(colour(1))
    expect(colour(2)).to.equal(colour(3))
    expect(colour(0)).to.not.equal(colour(2))
    const first = rows(el)[0]!
    expect(first.querySelector(".c-phone")!.textContent!.trim()).to.equal("+7 900 111-22-33")
    expect(rows(el)[1]!.querySelector(".c-phone")!.textContent!.trim()).to.equal("—")
    const time = first.querySelector("time")!
    const iso = fake.cases[0]!.createdAt
    expect(time.dateTime).to.equal(iso)
    expect(time.textContent!.trim()).to.equal(
      new Intl.DateTimeFormat("ru", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Moscow" }).format(new Date(iso)),
    )
    const [req] = fake.requestsTo("GET", "/api/v1/cases")
    expect(req!.headers.get("authorization")).to.equal("Bearer test-token")
    expect(req!.headers.get("accept-language")).to.equal("ru")
  })

  it("speaks English when lang=en", async () => {
    fake = installFakeApi({ cases: [makeCase({ status: "in_progress" })] })
    const el = await mount(fake, "en")
    expect($(el, "[part=badge]").textContent!.trim()).to.equal("In progress")
    expect(text(el, "thead")).to.equal("No. Type Status Title Applicant phone Assignee Created Updated")
    expect($(el, "button[type=submit]").textContent!.trim()).to.equal("Create")
  })

  it("shows the empty state", async () => {
    fake = installFakeApi()
    const el = await mount(fake)
    expect(text(el, "[part=empty]")).to.contain("Обращений пока нет")
    expect(maybe(el, "table")).to.equal(null)
  })

  it("shows a load error with a retry", async () => {
    fake = installFakeApi({ cases: [makeCase({ title: "Потом появится" })] })
    fake.failListWith = 500
    const el = await mount(fake)
    expect(text(el, "[part=error]")).to.contain("Не удалось загрузить обращения")
    expect(text(el, "[part=error]")).to.contain("Ошибка сервера")
    fake.failListWith = null
    $<HTMLButtonElement>(el, "[part=error] button").click()
    await until(() => rows(el).length === 1, "rows after retry")
    expect(rowTitles(el)).to.deep.equal(["Потом появится"])
  })

  it("loads more pages by cursor", async () => {
    fake = installFakeApi({ cases: [1, 2, 3, 4, 5].map((n) => makeCase({ title: `C${n}`, minutesAgo: n })) })
    const el = await mount(fake, "ru", 2)
    expect(rowTitles(el)).to.deep.equal(["C1", "C2"])
    $<HTMLButtonElement>(el, "[part=load-more]").click()
    await until(() => rows(el).length === 4, "second page")
    $<HTMLButtonElement>(el, "[part=load-more]").click()
    await until(() => rows(el).length === 5, "third page")
    expect(rowTitles(el)).to.deep.equal(["C1", "C2", "C3", "C4", "C5"])
    expect(maybe(el, "[part=load-more]")).to.equal(null)
    expect(fake.requestsTo("GET", "/api/v1/cases").map((r) => r.query.get("cursor"))).to.deep.equal([null, "o:2", "o:4"])
  })

  it("shows per-field errors of a 400 problem next to the right inputs", async () => {
    fake = installFakeApi()
    const el = await mount(fake)
    await submit(el, "x".repeat(250), "позвоните мне")
    await until(() => maybe(el, "#applicantPhone-error"), "field errors")
    expect(text(el, "#title-error")).to.equal("Тема длиннее 200 символов")
    expect(text(el, "#applicantPhone-error")).to.equal("Неверный формат телефона")
    const title = $<HTMLInputElement>(el, "input[name=title]")
    const phone = $<HTMLInputElement>(el, "input[name=applicantPhone]")
    expect(title.getAttribute("aria-invalid")).to.equal("true")
    expect(title.getAttribute("aria-describedby")).to.equal("title-error")
    expect(phone.getAttribute("aria-describedby")).to.equal("applicantPhone-error")
    // Each message sits in the same field box as its input.
    expect($(el, "#title-error").parentElement).to.equal(title.parentElement)
    expect($(el, "#applicantPhone-error").parentElement).to.equal(phone.parentElement)
    expect(el.shadowRoot!.activeElement).to.equal(title)
    expect(rows(el)).to.have.length(0)
    expect(fake.requestsTo("POST", "/api/v1/cases")).to.have.length(1)
    // Typing clears that field's error only.
    type(phone, "+7 900 000-00-00")
    await el.updateComplete
    expect(maybe(el, "#applicantPhone-error")).to.equal(null)
    expect(maybe(el, "#title-error")).to.not.equal(null)
  })

  it("asks for a title without calling the server", async () => {
    fake = installFakeApi()
    const el = await mount(fake, "en")
    await submit(el, "   ")
    expect(text(el, "#title-error")).to.equal("Enter a title")
    expect(fake.requestsTo("POST", "/api/v1/cases")).to.have.length(0)
  })

  it("sends a case only once however often submit is pressed", async () => {
    fake = installFakeApi()
    const el = await mount(fake)
    const release = fake.holdCreates()
    type($(el, "input[name=title]"), "Не заводится")
    const button = $<HTMLButtonElement>(el, "button[type=submit]")
    const form = $<HTMLFormElement>(el, "form")
    button.click()
    form.requestSubmit()
    form.dispatchEvent(new SubmitEvent("submit", { cancelable: true }))
    await el.updateComplete
    expect(button.disabled).to.equal(true)
    expect(button.textContent!.trim()).to.equal("Создание…")
    await sleep(30)
    expect(fake.requestsTo("POST", "/api/v1/cases")).to.have.length(1)
    release()
    await until(() => rows(el).length === 1, "created row")
    expect(button.disabled).to.equal(false)
    expect(fake.requestsTo("POST", "/api/v1/cases")).to.have.length(1)
  })

  it("prepends a created case, resets the form and fires org-case-created", async () => {
    fake = installFakeApi({ cases: [makeCase({ title: "Старое" })] })
    const el = await mount(fake)
    const fired = oneEvent(el, CaseCreatedEvent.type)
    await submit(el, "  Нужен эвакуатор ", "+7 916 555-44-33")
    const event = (await fired) as unknown as CaseCreatedEvent
    expect(event).to.be.instanceOf(CaseCreatedEvent)
    expect(event.bubbles && event.composed).to.equal(true)
    expect(event.case.title).to.equal("Нужен эвакуатор")
    expect(event.case.applicantPhone).to.equal("+7 916 555-44-33")
    await el.updateComplete
    expect(rowTitles(el)).to.deep.equal(["Нужен эвакуатор", "Старое"])
    expect(rows(el)[0]!.dataset["id"]).to.equal(event.case.id)
    expect($<HTMLInputElement>(el, "input[name=title]").value).to.equal("")
    expect(fake.requestsTo("POST", "/api/v1/cases")[0]!.body).to.deep.equal({
      title: "Нужен эвакуатор",
      applicantPhone: "+7 916 555-44-33",
    })
    expect(text(el, "[role=status]")).to.contain(`Обращение ${event.case.number} создано`)
  })

  it("prepends cases that other clients create, once", async () => {
    fake = installFakeApi({ cases: [makeCase({ title: "Первое" })] })
    const el = await mount(fake)
    await fake.subscribed("case.created")
    const other = fake.createFromOtherClient({ title: "С другого пульта", status: "new" })
    await until(() => rows(el).length === 2, "live row")
    fake.emit("case.created", other) // a redelivery of the same event
    await sleep(30)
    expect(rowTitles(el)).to.deep.equal(["С другого пульта", "Первое"])
  })

  for (const eventBeforeResponse of [false, true]) {
    it(`shows a case once when the socket event comes ${eventBeforeResponse ? "before" : "after"} the POST response`, async () => {
      fake = installFakeApi()
      fake.eventBeforeResponse = eventBeforeResponse
      const el = await mount(fake)
      const socket = await fake.subscribed("case.created")
      await submit(el, "Дубль?")
      await until(() => rows(el).length === 1, "row")
      await until(() => fake.requestsTo("POST", "/api/v1/cases").length === 1, "post")
      await sleep(50)
      expect(socket.topics.has("case.created")).to.equal(true)
      expect(rowTitles(el)).to.deep.equal(["Дубль?"])
    })
  }

  it("keeps live cases that arrive while the first page is loading", async () => {
    fake = installFakeApi({ cases: [makeCase({ title: "Из базы" })], latencyMs: 150 })
    const el = await fixture<OrgCaseList>(html`<org-case-list token="test-token"></org-case-list>`)
    expect(text(el)).to.contain("Загрузка обращений")
    await fake.subscribed("case.created")
    fake.createFromOtherClient({ title: "Живое" })
    await until(() => rows(el).length === 2, "both rows")
    expect(rowTitles(el)).to.deep.equal(["Живое", "Из базы"])
  })

  it("turns rows into cards that fit a 400px side panel", async () => {
    fake = installFakeApi({
      cases: [makeCase({ title: "Эвакуатор: Toyota Camry, Ленинградское ш., 42 — не заводится после ДТП", applicantPhone: "+7 916 555-44-33" })],
    })
    const panel = await fixture<HTMLDivElement>(
      html`<div style="width: 400px"><org-case-list token="test-token"></org-case-list></div>`,
    )
    const el = panel.querySelector("org-case-list")!
    await until(() => maybe(el, "tbody tr"), "rows")
    expect(getComputedStyle($(el, "thead")).display).to.equal("none")
    const row = $(el, "tbody tr").getBoundingClientRect()
    expect(row.width).to.be.at.most(400)
    for (const cell of $$(el, "tbody td")) {
      if (getComputedStyle(cell).display === "none") continue // the "updated" column is left out of the card
      // The box of the cell's content, which may overflow the cell itself.
      const range = document.createRange()
      range.selectNodeContents(cell)
      const box = range.getBoundingClientRect()
      expect(box.left, cell.className).to.be.at.least(row.left - 0.5)
      expect(box.right, cell.className).to.be.at.most(row.right + 0.5)
    }
    expect(el.scrollWidth).to.be.at.most(400)
  })

  it("closes its events socket when removed", async () => {
    fake = installFakeApi()
    const el = await mount(fake)
    await fake.subscribed("case.created")
    el.remove()
    await until(() => fake.sockets.length === 0, "socket closed")
  })
})

describe("<org-case-list> dates", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  const at2130z = () => makeCase({ title: "Поздний вызов", createdAt: "2025-03-14T21:30:00.000Z" })
  const shown = (el: OrgCaseList) => $(el, "tbody time").textContent!.trim()
  const inZone = (tz: string) => ({ ...DEMO_USER, tenant: { ...DEMO_USER.tenant, timeZone: tz } })

  it("shows the tenant's time zone, which a standalone widget asks /auth/me for", async () => {
    fake = installFakeApi({ cases: [at2130z()] }) // the demo tenant is in Europe/Moscow (UTC+3)
    const el = await mount(fake)
    expect(shown(el)).to.equal("15.03.2025, 00:30")
    expect($(el, "tbody time").getAttribute("datetime")).to.equal("2025-03-14T21:30:00.000Z")
    const [me] = fake.requestsTo("GET", "/api/v1/auth/me")
    expect(me!.headers.get("authorization")).to.equal("Bearer test-token")
  })

  it("follows another tenant's zone", async () => {
    fake = installFakeApi({ user: inZone("Asia/Vladivostok"), cases: [at2130z()] })
    const el = await mount(fake)
    expect(shown(el)).to.equal("15.03.2025, 07:30")
  })

  it("takes the zone from the console's session without asking again", async () => {
    fake = installFakeApi({ signedIn: true, user: inZone("America/New_York"), cases: [at2130z()] })
    const console = await fixture<OrgConsole>(html`<org-console lang="ru"></org-console>`)
    await until(() => maybe(console, "org-case-list"), "case list")
    const el = $<OrgCaseList>(console, "org-case-list")
    await until(() => maybe(el, "tbody time"), "rows")
    expect(shown(el)).to.equal("14.03.2025, 17:30")
    expect(fake.requestsTo("GET", "/api/v1/auth/me")).to.have.length(1) // the console's own
  })

  it("uses its time-zone attribute when it has one", async () => {
    fake = installFakeApi({ cases: [at2130z()] })
    const el = await fixture<OrgCaseList>(html`<org-case-list token="test-token" time-zone="UTC"></org-case-list>`)
    await until(() => maybe(el, "tbody time"), "rows")
    expect(shown(el)).to.equal("14.03.2025, 21:30")
    expect(fake.requestsTo("GET", "/api/v1/auth/me")).to.have.length(0)
  })

  it("falls back to the browser's zone when the server names none or a bad one", async () => {
    for (const timeZone of [undefined, "Mars/Olympus_Mons"]) {
      fake?.restore()
      const user = { ...DEMO_USER, tenant: { id: "t", name: "T", ...(timeZone ? { timeZone } : {}) } }
      fake = installFakeApi({ user, cases: [at2130z()] })
      const el = await mount(fake)
      const browser = new Intl.DateTimeFormat("ru", { dateStyle: "short", timeStyle: "short" }).format(new Date("2025-03-14T21:30:00Z"))
      expect(shown(el)).to.equal(browser)
    }
  })
})

describe("<org-case-list> access", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("says so when its token is refused by the events socket", async () => {
    fake = installFakeApi({ cases: [makeCase()] })
    const el = await fixture<OrgCaseList>(html`<org-case-list token="expired-token" lang="en"></org-case-list>`)
    await until(() => maybe(el, "[part=notice]"), "notice")
    expect(text(el, "[part=notice]")).to.contain("Access has expired")
    expect($(el, "[part=notice]").dataset["state"]).to.equal("unauthorized")
  })
})
