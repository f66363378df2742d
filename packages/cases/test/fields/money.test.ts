import { describe, expect, test } from "bun:test"
import { Result, Schema } from "effect"
import { formatMoney, minorUnits, Money, MoneyFromText, moneyToDecimal, parseMoney } from "../../src/fields/money"
import { decoded, issue, issues } from "./helpers"

const ok = (text: string, currency: string) => {
  const parsed = parseMoney(text, currency)
  if (Result.isFailure(parsed)) throw new Error(`${text}: ${parsed.failure.en}`)
  return parsed.success
}
const failure = (text: string, currency: string) => {
  const parsed = parseMoney(text, currency)
  if (Result.isSuccess(parsed)) throw new Error(`${text} parsed as ${JSON.stringify(parsed.success)}`)
  return parsed.failure
}

const formatError = { en: "Expected an amount like 1 234,56", ru: "Ожидается сумма, например 1 234,56" }

describe("parseMoney", () => {
  test("reads Russian and English decimals and thousand separators into minor units", () => {
    expect(ok("1 234,56", "RUB")).toEqual({ amount: 123456, currency: "RUB" })
    expect(ok("1234.56", "RUB")).toEqual({ amount: 123456, currency: "RUB" })
    expect(ok("1\u00a0234,5", "RUB")).toEqual({ amount: 123450, currency: "RUB" })
    expect(ok("1\u202f234\u202f567", "USD")).toEqual({ amount: 123456700, currency: "USD" })
    expect(ok("0,05", "EUR")).toEqual({ amount: 5, currency: "EUR" })
    expect(ok("  15 ", "RUB")).toEqual({ amount: 1500, currency: "RUB" })
  })

  test("reads negative amounts, with a hyphen or a minus sign", () => {
    expect(ok("-1 234,56", "RUB")).toEqual({ amount: -123456, currency: "RUB" })
    expect(ok("\u2212 15", "RUB")).toEqual({ amount: -1500, currency: "RUB" })
    expect(ok("+7,10", "RUB")).toEqual({ amount: 710, currency: "RUB" })
    expect(Object.is(ok("-0,00", "RUB").amount, 0)).toBe(true)
  })

  test("knows currencies without and with more minor units", () => {
    expect(minorUnits("RUB")).toBe(2)
    expect(minorUnits("JPY")).toBe(0)
    expect(minorUnits("KWD")).toBe(3)
    expect(ok("1 234", "JPY")).toEqual({ amount: 1234, currency: "JPY" })
    expect(ok("1,234", "KWD")).toEqual({ amount: 1234, currency: "KWD" })
  })

  test("more decimals than the currency has is an error, not a rounding", () => {
    expect(failure("1 234,567", "RUB")).toEqual({
      en: "Amounts in RUB have at most 2 decimal places",
      ru: "Сумма в RUB может иметь не больше 2 знаков после запятой",
    })
    // "1.234" is not read as one thousand: the dot is a decimal point.
    expect(failure("1.234", "USD").en).toBe("Amounts in USD have at most 2 decimal places")
    expect(failure("1,5", "JPY")).toEqual({ en: "Amounts in JPY have no fractional part", ru: "Сумма в JPY не может быть дробной" })
  })

  test("ambiguous or malformed amounts are errors", () => {
    for (const bad of ["1,234.56", "12 34", "1 2345", "1 234 56", "abc", "", "1e5", "1,", ",5", "--5", "5-", "1 234,56 ₽"]) {
      expect(failure(bad, "RUB")).toEqual(formatError)
    }
    expect(failure("99 999 999 999 999 999", "RUB")).toEqual({ en: "The amount is too large", ru: "Слишком большая сумма" })
    expect(failure("1", "rub")).toEqual({ en: "Expected a currency code like RUB, USD or EUR", ru: "Ожидается код валюты, например RUB, USD или EUR" })
  })
})

describe("Money schema", () => {
  test("decodes minor units and a currency code", () => {
    expect(decoded(Money, { amount: -500, currency: "RUB" })).toEqual({ amount: -500, currency: "RUB" })
  })

  test("fractional amounts and bad codes are errors on their fields", () => {
    expect(issues(Money, { amount: 12.5, currency: "RUB" })).toEqual(issue("Expected an integer", "Ожидается целое число", "amount"))
    expect(issues(Money, { amount: 1, currency: "rub" })).toEqual(
      issue("Expected a currency code like RUB, USD or EUR", "Ожидается код валюты, например RUB, USD или EUR", "currency"),
    )
  })
})

describe("MoneyFromText schema", () => {
  test("decodes typed text in the field's currency and encodes a plain decimal", () => {
    expect(decoded(MoneyFromText("RUB"), "1 234,56")).toEqual({ amount: 123456, currency: "RUB" })
    expect(Schema.encodeSync(MoneyFromText("RUB"))({ amount: -5, currency: "RUB" })).toBe("-0.05")
  })

  test("reports parse errors in both languages", () => {
    expect(issues(MoneyFromText("RUB"), "1 234,567")).toEqual(
      issue("Amounts in RUB have at most 2 decimal places", "Сумма в RUB может иметь не больше 2 знаков после запятой"),
    )
    expect(issues(MoneyFromText("EUR"), "12 34")).toEqual(issue(formatError.en, formatError.ru))
  })
})

test("moneyToDecimal", () => {
  expect(moneyToDecimal({ amount: 123456, currency: "RUB" })).toBe("1234.56")
  expect(moneyToDecimal({ amount: 5, currency: "RUB" })).toBe("0.05")
  expect(moneyToDecimal({ amount: -1234, currency: "JPY" })).toBe("-1234")
  expect(moneyToDecimal({ amount: 1, currency: "KWD" })).toBe("0.001")
})

test("formatMoney uses the locale's conventions", () => {
  const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, " ")
  expect(spaces(formatMoney({ amount: 123456, currency: "RUB" }, "ru-RU"))).toBe("1 234,56 ₽")
  expect(formatMoney({ amount: 123456, currency: "USD" }, "en-US")).toBe("$1,234.56")
  expect(formatMoney({ amount: -123456, currency: "USD" }, "en-US")).toBe("-$1,234.56")
  expect(formatMoney({ amount: 1234, currency: "JPY" }, "en-US")).toBe("¥1,234")
  expect(spaces(formatMoney({ amount: 100, currency: "EUR" }, "de-DE"))).toBe("1,00 €")
})
