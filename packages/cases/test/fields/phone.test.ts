import { describe, expect, test } from "bun:test"
import { Schema } from "effect"
import { formatPhoneRu, makePhone, normalisePhone, Phone, PhoneOrShort } from "../../src/fields/phone"
import { decoded, issue, issues } from "./helpers"

const phoneError = issue("Expected a phone number like +7 900 123-45-67", "Ожидается номер телефона, например +7 900 123-45-67")
const phoneOrShortError = issue(
  "Expected a phone number like +7 900 123-45-67 or an internal number of 2–6 digits",
  "Ожидается номер телефона, например +7 900 123-45-67, или внутренний номер из 2–6 цифр",
)

describe("Phone schema", () => {
  test("every way operators type a Russian mobile number decodes to one E.164 number", () => {
    for (const typed of [
      "+7 (900) 123-45-67", "+79001234567", "8 900 123 45 67", "8(900)123-45-67", "89001234567",
      "7 900 123 45 67", "9001234567", "900 123-45-67", " +7 900 123 45 67 ",
    ]) {
      expect(decoded(Phone, typed)).toBe("+79001234567")
    }
  })

  test("Russian landlines with 8 or +7 decode too", () => {
    expect(decoded(Phone, "8 (495) 123-45-67")).toBe("+74951234567")
    expect(decoded(Phone, "+7 812 123 45 67")).toBe("+78121234567")
  })

  test("international numbers with + keep their digits; 00 and 8 10 prefixes become +", () => {
    expect(decoded(Phone, "+44 20 7946 0958")).toBe("+442079460958")
    expect(decoded(Phone, "+1 (212) 555-0123")).toBe("+12125550123")
    expect(decoded(Phone, "+375 29 123-45-67")).toBe("+375291234567")
    expect(decoded(Phone, "00 49 30 1234567")).toBe("+49301234567")
    expect(decoded(Phone, "8 10 49 30 1234567")).toBe("+49301234567")
  })

  test("numbers that cannot be read without guessing are errors", () => {
    for (const bad of [
      "+7 900 123 45 6", // 9 digits after +7
      "+7 900 123 45 678", // 11 digits after +7
      "8 900 123 45 6", // 10 digits starting with 8
      "4951234567", // 10 digits not starting with 9: the trunk prefix is missing
      "101", // an extension is not a phone number here
      "+1234567", // 7 digits
      "+1234567890123456", // 16 digits
      "+0123456789",
      "+7 900 123 45 67 доб. 12",
      "abc",
      "",
    ]) {
      expect(issues(Phone, bad)).toEqual(phoneError)
    }
  })

  test("encodes the stored number as it is", () => {
    expect(Schema.encodeSync(Phone)("+79001234567")).toBe("+79001234567")
  })
})

describe("PhoneOrShort schema", () => {
  test("accepts extensions of 2–6 digits as typed, and full numbers as E.164", () => {
    expect(decoded(PhoneOrShort, "101")).toBe("101")
    expect(decoded(PhoneOrShort, "12")).toBe("12")
    expect(decoded(PhoneOrShort, "123456")).toBe("123456")
    expect(decoded(PhoneOrShort, "8 900 123 45 67")).toBe("+79001234567")
    expect(decoded(makePhone({ allowShort: true }), "+7 (900) 123-45-67")).toBe("+79001234567")
  })

  test("one digit, seven digits or a + before a short number are errors", () => {
    for (const bad of ["1", "1234567", "+101", "10a"]) expect(issues(PhoneOrShort, bad)).toEqual(phoneOrShortError)
  })
})

test("normalisePhone answers null for what it cannot read", () => {
  expect(normalisePhone("8 900 123 45 67")).toBe("+79001234567")
  expect(normalisePhone("101")).toBeNull()
  expect(normalisePhone("101", { allowShort: true })).toBe("101")
  expect(normalisePhone("call me")).toBeNull()
})

test("formatPhoneRu writes Russian numbers the usual way and leaves others alone", () => {
  expect(formatPhoneRu("+79001234567")).toBe("+7 900 123-45-67")
  expect(formatPhoneRu("+442079460958")).toBe("+442079460958")
  expect(formatPhoneRu("101")).toBe("101")
})
