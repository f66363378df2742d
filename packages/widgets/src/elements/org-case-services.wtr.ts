/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-case-card.js"
import type { OrgCaseCard } from "./org-case-card.js"
import type { OrgCaseServices } from "./org-case-services.js"

let api: FakeApi
let desk: FakeCaseCard

async function mount(caseId: string, lang = "ru"): Promise<{ card: OrgCaseCard; services: OrgCaseServices }> {
  const card = await fixture<OrgCaseCard>(html`<org-case-card token="test-token" lang=${lang} case-id=${caseId} tab="services"></org-case-card>`)
  await until(() => maybe(card, "org-case-services"), "services panel")
  const services = $<OrgCaseServices>(card, "org-case-services")
  await until(() => maybe(services, "[part=add]") || maybe(services, "[part=error]"), "services loaded")
  return { card, services }
}

const row = (s: OrgCaseServices, id: string) => $(s, `[part=service][data-id="${id}"]`)
const rowText = (s: OrgCaseServices, id: string) => textOf(row(s, id))
function inRow<T extends Element = HTMLElement>(s: OrgCaseServices, id: string, selector: string): T {
  const found = row(s, id).querySelector<T>(selector)
  if (!found) throw new Error(`service ${id}: nothing matches ${selector}`)
  return found
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value
  select.dispatchEvent(new Event("change"))
}

