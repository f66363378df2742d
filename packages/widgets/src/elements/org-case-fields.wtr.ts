/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, sleep, text, type, until } from "../test/helpers.js"
import "./org-case-card.js"
import type { OrgCaseCard } from "./org-case-card.js"
import type { OrgCaseFields } from "./org-case-fields.js"
import type { OrgDictionarySelect } from "./org-dictionary-select.js"

let api: FakeApi
let desk: FakeCaseCard

async function mount(caseId: string, lang = "ru"): Promise<{ card: OrgCaseCard; fields: OrgCaseFields }> {
  const card = await fixture<OrgCaseCard>(html`<org-case-card token="test-token" lang=${lang} case-id=${caseId}></org-case-card>`)
  await until(() => maybe(card, "org-case-fields") && maybe(maybe(card, "org-case-fields")!, "[data-field]"), "fields")
  return { card, fields: $<OrgCaseFields>(card, "org-case-fields") }
}

const input = (fields: OrgCaseFields, key: string) => $<HTMLInputElement>(fields, `[data-field="${key}"] [data-input]`)
const error = (fields: OrgCaseFields, key: string) => maybe(fields, `[data-field="${key}"] [part=field-error]`)?.textContent?.trim()
async function save(fields: OrgCaseFields): Promise<void> {
  await fields.updateComplete
  $<HTMLButtonElement>(fields, "[part=save]").click()
}

