/// <reference types="mocha" />
// <org-case-dashboard> against the real server: a city of this test's own with one roadside case
// and its tow truck (ordered, assigned, arrived, done, paid, rated), so that filtering by that city
// gives known figures whatever other files add; exports with a widget token.
import { expect, fixture, html } from "@open-wc/testing"
import { $, $$, maybe, text, until } from "../test/helpers.js"
import { prepareDesk, uniqueWord } from "../test/real-case-desk.js"
import { api, signIn, signOut, useDemoUsersAsSeeded, widgetToken } from "../test/real-server.js"
import "./org-case-dashboard.js"
import type { OrgCaseDashboard } from "./org-case-dashboard.js"

const tile = (el: OrgCaseDashboard, kpi: string) => text(el, `[data-kpi=${kpi}] .tile-value`)

/** A city with one roadside case and one finished tow truck (as the supervisor); returns the city's id. */
async function cityWithService(): Promise<{ cityId: string; cityName: string }> {
  const word = uniqueWord("c")
  const city = await api<{ id: string }>("POST", "/api/v1/cases/reference/dictionaries/cities/items", { code: word.toUpperCase(), label: { ru: `Город ${word}`, en: `City ${word}` } })
  expect(city.status).to.equal(201)
  const partner = await api<{ id: string }>("POST", "/api/v1/cases/reference/partners", { name: `Эвакуатор ${word}`, kind: "partner" })
  expect(partner.status).to.equal(201)
  const opened = await api<{ id: string }>("POST", "/api/v1/cases", {
    title: `Эвакуатор ${word}`,
    type: "roadside",
    applicantPhone: "+79165550101",
    values: { fault: "Не заводится", contact_phone: "+79165550101", city: city.body.id },
  })
  expect(opened.status, JSON.stringify(opened.body)).to.equal(201)
  const rub = (amount: number) => ({ amount, currency: "RUB" })
  const service = await api<{ id: string; version: number }>("POST", `/api/v1/cases/${opened.body.id}/services`, {
    kind: "TOW", partnerId: partner.body.id, customerCost: rub(1_250_000), partnerCost: rub(900_050),
  })
  expect(service.status, JSON.stringify(service.body)).to.equal(201)
  const t0 = Date.now() - 3 * 3_600_000
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString()
  let version = service.body.version
  for (const [status, extra] of [
    ["ordered", { orderedAt: at(0) }],
    ["assigned", { assignedAt: at(10) }],
    ["in_progress", { arrivedAt: at(55) }],
    ["done", { finishedAt: at(115), satisfied: true }],
  ] as const) {
    const moved = await api<{ version: number }>("PATCH", `/api/v1/cases/${opened.body.id}/services/${service.body.id}`, { version, status, ...extra })
    expect(moved.status, `${status}: ${JSON.stringify(moved.body)}`).to.equal(200)
    version = moved.body.version
  }
  return { cityId: city.body.id, cityName: `Город ${word}` }
}

describe("<org-case-dashboard> with the real server", function () {
  this.timeout(40_000)
  useDemoUsersAsSeeded()
  before(async function () {
    this.timeout(60_000)
    await prepareDesk()
  })
  afterEach(() => signOut())

  it("shows a city's figures: services, arrival, assignment, costs, satisfaction, the chart and the table", async () => {
    await signIn("supervisor")
    const { cityId, cityName } = await cityWithService()
    const el = await fixture<OrgCaseDashboard>(html`<org-case-dashboard lang="ru"></org-case-dashboard>`)
    await until(() => maybe(el, "[part=tiles]") || maybe(el, "[part=error]"), "dashboard", 15_000)
    await until(() => $$(el, "select[name=city] option").some((o) => o.textContent!.trim() === cityName), "the city offered", 10_000)
    const select = $<HTMLSelectElement>(el, "select[name=city]")
    select.value = cityId
    select.dispatchEvent(new Event("change"))
    await until(() => tile(el, "services") === "1", "one service", 15_000)
    expect(tile(el, "arrival")).to.equal("55 мин")
    expect(tile(el, "unassigned")).to.equal("10 мин")
    expect(tile(el, "assigned")).to.equal("45 мин")
    expect(tile(el, "customerCost")).to.equal("12 500 ₽")
    expect(tile(el, "partnerCost")).to.equal("9 000,50 ₽")
    expect(tile(el, "satisfaction")).to.equal("100 %")
    await until(() => maybe(el, "#chart canvas"), "chart", 10_000)
    const tow = $$(el, "[part=by-service] tbody tr").map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent!.trim()))
    expect(tow[0]!.slice(0, 2)).to.deep.equal(["Эвакуация", "1"])
    // What the widget shows is what the server says for the same query.
    const query = new URLSearchParams(Object.entries(el.query) as [string, string][])
    const report = await api<{ totals: { services: number } }>("GET", `/api/v1/cases/analytics/roadside?${query}`)
    expect(report.body.totals.services).to.equal(1)
  })

  it("downloads xlsx with a widget token (Bearer, Blob)", async () => {
    await signIn("supervisor")
    const token = await widgetToken()
    await signOut()
    const el = await fixture<OrgCaseDashboard>(html`<org-case-dashboard token=${token} lang="en"></org-case-dashboard>`)
    await until(() => maybe(el, "[part=tiles]") || maybe(el, "[part=error]"), "dashboard", 15_000)
    expect(maybe(el, "[part=error]")).to.equal(null)
    const saved: { href: string; download: string }[] = []
    const originalClick = HTMLAnchorElement.prototype.click
    const originalCreate = URL.createObjectURL
    let blob: Blob | undefined
    URL.createObjectURL = (b: Blob) => {
      blob = b
      return originalCreate.call(URL, b)
    }
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download })
    }
    try {
      $<HTMLAnchorElement>(el, "[part=export][data-format=xlsx]").dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true, cancelable: true }))
      await until(() => saved.length === 1 || maybe(el, ".export-error"), "downloaded", 15_000)
    } finally {
      HTMLAnchorElement.prototype.click = originalClick
      URL.createObjectURL = originalCreate
    }
    expect(maybe(el, ".export-error")).to.equal(null)
    expect(saved[0]!.download).to.match(/\.xlsx$/)
    const bytes = new Uint8Array(await blob!.arrayBuffer())
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).to.equal("PK") // a zip: the xlsx container
  })

  it("tells the operator the dashboard is not for him", async () => {
    await signIn("operator")
    const el = await fixture<OrgCaseDashboard>(html`<org-case-dashboard lang="en"></org-case-dashboard>`)
    await until(() => maybe(el, "[part=error]"), "forbidden", 15_000)
    expect(text(el, "[part=error]")).to.equal("The dashboard is for supervisors and administrators")
  })
})
