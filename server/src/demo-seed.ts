/**
 * First start on an empty database: a demo tenant with an admin, a
 * supervisor and an operator, a working case desk (types, reference
 * books, scripts, partners, SLA hours, open cases and a month of history)
 * and phones (the supervisor's and operator's softphones, a desk phone,
 * numbers 100–103). Passwords are generated (or taken from
 * SWITCHBOARD_DEMO_PASSWORD) and printed once; none is fixed.
 */
import { seedCaseDeskDemo } from "@org/cases/server"
import { seedTelephonyDemo } from "@org/telephony/server"
import { type Actor, createTenant, loadActor, tenantCount } from "@org/core/server"
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
    const admin = (yield* loadActor(tenant.users[0].id, "system")) as Actor
    const supervisor = (yield* loadActor(tenant.users[1].id, "system")) as Actor
    const operator = (yield* loadActor(tenant.users[2].id, "system")) as Actor
    yield* seedCaseDeskDemo({ admin, operator })
    const { deskPhone } = yield* seedTelephonyDemo({ admin, operator, supervisor })
    return { passwords, deskPhone }
  })
