/**
 * `Sip`: the SIP server of the platform as a scoped resource. It listens on
 * UDP and TCP (phones, trunks, SIPp), takes WebSocket flows from the HTTP
 * server (`openWebSocket`, at /sip), finds accounts and numbers through
 * `SipDirectory`, and turns the call tracker's hooks into stored call records
 * and the events `call.ringing`, `call.answered`, `call.ended` (for
 * supervisors and the users whose accounts take part). When UDP/TCP cannot be
 * bound the server still serves WebSocket phones and reports itself down.
 * Stopping it ends the calls in progress and waits until their records are
 * stored.
 */
import { type Actor, type Audience, CurrentActor, type Database, EventBus, transaction } from "@org/core/server"
import { Context, Effect, Layer } from "effect"
import { networkInterfaces } from "node:os"
import type { CallInProgress } from "../events"
import { callAnswered, callEnded, callRinging } from "../events"
import type { DigestAlgorithm } from "../registrar/digest"
import type { ActiveCall, CallRecord } from "../routing/call-tracker"
import { type ListeningAddresses, SipServer } from "../sip-server/sip-server"
import type { TransportLogger } from "../transport/types"
import type { WsFlow, WsSocketCallbacks } from "../transport/ws"
import { CallRecords } from "./call-records"
import { SipDirectory } from "./directory"
import { isoOrNull, iso } from "./shared"

export interface SipOptions {
  /** address UDP and TCP bind (0.0.0.0: every interface) */
  readonly host: string
  /** UDP and TCP port (0: any free port) */
  readonly port: number
  /** the address put in Via and Record-Route (default: `host`; for 0.0.0.0 the machine's first non-loopback IPv4 address) */
  readonly advertisedHost?: string | undefined
  /** digest algorithms offered, in order (default SHA-256, MD5; old phones and SIPp < 3.7 read only the first: put MD5 first for them) */
  readonly algorithms?: readonly DigestAlgorithm[] | undefined
  /** also listen on TCP (default true) */
  readonly tcp?: boolean | undefined
  /** nobody answers within this: 480 (default 60 s) */
  readonly ringTimeoutMs?: number | undefined
  readonly logger?: TransportLogger | undefined
}

export interface SipStatus {
  readonly status: "ok" | "down" | "disabled"
  readonly error?: string
  readonly udp?: { address: string; port: number }
  readonly tcp?: { address: string; port: number }
  readonly registrations?: number
  readonly activeCalls?: number
  readonly webSocketFlows?: number
}

export interface SipShape {
  /** the running server; undefined when SIP is disabled */
  readonly server: SipServer | undefined
  readonly status: () => SipStatus
  /** Plugs an accepted WebSocket (subprotocol "sip") in; undefined when SIP is disabled. */
  readonly openWebSocket: (socket: WsSocketCallbacks) => WsFlow | undefined
  /** The HTTP server's port: Via and Record-Route of what goes over WebSocket flows (host: the advertised address). */
  readonly setWebSocketPort: (port: number) => void
}

const systemActor = (tenantId: string): Actor => ({ tenantId, userId: null, login: "sip", roles: [], groups: [], via: "system" })

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** For a wildcard bind: the first non-loopback IPv4 address of the machine (else 127.0.0.1). */
const primaryAddress = () => {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address
  }
  return "127.0.0.1"
}

export class Sip extends Context.Service<Sip, SipShape>()("@org/telephony/Sip") {
  /** SIP off: no listeners, /sip refuses, health says "disabled". */
  static disabled = Layer.succeed(Sip, {
    server: undefined,
    status: () => ({ status: "disabled" }),
    openWebSocket: () => undefined,
    setWebSocketPort: () => {},
  })

  static layer = (options: SipOptions | undefined) => (options ? Layer.effect(Sip, make(options)) : Sip.disabled)
}

