/**
 * Typed field values of the case desk: each case type's fields have a kind,
 * and `fieldKinds` gives the schema that validates and normalises a value of
 * that kind. Browser-safe (pure TypeScript and Effect Schema), so the case
 * card checks a field as the operator types and the server checks it again.
 */
import type { Schema } from "effect"
import type { FieldKind } from "../types/definition"
import { CarPlate } from "./car-plate"
import { IsoDate } from "./date"
import { Email } from "./email"
import { GeoAddress } from "./geo"
import { Money } from "./money"
import { OmsPolicy } from "./oms-policy"
import { Phone } from "./phone"
import { EntityId, FieldNumber, FieldText } from "./scalars"
import { Snils } from "./snils"
import { Vin } from "./vin"

export * from "./car-plate"
export * from "./date"
export * from "./email"
export * from "./geo"
export * from "./money"
export * from "./oms-policy"
export * from "./phone"
export * from "./scalars"
export * from "./snils"
export { type FieldMessage, fieldMessage } from "./support"
export * from "./vin"

/**
 * The value schema of each field kind of a case type (`FieldKind` in
 * types/definition.ts: the compiler checks every kind has one); dictionary,
 * person and file values are ids of those records.
 */
export const fieldKinds = {
  text: FieldText,
  number: FieldNumber,
  money: Money,
  date: IsoDate,
  phone: Phone,
  email: Email,
  vin: Vin,
  plate: CarPlate,
  oms_policy: OmsPolicy,
  snils: Snils,
  address: GeoAddress,
  dictionary: EntityId,
  person: EntityId,
  file: EntityId,
} as const satisfies Record<FieldKind, Schema.Top>

/** The decoded value of a field of kind `K`. */
export type FieldKindValue<K extends FieldKind> = (typeof fieldKinds)[K]["Type"]
