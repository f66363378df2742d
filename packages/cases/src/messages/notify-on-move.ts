/**
 * Texting the applicant when a case moves along a transition marked
 * `notifyApplicant`, in the tenant's language: "Ваше обращение {number}:
 * статус «{label}»". Runs as the system for the case's tenant, on every
 * instance that hears the move; the message's notify key ("move:<event id>")
 * is unique per tenant, so only the first instance's insert sends it.
 */
import { type CurrentActor, type Database, type DatabaseError, type DomainEvent, type EventDef, tenantDto } from "@org/core/server"
import { Effect } from "effect"
import type { CaseTypes } from "../case-types-service"
import type { caseMoved } from "../index"
import { stateOf } from "../types"
import type { MessageChannelName, MessageDto } from "./api"

type Moved = typeof caseMoved extends EventDef<infer P> ? P : never

/**
 * Tenants have no language setting; their time zone tells: a Russian-speaking
 * zone (Russia, Belarus, Kazakhstan, Kyrgyzstan) → Russian, anything else → English.
 */
const RUSSIAN_ZONES = /^(Europe\/(Moscow|Kaliningrad|Samara|Volgograd|Saratov|Ulyanovsk|Astrakhan|Kirov|Simferopol|Minsk)|Asia\/(Yekaterinburg|Omsk|Novosibirsk|Barnaul|Tomsk|Novokuznetsk|Krasnoyarsk|Irkutsk|Chita|Yakutsk|Khandyga|Vladivostok|Ust-Nera|Magadan|Sakhalin|Srednekolymsk|Kamchatka|Anadyr|Almaty|Qostanay|Qyzylorda|Aqtobe|Aqtau|Atyrau|Oral|Bishkek))$/

export const tenantLanguage = (timeZone: string | undefined): "ru" | "en" => (!timeZone || RUSSIAN_ZONES.test(timeZone) ? "ru" : "en")

export const moveNotice = (lang: "ru" | "en", number: string, label: { ru: string; en: string }) =>
  lang === "ru" ? `Ваше обращение ${number}: статус «${label.ru}»` : `Your case ${number}: status "${label.en}"`

export const notifyOnMove = (
  event: DomainEvent<Moved>,
  deps: {
    readonly types: CaseTypes["Service"]
    readonly dispatch: (caseId: string, input: { channel: MessageChannelName; to: string; text: string; notifyKey?: string }) =>
      Effect.Effect<MessageDto | undefined, DatabaseError, CurrentActor | Database>
  },
) =>
  Effect.gen(function* () {
    const { case: c, from, to } = event.payload
    if (!c.type || !c.applicantPhone) return
    // The move was checked against the type's current definition: read the same one.
    const def = (yield* deps.types.get(c.type)).definition
    const transition = def.transitions.find((t) => t.to === to && t.from.includes(from))
    if (!transition?.notifyApplicant) return
    const label = stateOf(def, to)?.label ?? { ru: to, en: to }
    const tenant = yield* tenantDto(event.tenantId)
    const text = moveNotice(tenantLanguage(tenant?.timeZone), c.number, label)
    yield* deps.dispatch(c.id, { channel: "sms", to: c.applicantPhone, text, notifyKey: `move:${event.id}` })
  })
