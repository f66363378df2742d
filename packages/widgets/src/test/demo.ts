/**
 * Demo page script (scripts/screenshot.ts bundles and serves it): the widgets against the
 * in-page fake API, in the scenario named by `?scenario=` (login, console, empty, degraded,
 * panel, account, admin, admin-nav, invite, invite-invalid). The console's view comes from the
 * hash (#account, #admin); /invite#demo-invitation-token opens the invitation form.
 */
import "../index.js"
import { ADMIN_USER, DEMO_USER, installFakeApi, makeCase, otherSession } from "./fake-api.js"

const params = new URLSearchParams(location.search)
const scenario = params.get("scenario") ?? "console"
const lang = params.get("lang")
if (lang) document.documentElement.lang = lang

const seed = [
  makeCase({ title: "Эвакуатор: Toyota Camry, Ленинградское ш., 42 — не заводится после ДТП", status: "new", applicantPhone: "+7 916 555-44-33", minutesAgo: 2 }),
  makeCase({ title: "Замена колеса на трассе М-11, 87 км", status: "in_progress", applicantPhone: "+7 903 120-45-67", minutesAgo: 14 }),
  makeCase({ title: "Техпомощь: разряжен аккумулятор", status: "in_progress", applicantPhone: "+7 925 777-01-02", minutesAgo: 37 }),
  makeCase({ title: "Такси до гостиницы после эвакуации", status: "resolved", applicantPhone: null, minutesAgo: 65 }),
  makeCase({ title: "Подменный автомобиль на 3 дня", status: "new", applicantPhone: "+7 999 000-11-22", minutesAgo: 120 }),
  makeCase({ title: "Консультация по программе помощи", status: "closed", applicantPhone: "+7 495 123-45-67", minutesAgo: 300 }),
  makeCase({ title: "Открыть автомобиль: ключи внутри", status: "resolved", applicantPhone: "+7 926 333-22-11", minutesAgo: 480 }),
  makeCase({ title: "Гостиница для водителя и пассажира, Тверь", status: "closed", applicantPhone: null, minutesAgo: 1440 }),
]

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString()
const admin = scenario === "admin" || scenario === "admin-nav"

const LINE_1 = DEMO_USER.groups![0]!
const groups = [LINE_1, { id: "g2", name: "Линия 2" }, { id: "g3", name: "Выездные механики" }, { id: "g4", name: "Старшие смены" }]

const fake = installFakeApi({
  groups: admin ? groups : undefined,
  signedIn: scenario !== "login" && scenario !== "invite" && scenario !== "invite-invalid",
  user: admin ? ADMIN_USER : DEMO_USER,
  cases: scenario === "empty" ? [] : seed,
  latencyMs: 60,
  health:
    scenario === "degraded"
      ? { status: "degraded", checks: { database: { status: "ok" }, events: { status: "ok" }, sip: { status: "down" } } }
      : undefined,
  sessions: [
    otherSession({ minutesAgo: 95, ip: "10.20.30.40" }),
    otherSession({
      minutesAgo: 60 * 26,
      remember: false,
      ip: "192.168.1.17",
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    }),
  ],
  accounts: admin
    ? [
        { user: DEMO_USER, password: "secret", groupIds: [LINE_1.id], disabled: false, createdAt: minutesAgo(60 * 24 * 40) },
        {
          user: { ...DEMO_USER, id: "u2", login: "s.smirnov", name: "Сергей Смирнов", roles: ["supervisor"] },
          password: "secret",
          groupIds: [LINE_1.id, "g2", "g4"],
          disabled: false,
          createdAt: minutesAgo(60 * 24 * 30),
        },
        {
          user: { ...DEMO_USER, id: "u3", login: "m.mekhanikov", name: "Михаил Механиков", roles: ["mechanic", "operator"] },
          password: "secret",
          groupIds: ["g3"],
          disabled: true,
          createdAt: minutesAgo(60 * 24 * 200),
        },
      ]
    : [],
})
;(window as unknown as { fake: typeof fake }).fake = fake

if (admin) {
  fake.directory.invitations.push(
    { id: "i1", login: "k.novikova", name: "Ксения Новикова", email: "k.novikova@example.test", roles: ["operator"], createdAt: minutesAgo(60 * 5), expiresAt: minutesAgo(-60 * 24 * 6.8), state: "pending", token: "t1-pending-token-xxxxxxxx" },
    { id: "i2", login: "p.petrov", name: "Пётр Петров", email: null, roles: ["operator", "mechanic"], createdAt: minutesAgo(60 * 24 * 3), expiresAt: minutesAgo(-60 * 24 * 4), state: "accepted", token: "t2-accepted-token-xxxxxxx" },
    { id: "i3", login: "old.invite", name: "Старое приглашение", email: null, roles: ["finance"], createdAt: minutesAgo(60 * 24 * 12), expiresAt: minutesAgo(60 * 24 * 5), state: "expired", token: "t3-expired-token-xxxxxxxx" },
  )
  fake.directory.apiKeys.push(
    { id: "k1", name: "Битрикс24", prefix: "sbk_Q7fLx2mA", roles: ["operator"], createdAt: minutesAgo(60 * 24 * 20), lastUsedAt: minutesAgo(3), revokedAt: null },
    { id: "k2", name: "Старый скрипт отчётов", prefix: "sbk_9KdPw0zR", roles: ["finance"], createdAt: minutesAgo(60 * 24 * 90), lastUsedAt: null, revokedAt: minutesAgo(60 * 24 * 10) },
  )
}
if (scenario === "invite") {
  fake.directory.invitations.push({
    id: "i-demo", login: "k.novikova", name: "Ксения Новикова", email: null, roles: ["operator"],
    createdAt: minutesAgo(10), expiresAt: minutesAgo(-60 * 24 * 7), state: "pending", token: "demo-invitation-token",
  })
}

const root = document.getElementById("root")!
if (scenario === "panel") {
  root.innerHTML = `<aside class="panel"><org-case-list token="test-token"></org-case-list></aside>`
} else {
  root.innerHTML = `<org-console></org-console>`
}
