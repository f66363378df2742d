/**
 * Demo page of the case workspace (scripts/screenshot-case-card.ts bundles and serves it): the
 * card, the create form and the console's Cases section against the in-page fakes, in the
 * scenario named by `?scenario=` — card (roadside), hotline, create, console — and `&lang=en`.
 */
import "../index.js"
import "../elements/org-case-card.js"
import "../elements/org-case-create.js"
import { DEMO_USER, installFakeApi } from "./fake-api.js"
import { installFakeCaseCard } from "./fake-case-card.js"

const params = new URLSearchParams(location.search)
const scenario = params.get("scenario") ?? "card"
const lang = params.get("lang")
if (lang) document.documentElement.lang = lang

const api = installFakeApi({ signedIn: true, latencyMs: 30 })
const desk = installFakeCaseCard(api, {
  channels: [
    { channel: "sms", configured: false, provider: null },
    { channel: "email", configured: true, provider: "smtp" },
  ],
})
const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString()

desk.addApplicant({ phone: "+79165551234", name: "Иван Петров", casesCount: 3, lastCaseAt: ago(60 * 24 * 40), values: { caller: "Иван Петров" } })
const old1 = desk.addCase({
  applicantPhone: "+79165551234",
  status: "completed",
  title: "Эвакуатор: Kia Rio, ДТП на Ленинградском ш.",
  values: { fault: "После ДТП не заводится, течёт антифриз" },
  createdAt: ago(60 * 24 * 40),
})
desk.addCase({ applicantPhone: "+79165551234", status: "cancelled", title: "Подвоз топлива", values: { fault: "Закончилось топливо на М-11" }, createdAt: ago(60 * 24 * 200) })
void old1

const kia = desk.item("makes", "KIA")
const rio = desk.item("models", "KIA_RIO")
const c = desk.addCase({
  title: "Эвакуатор: не заводится, Kia Rio, МКАД 41 км",
  applicantPhone: "+79165551234",
  status: "in_progress",
  assigneeId: DEMO_USER.id,
  createdAt: ago(42),
  version: 5,
  values: {
    fault: "Не заводится после мойки, на панели горит значок аккумулятора",
    caller: "Иван Петров",
    contact_phone: "+79165551234",
    plate: "А123ВС777",
    make: kia.id,
    model: rio.id,
    mileage: 48200,
    purchase_date: "2022-04-15",
    city: desk.item("cities", "MOW").id,
    breakdown_address: { text: "МКАД, 41-й км, внешняя сторона", lat: 55.5733, lon: 37.6877 },
  },
})
desk.addCase({ title: "Замена колеса на трассе М-11, 87 км", applicantPhone: "+79031204567", status: "new", assigneeId: DEMO_USER.id, createdAt: ago(14) })
desk.addCase({ title: "Техпомощь: разряжен аккумулятор", applicantPhone: "+79257770102", status: "waiting_partner", assigneeId: DEMO_USER.id, createdAt: ago(90) })

desk.sla.set(c.id, {
  policy: { typeKey: "roadside", priority: "default" },
  firstResponse: { dueAt: ago(30), metAt: ago(38), state: "met", elapsedMinutes: 4, targetMinutes: 10 },
  resolution: { dueAt: new Date(Date.now() + 18 * 60_000).toISOString(), metAt: null, state: "warning", elapsedMinutes: 42, targetMinutes: 60 },
  paused: false,
})
const tow = desk.partners[0]!
desk.addService(c.id, {
  kind: "TOW",
  status: "assigned",
  partnerId: tow.id,
  partnerName: tow.name,
  orderedAt: ago(30),
  assignedAt: ago(25),
  customerCost: { amount: 650000, currency: "RUB" },
  partnerCost: { amount: 520000, currency: "RUB" },
  comment: "Эвакуатор с частичной погрузкой, клиент ждёт у машины",
})
desk.addService(c.id, { kind: "TAXI", status: "draft" })
desk.addMessage(c.id, { text: "Здравствуйте! Эвакуатор назначен, прибудет в течение 40 минут.", status: "not_sent", statusReason: "no_provider", createdAt: ago(24) })
desk.addMessage(c.id, { direction: "in", text: "Спасибо, жду у отбойника.", status: "received", from: "+79165551234", to: null, createdAt: ago(20) })
const j = desk.journalOf(c.id)
j.push(
  { id: crypto.randomUUID(), kind: "moved", actorLogin: "operator", data: { from: "new", to: "in_progress", comment: null }, at: ago(40) },
  { id: crypto.randomUUID(), kind: "fields", actorLogin: "operator", data: { changes: [{ field: "plate", from: null, to: "А123ВС777" }, { field: "make", from: null, to: kia.id }] }, at: ago(38) },
  { id: crypto.randomUUID(), kind: "comment", actorLogin: "supervisor", data: { text: "Клиент VIP, держать на контроле" }, at: ago(33) },
  { id: crypto.randomUUID(), kind: "service", actorLogin: "operator", data: { change: "service_added", kind: "TOW", kindLabel: { ru: "Эвакуация", en: "Tow truck" }, status: "draft", partnerName: tow.name }, at: ago(30) },
  {
    id: crypto.randomUUID(),
    kind: "service",
    actorLogin: "operator",
    data: { change: "service_changed", kind: "TOW", changes: [{ field: "status", from: "ordered", to: "assigned" }, { field: "assignedAt", from: null, to: ago(25) }] },
    at: ago(25),
  },
  { id: crypto.randomUUID(), kind: "message", actorLogin: "operator", data: { direction: "out", channel: "sms", text: "Здравствуйте! Эвакуатор назначен, прибудет в течение 40 минут." }, at: ago(24) },
  { id: crypto.randomUUID(), kind: "sla", actorLogin: "system", data: { event: "warning", clock: "resolution", dueAt: ago(-18), targetMinutes: 60 }, at: ago(6) },
)

const hot = desk.addCase({
  type: "hotline",
  title: "Запрос на визит врача на дом",
  applicantPhone: "+79031112233",
  status: "in_work",
  flags: ["attention"],
  createdAt: ago(8),
  values: { reason: desk.item("reasons", "CONSULTATION").id, full_name: "Мария Сидорова", phone: "+79031112233", description: "Просит визит терапевта, температура 38,5" },
})

const root = document.getElementById("root")!
const wrap = (inner: string) => `<div class="panel">${inner}</div>`
if (scenario === "card") root.innerHTML = wrap(`<org-case-card case-id="${c.id}"></org-case-card>`)
else if (scenario === "hotline") root.innerHTML = wrap(`<org-case-card case-id="${hot.id}"></org-case-card>`)
else if (scenario === "create") root.innerHTML = wrap(`<org-case-create type="roadside"></org-case-create>`)
else if (scenario === "console") {
  if (!location.hash) history.replaceState(null, "", `#cases/${c.id}`)
  root.innerHTML = `<org-console></org-console>`
}

Object.assign(window, { fake: api, desk, demoCaseId: c.id, demoHotlineId: hot.id })
