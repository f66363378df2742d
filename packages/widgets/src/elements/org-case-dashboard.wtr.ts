/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import type { UserDto } from "../api/types.js"
import { DEMO_USER } from "../test/fake-api.js"
import { emptyAnalytics, installFakeCaseDesk, makePartner, sampleAnalytics, type FakeCaseDesk } from "../test/fake-case-desk.js"
import { $, $$, maybe, text, until } from "../test/helpers.js"
import "./org-case-dashboard.js"
import type { OrgCaseDashboard } from "./org-case-dashboard.js"

const SUPERVISOR: UserDto = { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000005", login: "sup", name: "Сергей", roles: ["supervisor"] }
const PATH = "/api/v1/cases/analytics/roadside"

/** Today in Moscow (the demo tenant's zone, UTC+3 all year), shifted by days. */
function moscowDay(offset = 0): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(new Date())
  const [y, m, d] = today.split("-").map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + offset)).toISOString().slice(0, 10)
}
const moscowStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000).toISOString()

async function mount(options: { user?: UserDto; lang?: string; token?: boolean; analytics?: ReturnType<typeof sampleAnalytics> } = {}) {
  const fake = installFakeCaseDesk({
    user: options.user ?? SUPERVISOR,
    signedIn: options.token === false,
    analytics: options.analytics ?? sampleAnalytics(14),
    dictionaries: [
      { key: "cities", name: { ru: "Города", en: "Cities" }, items: [{ code: "MOW", ru: "Москва", en: "Moscow" }, { code: "KZN", ru: "Казань", en: "Kazan" }] },
      { key: "programs", name: { ru: "Программы", en: "Programs" }, items: [{ code: "KIA_RA", ru: "Kia Assistance" }] },
    ],
    partners: [makePartner({ name: "Эвакуатор-Сервис" })],
  })
  const el = options.token === false
    ? await fixture<OrgCaseDashboard>(html`<org-case-dashboard lang=${options.lang ?? "ru"}></org-case-dashboard>`)
    : await fixture<OrgCaseDashboard>(html`<org-case-dashboard token="test-token" lang=${options.lang ?? "ru"}></org-case-dashboard>`)
  await until(() => maybe(el, "[part=tiles]") || maybe(el, "[part=error]"), "dashboard")
  return { fake, el }
}

const tile = (el: OrgCaseDashboard, kpi: string) => text(el, `[data-kpi=${kpi}] .tile-value`)
const queries = (fake: FakeCaseDesk) => fake.requestsTo("GET", PATH).map((r) => Object.fromEntries(r.query))

function select(el: OrgCaseDashboard, name: string, value: string): void {
  const s = $<HTMLSelectElement>(el, `select[name=${name}]`)
  s.value = value
  s.dispatchEvent(new Event("change"))
}

