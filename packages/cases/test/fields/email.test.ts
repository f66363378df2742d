import { expect, test } from "bun:test"
import { Email, normaliseEmail } from "../../src/fields/email"
import { decoded, issue, issues } from "./helpers"

const formatError = issue("Expected an e-mail address like name@example.com", "Ожидается адрес электронной почты, например name@example.com")

test("trims and lower-cases the domain, keeping the local part as typed", () => {
  expect(decoded(Email, " Ivan.Petrov@Mail.RU ")).toBe("Ivan.Petrov@mail.ru")
  expect(decoded(Email, "support+case-42@sub.example.co.uk")).toBe("support+case-42@sub.example.co.uk")
  expect(decoded(Email, "оператор@почта.рф")).toBe("оператор@почта.рф")
  expect(normaliseEmail("no-at-sign")).toBe("no-at-sign")
})

test("a missing @, two @, spaces or a domain without a dot are errors", () => {
  for (const bad of ["ivan", "ivan@mail", "iv an@mail.ru", "ivan@mail .ru", "a@b@mail.ru", "@mail.ru", "ivan@.ru", "ivan@mail..ru", "ivan@mail.ru.", ""]) {
    expect(issues(Email, bad)).toEqual(formatError)
  }
})

test("at most 254 characters", () => {
  const domain = "@example.com" // 12 characters
  expect(decoded(Email, "a".repeat(242) + domain)).toHaveLength(254)
  expect(issues(Email, "a".repeat(243) + domain)).toEqual(
    issue("An e-mail address has at most 254 characters", "Адрес электронной почты не длиннее 254 символов"),
  )
})