describe("<org-case-fields>", () => {
  beforeEach(() => {
    api = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(api)
  })
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("groups the type's fields with their labels and renders each kind", async () => {
    const c = desk.addCase({
      values: {
        fault: "Не заводится",
        mileage: 48200.5,
        purchase_date: "2022-04-15",
        deposit: { amount: 123456, currency: "RUB" },
        breakdown_address: { text: "МКАД, 41 км", lat: 55.57, lon: 37.68 },
        make: desk.item("makes", "KIA").id,
      },
    })
    const { fields } = await mount(c.id)
    expect($$(fields, "[part=group] .group-title").map((h) => h.textContent!.trim())).to.deep.equal(["Обращение", "Заявитель", "Автомобиль", "Программа", "Место"])
    expect(text(fields, '[data-group="vehicle"]')).to.contain("Госномер")
    expect(input(fields, "fault").localName).to.equal("textarea")
    expect(input(fields, "contact_phone").type).to.equal("tel")
    expect(input(fields, "purchase_date").type).to.equal("date")
    expect(input(fields, "purchase_date").value).to.equal("2022-04-15")
    expect(input(fields, "mileage").value).to.equal("48200,5")
    expect(input(fields, "deposit").value).to.equal("1234,56")
    expect(text(fields, '[data-field="deposit"] .suffix')).to.equal("RUB")
    expect(input(fields, "breakdown_address").value).to.equal("МКАД, 41 км")
    expect($<HTMLInputElement>(fields, 'input[name="breakdown_address-lat"]').value).to.equal("55.57")
    const make = $<OrgDictionarySelect>(fields, '[data-field="make"] org-dictionary-select')
    await until(() => $<HTMLInputElement>(make, "input").value === "Kia", "dictionary label")
    // Required-on-create fields are marked.
    expect(text(fields, '[data-field="fault"] label')).to.contain("*")
    expect($<HTMLButtonElement>(fields, "[part=save]").disabled).to.equal(true)
  })

  it("saves only the changed fields, with the version, reading numbers, money and addresses as typed", async () => {
    const c = desk.addCase({ values: { fault: "Не заводится", plate: "А111АА77" } })
    const { fields } = await mount(c.id)
    type(input(fields, "mileage"), "48 200,5")
    type(input(fields, "deposit"), "1 234,56")
    type(input(fields, "plate"), "в222вв77")
    type(input(fields, "breakdown_address"), "Ленинградское ш., 42")
    $<HTMLButtonElement>(fields, '[data-field="breakdown_address"] .pin').click()
    await fields.updateComplete
    type($<HTMLInputElement>(fields, 'input[name="breakdown_address-lat"]'), "55,8")
    type($<HTMLInputElement>(fields, 'input[name="breakdown_address-lon"]'), "37.45")
    type(input(fields, "fault"), "Не заводится") // back to the saved value: not a change
    await fields.updateComplete
    expect(text(fields, ".bar-text")).to.equal("Несохранённых полей: 4")
    await save(fields)
    await until(() => desk.requestsTo("PATCH", `/${c.id}`).length === 1, "patch")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({
      version: 1,
      values: {
        plate: "В222ВВ77",
        mileage: 48200.5,
        deposit: { amount: 123456, currency: "RUB" },
        breakdown_address: { text: "Ленинградское ш., 42", lat: 55.8, lon: 37.45 },
      },
    })
    await until(() => text(fields, ".bar-text") === "Все изменения сохранены", "saved")
    expect(fields.dirty).to.equal(false)
    expect(desk.cases[0]!.version).to.equal(2)
  })

  it("clears a field with null", async () => {
    const c = desk.addCase({ values: { contract: "D-1" } })
    const { fields } = await mount(c.id)
    type(input(fields, "contract"), "")
    await save(fields)
    await until(() => desk.requestsTo("PATCH", `/${c.id}`).length === 1, "patch")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({ version: 1, values: { contract: null } })
  })

  it("refuses what cannot be read before sending, by the field, in ru and en", async () => {
    const c = desk.addCase()
    const { card, fields } = await mount(c.id)
    type(input(fields, "mileage"), "сорок тысяч")
    type(input(fields, "deposit"), "12,345")
    await save(fields)
    await until(() => error(fields, "mileage"), "errors")
    expect(error(fields, "mileage")).to.equal("Введите число, например 12,5")
    expect(error(fields, "deposit")).to.equal("Не больше двух знаков после запятой")
    expect(input(fields, "mileage").getAttribute("aria-invalid")).to.equal("true")
    expect(fields.shadowRoot!.activeElement).to.equal(input(fields, "mileage"))
    expect(desk.requestsTo("PATCH", `/${c.id}`)).to.have.length(0)
    card.lang = "en"
    await card.updateComplete
    type(input(fields, "mileage"), "forty")
    await save(fields)
    await until(() => error(fields, "mileage") === "Enter a number, e.g. 12.5", "english error")
  })

  it("puts the server's 400 messages by their fields (an invalid VIN)", async () => {
    const c = desk.addCase()
    const { card, fields } = await mount(c.id, "en")
    type(input(fields, "vin"), "XWEPH81ABK00")
    type(input(fields, "contact_phone"), "call me")
    await save(fields)
    await until(() => error(fields, "vin"), "vin error")
    expect(error(fields, "vin")).to.equal("VIN: 17 characters, no I, O or Q")
    expect(error(fields, "contact_phone")).to.equal("Expected a phone number like +7 900 123-45-67")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.headers.get("accept-language")).to.equal("en")
    expect(fields.shadowRoot!.activeElement).to.equal(input(fields, "contact_phone"))
    // Typing in the field clears its message.
    type(input(fields, "vin"), "XWEPH81ABK0000001")
    await fields.updateComplete
    expect(error(fields, "vin")).to.equal(undefined)
    void card
  })

  it("on 409 stale_version loads the other operator's version, keeps the edits and says what changed", async () => {
    const c = desk.addCase({ values: { plate: "А111АА77", contract: "D-1" } })
    const { card, fields } = await mount(c.id, "en")
    type(input(fields, "contract"), "D-2")
    type(input(fields, "plate"), "С333СС77")
    // Another operator saves first; its event is lost (e.g. the socket was down).
    const stored = desk.cases.find((x) => x.id === c.id)!
    stored.values = { ...stored.values, plate: "В222ВВ77", mileage: 1000 }
    stored.version = 2
    await save(fields)
    await until(() => maybe(fields, "[part=notice]"), "notice")
    expect(text(fields, "[part=notice]")).to.contain("Not saved: another operator changed the case first")
    expect(text(fields, "[part=notice]")).to.contain("Changed fields: Plate, Mileage, km.")
    expect(text(fields, "[part=notice]")).to.contain("Your edits are kept")
    expect(input(fields, "contract").value).to.equal("D-2")
    expect(input(fields, "plate").value).to.equal("С333СС77")
    expect(input(fields, "mileage").value).to.equal("1000")
    // Where both changed the same field, theirs is shown under mine.
    expect(text(fields, '[data-field="plate"] [part=conflict]')).to.equal("Another operator set: В222ВВ77")
    expect(card.case!.version).to.equal(2)
    await save(fields)
    await until(() => desk.requestsTo("PATCH", `/${c.id}`).length === 2, "second save")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[1]!.body).to.deep.equal({ version: 2, values: { plate: "С333СС77", contract: "D-2" } })
  })

  it("picks a dictionary item by searching, with the keyboard", async () => {
    const c = desk.addCase()
    const { fields } = await mount(c.id)
    const select = $<OrgDictionarySelect>(fields, '[data-field="city"] org-dictionary-select')
    const box = $<HTMLInputElement>(select, "input")
    box.focus()
    type(box, "каз")
    await until(() => $$(select, "[part=option]").length === 1, "search result")
    const [req] = desk.requestsTo("GET", "/reference/dictionaries/cities/items").filter((r) => r.query.get("q"))
    expect(req!.query.get("q")).to.equal("каз")
    expect(box.getAttribute("aria-expanded")).to.equal("true")
    box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, composed: true }))
    await until(() => box.value === "Казань", "picked")
    await save(fields)
    await until(() => desk.requestsTo("PATCH", `/${c.id}`).length === 1, "patch")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({ version: 1, values: { city: desk.item("cities", "KZN").id } })
  })

  it("picks a person among the tenant's users (supervisor) and uploads a file into a file field", async () => {
    desk.restore()
    api.restore()
    api = installFakeApi({ signedIn: true, user: { ...(await import("../test/fake-api.js")).ADMIN_USER } })
    desk = installFakeCaseCard(api)
    const c = desk.addCase({ type: "hotline", values: {} })
    const { fields } = await mount(c.id)
    await until(() => $$(fields, '[data-field="executor"] option').length > 1, "users")
    const sel = $<HTMLSelectElement>(fields, '[data-field="executor"] select')
    sel.value = api.user.id
    sel.dispatchEvent(new Event("change"))
    const file = $<HTMLInputElement>(fields, '[data-field="scan"] input[type=file]')
    const dt = new DataTransfer()
    dt.items.add(new File(["%PDF-1.4"], "заявление.pdf", { type: "application/pdf" }))
    file.files = dt.files
    file.dispatchEvent(new Event("change"))
    await until(() => maybe(fields, '[data-field="scan"] .file-name') || maybe(fields, '[data-field="scan"] [part=field-error]'), "uploaded")
    expect(text(fields, '[data-field="scan"]')).to.contain("заявление.pdf")
    const [upload] = desk.requestsTo("POST", `/${c.id}/attachments`)
    expect(upload!.body).to.be.instanceOf(FormData)
    await save(fields)
    await until(() => desk.requestsTo("PATCH", `/${c.id}`).length === 1, "patch")
    expect(desk.requestsTo("PATCH", `/${c.id}`)[0]!.body).to.deep.equal({ version: 1, values: { executor: api.user.id, scan: desk.attachments[0]!.dto.id } })
  })

  it("keeps unsaved edits per case when switching cases", async () => {
    const a = desk.addCase({ values: { contract: "A" } })
    const b = desk.addCase({ values: { contract: "B" } })
    const { card, fields } = await mount(a.id)
    type(input(fields, "contract"), "A-edited")
    const current = () => $<OrgCaseFields>(card, "org-case-fields")
    card.caseId = b.id
    await until(() => maybe(card, "org-case-fields") && card.case?.id === b.id && maybe(current(), "[data-field]"), "case b")
    expect(input(current(), "contract").value).to.equal("B")
    expect(current().dirty).to.equal(false)
    card.caseId = a.id
    await until(() => card.case?.id === a.id && maybe(card, "org-case-fields") && maybe(current(), "[data-field]"), "case a")
    await until(() => input(current(), "contract").value === "A-edited", "edits restored")
    expect(current().dirty).to.equal(true)
    await sleep(10)
  })

  it("discards the edits", async () => {
    const c = desk.addCase({ values: { contract: "A" } })
    const { fields } = await mount(c.id, "en")
    type(input(fields, "contract"), "changed")
    await fields.updateComplete
    $<HTMLButtonElement>(fields, "[part=discard]").click()
    await fields.updateComplete
    expect(input(fields, "contract").value).to.equal("A")
    expect(text(fields, ".bar-text")).to.equal("All changes saved")
  })
})
