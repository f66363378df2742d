/// <reference types="mocha" />
// <org-case-list> as the typed case desk list: filters, typed rows, attention, live re-query, opening.
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import type { UserDto } from "../api/types.js"
import { CaseOpenEvent } from "../events.js"
import { DEMO_USER } from "../test/fake-api.js"
import { deskCase, HOTLINE_TYPE, installFakeCaseDesk, ROADSIDE_TYPE, type FakeCaseDesk, type FakeCaseDeskOptions } from "../test/fake-case-desk.js"
import { $, $$, maybe, sleep, text, type, until } from "../test/helpers.js"
import "./org-case-list.js"
import { CaseListOpenEvent, type OrgCaseList } from "./org-case-list.js"

const SUPERVISOR: UserDto = { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000005", login: "s.smirnov", name: "Сергей Смирнов", roles: ["supervisor"] }
const OTHER: UserDto = { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000006", login: "o.ivanova", name: "Ольга Иванова", roles: ["operator"] }

async function mount(options: FakeCaseDeskOptions, attrs: { lang?: string; pageSize?: number } = {}): Promise<{ fake: FakeCaseDesk; el: OrgCaseList }> {
  const fake = installFakeCaseDesk({ types: [HOTLINE_TYPE, ROADSIDE_TYPE], ...options })
  const el = await fixture<OrgCaseList>(
    html`<org-case-list token="test-token" no-create lang=${attrs.lang ?? "ru"} page-size=${attrs.pageSize ?? 50}></org-case-list>`,
  )
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "first load")
  return { fake, el }
}

const rows = (el: OrgCaseList) => $$<HTMLTableRowElement>(el, "tbody tr[part=row]")
const titles = (el: OrgCaseList) => rows(el).map((r) => r.querySelector(".title-text")!.textContent!.trim())
const searches = (fake: FakeCaseDesk) => fake.requestsTo("GET", "/api/v1/cases").map((r) => Object.fromEntries(r.query))
const lastSearch = (fake: FakeCaseDesk) => searches(fake).at(-1)!

function select(el: OrgCaseList, name: string, value: string): void {
  const s = $<HTMLSelectElement>(el, `select[name=${name}]`)
  s.value = value
  s.dispatchEvent(new Event("change", { bubbles: true }))
}

/** The background of a row's cells as rgb numbers. */
function rowBackground(row: HTMLTableRowElement): [number, number, number] {
  const css = getComputedStyle(row.querySelector("td.c-title")!).backgroundColor
  // color-mix() computes to "color(srgb r g b)" with 0–1 channels; plain colours to rgb().
  const scale = css.startsWith("color(") ? 255 : 1
  const m = css.replace(/^color\(srgb/, "").match(/[\d.]+/g)!.map((v) => Math.round(Number(v) * scale))
  return [m[0]!, m[1]!, m[2]!]
}

describe("<org-case-list> typed cases", () => {
  let fake: FakeCaseDesk | undefined
  afterEach(() => fake?.restore())

  it("shows type, the status label of the type coloured by its category, assignee and the total", async () => {
    ;({ fake } = await mount(
      {
        user: SUPERVISOR,
        accounts: [{ user: OTHER, password: "x", groupIds: [], disabled: false, createdAt: new Date().toISOString() }],
        deskCases: [
          deskCase({ title: "ДТП на МКАД", type: "roadside", status: "waiting_partner", assigneeId: SUPERVISOR.id, applicantPhone: "+79161234567" }),
          deskCase({ title: "Запись к врачу", type: "hotline", status: "in_work", assigneeId: OTHER.id }),
          deskCase({ title: "Закрыто звонящим", type: "hotline", status: "closed_by_user" }),
          deskCase({ title: "Старое без типа", status: "in_progress" }),
        ],
      },
      { lang: "ru" },
    ))
    const el = document.querySelector("org-case-list")!
    await until(() => text(el).includes("Ольга Иванова"), "assignee names")
    const cells = rows(el).map((r) => [
      r.querySelector(".c-type")!.textContent!.trim(),
      r.querySelector("[part=badge]")!.textContent!.trim(),
      (r.querySelector("[part=badge]") as HTMLElement).dataset["category"],
      r.querySelector(".c-assignee")!.textContent!.trim(),
    ])
    expect(cells).to.deep.equal([
      ["Помощь на дорогах", "Ожидание партнёра", "paused", "Вы"],
      ["Горячая линия", "В работе", "open", "Ольга Иванова"],
      ["Горячая линия", "Закрыто пользователем", "resolved", "—"],
      ["Без типа", "В работе", "open", "—"],
    ])
    const bg = (i: number) => getComputedStyle(rows(el)[i]!.querySelector("[part=badge]")!).backgroundColor
    expect(new Set([bg(0), bg(1), bg(2)]).size).to.equal(3)
    expect(text(el, "[part=total]")).to.equal("Найдено: 4")
    expect(rows(el)[0]!.querySelector(".c-phone")!.textContent!.trim()).to.equal("+79161234567")
  })

  it("speaks English: labels of the type, the total and the filter bar", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase({ type: "hotline", status: "registered" })] }, { lang: "en" }))
    const el = document.querySelector("org-case-list")!
    expect(rows(el)[0]!.querySelector("[part=badge]")!.textContent!.trim()).to.equal("Registered")
    expect(rows(el)[0]!.querySelector(".c-type")!.textContent!.trim()).to.equal("Hotline")
    expect(text(el, "[part=total]")).to.equal("Found: 1")
    expect($<HTMLInputElement>(el, "[part~=search]").placeholder).to.contain("VIN")
    expect(text(el, "fieldset.segmented")).to.equal("State Active Inactive Any")
    expect($(el, "[part=attention-toggle]").textContent!.trim()).to.equal("Attention!")
    const [req] = fake!.requestsTo("GET", "/api/v1/cases")
    expect(req!.headers.get("accept-language")).to.equal("en")
  })

  it("highlights cases flagged attention in the flag's colour of their type, yellow by default", async () => {
    ;({ fake } = await mount({
      deskCases: [
        deskCase({ title: "Жалоба", type: "hotline", status: "new", flags: ["attention"] }),
        deskCase({ title: "Обычное", type: "hotline", status: "new" }),
        deskCase({ title: "Срочная эвакуация", type: "roadside", status: "new", flags: ["attention"] }),
        deskCase({ title: "Без типа, но важное", flags: ["attention"] }),
      ],
    }))
    const el = document.querySelector("org-case-list")!
    await until(() => rows(el)[2]!.style.getPropertyValue("--_flag") === "#f97316", "roadside flag colour")
    const [hotline, plain, roadside, untyped] = rows(el)
    expect(hotline!.dataset["attention"]).to.equal("")
    expect(plain!.hasAttribute("data-attention")).to.equal(false)
    // Yellow: red and green high, blue low; the plain row is not painted.
    const [r, g, b] = rowBackground(hotline!)
    expect(r).to.be.above(240)
    expect(g).to.be.above(230)
    expect(b).to.be.below(200)
    expect(getComputedStyle(plain!.querySelector("td.c-title")!).backgroundColor).to.equal("rgba(0, 0, 0, 0)")
    // The roadside type says orange.
    const [r2, g2, b2] = rowBackground(roadside!)
    expect(r2).to.be.above(240)
    expect(g2).to.be.below(225)
    expect(b2).to.be.below(200)
    expect(rowBackground(untyped!)).to.deep.equal(rowBackground(hotline!))
    // Not by colour alone: the flag's label is there for screen readers.
    expect(hotline!.querySelector("[part=flag]")!.textContent!.trim()).to.equal("Внимание!")
    expect(roadside!.querySelector("[part=flag]")!.textContent!.trim()).to.equal("Срочно")
  })

  it("sends each filter to the search and shows what the server finds", async () => {
    ;({ fake } = await mount({
      deskCases: [
        deskCase({ title: "Активное", type: "hotline", status: "in_work", minutesAgo: 10 }),
        deskCase({ title: "Отклонённое", type: "hotline", status: "rejected", minutesAgo: 20 }),
        deskCase({ title: "Дорожное", type: "roadside", status: "new", flags: ["attention"], minutesAgo: 60 * 30 }),
        deskCase({ title: "Моё", type: "roadside", status: "in_progress", assigneeId: DEMO_USER.id, minutesAgo: 60 * 50 }),
      ],
    }))
    const f = fake!
    const el = document.querySelector("org-case-list")!
    expect(lastSearch(f)).to.deep.equal({ limit: "50" }) // defaults are not sent

    $<HTMLInputElement>(el, "input[name=statusGroup][value=active]").click()
    await until(() => rows(el).length === 3, "active only")
    expect(lastSearch(f)).to.deep.equal({ statusGroup: "active", limit: "50" })

    select(el, "period", "24h")
    await until(() => rows(el).length === 1, "last 24 h")
    expect(lastSearch(f)).to.deep.equal({ period: "24h", statusGroup: "active", limit: "50" })
    expect(titles(el)).to.deep.equal(["Активное"])

    select(el, "period", "all")
    select(el, "type", "roadside")
    await until(() => rows(el).length === 2, "roadside")
    expect(lastSearch(f)).to.deep.equal({ statusGroup: "active", type: "roadside", limit: "50" })
    // The status filter offers the states of the chosen type.
    await until(() => $$(el, "select[name=status] option").length === 6, "roadside states")
    expect($$(el, "select[name=status] option").map((o) => o.textContent!.trim())).to.deep.equal([
      "Все статусы",
      "Новое",
      "В работе",
      "Ожидание партнёра",
      "Выполнено",
      "Отменено",
    ])
    select(el, "status", "in_progress")
    await until(() => rows(el).length === 1, "in progress")
    expect(lastSearch(f)).to.deep.equal({ statusGroup: "active", type: "roadside", status: "in_progress", limit: "50" })

    select(el, "assignee", "me")
    await until(() => lastSearch(f)["assignee"] === "me", "assignee=me")
    expect(titles(el)).to.deep.equal(["Моё"])
    select(el, "assignee", "none")
    await until(() => rows(el).length === 0, "nobody's")
    expect(text(el, "[part=empty]")).to.contain("Ничего не найдено")

    // Another type forgets the status of the previous one.
    select(el, "assignee", "")
    select(el, "type", "hotline")
    await until(() => lastSearch(f)["type"] === "hotline", "hotline")
    expect(lastSearch(f)).to.deep.equal({ statusGroup: "active", type: "hotline", limit: "50" })
    expect($<HTMLSelectElement>(el, "select[name=status]").value).to.equal("")

    select(el, "type", "")
    $<HTMLButtonElement>(el, "[part=attention-toggle]").click()
    await until(() => titles(el).join() === "Дорожное", "attention")
    expect($(el, "[part=attention-toggle]").getAttribute("aria-pressed")).to.equal("true")
    expect(lastSearch(f)).to.deep.equal({ statusGroup: "active", attention: "true", limit: "50" })
    expect(titles(el)).to.deep.equal(["Дорожное"])

    // Reset brings everything back, with a plain request.
    $<HTMLButtonElement>(el, "[part=reset]").click()
    await until(() => rows(el).length === 4, "all again")
    expect(lastSearch(f)).to.deep.equal({ limit: "50" })
    expect(maybe(el, "[part=reset]")).to.equal(null)
    expect(el.shadowRoot!.activeElement).to.equal($(el, "[part~=search]"))
  })

  it("keeps the status filter off until a type is chosen", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase()] }, { lang: "en" }))
    const el = document.querySelector("org-case-list")!
    const status = $<HTMLSelectElement>(el, "select[name=status]")
    expect(status.disabled).to.equal(true)
    expect(status.title).to.equal("Pick a case type first")
    select(el, "type", "hotline")
    await el.updateComplete
    expect(status.disabled).to.equal(false)
  })

  it("debounces the search box: one request for a typed word, Enter searches at once", async () => {
    ;({ fake } = await mount({
      deskCases: [deskCase({ title: "Эвакуатор Kia Rio", values: { vin: "XWEPH81ABK0012345" } }), deskCase({ title: "Такси" })],
    }))
    const f = fake!
    const el = document.querySelector("org-case-list")!
    const input = $<HTMLInputElement>(el, "[part~=search]")
    for (const word of ["X", "XW", "XWE", "XWEPH"]) {
      type(input, word)
      await sleep(40)
    }
    await until(() => searches(f).length === 2, "one search")
    await sleep(400)
    expect(searches(f).map((q) => q["q"])).to.deep.equal([undefined, "XWEPH"])
    await until(() => rows(el).length === 1, "found by VIN")
    expect(titles(el)).to.deep.equal(["Эвакуатор Kia Rio"])

    type(input, "такси")
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }))
    await sleep(30)
    expect(lastSearch(f)["q"]).to.equal("такси")
    await until(() => titles(el)[0] === "Такси", "found at once")
  })

  it("asks for the day range in the tenant's time zone", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase()] }))
    const el = document.querySelector("org-case-list")!
    select(el, "period", "range")
    await el.updateComplete
    const from = $<HTMLInputElement>(el, "input[name=from]")
    const to = $<HTMLInputElement>(el, "input[name=to]")
    from.value = "2025-03-01"
    from.dispatchEvent(new Event("change"))
    to.value = "2025-03-02"
    to.dispatchEvent(new Event("change"))
    // Europe/Moscow is UTC+3: the 1st starts at 21:00Z of the day before; "to" includes the 2nd.
    await until(() => lastSearch(fake!)["to"], "range sent")
    expect(lastSearch(fake!)).to.deep.equal({
      period: "range",
      from: "2025-02-28T21:00:00.000Z",
      to: "2025-03-02T21:00:00.000Z",
      limit: "50",
    })
  })

  it("does not ask while the range runs backwards, and says so by the dates", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase()] }, { lang: "en" }))
    const el = document.querySelector("org-case-list")!
    select(el, "period", "range")
    await el.updateComplete
    const from = $<HTMLInputElement>(el, "input[name=from]")
    const to = $<HTMLInputElement>(el, "input[name=to]")
    to.value = "2025-03-01"
    to.dispatchEvent(new Event("change"))
    await until(() => lastSearch(fake!)["to"], "to sent")
    const before = searches(fake!).length
    from.value = "2025-03-05"
    from.dispatchEvent(new Event("change"))
    await el.updateComplete
    expect(text(el, "#range-error")).to.equal("The start date is after the end date")
    expect(from.getAttribute("aria-invalid")).to.equal("true")
    expect(to.getAttribute("aria-describedby")).to.equal("range-error")
    await sleep(100)
    expect(searches(fake!).length).to.equal(before)
    from.value = "2025-02-20"
    from.dispatchEvent(new Event("change"))
    await until(() => searches(fake!).length === before + 1, "asked again")
    expect(maybe(el, "#range-error")).to.equal(null)
  })

  it("says 'over' when the server stops counting", async () => {
    ;({ fake } = await mount({ deskCases: [1, 2, 3, 4, 5].map(() => deskCase()) }))
    const el = document.querySelector("org-case-list")!
    fake!.totalCap = 3
    el.reload()
    await until(() => text(el, "[part=total]") === "Найдено: более 3", "capped total")
  })

  it("pages with the same filters and shows how many of the total are loaded", async () => {
    ;({ fake } = await mount(
      { deskCases: [1, 2, 3, 4, 5, 6].map((n) => deskCase({ title: `H${n}`, type: "hotline", status: n % 2 ? "new" : "rejected", minutesAgo: n })) },
      { pageSize: 2 },
    ))
    const el = document.querySelector("org-case-list")!
    $<HTMLInputElement>(el, "input[name=statusGroup][value=active]").click()
    await until(() => titles(el).join() === "H1,H3", "first page")
    expect(text(el, "[part=summary]")).to.contain("Найдено: 3")
    expect(text(el, "[part=summary]")).to.contain("показано 2")
    $<HTMLButtonElement>(el, "[part=load-more]").click()
    await until(() => rows(el).length === 3, "second page")
    expect(titles(el)).to.deep.equal(["H1", "H3", "H5"])
    expect(lastSearch(fake!)).to.deep.equal({ statusGroup: "active", limit: "2", cursor: "o:2" })
    expect(maybe(el, "[part=load-more]")).to.equal(null)
    expect(text(el, "[part=summary]")).to.not.contain("показано")
  })
})

