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

/** Runs a command of the wtr server's plugins (what `@web/test-runner-commands` does). */
async function serverCommand<T>(command: string, payload: unknown): Promise<T> {
  const sessionId = new URL(location.href).searchParams.get("wtr-session-id")
  const socketModule = "/__web-dev-server__web-socket.js"
  const { sendMessageWaitForResponse } = (await import(/* @vite-ignore */ socketModule)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed: boolean; result: T }>
  }
  const response = await sendMessageWaitForResponse({ type: "wtr-command", sessionId, command, payload })
  if (!response.executed) throw new Error(`no plugin runs the command ${command}`)
  return response.result
}

/**
 * Takes the lock over the demo users (test-support/real-server.mjs): "shared" to rely on them as
 * seeded, "exclusive" to change them (and put them back before unlocking). Test files run side
 * by side against one server; this keeps a file that disables the demo supervisor from running
 * while another signs him in. Resolves with the unlock function.
 */
export async function lockDemoUsers(mode: "shared" | "exclusive", timeoutMs = 100_000): Promise<() => Promise<void>> {
  const owner = `${mode}:${crypto.randomUUID()}`
  const until = Date.now() + timeoutMs
  for (;;) {
    const { granted } = await serverCommand<{ granted: boolean }>("switchboard-demo-users", { op: "acquire", owner, mode })
    if (granted) break
    if (Date.now() > until) throw new Error(`the demo users stayed locked for ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return async () => {
    await serverCommand("switchboard-demo-users", { op: "release", owner })
  }
}

/** Holds the demo users "shared" for the describe block it is called in. */
export function useDemoUsersAsSeeded(): void {
  let unlock: (() => Promise<void>) | undefined
  before(async function () {
    this.timeout(110_000)
    unlock = await lockDemoUsers("shared")
  })
  after(async () => {
    await unlock?.()
  })
}
