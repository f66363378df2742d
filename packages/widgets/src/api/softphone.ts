/**
 * The softphone's one server call: `GET /api/v1/telephony/me/sip` — the signed-in user's SIP
 * credentials (session cookie or widget token, like every other call of the client). The
 * password never appears in the page source: `<org-softphone>` asks for it at start and keeps it
 * in memory only.
 */
import type { ApiClient } from "./client.js"
import { ApiError } from "./errors.js"
import type { ProblemDto } from "./types.js"

export const SOFTPHONE_CREDENTIALS_PATH = "/api/v1/telephony/me/sip"

/** One of the user's numbers (`extensions` of the answer), as the widget shows it. */
export interface SoftphoneExtensionDto {
  readonly number: string
  readonly name?: string
}

/** What `GET /api/v1/telephony/me/sip` answers (the server may add fields; they are ignored). */
export interface SoftphoneCredentialsDto {
  /** `wss://host/sip` (or a path such as `/sip`, resolved against the API's origin). */
  readonly wsUrl: string
  /** The account's address of record, `sip:101@tenant.example`. */
  readonly uri: string
  readonly authorizationUsername: string
  readonly password: string
  readonly displayName: string
  /** The user's short numbers (strings or `{number, name}`); the first is shown as "my number". */
  readonly extensions?: readonly (string | SoftphoneExtensionDto)[]
  /** Until when the password (a SIP token) is accepted (ISO time); ask again before then. */
  readonly passwordExpiresAt?: string
  /** Who can be dialled: extensions, and accounts by username. */
  readonly directory?: {
    readonly extensions?: readonly SoftphoneExtensionDto[]
    readonly accounts?: readonly { readonly username: string; readonly displayName?: string }[]
  }
}

/** The credentials as the engine uses them: URLs absolute, extensions normalised. */
export interface SoftphoneCredentials {
  readonly wsUrl: string
  readonly uri: string
  readonly authorizationUsername: string
  readonly password: string
  readonly displayName: string
  readonly extensions: readonly SoftphoneExtensionDto[]
  /** Epoch ms after which the password stops working, when the server says. */
  readonly expiresAt?: number
  /** Numbers with names that can be dialled (the server's directory), for suggestions and names. */
  readonly directory: readonly SoftphoneExtensionDto[]
}

/** Who asks: the ApiClient a provider shares (the console), else the element's own base URL and token. */
export interface CredentialsSource {
  readonly client?: ApiClient | undefined
  readonly baseUrl?: string | undefined
  readonly token?: string | undefined
  readonly lang: string
  readonly fetch?: typeof fetch
}

/**
 * Fetches and checks the credentials: through the shared ApiClient when there is one, else with
 * the same rules as ApiClient (Bearer token and no cookies, or the session cookie) but without
 * it — a standalone softphone needs this one call only. An {@link ApiError} on failure
 * (`invalid_response` when the answer lacks a field, `network_error` when the server is out of reach).
 */
export async function fetchSoftphoneCredentials(source: CredentialsSource): Promise<SoftphoneCredentials> {
  if (source.client) {
    const body = await source.client.request<unknown>("GET", SOFTPHONE_CREDENTIALS_PATH, undefined, { lang: source.lang })
    return parseSoftphoneCredentials(body, source.client.url(""))
  }
  const base = (source.baseUrl ?? "").replace(/\/+$/, "")
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json", "Accept-Language": source.lang }
  if (source.token) headers["Authorization"] = `Bearer ${source.token}`
  let response: Response
  try {
    response = await (source.fetch ?? globalThis.fetch.bind(globalThis))(`${base}${SOFTPHONE_CREDENTIALS_PATH}`, {
      headers,
      credentials: source.token ? "omit" : "include",
    })
  } catch (cause) {
    throw new ApiError({ status: 0, code: "network_error", title: "Network error", cause })
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const problem: ProblemDto = typeof body === "object" && body !== null ? (body as ProblemDto) : { title: `HTTP ${response.status}`, code: "http_error" }
    throw ApiError.fromProblem(response.status, problem, undefined, body)
  }
  return parseSoftphoneCredentials(body, base)
}

