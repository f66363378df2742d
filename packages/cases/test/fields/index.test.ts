import { expect, test } from "bun:test"
import { fieldKinds } from "../../src/fields"
import { FieldKind } from "../../src/types/definition"
import { decoded, issue, issues } from "./helpers"

test("every field kind of the case engine has a value schema, and nothing else does", () => {
  expect(Object.keys(fieldKinds).sort()).toEqual([...FieldKind.literals].sort())
  expect(Object.keys(fieldKinds).sort()).toEqual(
    ["address", "date", "dictionary", "email", "file", "money", "number", "oms_policy", "person", "phone", "plate", "snils", "text", "vin"],
  )
})

test("the typed kinds normalise through the table", () => {
  expect(decoded(fieldKinds.phone, "8 900 123 45 67")).toBe("+79001234567")
  expect(decoded(fieldKinds.plate, "a123bc77")).toBe("А123ВС77")
  expect(decoded(fieldKinds.vin, "1m8gdm9axkp042788")).toBe("1M8GDM9AXKP042788")
  expect(decoded(fieldKinds.snils, "112-233-445 95")).toBe("11223344595")
  expect(decoded(fieldKinds.oms_policy, "8451 9991 2289 9990")).toBe("8451999122899990")
  expect(decoded(fieldKinds.money, { amount: 100, currency: "RUB" })).toEqual({ amount: 100, currency: "RUB" })
})

test("text is at most 10 000 characters; numbers are finite numbers", () => {
  expect(decoded(fieldKinds.text, "x".repeat(10_000))).toHaveLength(10_000)
  expect(issues(fieldKinds.text, "x".repeat(10_001))).toEqual(issue("Expected a value with a length of at most 10000", "Максимальная длина: 10000"))
  expect(decoded(fieldKinds.number, -12.5)).toBe(-12.5)
  expect(issues(fieldKinds.number, "12")).toEqual(issue("Expected number", "Ожидается число"))
  expect(issues(fieldKinds.number, Number.POSITIVE_INFINITY)).toEqual(issue("Expected a finite number", "Ожидается конечное число"))
})

test("dates are real calendar days written YYYY-MM-DD", () => {
  const dateError = issue("Expected a date like 2024-05-31", "Ожидается дата в формате ГГГГ-ММ-ДД, например 2024-05-31")
  expect(decoded(fieldKinds.date, "2024-02-29")).toBe("2024-02-29")
  expect(decoded(fieldKinds.date, "0099-01-01")).toBe("0099-01-01")
  for (const bad of ["2023-02-29", "2024-13-01", "2024-04-31", "31.05.2024", "2024-5-31", "2024-05-31T00:00:00Z", ""]) {
    expect(issues(fieldKinds.date, bad)).toEqual(dateError)
  }
})

test("dictionary, person and file values are record ids (UUIDs)", () => {
  const id = "0190a5a8-7b3c-7d2e-8f00-123456789abc"
  for (const kind of ["dictionary", "person", "file"] as const) {
    expect(decoded(fieldKinds[kind], id)).toBe(id)
    expect(issues(fieldKinds[kind], "42")).toEqual(issue("Expected a UUID", "Ожидается UUID"))
  }
})
