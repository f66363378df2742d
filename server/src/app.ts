/**
 * The reference HTTP application: mounts every package's routes under
 * /api/v1/<domain>, the events socket, SIP over WebSocket at /sip, health,
 * the OpenAPI document and the browser assets. Client errors are
 * problem+json; nothing answers 500 for them.
 */
import {
  makeApplicantsRoutes, makeCallLinksRoutes, makeCaseAnalyticsRoutes, makeCaseAttachmentsRoutes, makeCaseMessagesRoutes, makeCaseScriptsRoutes,
  makeCaseSearchRoutes, makeCaseSlaRoutes, makeCasesRoutes, makePartnerServicesRoutes, makeReferenceRoutes,
} from "@org/cases/server"
import {
  type AppEnv, authenticate, buildOpenApi, documented, makeAuditRoutes, makeAuthRoutes, problemFor, problemResponse,
} from "@org/core/server"
import { makeTelephonyRoutes, Sip } from "@org/telephony/server"
import { Effect } from "effect"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { cors } from "hono/cors"
import { getConnInfo, upgradeWebSocket } from "hono/bun"
import { createMiddleware } from "hono/factory"
import { consolePage, docsPage, favicon, softphoneBundle, swaggerAsset, widgetBundle } from "./assets"
import type { Config } from "./config"
import { eventsSocket } from "./events-socket"
import { checkHealth } from "./health"
import type { ServerRuntime } from "./runtime"

