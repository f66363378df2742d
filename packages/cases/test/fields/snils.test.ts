import { describe, expect, test } from "bun:test"
import { formatSnils, Snils, snilsChecksum, snilsChecksumOk } from "../../src/fields/snils"
import { decoded, issue, issues } from "./helpers"

const checksumError = issue("Invalid SNILS checksum: check the digits", "Неверная контрольная сумма СНИЛС: проверьте цифры")
const formatError = issue("Expected a SNILS of 11 digits like 112-233-445 95", "Ожидается СНИЛС из 11 цифр, например 112-233-445 95")

// Checksums worked out by hand from the Pension Fund rule (weights 9…1 over the first nine digits):
const handChecked = [
  // the common example: 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95 → 95
  "112-233-445 95",
  // 1·9+2·8+3·7+4·6+5·5+6·4+7·3+8·2+9·1 = 165 > 101 → 165 mod 101 = 64
  "123-456-789 64",
  // 9·9+2·8+3·1 = 100 → 00
  "920-000-003 00",
  // 9·9+2·8+1·4 = 101 → 00
  "920-001-000 00",
  // 9·9+9·8+6·7+1·6 = 201 → 201 mod 101 = 100 → 00
  "996-100-000 00",
]

describe("checksum", () => {
  test("matches numbers checked by hand, including the 100, 101 and mod-101 = 100 cases", () => {
    for (const snils of handChecked) {
      expect(snilsChecksumOk(snils)).toBe(true)
      expect(snilsChecksum(snils.replace(/\D/g, "").slice(0, 9))).toBe(snils.slice(-2))
    }
  })

  test("changing any one digit of a valid number breaks it", () => {
    const digits = "11223344595"
    for (let i = 0; i < 11; i++) {
      const changed = digits.slice(0, i) + String((Number(digits[i]) + 1) % 10) + digits.slice(i + 1)
      expect(snilsChecksumOk(changed)).toBe(false)
    }
  })

  test("does not apply to numbers up to 001-001-998", () => {
    expect(snilsChecksumOk("001-001-998 47")).toBe(true)
    expect(snilsChecksumOk("000-123-456 00")).toBe(true)
    // 001-001-999 is the first number it covers: 7 + 4 + 9·3 + 9·2 + 9·1 = 65.
    expect(snilsChecksumOk("001-001-999 65")).toBe(true)
    expect(snilsChecksumOk("001-001-999 47")).toBe(false)
  })
})

describe("Snils schema", () => {
  test("accepts the formatted and the bare form and decodes to 11 digits", () => {
    expect(decoded(Snils, "112-233-445 95")).toBe("11223344595")
    expect(decoded(Snils, "11223344595")).toBe("11223344595")
    expect(decoded(Snils, " 112 233 445 95 ")).toBe("11223344595")
    for (const snils of handChecked) expect(decoded(Snils, snils)).toBe(snils.replace(/\D/g, ""))
  })

  test("a changed digit is a checksum error", () => {
    expect(issues(Snils, "112-233-445 96")).toEqual(checksumError)
    expect(issues(Snils, "112-233-446 95")).toEqual(checksumError)
    expect(issues(Snils, "123-456-789 46")).toEqual(checksumError)
  })

  test("wrong length, letters and all zeros are errors", () => {
    expect(issues(Snils, "112-233-445")).toEqual(formatError)
    expect(issues(Snils, "112-233-445 955")).toEqual(formatError)
    expect(issues(Snils, "112-233-445 9O")).toEqual(formatError)
    expect(issues(Snils, "112/233/445 95")).toEqual(formatError)
    expect(issues(Snils, "000-000-000 00")).toEqual(issue("A SNILS cannot be all zeros", "СНИЛС не может состоять из одних нулей"))
  })
})

test("formatSnils writes the usual form", () => {
  expect(formatSnils("11223344595")).toBe("112-233-445 95")
  expect(formatSnils("112 233 445 95")).toBe("112-233-445 95")
  expect(formatSnils("12345")).toBe("12345")
})
