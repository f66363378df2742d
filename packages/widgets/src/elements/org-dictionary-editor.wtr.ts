/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import type { UserDto } from "../api/types.js"
import { ADMIN_USER, DEMO_USER } from "../test/fake-api.js"
import { installFakeCaseDesk, makePartner, type FakeCaseDesk, type FakeDictionarySeed } from "../test/fake-case-desk.js"
import { $, $$, maybe, sleep, text, type, until } from "../test/helpers.js"
import "./org-dictionary-editor.js"
import { PARTNERS, ReferenceChangeEvent, type OrgDictionaryEditor } from "./org-dictionary-editor.js"

const SUPERVISOR: UserDto = { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000005", login: "sup", name: "Сергей", roles: ["supervisor"] }

const DICTIONARIES: FakeDictionarySeed[] = [
  {
    key: "cities",
    name: { ru: "Города", en: "Cities" },
    items: [
      { code: "MOW", ru: "Москва", en: "Moscow", attributes: { region: "77", timeZone: "Europe/Moscow", population: 13_000_000 } },
      { code: "SPB", ru: "Санкт-Петербург", en: "Saint Petersburg", attributes: { region: "78" } },
      { code: "KZN", ru: "Казань", en: "Kazan" },
    ],
  },
  { key: "makes", name: { ru: "Марки", en: "Makes" }, items: [{ code: "KIA", ru: "Kia" }, { code: "LADA", ru: "Lada" }] },
  {
    key: "models",
    name: { ru: "Модели", en: "Models" },
    items: [
      { code: "KIA_RIO", ru: "Rio", parent: "makes/KIA" },
      { code: "KIA_CEED", ru: "Ceed", parent: "makes/KIA" },
      { code: "LADA_VESTA", ru: "Vesta", parent: "makes/LADA" },
    ],
  },
  {
    key: "service_types",
    name: { ru: "Виды услуг", en: "Service types" },
    items: [{ code: "TOW", ru: "Эвакуация", en: "Tow truck" }, { code: "TAXI", ru: "Такси", en: "Taxi" }, { code: "HOTEL", ru: "Гостиница", en: "Hotel" }],
  },
]

async function mount(user: UserDto, lang = "ru", dictionary?: string): Promise<{ fake: FakeCaseDesk; el: OrgDictionaryEditor }> {
  const fake = installFakeCaseDesk({ user, dictionaries: DICTIONARIES })
  fake.partners.push(
    makePartner({ name: "Эвакуатор-Сервис", services: [fake.item("service_types", "TOW").id], cityId: fake.item("cities", "MOW").id }),
    makePartner({ name: "Kia Центр Север", kind: "dealer", phones: [], address: null, lat: null, lon: null }),
  )
  const el = await fixture<OrgDictionaryEditor>(
    html`<org-dictionary-editor token="test-token" lang=${lang} dictionary=${dictionary ?? ""}></org-dictionary-editor>`,
  )
  await until(() => $$(el, "[part=item]").length > 0, "items")
  return { fake, el }
}

const items = (el: OrgDictionaryEditor) => $$(el, "[part=item]").map((b) => b.querySelector(".row-title")!.textContent!.trim())
const input = (el: OrgDictionaryEditor, selector: string) => $<HTMLInputElement>(el, selector)

async function pick(el: OrgDictionaryEditor, title: string): Promise<void> {
  const row = $$(el, "[part=item]").find((b) => b.querySelector(".row-title")!.textContent!.trim() === title)
  if (!row) throw new Error(`no row ${title}`)
  row.click()
  await el.updateComplete
}

async function openDictionary(el: OrgDictionaryEditor, key: string): Promise<void> {
  $<HTMLButtonElement>(el, `[part=dictionary][data-key="${key}"]`).click()
  await until(() => $$(el, "[part=item]").length > 0 && !maybe(el, ".rows.stale"), `items of ${key}`)
}

async function save(el: OrgDictionaryEditor): Promise<void> {
  await el.updateComplete // Save is enabled once a change is rendered
  $<HTMLButtonElement>(el, "[part=save]").click()
  await el.updateComplete
}

describe("<org-dictionary-editor> dictionaries", () => {
  let fake: FakeCaseDesk | undefined
  afterEach(() => fake?.restore())

  it("lists the dictionaries and the partners, the items of the first, and searches them", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER))
    expect($$(el, "[part=dictionary]").map((b) => b.querySelector(".dict-name")!.textContent!.trim())).to.deep.equal([
      "Города",
      "Марки",
      "Модели",
      "Виды услуг",
      "Партнёры и дилеры",
    ])
    expect(el.dictionary).to.equal("cities")
    expect($(el, "[part=dictionary][data-key=cities]").getAttribute("aria-current")).to.equal("true")
    expect(items(el)).to.deep.equal(["Москва", "Санкт-Петербург", "Казань"])
    expect($$(el, "[part=item] .row-code").map((c) => c.textContent)).to.deep.equal(["MOW", "SPB", "KZN"])

    type($(el, "[part=search]") as HTMLInputElement, "к")
    type($(el, "[part=search]") as HTMLInputElement, "каз")
    await until(() => items(el).length === 1, "search")
    expect(items(el)).to.deep.equal(["Казань"])
    // (limit=200: the cities a partner's form offers.)
    const queries = fake!
      .requestsTo("GET", "/api/v1/cases/reference/dictionaries/cities/items")
      .filter((r) => r.query.get("limit") === "50")
      .map((r) => r.query.get("q"))
    expect(queries).to.deep.equal([null, "каз"])
  })

  it("shows a record: code, labels and attributes as key/value rows", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER))
    await pick(el, "Москва")
    expect(text(el, "#record-title")).to.equal("Москва")
    expect(text(el, "[part=version]")).to.contain("Версия 1")
    expect(input(el, "#i-code").value).to.equal("MOW")
    expect(input(el, "#i-ru").value).to.equal("Москва")
    expect(input(el, "#i-en").value).to.equal("Moscow")
    const attrs = $$(el, ".attr-row").map((r) => [
      (r.querySelector("[name=attrKey]") as HTMLInputElement).value,
      (r.querySelector("[name=attrValue]") as HTMLInputElement).value,
      (r.querySelector("[name=attrKind]") as HTMLSelectElement).value,
    ])
    expect(attrs).to.deep.equal([
      ["region", "77", "string"],
      ["timeZone", "Europe/Moscow", "string"],
      ["population", "13000000", "number"],
    ])
    // No parent for a flat dictionary; Save waits for a change.
    expect(maybe(el, "#i-parent")).to.equal(null)
    expect($<HTMLButtonElement>(el, "[part=save]").disabled).to.equal(true)
  })

  it("saves a record with its version and the whole body, keeping attribute types", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(SUPERVISOR))
    await pick(el, "Москва")
    const moscow = fake!.item("cities", "MOW")
    type(input(el, "#i-en"), "Moscow City")
    const populationValue = $$<HTMLInputElement>(el, "[name=attrValue]")[2]!
    type(populationValue, "13100000")
    $<HTMLButtonElement>(el, ".add-attr").click()
    await el.updateComplete
    type($$<HTMLInputElement>(el, "[name=attrKey]")[3]!, "airport")
    type($$<HTMLInputElement>(el, "[name=attrValue]")[3]!, "SVO")
    const changed = oneEvent(el, ReferenceChangeEvent.type)
    await save(el)
    const event = (await changed) as unknown as ReferenceChangeEvent
    expect([event.dictionary, event.action, event.bubbles, event.composed]).to.deep.equal(["cities", "updated", true, true])
    const [put] = fake!.requestsTo("PUT", `/api/v1/cases/reference/dictionaries/cities/items/${moscow.id}`)
    expect(put!.body).to.deep.equal({
      code: "MOW",
      label: { ru: "Москва", en: "Moscow City" },
      parentId: null,
      sort: 10,
      attributes: { region: "77", timeZone: "Europe/Moscow", population: 13_100_000, airport: "SVO" },
      version: 1,
    })
    await until(() => text(el, "[part=version]").includes("Версия 2"), "new version")
    expect(text(el, "[role=status]")).to.contain("«Москва» сохранено")
    expect($<HTMLButtonElement>(el, "[part=save]").disabled).to.equal(true)
  })

  it("says when someone else changed the record (409) and reloads it on request", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER, "en"))
    await pick(el, "Moscow")
    const moscow = fake!.item("cities", "MOW")
    fake!.changeItemElsewhere("cities", moscow.id, { label: { ru: "Москва", en: "Moscow (capital)" } })
    type(input(el, "#i-en"), "Moscow, mine")
    await save(el)
    await until(() => maybe(el, "[part=stale]"), "stale notice")
    expect(text(el, "[part=stale]")).to.contain("Someone else has changed this record.")
    expect(input(el, "#i-en").value).to.equal("Moscow, mine") // nothing is lost until the user asks
    $<HTMLButtonElement>(el, "[part=reload]").click()
    await until(() => input(el, "#i-en").value === "Moscow (capital)", "reloaded")
    expect(maybe(el, "[part=stale]")).to.equal(null)
    expect(text(el, "[part=version]")).to.contain("Version 2")
    type(input(el, "#i-en"), "Moscow")
    await save(el)
    await until(() => text(el, "[part=version]").includes("Version 3"), "saved over the fresh version")
    const puts = fake!.requestsTo("PUT", `/api/v1/cases/reference/dictionaries/cities/items/${moscow.id}`)
    expect(puts.map((p) => (p.body as { version: number }).version)).to.deep.equal([1, 2])
  })

  for (const [lang, taken] of [
    ["ru", "Значение уже занято"],
    ["en", "Value is already taken"],
  ] as const) {
    it(`puts the server's field errors next to the fields (${lang})`, async () => {
      let el: OrgDictionaryEditor
      ;({ fake, el } = await mount(ADMIN_USER, lang))
      await pick(el, lang === "ru" ? "Казань" : "Kazan")
      type(input(el, "#i-code"), "MOW")
      await save(el)
      await until(() => maybe(el, "#i-code-error"), "code error")
      expect(text(el, "#i-code-error")).to.equal(taken)
      expect(input(el, "#i-code").getAttribute("aria-invalid")).to.equal("true")
      expect(input(el, "#i-code").getAttribute("aria-describedby")).to.equal("i-code-error")
      expect($(el, "#i-code-error").parentElement).to.equal(input(el, "#i-code").parentElement)
      expect(el.shadowRoot!.activeElement).to.equal(input(el, "#i-code"))
      type(input(el, "#i-code"), "KZN")
      await el.updateComplete
      expect(maybe(el, "#i-code-error")).to.equal(null)
    })
  }

  it("checks the form before sending: the Russian label, attribute keys and values", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER))
    await pick(el, "Москва")
    type(input(el, "#i-ru"), " ")
    type($$<HTMLInputElement>(el, "[name=attrKey]")[1]!, "region")
    type($$<HTMLInputElement>(el, "[name=attrValue]")[2]!, "много")
    await save(el)
    expect(text(el, "#i-ru-error")).to.equal("Укажите название")
    expect($$(el, ".attributes [part=field-error]").map((e) => [e.dataset["field"], e.textContent!.trim()])).to.deep.equal([
      ["attributes.1", "Ключ «region» уже есть"],
      ["attributes.2", "Ожидается число"],
    ])
    expect(fake!.requestsTo("PUT", `/api/v1/cases/reference/dictionaries/cities/items/${fake!.item("cities", "MOW").id}`)).to.have.length(0)
  })

  it("edits a hierarchical dictionary: parent from the makes, filter by parent, add under it", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER))
    await openDictionary(el, "models")
    await until(() => $$(el, "[part=item] .row-sub").length === 3, "parent labels")
    expect($$(el, "[part=item] .row-sub").map((s) => s.textContent)).to.deep.equal(["Kia", "Kia", "Lada"])
    await pick(el, "Rio")
    expect(text(el, "label[for=i-parent]")).to.equal("Родитель (Марки)")
    const parent = $<HTMLSelectElement>(el, "#i-parent")
    expect($$(el, "#i-parent option").map((o) => o.textContent!.trim())).to.deep.equal(["— нет —", "Kia", "Lada"])
    expect(parent.value).to.equal(fake!.item("makes", "KIA").id)

    const filter = $<HTMLSelectElement>(el, "#list-parent")
    filter.value = fake!.item("makes", "LADA").id
    filter.dispatchEvent(new Event("change"))
    await until(() => items(el).join() === "Vesta", "filtered by make")
    expect(fake!.requestsTo("GET", "/api/v1/cases/reference/dictionaries/models/items").at(-1)!.query.get("parent")).to.equal(fake!.item("makes", "LADA").id)

    $<HTMLButtonElement>(el, "[part=add]").click()
    await el.updateComplete
    expect(el.shadowRoot!.activeElement).to.equal(input(el, "#i-code"))
    expect($<HTMLSelectElement>(el, "#i-parent").value).to.equal(fake!.item("makes", "LADA").id)
    type(input(el, "#i-code"), "LADA_GRANTA")
    type(input(el, "#i-ru"), "Granta")
    const created = oneEvent(el, ReferenceChangeEvent.type)
    await save(el)
    expect(((await created) as unknown as ReferenceChangeEvent).action).to.equal("created")
    const [post] = fake!.requestsTo("POST", "/api/v1/cases/reference/dictionaries/models/items")
    expect(post!.body).to.deep.equal({
      code: "LADA_GRANTA",
      label: { ru: "Granta", en: "Granta" },
      parentId: fake!.item("makes", "LADA").id,
      attributes: {},
    })
    await until(() => text(el, "#record-title") === "Granta", "created record shown")
    expect(items(el)).to.include("Granta")
  })

  it("archives a record after a confirmation", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER))
    await pick(el, "Казань")
    $<HTMLButtonElement>(el, "[part=archive]").click()
    await el.updateComplete
    expect(el.shadowRoot!.activeElement).to.equal($(el, "[part=confirm-archive]"))
    expect(fake!.requestsTo("POST", `/api/v1/cases/reference/dictionaries/cities/items/${fake!.item("cities", "KZN").id}/archive`)).to.have.length(0)
    $<HTMLButtonElement>(el, "[part=confirm-archive]").click()
    await until(() => !items(el).includes("Казань"), "archived")
    expect(fake!.requestsTo("POST", `/api/v1/cases/reference/dictionaries/cities/items/${fake!.item("cities", "KZN").id}/archive`)).to.have.length(1)
    expect(text(el, "[role=status]")).to.contain("«Казань» отправлено в архив")
    expect(text(el, "[part=record]")).to.contain("Выберите запись")
  })

  it("is read only for an operator", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(DEMO_USER, "en"))
    await until(() => el.canEdit === false && !!maybe(el, "[part=item]"), "me known")
    await pick(el, "Moscow")
    expect(text(el, "[part=read-only]")).to.contain("Read only")
    expect(maybe(el, "[part=add]")).to.equal(null)
    expect(maybe(el, "[part=save]")).to.equal(null)
    expect(maybe(el, "[part=archive]")).to.equal(null)
    expect(maybe(el, ".add-attr")).to.equal(null)
    expect(input(el, "#i-ru").readOnly).to.equal(true)
    expect($$<HTMLInputElement>(el, "[name=attrValue]").every((i) => i.readOnly)).to.equal(true)
  })
})