/** Validates an answer of the credentials endpoint; `apiBase` resolves a relative `wsUrl`. */
export function parseSoftphoneCredentials(body: unknown, apiBase = ""): SoftphoneCredentials {
  const v = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>
  const str = (key: string): string => {
    const value = v[key]
    if (typeof value !== "string" || value === "") {
      throw new ApiError({ status: 200, code: "invalid_response", title: `Invalid softphone credentials: ${key}` })
    }
    return value
  }
  const uri = str("uri")
  if (!/^sips?:[^@\s]+@[^@\s]+$/i.test(uri)) {
    throw new ApiError({ status: 200, code: "invalid_response", title: "Invalid softphone credentials: uri" })
  }
  const expires = typeof v["passwordExpiresAt"] === "string" ? Date.parse(v["passwordExpiresAt"]) : NaN
  const dir = (typeof v["directory"] === "object" && v["directory"] !== null ? v["directory"] : {}) as Record<string, unknown>
  const accounts = Array.isArray(dir["accounts"])
    ? (dir["accounts"] as unknown[]).map((a) => {
        const x = (typeof a === "object" && a !== null ? a : {}) as Record<string, unknown>
        return { number: x["username"], name: x["displayName"] }
      })
    : []
  return {
    wsUrl: resolveWsUrl(str("wsUrl"), apiBase),
    uri,
    authorizationUsername: str("authorizationUsername"),
    password: str("password"),
    displayName: typeof v["displayName"] === "string" ? v["displayName"] : "",
    extensions: numbers(v["extensions"]),
    ...(Number.isFinite(expires) ? { expiresAt: expires } : {}),
    directory: [...numbers(dir["extensions"]), ...numbers(accounts)],
  }
}

/** `["101", {number: "500", name: "Sales"}]` → `[{number: "101"}, {number: "500", name: "Sales"}]`; the rest dropped. */
function numbers(list: unknown): SoftphoneExtensionDto[] {
  const out: SoftphoneExtensionDto[] = []
  if (!Array.isArray(list)) return out
  for (const e of list as unknown[]) {
    if (typeof e === "string" && e) out.push({ number: e })
    else if (typeof e === "object" && e !== null) {
      const x = e as Record<string, unknown>
      if (typeof x["number"] !== "string" || x["number"] === "") continue
      out.push(typeof x["name"] === "string" && x["name"] ? { number: x["number"], name: x["name"] } : { number: x["number"] })
    }
  }
  return out
}

/** `/sip` → `ws(s)://<api origin>/sip`; `https://…` → `wss://…`; ws(s) URLs unchanged. */
export function resolveWsUrl(wsUrl: string, apiBase = ""): string {
  const page = typeof location !== "undefined" ? location.href : "http://localhost/"
  const url = new URL(wsUrl, new URL(apiBase || "/", page))
  if (url.protocol === "https:") url.protocol = "wss:"
  else if (url.protocol === "http:") url.protocol = "ws:"
  return url.toString()
}

/** Why the softphone has no credentials: not signed in, no SIP account, blocked, server unreachable. */
export type CredentialsProblem = "unauthorized" | "no-account" | "blocked" | "unavailable" | "invalid"

export function credentialsProblemOf(error: unknown): CredentialsProblem {
  if (error instanceof ApiError) {
    if (error.status === 403 && error.code === "sip_account_blocked") return "blocked"
    if (error.status === 401 || error.status === 403) return "unauthorized"
    if (error.status === 404) return "no-account"
    if (error.code === "invalid_response") return "invalid"
  }
  return "unavailable"
}

/** True when the engine must hear about new credentials (what it uses differs). */
export function credentialsChanged(before: SoftphoneCredentials | undefined, after: SoftphoneCredentials): boolean {
  return !before || (["password", "uri", "authorizationUsername", "wsUrl", "displayName"] as const).some((k) => after[k] !== before[k])
}

/** When to ask again: at 80 % of the password's remaining life, at least a minute from now; undefined when it does not expire. */
export function refreshDelay(credentials: SoftphoneCredentials, now = Date.now()): number | undefined {
  if (credentials.expiresAt === undefined) return undefined
  return Math.min(Math.max(60_000, (credentials.expiresAt - now) * 0.8), 2 ** 31 - 1)
}
