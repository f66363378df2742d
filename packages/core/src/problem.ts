/**
 * RFC 9457 problem details with a stable `code` and field messages in the
 * language the client asked for (Accept-Language: ru or en).
 */
import type { AppError, FieldIssue } from "./errors"

export type Lang = "ru" | "en"

export interface Problem {
  type: string
  title: string
  status: number
  code: string
  detail?: string
  fields?: { path: string; message: string }[]
  /** extension member of a 409 caused by a stale version */
  currentVersion?: number
  /** other extension members (DomainRejection.extra) */
  [member: string]: unknown
}

type Text = { en: string; ru: string }

const titles: Record<string, Text & { status: number }> = {
  validation_failed: { status: 400, en: "Some fields are invalid", ru: "Некоторые поля заполнены неверно" },
  malformed_body: { status: 400, en: "The request body is not valid JSON", ru: "Тело запроса — не корректный JSON" },
  payload_too_large: { status: 413, en: "The request body is too large", ru: "Тело запроса слишком велико" },
  not_found: { status: 404, en: "Not found", ru: "Не найдено" },
  unauthorized: { status: 401, en: "Authentication required", ru: "Требуется вход в систему" },
  invalid_credentials: { status: 401, en: "Wrong login or password", ru: "Неверный логин или пароль" },
  session_expired: { status: 401, en: "The session has expired", ru: "Сеанс истёк" },
  token_invalid: { status: 401, en: "The token is invalid or expired", ru: "Токен недействителен или истёк" },
  api_key_revoked: { status: 401, en: "The API key is revoked or unknown", ru: "Ключ API отозван или неизвестен" },
  forbidden: { status: 403, en: "You do not have the rights for this action", ru: "Недостаточно прав для этого действия" },
  conflict: { status: 409, en: "It already exists", ru: "Такая запись уже существует" },
  stale_version: { status: 409, en: "Someone changed it meanwhile: reload and apply your change again", ru: "Запись уже изменили: обновите её и повторите изменение" },
  too_many_attempts: { status: 429, en: "Too many attempts, try again later", ru: "Слишком много попыток, повторите позже" },
  internal: { status: 500, en: "Internal server error", ru: "Внутренняя ошибка сервера" },
  method_not_allowed: { status: 405, en: "Method not allowed", ru: "Метод не поддерживается" },
}

export const pickLang = (acceptLanguage: string | null | undefined): Lang => {
  if (!acceptLanguage) return "en"
  for (const part of acceptLanguage.split(",")) {
    const tag = part.split(";")[0].trim().toLowerCase()
    if (tag.startsWith("ru")) return "ru"
    if (tag.startsWith("en")) return "en"
  }
  return "en"
}

export const problemOf = (code: string, lang: Lang, extra: Partial<Problem> = {}): Problem => {
  const t = titles[code] ?? titles.internal
  return { type: `https://switchboard.dev/problems/${code}`, title: t[lang], status: t.status, code, ...extra }
}

const field = (f: FieldIssue, lang: Lang) => ({ path: f.path, message: f[lang] })

/** Maps a typed failure to the problem the client receives. */
export const toProblem = (error: AppError, lang: Lang): Problem => {
  switch (error._tag) {
    case "ValidationError":
      return problemOf("validation_failed", lang, { fields: error.fields.map((f) => field(f, lang)) })
    case "MalformedBody":
      return problemOf("malformed_body", lang, { detail: error.reason })
    case "PayloadTooLarge":
      return problemOf("payload_too_large", lang, {
        detail: lang === "ru" ? `Предел: ${error.limitBytes} байт` : `Limit: ${error.limitBytes} bytes`,
      })
    case "NotFound":
      return problemOf("not_found", lang, { detail: error.id ? `${error.entity} ${error.id}` : error.entity })
    case "Unauthorized":
      return problemOf(error.reason === "no_credentials" ? "unauthorized" : error.reason, lang)
    case "Forbidden":
      return problemOf("forbidden", lang, error.required ? { detail: `roles: ${error.required.join(", ")}` } : {})
    case "Conflict":
      if (error.currentVersion !== undefined) {
        return problemOf("stale_version", lang, { currentVersion: error.currentVersion })
      }
      return problemOf("conflict", lang, error.field
        ? { fields: [{ path: error.field, message: lang === "ru" ? "Значение уже занято" : "Value is already taken" }] }
        : {})
    case "TooManyRequests":
      return problemOf("too_many_attempts", lang, {
        detail: lang === "ru" ? `Повторите через ${error.retryAfterSeconds} с` : `Retry in ${error.retryAfterSeconds} s`,
      })
    case "DomainRejection":
      return {
        ...error.extra,
        type: `https://switchboard.dev/problems/${error.code}`,
        title: error[lang],
        status: error.status,
        code: error.code,
      }
    case "DatabaseError":
      return problemOf("internal", lang)
  }
}
