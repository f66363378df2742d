/** Response helpers of the in-page fake server (see fake-api.ts). */
import type { ProblemField } from "../api/types.js"

export type FakeLang = "ru" | "en"

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } })
}

export function noContent(): Response {
  return new Response(null, { status: 204 })
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail?: string,
  fields?: ProblemField[],
  headers: Record<string, string> = {},
): Response {
  const body = { type: `urn:switchboard:problem:${code}`, title, status, code, ...(detail ? { detail } : {}), ...(fields ? { fields } : {}) }
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
