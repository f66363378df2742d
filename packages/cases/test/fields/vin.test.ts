import { describe, expect, test } from "bun:test"
import { normaliseVin, Vin, vinCheckDigit, vinCheckDigitOk } from "../../src/fields/vin"
import { decoded, issue, issues } from "./helpers"

// VINs published as examples whose check digit is right: the ISO 3779 / Wikipedia
// example, the all-ones VIN, and VINs used as examples by VIN decoders.
const northAmerican = ["1M8GDM9AXKP042788", "11111111111111111", "1HGCM82633A004352", "2HGES16575H591957", "1GNEK13ZX3R298984"]

const checkDigitError = issue("Invalid VIN check digit", "Неверная контрольная цифра VIN")

describe("check digit", () => {
  test("well-known valid VINs carry the right check digit", () => {
    for (const vin of [...northAmerican, "JH4KA7561PC008269"]) {
      expect(vinCheckDigitOk(vin)).toBe(true)
      expect(vinCheckDigit(vin)).toBe(vin[8])
    }
    expect(vinCheckDigit("1M8GDM9AXKP042788")).toBe("X")
  })

  test("replacing any digit with another digit breaks the check", () => {
    const vin = "1M8GDM9AXKP042788"
    for (let i = 0; i < 17; i++) {
      if (i === 8 || !/\d/.test(vin[i])) continue
      for (const d of "0123456789") {
        if (d === vin[i]) continue
        expect(vinCheckDigitOk(vin.slice(0, i) + d + vin.slice(i + 1))).toBe(false)
      }
    }
  })

  test("is undefined for text that is not 17 VIN characters", () => {
    expect(vinCheckDigit("1M8GDM9AXKP04278")).toBeUndefined()
    expect(vinCheckDigit("1M8GDM9AXKP04278O")).toBeUndefined()
  })
})

describe("Vin schema", () => {
  test("decodes valid North-American VINs unchanged", () => {
    for (const vin of northAmerican) expect(decoded(Vin, vin)).toBe(vin)
  })

  test("normalises case, spaces, dashes and Cyrillic look-alikes", () => {
    expect(decoded(Vin, "  1m8gdm9a-xkp 042788 ")).toBe("1M8GDM9AXKP042788")
    // М, А, Х, К, Р below are Cyrillic.
    expect(normaliseVin("1М8GDМ9АХКР042788")).toBe("1M8GDM9AXKP042788")
    expect(decoded(Vin, "1М8GDМ9АХКР042788")).toBe("1M8GDM9AXKP042788")
  })

  test("a wrong check digit is an error for manufacturers in North America (1–5)", () => {
    expect(issues(Vin, "1M8GDM9AXKP042789")).toEqual(checkDigitError)
    expect(issues(Vin, "1M8GDM9A1KP042788")).toEqual(checkDigitError)
    expect(issues(Vin, "2HGES16575H591958")).toEqual(checkDigitError)
    expect(issues(Vin, "11111111111111112")).toEqual(checkDigitError)
  })

  test("European and Russian VINs without a check digit are accepted", () => {
    for (const vin of ["WVWZZZ1JZXW000001", "XTA210990Y2765432", "VF1RFB00X12345678"]) {
      expect(vinCheckDigitOk(vin)).toBe(false)
      expect(decoded(Vin, vin)).toBe(vin)
    }
    // Japanese VINs are not held to it either, though this one has it right.
    expect(decoded(Vin, "jh4ka7561pc008269")).toBe("JH4KA7561PC008269")
  })

  test("I, O and Q are errors, also when typed as Cyrillic О, never silently 0", () => {
    const forbidden = issue(
      "A VIN never contains the letters I, O or Q: check whether it is 1 or 0",
      "В VIN не бывает букв I, O и Q: возможно, это цифры 1 или 0",
    )
    expect(issues(Vin, "WVWZZZ1JZXW0O0001")).toEqual(forbidden)
    expect(issues(Vin, "WVWZZZ1JZXW0О0001")).toEqual(forbidden) // Cyrillic О
    expect(issues(Vin, "1M8GDM9AXKP04278I")).toEqual(forbidden)
    expect(issues(Vin, "Q1M8GDM9AXKP04278")).toEqual(forbidden)
  })

  test("other characters and wrong lengths are errors", () => {
    const characters = issue("A VIN contains only Latin letters and digits", "VIN содержит только латинские буквы и цифры")
    expect(issues(Vin, "1M8GDM9AXKP04278Ж")).toEqual(characters)
    expect(issues(Vin, "1M8GDM9AXKP0427*8")).toEqual(characters)
    const length = issue("A VIN has 17 characters", "VIN состоит из 17 символов")
    expect(issues(Vin, "1M8GDM9AXKP04278")).toEqual(length)
    expect(issues(Vin, "1M8GDM9AXKP0427888")).toEqual(length)
    expect(issues(Vin, "")).toEqual(length)
    expect(issues(Vin, 17)).toEqual(issue("Expected string", "Ожидается строка"))
  })
})
