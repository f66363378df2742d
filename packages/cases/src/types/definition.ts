/**
 * A case type as data: its fields (typed), its states (each with an SLA
 * category), the moves between states (who may make them and which fields a
 * move requires), and its people-facing number format. Tenants install a
 * template and edit it; the engine reads only this definition.
 */
import { Role } from "@org/core"
import { Schema } from "effect"

export const Text2 = Schema.Struct({ ru: Schema.String, en: Schema.String })
export type Text2 = typeof Text2.Type

export const FieldKind = Schema.Literals([
  "text", "number", "money", "date", "phone", "email", "vin", "plate", "oms_policy", "snils",
  "address", "dictionary", "person", "file",
])
export type FieldKind = typeof FieldKind.Type

const Key = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/))

export const FieldDef = Schema.Struct({
  key: Key,
  label: Text2,
  kind: FieldKind,
  /** which panel of the card shows it: the case, the applicant, the vehicle … */
  group: Schema.optional(Schema.String),
  /** dictionary fields: the dictionary's key (cities, programs, makes …) */
  dictionary: Schema.optional(Key),
  /** required from the moment the case is created, whatever the move */
  requiredOnCreate: Schema.optional(Schema.Boolean),
  /** the value is copied from the applicant when the case is opened for a known phone */
  fromApplicant: Schema.optional(Schema.Boolean),
  /** a flag the case gets when this field is changed after it was first set (the list marks it: "reason changed") */
  changeFlag: Schema.optional(Key),
})
export type FieldDef = typeof FieldDef.Type

export const StateCategory = Schema.Literals(["open", "paused", "resolved"])
export type StateCategory = typeof StateCategory.Type

export const StateDef = Schema.Struct({
  key: Key,
  label: Text2,
  /** SLA clocks run in open states, stop in paused ones, end in resolved ones */
  category: StateCategory,
  initial: Schema.optional(Schema.Boolean),
})
export type StateDef = typeof StateDef.Type

export const TransitionDef = Schema.Struct({
  from: Schema.Array(Key),
  to: Key,
  label: Schema.optional(Text2),
  /** who may make the move; absent: anyone who may work the case */
  roles: Schema.optional(Schema.Array(Role)),
  /** fields that must have a value before the move */
  requires: Schema.optional(Schema.Array(Key)),
  /** tell the applicant (through the case's messaging channel) when the move happens */
  notifyApplicant: Schema.optional(Schema.Boolean),
})
export type TransitionDef = typeof TransitionDef.Type

export const FlagDef = Schema.Struct({
  key: Key,
  label: Text2,
  /** a CSS colour the list uses to mark flagged cases for everyone */
  color: Schema.String,
})
export type FlagDef = typeof FlagDef.Type

export const CaseTypeDef = Schema.Struct({
  key: Key,
  name: Text2,
  /** e.g. "{MMM}{DD}_{TYPE}_{SEQ:3}" → "Sep12_Information_002"; see number-format.ts */
  numberFormat: Schema.String,
  fields: Schema.Array(FieldDef),
  states: Schema.Array(StateDef),
  transitions: Schema.Array(TransitionDef),
  flags: Schema.optional(Schema.Array(FlagDef)),
  /** what the case needs before a partner service may be handed to the back office */
  handOff: Schema.optional(Schema.Struct({ requires: Schema.Array(Key) })),
})
export type CaseTypeDef = typeof CaseTypeDef.Type
