/**
 * The demo tenant's phones: the supervisor's and the operator's softphones
 * (SIP accounts linked to them: the console's phone registers as they sign
 * in), a desk phone for a SIP device or SIPp, their short numbers and a line
 * that rings both people. Returns the desk phone's password, shown once.
 */
import { type Actor, CurrentActor } from "@org/core/server"
import { Effect } from "effect"
import { SipAccounts } from "./accounts"
import { Extensions } from "./extensions"

export interface TelephonyDemoActors {
  admin: Actor
  operator: Actor
  supervisor: Actor
}

export const seedTelephonyDemo = (actors: TelephonyDemoActors) =>
  Effect.gen(function* () {
    const accounts = yield* SipAccounts
    const extensions = yield* Extensions
    const asAdmin = <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.provideService(e, CurrentActor, actors.admin)
    const operator = yield* asAdmin(accounts.create({ username: "operator", comment: "Ольга Операторова", userId: actors.operator.userId, callLimit: 2 }))
    const supervisor = yield* asAdmin(accounts.create({ username: "supervisor", comment: "Сергей Супервайзеров", userId: actors.supervisor.userId }))
    const desk = yield* asAdmin(accounts.create({ username: "reception", comment: "Ресепшен" }))
    yield* asAdmin(extensions.create({ number: "101", name: "Ольга Операторова", members: [operator.id] }))
    yield* asAdmin(extensions.create({ number: "102", name: "Сергей Супервайзеров", members: [supervisor.id] }))
    yield* asAdmin(extensions.create({ number: "103", name: "Ресепшен", members: [desk.id] }))
    yield* asAdmin(extensions.create({ number: "100", name: "Линия 1", members: [operator.id, supervisor.id] }))
    return { deskPhone: { username: desk.username, domain: desk.domain, password: desk.password } }
  })
