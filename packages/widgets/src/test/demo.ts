/**
 * Demo page script (scripts/screenshot.ts bundles and serves it): the widgets against the
 * in-page fake API, in the scenario named by `?scenario=`.
 */
import "../index.js"
import { installFakeApi, makeCase } from "./fake-api.js"

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

const fake = installFakeApi({
  signedIn: scenario !== "login",
  cases: scenario === "empty" ? [] : seed,
  latencyMs: 60,
  health:
    scenario === "degraded"
      ? { status: "degraded", checks: { database: { status: "ok" }, events: { status: "ok" }, sip: { status: "down" } } }
      : undefined,
})
;(window as unknown as { fake: typeof fake }).fake = fake

const root = document.getElementById("root")!
if (scenario === "panel") {
  root.innerHTML = `<aside class="panel"><org-case-list token="test-token"></org-case-list></aside>`
} else {
  root.innerHTML = `<org-console></org-console>`
}
