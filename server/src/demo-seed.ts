/**
 * First start on an empty database: a demo tenant with an admin, a
 * supervisor and an operator, and a few cases. Passwords are generated (or
 * taken from SWITCHBOARD_DEMO_PASSWORD) and printed once; none is fixed.
 */
import { Cases } from "@org/cases/server"
import { type Actor, CurrentActor, createTenant, loadActor, tenantCount } from "@org/core/server"
import { Effect } from "effect"
import { randomBytes } from "node:crypto"

const generated = () => randomBytes(12).toString("base64url")

export const seedDemo = (demoPassword: string | undefined) =>
  Effect.gen(function* () {
    if ((yield* tenantCount) > 0) return undefined
    const people = [
      { login: "admin", name: "Анна Админова", roles: ["admin"] as const },
      { login: "supervisor", name: "Сергей Супервайзеров", roles: ["supervisor"] as const },
      { login: "operator", name: "Ольга Операторова", roles: ["operator"] as const },
    ]
    const passwords = Object.fromEntries(people.map((p) => [p.login, demoPassword ?? generated()]))
    const tenant = yield* createTenant({
      name: "Demo Assistance",
      slug: "demo",
      groups: ["Line 1"],
      users: people.map((p) => ({ ...p, roles: [...p.roles], password: passwords[p.login], groups: ["Line 1"] })),
    })
    const operator = (yield* loadActor(tenant.users[2].id, "system")) as Actor
    const cases = yield* Cases
    for (const c of [
      { title: "Эвакуатор: не заводится, Kia Rio, МКАД 41 км", applicantPhone: "+7 916 555-12-34" },
      { title: "Hotline: request for a home visit", applicantPhone: "+7 903 111-22-33" },
      { title: "Кофемашина №17: ошибка нагрева", applicantPhone: null },
    ]) {
      yield* cases.create(c).pipe(Effect.provideService(CurrentActor, operator))
    }
    return passwords
  })
