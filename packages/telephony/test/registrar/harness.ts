import {
  InMemoryAccountStore, LocationService, ManualClock, Registrar, type RegistrarOptions, type SipAccount, type SipRequest,
  type SipResponse, type Source, parseMessage,
} from "../../src/server"
import { authorization, challenges, request } from "../support/peers"

export const DOMAIN = "switchboard.test"
export const ALICE: SipAccount = { tenantId: "t1", accountId: "acc-alice", domain: DOMAIN, username: "alice", password: "wonderland" }
export const SOURCE: Source = { transport: "udp", address: "127.0.0.1", port: 5070, flowId: "udp:127.0.0.1:5070" }

export const setup = (options: Partial<RegistrarOptions> = {}, accounts: SipAccount[] = [ALICE]) => {
  const clock = new ManualClock(1_700_000_000_000)
  const store = new InMemoryAccountStore(accounts)
  const location = new LocationService({ clock, maxContactsPerAor: 3 })
  const registrar = new Registrar({
    accounts: store, location, clock, nonceSecret: "a test secret of enough length", maxAuthFailures: 3, authFailureWindowMs: 60_000, ...options,
  })
  let cseq = 0
  const send = async (
    o: { user?: string; callId?: string; cseq?: number; contacts?: string[]; headers?: string[]; auth?: string; source?: Source } = {},
  ): Promise<SipResponse> => {
    const text = request({
      method: "REGISTER",
      port: 5070,
      callId: o.callId ?? "reg-call-1",
      cseq: o.cseq ?? ++cseq,
      to: `<sip:${o.user ?? "alice"}@${DOMAIN}>`,
      from: `<sip:${o.user ?? "alice"}@${DOMAIN}>`,
      headers: [...(o.contacts ?? []).map((c) => `Contact: ${c}`), ...(o.auth ? [`Authorization: ${o.auth}`] : []), ...(o.headers ?? [])],
    })
    const r = parseMessage(text)
    if (!r.ok) throw new Error(`bad REGISTER: ${r.error.reason}`)
    return registrar.handle(r.message as SipRequest, o.source ?? SOURCE)
  }
  /** REGISTER, take the challenge, answer it (algorithm of choice), return the final response. */
  const register = async (
    o: Parameters<typeof send>[0] & { password?: string; algorithm?: "MD5" | "SHA-256"; nc?: number } = {},
  ): Promise<SipResponse> => {
    const challenge = await send({ ...o, auth: undefined })
    if (challenge.status !== 401) return challenge
    const c = challenges(challenge).find((x) => x.algorithm === (o.algorithm ?? "MD5")) ?? challenges(challenge)[0]
    return send({
      ...o,
      auth: authorization({
        username: o.user ?? "alice", password: o.password ?? ALICE.password!, realm: c.realm, nonce: c.nonce,
        uri: `sip:${DOMAIN}`, algorithm: o.algorithm ?? "MD5", nc: o.nc,
      }),
    })
  }
  return { clock, store, location, registrar, send, register }
}

export const contactsOf = (r: SipResponse) => r.headers.getAll("Contact")
