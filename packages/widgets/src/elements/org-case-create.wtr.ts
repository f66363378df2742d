/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import type { CaseCreateCancelEvent } from "../case-card-events.js"
import type { CaseCreatedEvent, CaseOpenEvent } from "../events.js"
import { type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-case-create.js"
import type { OrgCaseCreate } from "./org-case-create.js"

let api: FakeApi
let desk: FakeCaseCard

async function mount(lang = "ru", typeKey = ""): Promise<OrgCaseCreate> {
  const el = await fixture<OrgCaseCreate>(html`<org-case-create token="test-token" lang=${lang} type=${typeKey}></org-case-create>`)
  await until(() => maybe(el, "[part=form]"), "form")
  if (typeKey) await until(() => maybe(el, "[data-field][part=field]"), "fields")
  return el
}

async function pickType(el: OrgCaseCreate, key: string): Promise<void> {
  $<HTMLInputElement>(el, `input[name=type][value="${key}"]`).click()
  await until(() => maybe(el, "[part=field]"), "fields of the type")
}

const fieldInput = (el: OrgCaseCreate, key: string) => $<HTMLInputElement>(el, `[data-field="${key}"] [data-input]`)
const submit = async (el: OrgCaseCreate) => {
  await el.updateComplete
  $<HTMLButtonElement>(el, "[part=submit]").click()
}

describe("<org-case-create>", () => {
  beforeEach(() => {
    api = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(api)
  })
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("offers the case types and shows the required fields first, the rest folded", async () => {
    const el = await mount("en")
    expect($$(el, ".type-option").map((o) => textOf(o))).to.deep.equal(["Roadside assistance", "Hotline appeal"])
    await pickType(el, "roadside")
    expect(text(el, "#cc-required")).to.equal("Required fields")
    const required = $$(el, ".section:not([hidden]) [part=field]").slice(0, 2).map((f) => f.dataset["field"])
    expect(required).to.deep.equal(["fault", "contact_phone"])
    expect(text(el, "[part=more]")).to.contain("Other fields (12)")
    expect($(el, "#cc-more").hidden).to.equal(true)
    $<HTMLButtonElement>(el, "[part=more]").click()
    await el.updateComplete
    expect($(el, "#cc-more").hidden).to.equal(false)
    expect($$(el, "#cc-more .section-title").map((h) => textOf(h))).to.deep.equal(["Applicant", "Vehicle", "Program", "Location"])
  })

  it("checks the required fields before sending and focuses the first", async () => {
    const el = await mount("ru", "roadside")
    await submit(el)
    await until(() => maybe(el, '[data-field="fault"] [part=field-error]'), "errors")
    expect(text(el, '[data-field="fault"] [part=field-error]')).to.equal("Заполните поле")
    expect(text(el, '[data-field="contact_phone"] [part=field-error]')).to.equal("Заполните поле")
    expect(el.shadowRoot!.activeElement).to.equal(fieldInput(el, "fault"))
    expect(desk.requestsTo("POST", "/")).to.have.length(0)
  })

  it("looks the applicant up by phone, pre-fills their fields, creates and asks to open the case", async () => {
    desk.addApplicant({ phone: "+79165551234", name: "Иван Петров", casesCount: 2, values: { caller: "Иван Петров" } })
    const old = desk.addCase({ applicantPhone: "+79165551234", status: "in_progress" })
    const el = await mount("ru", "roadside")
    type($<HTMLInputElement>(el, "input[name=applicantPhone]"), "+7 916 555-12-34")
    await until(() => maybe(el, ".known"), "known applicant")
    expect(text(el, ".known")).to.equal("Известный заявитель: Иван Петров · обращений: 2")
    expect(desk.requestsTo("GET", "/applicants/lookup").at(-1)!.query.get("phone")).to.equal("+7 916 555-12-34")
    // The open case of the applicant is offered.
    expect($(el, `.recent button[data-id="${old.id}"]`).textContent).to.contain(old.number)
    // The contact phone is pre-filled from the typed phone, the caller from the applicant.
    expect(fieldInput(el, "contact_phone").value).to.equal("+7 916 555-12-34")
    $<HTMLButtonElement>(el, "[part=more]").click()
    await el.updateComplete
    expect((fieldInput(el, "caller") as unknown as HTMLTextAreaElement).value).to.equal("Иван Петров")
    expect($(el, '[data-field="caller"]').hasAttribute("data-prefilled")).to.equal(true)
    type(fieldInput(el, "fault"), "Не заводится")
    type(fieldInput(el, "plate"), "а123вс77")
    const created = oneEvent(el, "org-case-created") as Promise<CaseCreatedEvent>
    const opened = oneEvent(el, "org-case-open") as Promise<CaseOpenEvent>
    await submit(el)
    const [ev, open] = await Promise.all([created, opened])
    expect(desk.requestsTo("POST", "/")[0]!.body).to.deep.equal({
      title: "Помощь на дороге",
      applicantPhone: "+7 916 555-12-34",
      type: "roadside",
      values: { fault: "Не заводится", caller: "Иван Петров", contact_phone: "+7 916 555-12-34", plate: "А123ВС77" },
    })
    expect(open.caseId).to.equal(ev.case.id)
    expect(desk.cases[0]!.id).to.equal(ev.case.id)
    // The form is empty again for the next call.
    await el.updateComplete
    expect($<HTMLInputElement>(el, "input[name=applicantPhone]").value).to.equal("")
  })

  it("puts the server's 400 messages by their fields, unfolding the other fields when needed", async () => {
    const el = await mount("en", "roadside")
    type(fieldInput(el, "fault"), "Flat tyre")
    type(fieldInput(el, "contact_phone"), "+7 916 000-00-00")
    $<HTMLButtonElement>(el, "[part=more]").click()
    await el.updateComplete
    type(fieldInput(el, "vin"), "SHORT")
    $<HTMLButtonElement>(el, "[part=more]").click() // fold again
    await submit(el)
    await until(() => maybe(el, '[data-field="vin"] [part=field-error]'), "vin error")
    expect(text(el, '[data-field="vin"] [part=field-error]')).to.equal("VIN: 17 characters, no I, O or Q")
    expect($(el, "#cc-more").hidden).to.equal(false)
    expect(el.shadowRoot!.activeElement).to.equal(fieldInput(el, "vin"))
  })

  it("creates with a typed title and opens a previous case instead when asked", async () => {
    desk.addApplicant({ phone: "+79031112233", name: null, casesCount: 1 })
    const old = desk.addCase({ type: "hotline", applicantPhone: "+79031112233" })
    const el = await mount("ru", "hotline")
    type($<HTMLInputElement>(el, "input[name=applicantPhone]"), "+79031112233")
    await until(() => maybe(el, ".recent button"), "recent")
    const opened = oneEvent(el, "org-case-open") as Promise<CaseOpenEvent>
    $<HTMLButtonElement>(el, ".recent button").click()
    expect((await opened).caseId).to.equal(old.id)
    expect(desk.requestsTo("POST", "/")).to.have.length(0)
  })

  it("cancels with Escape", async () => {
    const el = await mount("ru", "roadside")
    const cancelled = oneEvent(el, "org-case-create-cancel") as Promise<CaseCreateCancelEvent>
    fieldInput(el, "fault").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true }))
    await cancelled
  })
})
