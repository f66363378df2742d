/** Writing problem+json responses. */
import type { Context } from "hono"
import type { AppError } from "../errors"
import { type Lang, type Problem, problemOf, toProblem } from "../problem"

export const problemResponse = (problem: Problem, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
  })

export const errorResponse = (error: AppError, lang: Lang) =>
  problemResponse(
    toProblem(error, lang),
    error._tag === "TooManyRequests" ? { "retry-after": String(error.retryAfterSeconds) } : {},
  )

export const langOf = (c: Context) => (c.get("lang") as Lang | undefined) ?? "en"

export const problemFor = (c: Context, code: string, extra: Partial<Problem> = {}) =>
  problemResponse(problemOf(code, langOf(c), extra))