describe("<org-case-list> live", () => {
  let fake: FakeCaseDesk | undefined
  afterEach(() => fake?.restore())

  it("re-queries on case events with the filters: a case that does not match never appears", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase({ title: "Старое", type: "hotline", status: "new" })] }))
    const f = fake!
    const el = document.querySelector("org-case-list")!
    select(el, "type", "hotline")
    await until(() => lastSearch(f)["type"] === "hotline", "filtered")
    const socket = await f.api.subscribed("case.moved")
    expect([...socket.topics].sort()).to.deep.equal(["case.created", "case.moved", "case.updated"])
    const before = searches(f).length

    f.createFromOtherClient({ title: "Чужой тип", type: "roadside", status: "new" })
    await until(() => searches(f).length === before + 1, "re-query")
    await sleep(50)
    expect(titles(el)).to.deep.equal(["Старое"])
    expect(lastSearch(f)).to.deep.equal({ type: "hotline", limit: "50" })

    f.createFromOtherClient({ title: "Новое на линии", type: "hotline", status: "new" })
    await until(() => titles(el)[0] === "Новое на линии", "matching case")
    expect(rows(el)[0]!.classList.contains("fresh")).to.equal(true)
    expect(text(el, "[part=total]")).to.equal("Найдено: 2")
  })

  it("updates and moves rows: a flag lights up, a case that leaves the filter goes", async () => {
    ;({ fake } = await mount({
      deskCases: [deskCase({ title: "Первое", type: "hotline", status: "new" }), deskCase({ title: "Второе", type: "hotline", status: "in_work" })],
    }))
    const f = fake!
    const el = document.querySelector("org-case-list")!
    $<HTMLInputElement>(el, "input[name=statusGroup][value=active]").click()
    await until(() => lastSearch(f)["statusGroup"] === "active", "active")
    await f.api.subscribed("case.updated")
    const [first, second] = f.cases

    f.updateFromOtherClient(second!.id, { flags: ["attention"] })
    await until(() => rows(el)[1]?.dataset["attention"] === "", "flag shown")

    f.moveFromOtherClient(first!.id, "rejected")
    await until(() => rows(el).length === 1, "moved out of active")
    expect(titles(el)).to.deep.equal(["Второе"])

    f.moveFromOtherClient(second!.id, "registered")
    await until(() => rows(el)[0]?.querySelector("[part=badge]")!.textContent!.trim() === "Зарегистрировано", "new status")
  })

  it("asks once for a burst of events and keeps the rows (and the scroll) in place", async () => {
    fake = installFakeCaseDesk({
      types: [HOTLINE_TYPE],
      deskCases: Array.from({ length: 40 }, (_, i) => deskCase({ title: `Обращение ${i + 1}`, type: "hotline", status: "new", minutesAgo: i + 1 })),
    })
    const f = fake
    const box = await fixture<HTMLDivElement>(html`<div style="height: 300px; overflow: auto"><org-case-list token="test-token" no-create></org-case-list></div>`)
    const el = box.querySelector("org-case-list")!
    await until(() => rows(el).length === 40, "rows")
    await f.api.subscribed("case.updated")
    box.scrollTop = 600
    const kept = rows(el)[20]!
    const before = searches(f).length
    for (const c of f.cases.slice(10, 15)) f.updateFromOtherClient(c.id, { title: `${c.title} (изм.)` })
    await until(() => searches(f).length === before + 1, "one re-query")
    await until(() => titles(el)[10]!.endsWith("(изм.)"), "changed rows")
    await sleep(350)
    expect(searches(f).length).to.equal(before + 1)
    expect(rows(el)[20]).to.equal(kept) // the same row element: nothing was rebuilt
    expect(box.scrollTop).to.equal(600)
    expect(maybe(el, "[part=loading]")).to.equal(null)
  })
})