describe("<org-case-services>", () => {
  beforeEach(() => {
    api = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(api)
  })
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("lists services with status, partner, times and costs", async () => {
    const c = desk.addCase()
    const partner = desk.partners[0]!
    const at = "2025-11-21T10:05:00.000Z"
    const s = desk.addService(c.id, {
      status: "assigned",
      partnerId: partner.id,
      partnerName: partner.name,
      orderedAt: at,
      customerCost: { amount: 650000, currency: "RUB" },
      partnerCost: { amount: 520050, currency: "RUB" },
    })
    const { services } = await mount(c.id)
    const t = rowText(services, s.id)
    expect(t).to.contain("Эвакуация")
    expect(t).to.contain("Назначена")
    expect(t).to.contain("Эвакуатор-24")
    const time = new Intl.DateTimeFormat("ru", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Moscow" }).format(new Date(at))
    expect(t.replace(/\s/g, "")).to.contain(`Заказана${time}`.replace(/\s/g, ""))
    const money = (n: number) => new Intl.NumberFormat("ru", { style: "currency", currency: "RUB", minimumFractionDigits: 2 }).format(n).replace(/\s+/g, " ")
    expect(t).to.contain(money(6500))
    expect(t).to.contain(money(5200.5))
  })

  it("adds a service with a kind from service_types and a partner", async () => {
    const c = desk.addCase()
    const { services } = await mount(c.id, "en")
    expect(text(services, ".empty")).to.equal("No services yet")
    $<HTMLButtonElement>(services, "[part=add]").click()
    await until(() => maybe(services, "[part=add-form]"), "form")
    const kind = $<HTMLSelectElement>(services, "select[name=kind]")
    expect([...kind.options].map((o) => o.textContent!.trim())).to.deep.equal(["Choose a type", "Tow truck", "Technical help", "Taxi", "Hotel"])
    // Submitting without a kind is refused by the field.
    $<HTMLButtonElement>(services, "[part=add-submit]").click()
    await until(() => maybe(services, "#add-kind-error"), "kind error")
    choose(kind, "TOW")
    await services.updateComplete
    // Partners offering that kind come first.
    const partner = $<HTMLSelectElement>(services, "select[name=partnerId]")
    expect(partner.options[1]!.textContent!.trim()).to.equal("Эвакуатор-24")
    choose(partner, desk.partners[0]!.id)
    type($<HTMLInputElement>(services, "input[name=customerCost]"), "6500")
    $<HTMLButtonElement>(services, "[part=add-submit]").click()
    await until(() => services.services.length === 1, "added")
    expect(desk.requestsTo("POST", `/${c.id}/services`)[0]!.body).to.deep.equal({
      kind: "TOW",
      partnerId: desk.partners[0]!.id,
      customerCost: { amount: 650000, currency: "RUB" },
    })
    expect(rowText(services, services.services[0]!.id)).to.contain("Draft")
    expect(maybe(services, "[part=add-form]")).to.equal(null)
  })

  it("moves a service to the next status only, and shows the allowed ones on 409", async () => {
    const c = desk.addCase()
    const s = desk.addService(c.id, { status: "draft" })
    const { services } = await mount(c.id)
    const select = inRow<HTMLSelectElement>(services, s.id, "[part=status-select]")
    expect([...select.options].map((o) => o.value)).to.deep.equal(["", "ordered", "cancelled"])
    choose(select, "ordered")
    await until(() => row(services, s.id).querySelector(".s-status")!.textContent === "Заказана", "ordered")
    expect(desk.requestsTo("PATCH", `/${c.id}/services/${s.id}`)[0]!.body).to.deep.equal({ version: 1, status: "ordered" })
    // The order time is set by the server and shown.
    expect(desk.services[0]!.orderedAt).to.not.equal(null)

    desk.failures.push({ method: "PATCH", path: /\/services\//, status: 409, code: "move_not_allowed", title: "Нельзя", extra: { allowed: ["cancelled"] } })
    choose(inRow<HTMLSelectElement>(services, s.id, "[part=status-select]"), "assigned")
    await until(() => row(services, s.id).querySelector("[part=error]"), "row error")
    const err = textOf(row(services, s.id).querySelector("[part=error]")!)
    expect(err).to.contain("Нельзя перевести в «Назначена».")
    expect(err).to.contain("Возможно: Отменена.")
  })

  it("lists everything a refused hand-off needs in the card's unfilled-fields panel, in the UI language", async () => {
    const c = desk.addCase({ values: { caller: "Иван", contact_phone: "+79160000000", plate: "А123ВС77" } })
    const s = desk.addService(c.id, { status: "ordered", orderedAt: new Date().toISOString() })
    const { card, services } = await mount(c.id, "en")
    inRow<HTMLButtonElement>(services, s.id, "[part=hand-off]").click()
    await until(() => maybe(card, "[part=unfilled]"), "unfilled panel")
    expect(text(card, "[part=unfilled] .alert-title")).to.equal("To hand “Tow truck” to the back office, fill in:")
    const items = $$(card, "[part=unfilled] li").map((li) => textOf(li))
    expect(items).to.deep.equal([
      "Tow truck: Partner",
      "Tow truck: Cost for the customer",
      "Tow truck: Partner's cost",
      "Make",
      "Model",
      "Program",
      "Contract",
      "Nearest city",
      "Breakdown address",
    ])
    // The case fields are links to the fields, and marked there; the service's edit form shows its own.
    expect($$(card, "[part=unfilled] button[data-field]").map((b) => b.dataset["field"])).to.deep.equal(["make", "model", "program", "contract", "city", "breakdown_address"])
    const fields = $(card, "org-case-fields")
    expect(maybe(fields, '[data-field="make"] [part=field-error]')).to.not.equal(null)
    expect(row(services, s.id).querySelector('[data-field="partnerId"] [part=field-error]')).to.not.equal(null)
    expect(desk.services[0]!.handedOffAt).to.equal(null)
  })

  it("hands a complete service to the back office", async () => {
    const c = desk.addCase({
      values: {
        caller: "Иван",
        contact_phone: "+79160000000",
        plate: "А123ВС77",
        make: desk.item("makes", "KIA").id,
        model: desk.item("models", "KIA_RIO").id,
        program: desk.item("programs", "KIA_RA").id,
        contract: "D-1",
        city: desk.item("cities", "MOW").id,
        breakdown_address: { text: "МКАД" },
      },
    })
    const s = desk.addService(c.id, {
      status: "done",
      partnerId: desk.partners[0]!.id,
      partnerName: desk.partners[0]!.name,
      orderedAt: new Date().toISOString(),
      customerCost: { amount: 100, currency: "RUB" },
      partnerCost: { amount: 50, currency: "RUB" },
    })
    const { card, services } = await mount(c.id)
    inRow<HTMLButtonElement>(services, s.id, "[part=hand-off]").click()
    await until(() => rowText(services, s.id).includes("в бэк-офисе"), "handed off")
    expect(desk.requestsTo("POST", `/${c.id}/services/${s.id}/back-office`)[0]!.body).to.deep.equal({ version: 1 })
    expect(row(services, s.id).querySelector("[part=hand-off]")).to.equal(null)
    expect(maybe(card, "[part=unfilled]")).to.equal(null)
  })

  it("edits partner, costs and times, sending only what changed", async () => {
    const c = desk.addCase()
    const s = desk.addService(c.id, { status: "ordered", orderedAt: "2025-11-21T10:05:00.000Z" })
    const { services } = await mount(c.id)
    inRow<HTMLButtonElement>(services, s.id, "[part=edit]").click()
    await services.updateComplete
    const form = row(services, s.id)
    // Times are shown and typed in the tenant's zone (Moscow, UTC+3).
    expect(form.querySelector<HTMLInputElement>("input[name=orderedAt]")!.value).to.equal("2025-11-21T13:05")
    choose(form.querySelector<HTMLSelectElement>("select[name=partnerId]")!, desk.partners[1]!.id)
    type(form.querySelector<HTMLInputElement>("input[name=partnerCost]")!, "4 000,50")
    type(form.querySelector<HTMLInputElement>("input[name=arrivedAt]")!, "2025-11-21T13:45")
    await services.updateComplete
    form.querySelector<HTMLButtonElement>("[part=save-service]")!.click()
    await until(() => desk.requestsTo("PATCH", `/${c.id}/services/${s.id}`).length === 1, "patched")
    expect(desk.requestsTo("PATCH", `/${c.id}/services/${s.id}`)[0]!.body).to.deep.equal({
      version: 1,
      partnerId: desk.partners[1]!.id,
      partnerCost: { amount: 400050, currency: "RUB" },
      arrivedAt: "2025-11-21T10:45:00.000Z",
    })
    await until(() => rowText(services, s.id).includes("ТехПомощь Север"), "updated row")
  })

  it("follows case.service_changed live", async () => {
    const c = desk.addCase()
    const s = desk.addService(c.id, { status: "ordered" })
    const { services } = await mount(c.id)
    await api.subscribed("case.service_changed")
    api.emit("case.service_changed", { caseId: c.id, service: { ...s, status: "in_progress", arrivedAt: new Date().toISOString(), version: 5 } })
    await until(() => row(services, s.id).querySelector(".s-status")!.textContent === "Выполняется", "live status")
  })
})