describe("<org-case-dashboard>", () => {
  let fake: FakeCaseDesk | undefined
  afterEach(() => fake?.restore())

  it("asks for the last 30 days of the tenant's zone and shows the KPI tiles in Russian", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount())
    expect(queries(fake!)).to.deep.equal([{ from: moscowStart(moscowDay(-29)), to: moscowStart(moscowDay(1)) }])
    const rub = (rubles: number, digits = 0) =>
      new Intl.NumberFormat("ru", { style: "currency", currency: "RUB", currencyDisplay: "narrowSymbol", minimumFractionDigits: digits, maximumFractionDigits: digits })
        .format(rubles)
        .replace(/\s+/g, " ")
    const total = sampleAnalytics(14).totals.services
    expect(tile(el, "services")).to.equal(String(total))
    expect(tile(el, "arrival")).to.equal("47 мин")
    expect(tile(el, "firstProcessing")).to.equal("3 мин")
    expect(tile(el, "unassigned")).to.equal("7 мин")
    expect(tile(el, "assigned")).to.equal("1 ч 24 мин")
    expect(tile(el, "customerCost")).to.equal(rub(1_842_500))
    expect(tile(el, "partnerCost")).to.equal(rub(1_267_300.5, 2))
    expect(tile(el, "satisfaction")).to.equal(new Intl.NumberFormat("ru", { style: "percent", maximumFractionDigits: 1 }).format(0.923).replace(/\s+/g, " "))
    expect(text(el, "[data-kpi=arrival] .tile-label")).to.equal("Время доезда")
    const [req] = fake!.requestsTo("GET", PATH)
    expect(req!.headers.get("authorization")).to.equal("Bearer test-token")
    expect(req!.headers.get("accept-language")).to.equal("ru")
  })

  it("formats money and times in English, and says — when there is nothing to average", async () => {
    const analytics = sampleAnalytics(14)
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount({ lang: "en", analytics: { ...analytics, totals: { ...analytics.totals, avgAssignedMinutes: 26 * 60 + 10, satisfactionPercent: null } } }))
    expect(tile(el, "customerCost")).to.equal("₽1,842,500")
    expect(tile(el, "assigned")).to.equal("1 d 2 h")
    expect(tile(el, "satisfaction")).to.equal("—")
    expect($(el, "[data-kpi=satisfaction] .tile-value").classList.contains("none")).to.equal(true)
    expect(text(el, "[data-kpi=customerCost] .tile-label")).to.equal("Cost for customers")
  })

  it("draws services per day and the arrival time with uPlot", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount())
    await until(() => maybe(el, "#chart .uplot canvas"), "chart")
    const legend = $$(el, "#chart .u-legend .u-series th").map((th) => th.textContent!.trim())
    expect(legend.slice(1)).to.deep.equal(["Услуги", "Доезд"])
    expect($(el, "#chart").getAttribute("aria-label")).to.contain(`всего услуг ${sampleAnalytics(14).totals.services}`)
    const canvas = $<HTMLCanvasElement>(el, "#chart canvas")
    expect(canvas.getBoundingClientRect().width).to.be.above(250)
  })

  it("lists service types with totals and action types with the overdue ones highlighted", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount())
    const services = $$(el, "[part=by-service] tbody tr").map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent!.trim()))
    expect(services.map((r) => r.slice(0, 4))).to.deep.equal([
      ["Эвакуация", "96", "52 мин", "1 ч 35 мин"],
      ["Техническая помощь", "61", "41 мин", "35 мин"],
      ["Такси", "24", "17 мин", "44 мин"],
      ["Гостиница", "7", "—", "—"],
    ])
    expect(text(el, "[part=by-service] tfoot")).to.contain("Итого")
    expect(text(el, "[part=by-service] tfoot")).to.contain("188")
    const actions = $$<HTMLTableRowElement>(el, "[part=by-action] tbody tr")
    expect(actions.map((r) => r.hasAttribute("data-overdue"))).to.deep.equal([false, true, true])
    expect(getComputedStyle(actions[1]!.querySelector("td")!).backgroundColor).to.not.equal(getComputedStyle(actions[0]!.querySelector("td")!).backgroundColor)
    expect(actions[1]!.querySelector(".overdue-count")!.textContent!.trim()).to.equal("6")
  })

  it("sends the filters: city, program, partner, dates and the presets", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount())
    await until(() => $$(el, "select[name=city] option").length === 3, "cities")
    expect($$(el, "select[name=city] option").map((o) => o.textContent!.trim())).to.deep.equal(["Все города", "Москва", "Казань"])
    const kazan = fake!.item("cities", "KZN").id
    select(el, "city", kazan)
    await until(() => queries(fake!).length === 2, "city")
    expect(queries(fake!)[1]!["city"]).to.equal(kazan)
    select(el, "program", fake!.item("programs", "KIA_RA").id)
    select(el, "partnerId", fake!.partners[0]!.id)
    await until(() => queries(fake!).length === 4, "program, partner")
    const last = queries(fake!)[3]!
    expect([last["city"], last["program"], last["partnerId"]]).to.deep.equal([kazan, fake!.item("programs", "KIA_RA").id, fake!.partners[0]!.id])

    const from = $<HTMLInputElement>(el, "input[name=from]")
    from.value = "2025-03-01"
    from.dispatchEvent(new Event("change"))
    await until(() => queries(fake!).length === 5, "from")
    expect(queries(fake!)[4]!["from"]).to.equal("2025-02-28T21:00:00.000Z")
    expect($(el, "[part=preset][data-days='30']").getAttribute("aria-pressed")).to.equal("false")

    $<HTMLButtonElement>(el, "[part=preset][data-days='7']").click()
    await until(() => queries(fake!).length === 6, "7 days")
    expect([queries(fake!)[5]!["from"], queries(fake!)[5]!["to"]]).to.deep.equal([moscowStart(moscowDay(-6)), moscowStart(moscowDay(1))])
    await el.updateComplete
    expect($(el, "[part=preset][data-days='7']").getAttribute("aria-pressed")).to.equal("true")
  })

  it("does not ask for a period that runs backwards", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount({ lang: "en" }))
    const from = $<HTMLInputElement>(el, "input[name=from]")
    from.value = moscowDay(5)
    from.dispatchEvent(new Event("change"))
    await el.updateComplete
    expect(text(el, "#range-error")).to.equal("The start date is after the end date")
    expect(from.getAttribute("aria-invalid")).to.equal("true")
    expect(queries(fake!)).to.have.length(1)
  })

  it("downloads an export with the Bearer token through a Blob, with the same filters", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount())
    select(el, "city", fake!.item("cities", "MOW").id)
    await until(() => queries(fake!).length === 2, "filtered")
    await el.updateComplete
    const link = $<HTMLAnchorElement>(el, "[part=export][data-format=xlsx]")
    const href = new URL(link.href)
    expect([href.pathname, href.searchParams.get("format"), href.searchParams.get("city")]).to.deep.equal([PATH, "xlsx", fake!.item("cities", "MOW").id])

    const clicked: { href: string; download: string }[] = []
    const originalClick = HTMLAnchorElement.prototype.click
    const originalCreate = URL.createObjectURL
    let blob: Blob | undefined
    URL.createObjectURL = (b: Blob) => {
      blob = b
      return originalCreate.call(URL, b)
    }
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    }
    try {
      link.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true, cancelable: true }))
      await until(() => clicked.length === 1, "saved")
    } finally {
      HTMLAnchorElement.prototype.click = originalClick
      URL.createObjectURL = originalCreate
    }
    expect(clicked[0]!.href.startsWith("blob:")).to.equal(true)
    expect(clicked[0]!.download).to.equal("Отчёт по услугам.xlsx")
    expect(await blob!.text()).to.contain("format=xlsx")
    const download = fake!.requestsTo("GET", PATH).find((r) => r.query.get("format") === "xlsx")!
    expect(download.headers.get("authorization")).to.equal("Bearer test-token")
    expect(download.credentials).to.equal("omit")
    expect(download.query.get("city")).to.equal(fake!.item("cities", "MOW").id)
  })

  it("leaves the download to the link itself with the session cookie", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount({ token: false }))
    const link = $<HTMLAnchorElement>(el, "[part=export][data-format=csv]")
    expect(link.hasAttribute("download")).to.equal(true)
    let prevented: boolean | undefined
    const stop = (e: Event) => {
      prevented = e.defaultPrevented
      e.preventDefault() // the test page does not navigate
    }
    document.addEventListener("click", stop)
    try {
      link.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true, cancelable: true }))
    } finally {
      document.removeEventListener("click", stop)
    }
    expect(prevented).to.equal(false)
    expect(new URL(link.href).searchParams.get("format")).to.equal("csv")
  })

  it("says when an export fails", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount({ lang: "en" }))
    fake!.failures.set(`GET ${PATH}`, 500)
    $<HTMLAnchorElement>(el, "[part=export][data-format=pdf]").dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true, cancelable: true }))
    await until(() => maybe(el, ".export-error"), "export error")
    expect(text(el, ".export-error")).to.contain("Could not export the report")
    expect(text(el, ".export-error")).to.contain("Internal server error")
  })

  it("shows the empty state when the period has no services", async () => {
    let el: OrgCaseDashboard
    ;({ fake, el } = await mount({ analytics: emptyAnalytics() }))
    expect(text(el, "[part=empty]")).to.contain("За выбранный период услуг нет")
    expect(maybe(el, "#chart")).to.equal(null)
    expect(tile(el, "services")).to.equal("0")
    expect(tile(el, "arrival")).to.equal("—")
  })

  it("shows loading first and tells an operator the dashboard is not for him", async () => {
    fake = installFakeCaseDesk({ user: DEMO_USER, latencyMs: 80 })
    const el = await fixture<OrgCaseDashboard>(html`<org-case-dashboard token="test-token" lang="en"></org-case-dashboard>`)
    expect(text(el, "[part=loading]")).to.contain("Loading the dashboard")
    await until(() => maybe(el, "[part=error]"), "forbidden")
    expect(text(el, "[part=error]")).to.equal("The dashboard is for supervisors and administrators")
    expect(maybe(el, "[part=error] button")).to.equal(null)
  })

  it("offers a retry after a failure", async () => {
    fake = installFakeCaseDesk({ user: SUPERVISOR, analytics: sampleAnalytics(7) })
    fake.failures.set(`GET ${PATH}`, 500)
    const el = await fixture<OrgCaseDashboard>(html`<org-case-dashboard token="test-token"></org-case-dashboard>`)
    await until(() => maybe(el, "[part=error]"), "error")
    expect(text(el, "[part=error]")).to.contain("Не удалось загрузить сводку")
    fake.failures.clear()
    $<HTMLButtonElement>(el, "[part=error] button").click()
    await until(() => maybe(el, "[part=tiles]"), "loaded")
  })
})