describe("<org-dictionary-editor> partners", () => {
  let fake: FakeCaseDesk | undefined
  afterEach(() => fake?.restore())

  it("shows a partner with its city, services and kind", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER, "ru", PARTNERS))
    expect(items(el)).to.deep.equal(["Kia Центр Север", "Эвакуатор-Сервис"])
    // until the cities are loaded the row shows the address instead of the city's label
    await until(() => $$(el, "[part=item] .row-sub")[1]?.textContent === "Партнёр · Москва", "city label")
    expect($$(el, "[part=item] .row-sub").map((s) => s.textContent)).to.deep.equal(["Дилер", "Партнёр · Москва"])
    await pick(el, "Эвакуатор-Сервис")
    await until(() => $$(el, "input[name=services]").length === 3, "service types")
    expect(input(el, "#p-name").value).to.equal("Эвакуатор-Сервис")
    expect($<HTMLSelectElement>(el, "#p-kind").value).to.equal("partner")
    expect($<HTMLSelectElement>(el, "#p-city").value).to.equal(fake!.item("cities", "MOW").id)
    expect(input(el, "#p-phones").value).to.equal("+74951234567")
    expect(input(el, "#p-lat").value).to.equal("55.8")
    const checked = $$<HTMLInputElement>(el, "input[name=services]").filter((c) => c.checked).map((c) => c.parentElement!.textContent!.trim())
    expect(checked).to.deep.equal(["Эвакуация"])
    expect($<HTMLInputElement>(el, "input[name=hoursMode][value=unknown]").checked).to.equal(true)
  })

  it("saves the whole partner: services, schedule, coordinates, with the version", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER, "ru", PARTNERS))
    await pick(el, "Эвакуатор-Сервис")
    const partner = fake!.partners.find((p) => p.name === "Эвакуатор-Сервис")!
    await until(() => $$(el, "input[name=services]").length === 3, "service types")
    $$<HTMLInputElement>(el, "input[name=services]")[1]!.click() // Такси
    $<HTMLInputElement>(el, "input[name=hoursMode][value=schedule]").click()
    await el.updateComplete
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) $<HTMLInputElement>(el, `input[name=open-${day}]`).click()
    await el.updateComplete
    type(input(el, "input[name=from-fri]"), "10:00")
    type(input(el, "input[name=to-fri]"), "00:00")
    type(input(el, "#p-phones"), "+7 495 123-45-67, +7 916 000-00-01")
    await save(el)
    await until(() => fake!.requestsTo("PUT", `/api/v1/cases/reference/partners/${partner.id}`).length === 1, "PUT")
    const [put] = fake!.requestsTo("PUT", `/api/v1/cases/reference/partners/${partner.id}`)
    const nine = { open: "09:00", close: "18:00" }
    expect(put!.body).to.deep.equal({
      name: "Эвакуатор-Сервис",
      kind: "partner",
      phones: ["+7 495 123-45-67", "+7 916 000-00-01"],
      email: null,
      address: "Москва, Ленинградское ш., 42",
      lat: 55.8,
      lon: 37.5,
      cityId: fake!.item("cities", "MOW").id,
      services: [fake!.item("service_types", "TOW").id, fake!.item("service_types", "TAXI").id],
      workingHours: { alwaysOpen: false, days: { mon: nine, tue: nine, wed: nine, thu: nine, fri: { open: "10:00", close: "24:00" }, sat: null, sun: null } },
      comment: null,
      version: 1,
    })
    await until(() => text(el, "[part=version]").includes("Версия 2"), "saved")
  })

  it("shows the server's partner errors by their fields: the second phone, Monday's hours", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER, "en", PARTNERS))
    await pick(el, "Kia Центр Север")
    type(input(el, "#p-phones"), "+7 495 000-00-00, call me")
    $<HTMLInputElement>(el, "input[name=hoursMode][value=schedule]").click()
    await el.updateComplete
    $<HTMLInputElement>(el, "input[name=open-mon]").click()
    await el.updateComplete
    type(input(el, "input[name=to-mon]"), "")
    await save(el)
    expect(text(el, "[data-day=mon] [part=field-error]")).to.equal("Enter the opening and closing times")
    expect(fake!.requestsTo("PUT", `/api/v1/cases/reference/partners/${fake!.partners[1]!.id}`)).to.have.length(0)
    type(input(el, "input[name=to-mon]"), "19:00")
    await save(el)
    await until(() => maybe(el, "#p-phones-error"), "phone error")
    expect(text(el, "#p-phones-error")).to.equal("No. 2: Expected a phone number like +7 900 123-45-67")
    expect(input(el, "#p-phones").getAttribute("aria-invalid")).to.equal("true")
    expect(maybe(el, "[data-day=mon] [part=field-error]")).to.equal(null)

    // The server's word on the hours goes to the day it is about.
    type(input(el, "#p-phones"), "+7 495 000-00-00")
    const closing = "Expected a time like 18:00 (24:00 for midnight)"
    fake!.failNext(`PUT /api/v1/cases/reference/partners/${fake!.partners[1]!.id}`, {
      en: [{ path: "workingHours.days.mon.close", message: closing }, { path: "region", message: "Expected no excess property" }],
      ru: [],
    })
    await save(el)
    await until(() => maybe(el, "[data-day=mon] [part=field-error]"), "monday error")
    expect(text(el, "[data-day=mon] [part=field-error]")).to.equal(closing)
    // What has no field in the form is listed under it.
    expect(text(el, "[part=form] [part=error]")).to.contain("Expected no excess property")
  })

  it("checks coordinates in pairs before sending", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(ADMIN_USER, "ru", PARTNERS))
    await pick(el, "Kia Центр Север")
    type(input(el, "#p-lat"), "55,75")
    await save(el)
    expect(text(el, "#p-lon-error")).to.equal("Укажите и широту, и долготу, или ни одну из них")
    type(input(el, "#p-lon"), "37.61")
    await save(el)
    await until(() => fake!.requestsTo("PUT", `/api/v1/cases/reference/partners/${fake!.partners[1]!.id}`).length === 1, "PUT")
    const body = fake!.requestsTo("PUT", `/api/v1/cases/reference/partners/${fake!.partners[1]!.id}`)[0]!.body as { lat: number; lon: number }
    expect([body.lat, body.lon]).to.deep.equal([55.75, 37.61])
  })

  it("adds a partner and finds it by search", async () => {
    let el: OrgDictionaryEditor
    ;({ fake, el } = await mount(SUPERVISOR, "ru", PARTNERS))
    $<HTMLButtonElement>(el, "[part=add]").click()
    await el.updateComplete
    expect(text(el, "#record-title")).to.equal("Новый партнёр")
    expect(maybe(el, "[part=archive]")).to.equal(null)
    await save(el)
    expect(text(el, "#p-name-error")).to.equal("Укажите название")
    type(input(el, "#p-name"), "Такси Везёт")
    $<HTMLInputElement>(el, "input[name=hoursMode][value=always]").click()
    await save(el)
    await until(() => text(el, "#record-title") === "Такси Везёт", "created")
    expect((fake!.requestsTo("POST", "/api/v1/cases/reference/partners")[0]!.body as { workingHours: unknown }).workingHours).to.deep.equal({ alwaysOpen: true })
    type($(el, "[part=search]") as HTMLInputElement, "везёт")
    await sleep(300)
    await until(() => items(el).join() === "Такси Везёт", "found")
  })
})
