import { ApiError } from "../api/errors.js"
import type { MessageKey } from "../i18n/i18n.js"

export interface ErrorText {
  readonly message: string
  readonly detail?: string | undefined
}

const codeFallbacks: Partial<Record<string, MessageKey>> = {
  invalid_credentials: "error.invalid_credentials",
  too_many_attempts: "error.too_many_attempts",
  network_error: "error.network",
}

/**
 * What to show for a failed call: the server's localised problem title (and detail), a text of
 * our own for network failures and for problems without a usable title.
 */
export function describeError(error: unknown, t: (key: MessageKey) => string): ErrorText {
  if (!(error instanceof ApiError)) return { message: t("error.unknown") }
  if (error.status === 0) return { message: t("error.network") }
  const fallback = codeFallbacks[error.code]
  const hasOwnTitle = error.title && !/^HTTP \d+$/.test(error.title)
  if (hasOwnTitle) return { message: error.title, detail: error.detail }
  if (fallback) return { message: t(fallback), detail: error.detail }
  if (error.status === 401) return { message: t("error.unauthorized"), detail: error.detail }
  return { message: error.detail ?? t("error.unknown") }
}