const make = (options: SipOptions) =>
  Effect.gen(function* () {
    const directory = yield* SipDirectory
    const records = yield* CallRecords
    const bus = yield* EventBus
    const context = yield* Effect.context<Database>()
    const logger = options.logger ?? { warn: (m: string, d?: unknown) => console.warn(`[sip] ${m}`, d ?? "") }
    const run = <A, E>(effect: Effect.Effect<A, E, Database>) => Effect.runPromise(effect.pipe(Effect.provideContext(context)))

    // Work for each call runs in order (ringing before answered before ended), calls in parallel.
    const chains = new Map<string, Promise<void>>()
    const enqueue = (key: string, task: () => Promise<void>) => {
      const next = (chains.get(key) ?? Promise.resolve()).then(task).catch((e) => logger.warn?.("call event not stored", e))
      chains.set(key, next)
      void next.finally(() => {
        if (chains.get(key) === next) chains.delete(key)
      })
    }

    const namesOf = async (caller: string | undefined, callee: string | undefined, targets: readonly string[]) => {
      const [c, d, ...t] = await Promise.all([directory.accountInfo(caller), directory.accountInfo(callee), ...targets.map((id) => directory.accountInfo(id))])
      const userIds = [c, d, ...t].flatMap((i) => (i?.userId ? [i.userId] : []))
      const audience: Audience = { roles: ["supervisor"], userIds: [...new Set(userIds)] }
      return { callerName: c?.comment ?? null, calleeName: d?.comment ?? null, audience }
    }

    const inProgress = (call: ActiveCall, names: { callerName: string | null; calleeName: string | null }): CallInProgress => ({
      callId: call.callId, fromTag: call.fromTag, direction: call.direction,
      from: { user: call.from.user, displayName: call.from.displayName ?? null, uri: call.from.uri },
      to: { user: call.to.user, displayName: call.to.displayName ?? null, uri: call.to.uri },
      callerAccountId: call.callerAccountId ?? null, calleeAccountId: call.calleeAccountId ?? null,
      targetAccountIds: [...call.targetAccountIds], ...names,
      startedAt: iso(call.startedAt), ringingAt: isoOrNull(call.ringingAt), answeredAt: isoOrNull(call.answeredAt),
    })

    const progress = (def: typeof callRinging) => (call: ActiveCall) =>
      enqueue(`${call.callId}\u0001${call.fromTag}`, async () => {
        const { audience, ...names } = await namesOf(call.callerAccountId, call.calleeAccountId, call.targetAccountIds)
        await run(bus.publish(def, inProgress(call, names), { audience }).pipe(Effect.provideService(CurrentActor, systemActor(call.tenantId))))
      })

    const ended = (record: CallRecord) =>
      enqueue(`${record.callId}\u0001${record.fromTag}`, async () => {
        const { audience, ...names } = await namesOf(record.callerAccountId, record.calleeAccountId, record.targetAccountIds)
        await run(transaction(Effect.gen(function* () {
          const dto = yield* records.record(record, names)
          yield* bus.publish(callEnded, dto, { audience })
        })).pipe(Effect.provideService(CurrentActor, systemActor(record.tenantId))))
      })

    const advertised = options.advertisedHost ?? (options.host === "0.0.0.0" || options.host === "::" ? primaryAddress() : options.host)
    const build = (listen: boolean) => {
      const server = new SipServer({
        host: options.host,
        udp: listen ? { port: options.port } : false,
        tcp: listen && options.tcp !== false ? { port: options.port } : false,
        advertisedHost: advertised,
        accounts: directory.accounts,
        dialplan: directory.dialplan,
        nonceSecret: directory.nonceSecret,
        registrar: options.algorithms ? { algorithms: [...options.algorithms] } : {},
        routing: { trustRegisteredFlows: ["ws"], ringTimeoutMs: options.ringTimeoutMs ?? 60_000 },
        logger,
      })
      server.calls.onRinging(progress(callRinging))
      server.calls.onAnswered(progress(callAnswered))
      server.calls.onEnded(ended)
      return server
    }

    const started = yield* Effect.acquireRelease(
      Effect.promise(async () => {
        const server = build(true)
        try {
          const addresses: ListeningAddresses = await server.start()
          return { server, addresses, error: undefined as string | undefined }
        } catch (e) {
          // UDP/TCP taken or not allowed: WebSocket phones still work; health says down.
          const error = `cannot listen on ${options.host}:${options.port}: ${messageOf(e)}`
          logger.warn?.(error)
          const fallback = build(false)
          await fallback.start()
          return { server: fallback, addresses: {} as ListeningAddresses, error }
        }
      }),
      ({ server }) =>
        Effect.promise(async () => {
          await server.stop()
          // the calls the stop ended: their records and events go out before the database closes
          while (chains.size > 0) await Promise.allSettled([...chains.values()])
        }),
    )

    const { server, addresses, error } = started
    return {
      server,
      status: (): SipStatus => ({
        status: error ? "down" : "ok",
        ...(error ? { error } : {}),
        ...addresses,
        registrations: server.location.all().length,
        activeCalls: server.calls.size,
        webSocketFlows: server.ws.flowCount,
      }),
      openWebSocket: (socket) => server.ws.openFlow(socket),
      setWebSocketPort: (port) => server.ws.setLocal(advertised, port),
    } satisfies SipShape
  })