export const makeApp = (runtime: ServerRuntime, config: Pick<Config, "bodyLimitBytes" | "trustProxy" | "secureCookies">) => {
  const clientAddress = (c: any): string => {
    if (config.trustProxy) {
      const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim()
      if (forwarded) return forwarded
    }
    try {
      return getConnInfo(c).remote.address ?? "unknown"
    } catch {
      return "unknown"
    }
  }

  // A browser's WebSocket cannot read an HTTP 401, so an unauthenticated socket is accepted
  // and closed at once with 4401: the client then knows to stop retrying and log in again.
  const requireActor = createMiddleware<AppEnv>(async (c, next) => {
    const actor = c.get("actor")
    // A cookie-authenticated socket must come from our own pages (no cross-site socket hijacking).
    const origin = c.req.header("origin")
    const foreign = actor?.via === "session" && origin !== undefined && new URL(origin).host !== c.req.header("host")
    if (actor && !foreign) return next()
    if (c.req.header("upgrade")?.toLowerCase() === "websocket") {
      return upgradeWebSocket(() => ({ onOpen: (_e, ws) => ws.close(4401, "unauthorized") }))(c, next)
    }
    return problemFor(c, c.get("authError")?.reason === "token_invalid" ? "token_invalid" : "unauthorized")
  })

  const app = new Hono<AppEnv>()
  const apiBodyLimit = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: (c) => problemFor(c, "payload_too_large", { detail: `${config.bodyLimitBytes} bytes` }),
  })
  // Attachment uploads stream under their own, larger limit (ATTACHMENT_MAX_BYTES): the upload route
  // answers 413 payload_too_large itself, from Content-Length at once or while the body streams in.
  const attachmentUpload = /^\/api\/v1\/cases\/[^/]+\/attachments\/?$/
  app.use("/api/*", (c, next) => (c.req.method === "POST" && attachmentUpload.test(c.req.path) ? next() : apiBodyLimit(c, next)))
  // Widgets embedded in other sites (CRMs) call the API with a Bearer token. Any origin may,
  // but never with cookies: the console session stays same-site only.
  app.use("/api/*", cors({
    origin: "*",
    allowHeaders: ["Authorization", "Content-Type", "Accept-Language"],
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    exposeHeaders: ["Retry-After"],
    maxAge: 600,
  }))
  app.use("*", authenticate(runtime))

  app.route("/api/v1/auth", makeAuthRoutes(runtime, { clientAddress, secureCookies: config.secureCookies }))
  app.route("/api/v1/audit", makeAuditRoutes(runtime))
  app.route("/api/v1/cases/reference", makeReferenceRoutes(runtime)) // before /api/v1/cases and its "/:id"
  // The desk's modules come before the cases' own "/:id" routes (their fixed paths must win).
  for (const routes of [
    makeCaseSearchRoutes, makePartnerServicesRoutes, makeApplicantsRoutes, makeCaseScriptsRoutes, makeCaseAttachmentsRoutes,
    makeCaseMessagesRoutes, makeCaseSlaRoutes, makeCaseAnalyticsRoutes, makeCallLinksRoutes,
  ]) app.route("/api/v1/cases", routes(runtime))
  app.route("/api/v1/cases", makeCasesRoutes(runtime))

  // The softphone's WebSocket URL: this server's host as the client reached it (the proxy's, when trusted).
  const sipWsUrl = (c: any): string => {
    const url = new URL(c.req.url)
    const proto = (config.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim()) || url.protocol.replace(":", "")
    const host = (config.trustProxy && c.req.header("x-forwarded-host")?.split(",")[0]?.trim()) || c.req.header("host") || url.host
    return `${proto === "https" ? "wss" : "ws"}://${host}/sip`
  }
  app.route("/api/v1/telephony", makeTelephonyRoutes(runtime, { wsUrl: sipWsUrl }))

  // SIP over WebSocket (RFC 7118): phones and softphones register here; the SIP layer authenticates (digest).
  const sipProblem = (status: number, code: string, title: string, detail: string) =>
    problemResponse({ type: `https://switchboard.dev/problems/${code}`, title, status, code, detail })
  app.get("/sip", documented(
    {
      summary: "SIP over WebSocket (RFC 7118)",
      description: 'Upgrade to a WebSocket with the subprotocol "sip"; REGISTER with digest (the account\'s password, or the token of GET /api/v1/telephony/me/sip).',
      auth: "public", tags: ["telephony"],
    },
    async (c, next) => {
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        return sipProblem(426, "upgrade_required", "Upgrade to a WebSocket", 'Open a WebSocket with the subprotocol "sip"')
      }
      // Bun answers with the first subprotocol offered: it has to be ours.
      const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim())
      if (offered[0] !== "sip") return sipProblem(400, "sip_subprotocol_required", "The subprotocol must be sip", 'Offer the WebSocket subprotocol "sip" (RFC 7118)')
      const sip = await runtime.runPromise(Effect.service(Sip))
      if (!sip.server) return sipProblem(503, "sip_disabled", "SIP is disabled on this server", "SIP_ENABLED=false")
      const remoteAddress = clientAddress(c)
      let remotePort = 0
      try {
        remotePort = getConnInfo(c).remote.port ?? 0
      } catch {}
      return upgradeWebSocket(() => {
        let flow: ReturnType<typeof sip.openWebSocket>
        return {
          onOpen: (_e, ws) => {
            flow = sip.openWebSocket({ remoteAddress, remotePort, send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) })
            if (!flow) ws.close(1011, "SIP is not running")
          },
          onMessage: (e) => flow?.receive(e.data as string | ArrayBuffer),
          onClose: () => flow?.closed(),
        }
      })(c, next)
    },
  ))

  app.get("/api/v1/events", requireActor, documented(
    {
      summary: "WebSocket of domain events",
      description: 'Upgrade to a WebSocket; send {"type":"subscribe","topics":["case.created"]}. Authenticated by the session cookie or ?token=<widget token>. ?since=<seq> replays missed events.',
      tags: ["events"],
    },
    upgradeWebSocket((c) => {
      const since = Number(c.req.query("since"))
      return eventsSocket(runtime, c.get("actor")!, Number.isSafeInteger(since) && since >= 0 ? since : undefined)
    }),
  ))

  app.get("/health", documented({ summary: "Health of the server and its parts", auth: "public", tags: ["system"] }, async (c) => {
    const health = await checkHealth(runtime)
    return c.json(health, health.status === "down" ? 503 : 200)
  }))

  app.get("/api/v1/openapi.json", (c) => c.json(buildOpenApi(app, { title: "Switchboard API", version: "0.1.0" })))
  app.get("/docs", (c) => c.html(docsPage()))
  app.get("/docs/assets/:file{swagger-ui(-bundle\\.js|\\.css)}", (c) => {
    const file = c.req.param("file")
    return c.body(swaggerAsset(file), 200, { "content-type": file.endsWith(".css") ? "text/css" : "text/javascript", "cache-control": "public, max-age=3600" })
  })
  // Module scripts load in CORS mode: CRM pages on other origins embed this bundle.
  // scripts any page may load (a CRM on another origin), checked again on each load
  const script = { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache", "access-control-allow-origin": "*" }
  app.get("/widgets/embed.js", async (c) => c.body(await widgetBundle(), 200, script))
  app.get("/widgets/:file{softphone(-[A-Za-z0-9]+)?\\.js}", async (c) => {
    const text = (await softphoneBundle()).get(c.req.param("file"))
    if (text === undefined) return problemFor(c, "not_found", { detail: `${c.req.method} ${c.req.path}` })
    return c.body(text, 200, script)
  })
  app.get("/favicon.ico", (c) => c.body(favicon, 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" }))
  app.get("/", (c) => c.html(consolePage()))
  app.get("/invite", (c) => c.html(consolePage()))

  app.notFound((c) => problemFor(c, "not_found", { detail: `${c.req.method} ${c.req.path}` }))
  app.onError((err, c) => {
    console.error(`[${c.req.method} ${c.req.path}]`, err)
    return problemResponse({ type: "https://switchboard.dev/problems/internal", title: "Internal server error", status: 500, code: "internal" })
  })
  return app
}
