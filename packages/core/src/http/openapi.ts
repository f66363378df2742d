/**
 * Builds the OpenAPI 3.1 document from the mounted Hono app itself: every
 * handler made by `endpoint`/`documented` carries its spec, and `app.routes`
 * knows the final path after mounting, so the document cannot drift.
 */
import { Schema } from "effect"
import type { Hono } from "hono"
import { ENDPOINT_DOC, type EndpointSpec } from "./endpoint"

const jsonSchema = (schema: Schema.Top) => {
  const doc = Schema.toJsonSchemaDocument(schema) as any
  return { ...doc.schema, ...(Object.keys(doc.definitions ?? {}).length ? { $defs: doc.definitions } : {}) }
}

const parametersOf = (schema: Schema.Top | undefined, where: "query" | "path") => {
  if (!schema) return []
  const s = jsonSchema(schema)
  const required = new Set<string>(s.required ?? [])
  return Object.entries<any>(s.properties ?? {}).map(([name, p]) => ({
    name, in: where, required: where === "path" || required.has(name), schema: p,
  }))
}

const problem = { $ref: "#/components/schemas/Problem" }

export const buildOpenApi = (app: Hono<any>, info: { title: string; version: string }) => {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of app.routes) {
    const spec = (r.handler as any)[ENDPOINT_DOC] as EndpointSpec<any, any, any> | undefined
    if (!spec || r.method === "ALL") continue
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")
    const ok = String(spec.status ?? 200)
    const responses: Record<string, unknown> = {
      [ok]: ok === "204"
        ? { description: "No content" }
        : { description: "Success", content: spec.response ? { "application/json": { schema: jsonSchema(spec.response) } } : undefined },
    }
    if (spec.body || spec.query || spec.params) responses["400"] = { description: "Invalid input", content: { "application/problem+json": { schema: problem } } }
    if (spec.auth !== "public") responses["401"] = { description: "Not authenticated", content: { "application/problem+json": { schema: problem } } }
    if (spec.roles) responses["403"] = { description: `Needs a role: ${spec.roles.join(", ")}`, content: { "application/problem+json": { schema: problem } } }
    ;(paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags ? [...spec.tags] : [path.split("/")[3] ?? "system"],
      parameters: [...parametersOf(spec.params, "path"), ...parametersOf(spec.query, "query")],
      requestBody: spec.body ? { required: true, content: { "application/json": { schema: jsonSchema(spec.body) } } } : undefined,
      responses,
      security: spec.auth === "public" ? [] : undefined,
    }
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "sb_session" },
        bearer: { type: "http", scheme: "bearer", description: "An API key (sbk_…) or a widget token" },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "code"],
          properties: {
            type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, code: { type: "string" },
            detail: { type: "string" },
            fields: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
          },
        },
      },
    },
  }
}
