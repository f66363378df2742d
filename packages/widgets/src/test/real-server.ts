/**
 * Helpers of the `*.real.wtr.ts` tests, which run against the real server (see
 * test-support/real-server.mjs): the wtr dev server proxies `/api/*`, `/health` and the events
 * socket to it, so every call here is same-origin and the session cookie works as in the console.
 */
import type { Role } from "../api/types.js"

interface RealServerInfo {
  readonly demoPassword: string
}

const info = (globalThis as unknown as { __switchboardRealServer?: RealServerInfo }).__switchboardRealServer

/** The password of the demo users admin, supervisor and operator. */
export const DEMO_PASSWORD: string = info?.demoPassword ?? ""

if (!info) throw new Error("not in the real-server group: window.__switchboardRealServer is missing")

/** A login nobody has yet (the server lives for the whole wtr run). */
export function uniqueLogin(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(path, {
    method,
    credentials: "include",
    headers: { Accept: "application/json", "Accept-Language": "ru", ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T }
}

/** Signs this page in (sets the session cookie) with plain fetch; throws unless it worked. */
export async function signIn(login: string, password = DEMO_PASSWORD, remember = false): Promise<void> {
  const { status, body } = await call("POST", "/api/v1/auth/login", { login, password, remember })
  if (status !== 200) throw new Error(`sign-in of ${login} failed: ${status} ${JSON.stringify(body)}`)
}

export async function signOut(): Promise<void> {
  await call("POST", "/api/v1/auth/logout")
}

/** Any API call with this page's session; returns status and parsed body. */
export function api<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return call<T>(method, path, body, headers)
}

/** A widget token for the signed-in user. */
export async function widgetToken(): Promise<string> {
  const { status, body } = await call<{ token: string }>("POST", "/api/v1/auth/widget-tokens", {})
  if (status !== 201) throw new Error(`widget token: ${status} ${JSON.stringify(body)}`)
  return body.token
}

/**
 * A new user, invited by the demo admin through the API and with the password set; the page is
 * signed out afterwards.
 */
export async function createUser(roles: Role[] = ["operator"], password = "user-password-1"): Promise<{ login: string; password: string }> {
  const login = uniqueLogin("user")
  await signIn("admin")
  const created = await call<{ token: string }>("POST", "/api/v1/auth/invitations", { login, name: `Тест ${login}`, roles })
  if (created.status !== 201) throw new Error(`invitation: ${created.status} ${JSON.stringify(created.body)}`)
  await signOut()
  const accepted = await call("POST", "/api/v1/auth/invitations/accept", { token: created.body.token, password })
  if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`)
  return { login, password }
}
