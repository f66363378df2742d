import { expect, test } from "bun:test"
import { GeoAddress } from "../../src/fields/geo"
import { decoded, issue, issues } from "./helpers"

const pair = ["Give both latitude and longitude, or neither", "Укажите и широту, и долготу, или ни одну из них"] as const

test("an address with or without coordinates", () => {
  const full = { text: "Москва, ул. Тверская, 1", lat: 55.7575, lon: 37.6134 }
  expect(decoded(GeoAddress, full)).toEqual(full)
  expect(decoded(GeoAddress, { text: "Казань, М-7, 810 км" })).toEqual({ text: "Казань, М-7, 810 км" })
  expect(decoded(GeoAddress, { text: "Полюс", lat: -90, lon: 180 })).toEqual({ text: "Полюс", lat: -90, lon: 180 })
})

test("latitude and longitude come together", () => {
  expect(issues(GeoAddress, { text: "x", lat: 55.75 })).toEqual(issue(...pair, "lon"))
  expect(issues(GeoAddress, { text: "x", lon: 37.61 })).toEqual(issue(...pair, "lat"))
})

test("coordinates out of range are errors on their field", () => {
  expect(issues(GeoAddress, { text: "x", lat: 90.5, lon: 0 })).toEqual(
    issue("Latitude must be between -90 and 90", "Широта должна быть от -90 до 90", "lat"),
  )
  expect(issues(GeoAddress, { text: "x", lat: 0, lon: -180.01 })).toEqual(
    issue("Longitude must be between -180 and 180", "Долгота должна быть от -180 до 180", "lon"),
  )
  expect(issues(GeoAddress, { text: "x", lat: "55.7", lon: 37 })).toEqual(issue("Expected number", "Ожидается число", "lat"))
})

test("the address text is required, not blank and at most 500 characters", () => {
  expect(issues(GeoAddress, { text: "   ", lat: 1, lon: 1 })).toEqual(issue("Enter the address", "Укажите адрес", "text"))
  expect(issues(GeoAddress, { text: "а".repeat(501) })).toEqual(
    issue("Expected a value with a length of at most 500", "Максимальная длина: 500", "text"),
  )
  expect(decoded(GeoAddress, { text: "а".repeat(500) }).text).toHaveLength(500)
  expect(issues(GeoAddress, { lat: 1, lon: 1 })).toEqual(issue("Missing key", "Обязательное поле", "text"))
})
