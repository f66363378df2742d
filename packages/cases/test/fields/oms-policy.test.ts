import { describe, expect, test } from "bun:test"
import { OmsPolicy, omsPolicyCheckDigit, omsPolicyChecksumOk } from "../../src/fields/oms-policy"
import { decoded, issue, issues } from "./helpers"

// The worked example printed with the FFOMS algorithm for the ЕНП check digit:
// odd positions 99829958·2 = 199659916, even positions 9921914 written to its left,
// digit sum of 9921914199659916 is 90, so the check digit is 0.
const published = "8451999122899990"

const checkDigitError = issue("Invalid OMS policy check digit: check the number", "Неверная контрольная цифра полиса ОМС: проверьте номер")
const formatError = issue("An OMS policy number of the unified format has 16 digits", "Номер полиса ОМС единого образца состоит из 16 цифр")

// An independent Luhn check (ISO/IEC 7812), which the FFOMS rule amounts to.
const luhnOk = (digits: string) => {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

describe("check digit", () => {
  test("reproduces the published example", () => {
    expect(omsPolicyCheckDigit(published.slice(0, 15))).toBe("0")
    expect(omsPolicyChecksumOk(published)).toBe(true)
  })

  test("agrees with the Luhn check on many numbers", () => {
    let seed = 20_240_531
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648)
    let valid = 0
    for (let n = 0; n < 2000; n++) {
      const body = Array.from({ length: 15 }, () => String(next() % 10)).join("")
      const policy = body + String(next() % 10)
      expect(omsPolicyChecksumOk(policy)).toBe(luhnOk(policy))
      if (luhnOk(body + omsPolicyCheckDigit(body))) valid++
    }
    expect(valid).toBe(2000)
  })

  test("changing any one digit breaks it", () => {
    for (let i = 0; i < 16; i++) {
      const changed = published.slice(0, i) + String((Number(published[i]) + 3) % 10) + published.slice(i + 1)
      expect(omsPolicyChecksumOk(changed)).toBe(false)
    }
  })
})

describe("OmsPolicy schema", () => {
  test("decodes 16 digits, with or without spaces", () => {
    expect(decoded(OmsPolicy, published)).toBe(published)
    expect(decoded(OmsPolicy, "8451 9991 2289 9990")).toBe(published)
    expect(decoded(OmsPolicy, " 8451-9991-2289-9990 ")).toBe(published)
  })

  test("a wrong check digit or a changed digit is an error", () => {
    expect(issues(OmsPolicy, "8451999122899991")).toEqual(checkDigitError)
    expect(issues(OmsPolicy, "8451999122899890")).toEqual(checkDigitError)
  })

  test("anything but 16 digits is an error", () => {
    expect(issues(OmsPolicy, "845199912289999")).toEqual(formatError)
    expect(issues(OmsPolicy, "84519991228999901")).toEqual(formatError)
    expect(issues(OmsPolicy, "845199912289999O")).toEqual(formatError)
    expect(issues(OmsPolicy, "")).toEqual(formatError)
  })
})