describe("<org-case-list> opening a case", () => {
  let fake: FakeCaseDesk | undefined
  afterEach(() => fake?.restore())

  it("dispatches org-case-open with id and number on click and on Enter; arrows move between rows", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase({ title: "A", number: "Sep12_Hot_001" }), deskCase({ title: "B", number: "Sep12_Hot_002" })] }))
    const el = document.querySelector("org-case-list")!
    const [a, b] = rows(el)
    let fired = oneEvent(document.body, "org-case-open")
    a!.querySelector<HTMLElement>(".c-title")!.click()
    let event = (await fired) as unknown as CaseListOpenEvent
    expect(event).to.be.instanceOf(CaseListOpenEvent)
    expect(event).to.be.instanceOf(CaseOpenEvent)
    expect(event.bubbles && event.composed).to.equal(true)
    expect([event.id, event.number, event.caseId]).to.deep.equal([fake!.cases[0]!.id, "Sep12_Hot_001", fake!.cases[0]!.id])

    a!.focus()
    a!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }))
    expect(el.shadowRoot!.activeElement).to.equal(b)
    fired = oneEvent(el, "org-case-open")
    b!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }))
    event = (await fired) as unknown as CaseListOpenEvent
    expect(event.number).to.equal("Sep12_Hot_002")
  })

  it("marks the row of selected-id", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase({ title: "A" }), deskCase({ title: "B" })] }))
    const el = document.querySelector("org-case-list")!
    el.selectedId = fake!.cases[1]!.id
    await el.updateComplete
    expect(rows(el).map((r) => r.getAttribute("aria-current"))).to.deep.equal([null, "true"])
  })

  it("hides the create form with no-create, and shows it by default", async () => {
    ;({ fake } = await mount({ deskCases: [] }))
    const el = document.querySelector("org-case-list")!
    expect(maybe(el, "form[part=form]")).to.equal(null)
    expect(text(el, "[part=empty]")).to.contain("Обращений пока нет")
    el.noCreate = false
    await el.updateComplete
    expect(maybe(el, "form[part=form]")).to.not.equal(null)
  })

  it("takes filters from its property", async () => {
    ;({ fake } = await mount({ deskCases: [deskCase({ title: "A", type: "hotline", status: "new" }), deskCase({ title: "B" })] }))
    const el = document.querySelector("org-case-list")!
    el.filters = { type: "hotline", statusGroup: "active" }
    await until(() => rows(el).length === 1, "filtered by property")
    expect(lastSearch(fake!)).to.deep.equal({ statusGroup: "active", type: "hotline", limit: "50" })
    expect($<HTMLSelectElement>(el, "select[name=type]").value).to.equal("hotline")
    expect(el.filters.q).to.equal("")
  })
})
