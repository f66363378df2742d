/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, HOTLINE, installFakeCaseCard, ROADSIDE } from "../test/fake-case-card.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-case-history.js"
import type { OrgCaseHistory } from "./org-case-history.js"

let api: FakeApi
let desk: FakeCaseCard

async function mount(caseId: string, lang = "ru", definition = ROADSIDE, token = "test-token"): Promise<OrgCaseHistory> {
  const el = await fixture<OrgCaseHistory>(html`<org-case-history token=${token} lang=${lang} case-id=${caseId} .definition=${definition}></org-case-history>`)
  await until(() => maybe(el, "[part=entry]") || maybe(el, ".line:not([aria-busy])"), "journal")
  return el
}

const entries = (el: OrgCaseHistory) => $$(el, "[part=entry]")
const entry = (el: OrgCaseHistory, kind: string) => entries(el).find((e) => e.dataset["kind"] === kind)!

describe("<org-case-history>", () => {
  beforeEach(() => {
    api = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(api)
  })
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("renders the journal readably, newest first: moves, field changes by label, flags, comments", async () => {
    const c = desk.addCase({ createdAt: "2025-11-21T09:00:00.000Z" })
    const j = desk.journalOf(c.id)
    const kia = desk.item("makes", "KIA")
    j.push(
      { id: "m1", kind: "moved", actorLogin: "operator", data: { from: "new", to: "waiting_partner", comment: "ждём эвакуатор" }, at: "2025-11-21T09:05:00.000Z" },
      { id: "f1", kind: "fields", actorLogin: "supervisor", data: { changes: [{ field: "plate", from: "А111АА77", to: "В222ВВ77" }, { field: "make", from: null, to: kia.id }, { field: "deposit", from: null, to: { amount: 150000, currency: "RUB" } }] }, at: "2025-11-21T09:10:00.000Z" },
      { id: "c1", kind: "comment", actorLogin: "operator", data: { text: "Клиент перезвонит" }, at: "2025-11-21T09:15:00.000Z" },
    )
    const el = await mount(c.id)
    expect(entries(el).map((e) => e.dataset["kind"])).to.deep.equal(["comment", "fields", "moved", "created"])
    const moved = entry(el, "moved")
    expect(textOf(moved.querySelector(".move")!)).to.equal("Новое → Ожидание партнёра")
    expect(textOf(moved)).to.contain("ждём эвакуатор")
    expect(textOf(moved)).to.contain("operator")
    const time = new Intl.DateTimeFormat("ru", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Moscow" }).format(new Date("2025-11-21T09:05:00.000Z"))
    expect(textOf(moved.querySelector("time")!)).to.equal(time)
    const changes = $$<HTMLElement>(el, ".change").map((li) => textOf(li))
    expect(changes[0]).to.equal("Госномер: А111АА77 → В222ВВ77")
    await until(() => textOf($$(el, ".change")[1]!) === "Марка: пусто → Kia", "dictionary label")
    expect(textOf($$(el, ".change")[2]!).replace(/\s+/g, " ")).to.equal(`Предоплата: пусто → ${new Intl.NumberFormat("ru", { style: "currency", currency: "RUB", minimumFractionDigits: 2 }).format(1500).replace(/\s+/g, " ")}`)
    expect(textOf(entry(el, "fields"))).to.contain("supervisor")
    expect(textOf(entry(el, "comment").querySelector(".quote")!)).to.equal("Клиент перезвонит")
  })

  it("speaks English and shows flags by their labels", async () => {
    const c = desk.addCase({ type: "hotline" })
    desk.journalOf(c.id).push({ id: "fl", kind: "flags", actorLogin: "operator", data: { from: [], to: ["attention"] }, at: new Date().toISOString() })
    const el = await mount(c.id, "en", HOTLINE)
    expect(textOf(entry(el, "flags"))).to.contain("set “Attention!”")
    expect(textOf(entry(el, "flags").querySelector(".what")!)).to.equal("Flags")
    expect(textOf(entry(el, "created").querySelector(".what")!)).to.equal("Created")
  })

  it("renders services, script answers, messages and SLA events", async () => {
    const c = desk.addCase()
    const at = "2025-11-21T09:00:00.000Z"
    desk.journalOf(c.id).push(
      { id: "s1", kind: "service", actorLogin: "operator", data: { change: "service_added", serviceId: "x", kind: "TOW", kindLabel: { ru: "Эвакуация", en: "Tow truck" }, status: "draft", partnerName: "Эвакуатор-24" }, at },
      { id: "s2", kind: "service", actorLogin: "operator", data: { change: "service_changed", serviceId: "x", kind: "TOW", changes: [{ field: "status", from: "ordered", to: "assigned" }, { field: "customerCost", from: null, to: { amount: 650000, currency: "RUB" } }] }, at },
      { id: "s3", kind: "service", actorLogin: "operator", data: { change: "service_handed_off", serviceId: "x", kind: "TOW", actionId: "a" }, at },
      { id: "q1", kind: "script", actorLogin: "operator", data: { action: "answer", questionId: "vin", question: { ru: "VIN автомобиля?", en: "The car's VIN?" }, value: "XWEPH81ABK0000001", field: "vin" }, at },
      { id: "q2", kind: "script", actorLogin: "operator", data: { action: "finish", runId: "r", scriptKey: "roadside_intake" }, at },
      { id: "m1", kind: "message", actorLogin: "system", data: { messageId: "m", direction: "in", channel: "sms", from: "+79160000001", to: null, text: "Жду у отбойника" }, at },
      { id: "l1", kind: "sla", actorLogin: "system", data: { event: "breached", clock: "first_response", dueAt: at, targetMinutes: 10 }, at },
    )
    const el = await mount(c.id, "en")
    const byId = (id: string) => textOf(entries(el).find((e) => e.dataset["id"] === id)!)
    await until(() => byId("s2").includes("Tow truck"), "service kind label")
    expect(byId("s1")).to.contain("Added a service: “Tow truck” · Эвакуатор-24")
    expect(byId("s2")).to.contain("Status: Ordered → Assigned")
    expect(byId("s2").replace(/\s+/g, " ")).to.contain(`Cost for the customer: empty → ${new Intl.NumberFormat("en", { style: "currency", currency: "RUB", minimumFractionDigits: 2 }).format(6500).replace(/\s+/g, " ")}`)
    expect(byId("s3")).to.contain("“Tow truck” handed to the back office")
    expect(byId("q1")).to.contain("The car's VIN?: XWEPH81ABK0000001")
    expect(byId("q2")).to.contain("Script finished")
    expect(byId("m1")).to.contain("Inbound from the applicant")
    expect(byId("m1")).to.contain("Жду у отбойника")
    expect(byId("l1")).to.contain("First response due · overdue")
  })

  it("adds a comment", async () => {
    const c = desk.addCase()
    const el = await mount(c.id)
    type($<HTMLInputElement>(el, "[part=comment-input]"), "Перезвонить через час")
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=comment-submit]").click()
    await until(() => entries(el).some((e) => e.dataset["kind"] === "comment"), "comment in the journal")
    expect(desk.requestsTo("POST", `/${c.id}/comments`)[0]!.body).to.deep.equal({ text: "Перезвонить через час" })
    expect($<HTMLTextAreaElement>(el, "[part=comment-input]").value).to.equal("")
  })

  it("filters by kind", async () => {
    const c = desk.addCase()
    desk.journalOf(c.id).push({ id: "c1", kind: "comment", actorLogin: "operator", data: { text: "x" }, at: new Date().toISOString() })
    const el = await mount(c.id, "en")
    $<HTMLButtonElement>(el, '[part=filter][data-filter="comments"]').click()
    await el.updateComplete
    expect(entries(el).map((e) => e.dataset["kind"])).to.deep.equal(["comment"])
    expect($(el, '[part=filter][data-filter="comments"]').getAttribute("aria-pressed")).to.equal("true")
  })

  it("uploads a file (multipart) and downloads it with the widget token", async () => {
    const c = desk.addCase()
    const el = await mount(c.id, "en")
    expect(text(el, ".files-title")).to.equal("Files (0)")
    const input = $<HTMLInputElement>(el, "[part=upload] input[type=file]")
    const dt = new DataTransfer()
    dt.items.add(new File(["photo-bytes"], "фото ДТП.jpg", { type: "image/jpeg" }))
    input.files = dt.files
    input.dispatchEvent(new Event("change"))
    await until(() => $$(el, "[part=file]").length === 1, "uploaded")
    const [upload] = desk.requestsTo("POST", `/${c.id}/attachments`)
    expect(upload!.body).to.be.instanceOf(FormData)
    expect(((upload!.body as FormData).get("file") as File).name).to.equal("фото ДТП.jpg")
    expect(upload!.headers.get("authorization")).to.equal("Bearer test-token")
    expect(upload!.headers.has("content-type")).to.equal(false) // the browser sets the multipart boundary
    await until(() => entries(el).some((e) => e.dataset["kind"] === "attachment"), "journal entry")

    const blobs: Blob[] = []
    const original = URL.createObjectURL
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blobs.push(b as Blob)
      return original.call(URL, b)
    }
    try {
      $<HTMLButtonElement>(el, "[part=file] [part=download]").click()
      await until(() => blobs.length === 1, "downloaded")
    } finally {
      URL.createObjectURL = original
    }
    expect(await blobs[0]!.text()).to.equal("photo-bytes")
    const [download] = desk.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/attachments/${desk.attachments[0]!.dto.id}`))
    expect(download!.headers.get("authorization")).to.equal("Bearer test-token")
    expect(download!.credentials).to.equal("omit")
  })

  it("shows why an upload was refused (413, 415)", async () => {
    const c = desk.addCase()
    const el = await mount(c.id)
    const input = $<HTMLInputElement>(el, "[part=upload] input[type=file]")
    const dt = new DataTransfer()
    dt.items.add(new File([new Uint8Array(1024 * 1024 + 1)], "big.bin"))
    input.files = dt.files
    input.dispatchEvent(new Event("change"))
    await until(() => maybe(el, ".files [part=error]"), "error")
    expect(text(el, ".files [part=error]")).to.equal("Файл больше 1 МБ")
    expect($$(el, "[part=file]")).to.have.length(0)
  })

  it("refreshes when another operator comments (live)", async () => {
    const c = desk.addCase()
    const el = await mount(c.id)
    await api.subscribed("case.commented")
    desk.journalOf(c.id).push({ id: "c9", kind: "comment", actorLogin: "supervisor", data: { text: "Проверьте VIN" }, at: new Date().toISOString() })
    api.emit("case.commented", { caseId: c.id, by: "supervisor", at: new Date().toISOString() })
    await until(() => entries(el).some((e) => e.dataset["kind"] === "comment"), "live comment")
  })
})
