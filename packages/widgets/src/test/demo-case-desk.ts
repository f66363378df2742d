/**
 * Demo page of the case desk's list, reference books and dashboard (scripts/screenshot-case-desk.ts
 * bundles and serves it) against the in-page fake, in the scenario named by `?scenario=`:
 * list, list-form, dictionary, dictionary-operator, partners, dashboard, dashboard-empty — and `&lang=en`.
 */
import "../index.js"
import type { UserDto } from "../api/types.js"
import { ADMIN_USER, DEMO_USER } from "./fake-api.js"
import { deskCase, emptyAnalytics, HOTLINE_TYPE, installFakeCaseDesk, makePartner, ROADSIDE_TYPE, sampleAnalytics } from "./fake-case-desk.js"

const params = new URLSearchParams(location.search)
const scenario = params.get("scenario") ?? "list"
const lang = params.get("lang")
if (lang) document.documentElement.lang = lang

const SUPERVISOR: UserDto = { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000005", login: "s.smirnov", name: "Сергей Смирнов", roles: ["supervisor"] }
const OPERATOR_2: UserDto = { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000006", login: "o.ivanova", name: "Ольга Иванова", roles: ["operator"] }
const user = scenario === "dictionary-operator" ? DEMO_USER : scenario.startsWith("dictionary") || scenario === "partners" ? ADMIN_USER : SUPERVISOR

const fake = installFakeCaseDesk({
  user,
  latencyMs: 40,
  accounts: [{ user: OPERATOR_2, password: "x", groupIds: [], disabled: false, createdAt: new Date().toISOString() }],
  types: [HOTLINE_TYPE, ROADSIDE_TYPE],
  analytics: scenario === "dashboard-empty" ? emptyAnalytics() : sampleAnalytics(30),
  deskCases: [
    deskCase({ number: "Mar14_ROAD_021", type: "roadside", status: "new", title: "Эвакуатор: не заводится, Kia Rio, МКАД 41 км", applicantPhone: "+79165551234", flags: ["attention"], minutesAgo: 3 }),
    deskCase({ number: "Mar14_HOT_118", type: "hotline", status: "in_work", title: "Запись на вакцинацию, нужен выезд на дом", applicantPhone: "+79031112233", assigneeId: SUPERVISOR.id, minutesAgo: 9 }),
    deskCase({ number: "Mar14_HOT_117", type: "hotline", status: "new", title: "Жалоба на работу регистратуры поликлиники №12", applicantPhone: "+79257770102", flags: ["attention"], assigneeId: OPERATOR_2.id, minutesAgo: 16 }),
    deskCase({ number: "Mar14_ROAD_020", type: "roadside", status: "waiting_partner", title: "Техпомощь: разряжен аккумулятор, ТЦ «Мега», парковка P3", applicantPhone: "+79099990011", assigneeId: OPERATOR_2.id, minutesAgo: 34 }),
    deskCase({ number: "Mar14_ROAD_019", type: "roadside", status: "in_progress", title: "Замена колеса на трассе М-11, 87 км", applicantPhone: "+79031204567", assigneeId: SUPERVISOR.id, minutesAgo: 52 }),
    deskCase({ number: "Mar14_HOT_116", type: "hotline", status: "registered", title: "Консультация по записи к кардиологу", applicantPhone: "+74951234567", minutesAgo: 75 }),
    deskCase({ number: "Mar14_ROAD_018", type: "roadside", status: "completed", title: "Такси до гостиницы после эвакуации", applicantPhone: "+79261234567", assigneeId: OPERATOR_2.id, minutesAgo: 130 }),
    deskCase({ number: "Mar14_HOT_115", type: "hotline", status: "rejected", title: "Повторное обращение, дубль Mar14_HOT_101", applicantPhone: "+79163332211", minutesAgo: 200 }),
    deskCase({ number: "1042", status: "resolved", title: "Кофемашина №17: ошибка нагрева", minutesAgo: 60 * 26 }),
    deskCase({ number: "Mar13_ROAD_044", type: "roadside", status: "cancelled", title: "Вскрытие автомобиля: ключи в салоне", applicantPhone: "+79263332211", minutesAgo: 60 * 30 }),
  ].map((c, i) => ({ ...c, updatedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString() })),
  dictionaries: [
    {
      key: "cities",
      name: { ru: "Города", en: "Cities" },
      items: [
        { code: "MOW", ru: "Москва", en: "Moscow", attributes: { region: "77", timeZone: "Europe/Moscow" } },
        { code: "SPB", ru: "Санкт-Петербург", en: "Saint Petersburg", attributes: { region: "78", timeZone: "Europe/Moscow" } },
        { code: "KZN", ru: "Казань", en: "Kazan", attributes: { region: "16", timeZone: "Europe/Moscow" } },
        { code: "NSK", ru: "Новосибирск", en: "Novosibirsk", attributes: { region: "54", timeZone: "Asia/Novosibirsk" } },
        { code: "EKB", ru: "Екатеринбург", en: "Yekaterinburg", attributes: { region: "66", timeZone: "Asia/Yekaterinburg" } },
      ],
    },
    {
      key: "programs",
      name: { ru: "Программы", en: "Programs" },
      items: [{ code: "KIA_RA", ru: "Kia Assistance" }, { code: "HYUNDAI_RA", ru: "Hyundai Помощь на дорогах", en: "Hyundai Roadside Assistance" }, { code: "LADA_RA", ru: "LADA Assistance" }],
    },
    { key: "makes", name: { ru: "Марки", en: "Makes" }, items: [{ code: "KIA", ru: "Kia" }, { code: "HYUNDAI", ru: "Hyundai" }, { code: "LADA", ru: "Lada" }] },
    {
      key: "models",
      name: { ru: "Модели", en: "Models" },
      items: [
        { code: "KIA_RIO", ru: "Rio", parent: "makes/KIA" },
        { code: "KIA_SPORTAGE", ru: "Sportage", parent: "makes/KIA" },
        { code: "HYUNDAI_SOLARIS", ru: "Solaris", parent: "makes/HYUNDAI" },
        { code: "HYUNDAI_CRETA", ru: "Creta", parent: "makes/HYUNDAI" },
        { code: "LADA_VESTA", ru: "Vesta", parent: "makes/LADA" },
        { code: "LADA_GRANTA", ru: "Granta", parent: "makes/LADA" },
      ],
    },
    {
      key: "service_types",
      name: { ru: "Виды услуг", en: "Service types" },
      items: [
        { code: "TOW", ru: "Эвакуация", en: "Tow truck" },
        { code: "TECH_HELP", ru: "Техническая помощь", en: "Technical help" },
        { code: "TAXI", ru: "Такси", en: "Taxi" },
        { code: "HOTEL", ru: "Гостиница", en: "Hotel" },
        { code: "RENTAL", ru: "Подменный автомобиль", en: "Replacement car" },
      ],
    },
  ],
})
const cities = fake.items.get("cities")!
const services = fake.items.get("service_types")!
const nine = { open: "09:00", close: "20:00" }
fake.partners.push(
  makePartner({
    name: "Эвакуатор-Сервис 24",
    cityId: cities[0]!.id,
    phones: ["+74951234567", "+79160001122"],
    email: "dispatch@evac24.example",
    services: [services[0]!.id, services[1]!.id],
    workingHours: { alwaysOpen: true, days: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } },
  }),
  makePartner({
    name: "Kia Центр Север",
    kind: "dealer",
    cityId: cities[0]!.id,
    address: "Москва, Дмитровское ш., 98",
    lat: 55.883,
    lon: 37.545,
    services: [services[4]!.id],
    workingHours: { alwaysOpen: false, days: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: { open: "10:00", close: "18:00" }, sun: null } },
  }),
  makePartner({ name: "Такси Везёт", cityId: cities[2]!.id, address: "Казань, ул. Баумана, 1", services: [services[2]!.id] }),
)
;(window as unknown as { fake: typeof fake }).fake = fake

const root = document.getElementById("root")!
const tag =
  scenario === "dashboard" || scenario === "dashboard-empty"
    ? `<org-case-dashboard token="test-token"></org-case-dashboard>`
    : scenario.startsWith("dictionary")
      ? `<org-dictionary-editor token="test-token"></org-dictionary-editor>`
      : scenario === "partners"
        ? `<org-dictionary-editor token="test-token" dictionary="@partners"></org-dictionary-editor>`
        : scenario === "list-form"
          ? `<org-case-list token="test-token"></org-case-list>`
          : `<org-case-list token="test-token" no-create></org-case-list>`
root.innerHTML = `<div class="panel">${tag}</div>`
