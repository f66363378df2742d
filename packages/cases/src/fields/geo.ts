/**
 * An address with its point on the map: where the stranded car or the
 * customer is. Operators often have only the words at first and the point
 * later (from the map or the caller's phone), so coordinates are optional —
 * but a lone latitude or longitude is a half-typed point, so they come together.
 */
import { Schema } from "effect"
import { fieldMessage } from "./support"

const messages = {
  empty: fieldMessage("Enter the address", "Укажите адрес"),
  latitude: fieldMessage("Latitude must be between -90 and 90", "Широта должна быть от -90 до 90"),
  longitude: fieldMessage("Longitude must be between -180 and 180", "Долгота должна быть от -180 до 180"),
  pair: fieldMessage(
    "Give both latitude and longitude, or neither",
    "Укажите и широту, и долготу, или ни одну из них",
  ),
}

/** The address as words: not blank, at most 500 characters. */
export const AddressText = Schema.String.check(
  Schema.makeFilter((text: string) => text.trim().length > 0 ? undefined : messages.empty.en),
  Schema.isMaxLength(500),
)

export const Latitude = Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }, { message: messages.latitude.en }))
export const Longitude = Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 }, { message: messages.longitude.en }))

/**
 * `{ text, lat?, lon? }`: an address, optionally with its coordinates (both or
 * neither). The keys are left out rather than set to undefined (optionalKey),
 * which also keeps the type error a plain, translated "Expected number".
 */
export const GeoAddress = Schema.Struct({
  text: AddressText,
  lat: Schema.optionalKey(Latitude),
  lon: Schema.optionalKey(Longitude),
}).check(
  Schema.makeFilter((address) =>
    (address.lat === undefined) === (address.lon === undefined)
      ? undefined
      : { path: [address.lat === undefined ? "lat" : "lon"], issue: messages.pair.en }
  ),
)
export type GeoAddress = typeof GeoAddress.Type
