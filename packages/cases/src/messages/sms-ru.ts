/**
 * SMS through SMS.ru (https://sms.ru/api/send): POST /sms/send with api_id,
 * to (digits, no "+"), msg and json=1. The answer:
 *   {"status":"OK","status_code":100,"sms":{"79255070602":{"status":"OK","status_code":100,"sms_id":"000000-10000000"}},"balance":4122.56}
 * or, per number, {"status":"ERROR","status_code":207,"status_text":"…"};
 * a refused request as a whole is {"status":"ERROR","status_code":200,"status_text":"Неправильный api_id"}.
 * Status code 100 means "accepted for sending": our status `sent`; delivery
 * reports arrive later through POST /messages/status. The api_id travels in
 * the body, never in a URL that proxies might log.
 */
import { Effect } from "effect"
import type { MessageChannel, SendResult } from "./channels"

export interface SmsRuConfig {
  readonly apiId: string
  /** https://sms.ru by default; tests point it at a local imitation */
  readonly baseUrl?: string
  /** an approved sender name; the account's default when absent */
  readonly from?: string
  readonly timeoutMs?: number
}

interface SmsRuAnswer {
  status?: string
  status_code?: number
  status_text?: string
  sms?: Record<string, { status?: string; status_code?: number; status_text?: string; sms_id?: string }>
}

const failed = (reason: string): SendResult => ({ status: "failed", reason: reason.slice(0, 300) })
const refusal = (code: number | undefined, text: string | undefined) => failed(`smsru_${code ?? "error"}${text ? `: ${text}` : ""}`)

export const smsRuChannel = (config: SmsRuConfig): MessageChannel => {
  const url = `${(config.baseUrl ?? "https://sms.ru").replace(/\/+$/, "")}/sms/send`
  const send = async (to: string, text: string): Promise<SendResult> => {
    const number = to.replace(/\D/g, "")
    const form = new URLSearchParams({ api_id: config.apiId, to: number, msg: text, json: "1" })
    if (config.from) form.set("from", config.from)
    let res: Response
    try {
      res = await fetch(url, { method: "POST", body: form, signal: AbortSignal.timeout(config.timeoutMs ?? 15_000) })
    } catch (e) {
      return failed((e as Error)?.name === "TimeoutError" ? "timeout" : "network_error")
    }
    if (!res.ok) {
      await res.arrayBuffer().catch(() => undefined)
      return failed(`http_${res.status}`)
    }
    let answer: SmsRuAnswer
    try {
      answer = (await res.json()) as SmsRuAnswer
    } catch {
      return failed("bad_response")
    }
    if (answer?.status !== "OK") return refusal(answer?.status_code, answer?.status_text)
    const mine = answer.sms?.[number]
    if (!mine) return failed("bad_response")
    if (mine.status !== "OK") return refusal(mine.status_code, mine.status_text)
    return mine.sms_id ? { status: "sent", providerMessageId: mine.sms_id } : { status: "sent" }
  }
  return {
    channel: "sms",
    provider: "smsru",
    send: (message) => Effect.promise(() => send(message.to, message.text)),
  }
}
