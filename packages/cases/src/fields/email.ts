/**
 * E-mail addresses of applicants and partners: a pragmatic check that catches
 * what operators actually get wrong (a missing @, a space, no domain) without
 * rejecting real addresses the RFC allows. Domains are case-insensitive, so
 * they are stored lower-case; the local part is kept as typed.
 */
import { fieldMessage, normalisedString } from "./support"

/** Trims and lower-cases the domain: " Ivan.Petrov@Mail.RU " → "Ivan.Petrov@mail.ru". */
export const normaliseEmail = (raw: string): string => {
  const trimmed = raw.trim()
  const at = trimmed.lastIndexOf("@")
  return at < 0 ? trimmed : trimmed.slice(0, at + 1) + trimmed.slice(at + 1).toLowerCase()
}

/** The longest address that fits SMTP's forward path (RFC 5321 errata 1690). */
export const maxEmailLength = 254

// One @; a non-empty local part; a domain of at least two non-empty dot-separated labels; no whitespace.
const shape = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/

const messages = {
  format: fieldMessage(
    "Expected an e-mail address like name@example.com",
    "Ожидается адрес электронной почты, например name@example.com",
  ),
  length: fieldMessage(
    `An e-mail address has at most ${maxEmailLength} characters`,
    `Адрес электронной почты не длиннее ${maxEmailLength} символов`,
  ),
}

const problem = (email: string): string | undefined => {
  if (email.length > maxEmailLength) return messages.length.en
  if (!shape.test(email)) return messages.format.en
  return undefined
}

/** An e-mail address as typed; decodes to the trimmed address with a lower-case domain. */
export const Email = normalisedString(normaliseEmail, problem, {
  description: "E-mail address, at most 254 characters; the domain is stored lower-case",
  examples: ["ivan.petrov@example.com"],
})
