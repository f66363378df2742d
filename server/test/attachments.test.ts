/**
 * Attachments over HTTP: multipart upload past the global body limit, sniffed
 * types, downloads with safe headers and Cyrillic names, 413 and 415, roles,
 * tenants; and the server's configuration of storage and limits.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createTenant } from "@org/core/server"
import { createTestDatabase } from "@org/core/testing"
import { existsSync } from "node:fs"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { makeApp } from "../src/app"
import { ConfigError, loadConfig } from "../src/config"
import { makeRuntime, runtimeOptions } from "../src/runtime"
import { startTestApp, type TestApp } from "./harness"

let t: TestApp
let A: Awaited<ReturnType<TestApp["tenant"]>>
let B: Awaited<ReturnType<TestApp["tenant"]>>
let op: string
let bOp: string
beforeAll(async () => {
  t = await startTestApp()
  A = await t.tenant()
  B = await t.tenant()
  op = await A.login("operator")
  bOp = await B.login("operator")
}, 60_000)
afterAll(() => t.close())

const png = (size: number) => {
  const b = new Uint8Array(size)
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  for (let i = 8; i < size; i++) b[i] = (i * 31) % 251
  return b
}
const newCase = async (cookie = op) => (await t.call("POST", "/api/v1/cases", { cookie, body: { title: "with files", applicantPhone: "+79165550000" } })).json

/** Every file below `dir`, sorted (temporary files included). */
const filesUnder = async (dir: string): Promise<string[]> => {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await filesUnder(join(dir, e.name))))
    else out.push(join(dir, e.name))
  }
  return out.sort()
}

type App = { fetch: (r: Request) => Response | Promise<Response> }
const send = async (app: App, req: Request) => {
  const res = await app.fetch(req)
  const text = res.headers.get("content-type")?.includes("json") ? await res.text() : undefined
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined, res }
}
const upload = (caseId: string, file: Blob | null, name: string, o: { cookie?: string; token?: string; app?: App } = {}) => {
  const form = new FormData()
  form.append("comment", "taken at the scene")
  if (file) form.append("file", file, name)
  const headers: Record<string, string> = { "x-forwarded-for": "127.0.0.1" }
  if (o.cookie ?? (o.token ? undefined : op)) headers.cookie = o.cookie ?? op
  if (o.token) headers.authorization = `Bearer ${o.token}`
  return send(o.app ?? t.app, new Request(`http://test/api/v1/cases/${caseId}/attachments`, { method: "POST", headers, body: form }))
}
const download = (caseId: string, id: string, cookie = op) =>
  t.app.fetch(new Request(`http://test/api/v1/cases/${caseId}/attachments/${id}`, { headers: { cookie, "x-forwarded-for": "127.0.0.1" } }))

describe("upload and download", () => {
  test("a 300 KiB photo goes past the 64 KiB API body limit, is stored as image/png and comes back byte for byte", async () => {
    const c = await newCase()
    const bytes = png(300 * 1024)
    const r = await upload(c.id, new Blob([bytes], { type: "application/octet-stream" }), "Фото места ДТП.png")
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({ caseId: c.id, name: "Фото места ДТП.png", contentType: "image/png", size: bytes.length })
    expect(r.json.sha256).toBe(new Bun.CryptoHasher("sha256").update(bytes).digest("hex"))
    const list = await t.call("GET", `/api/v1/cases/${c.id}/attachments`, { cookie: op })
    expect(list.json.items.map((x: any) => x.id)).toEqual([r.json.id])
    const res = await download(c.id, r.json.id)
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("image/png")
    expect(res.headers.get("content-length")).toBe(String(bytes.length))
    expect(res.headers.get("x-content-type-options")).toBe("nosniff")
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="____ _____ ___.png"; filename*=UTF-8''${encodeURIComponent("Фото места ДТП.png")}`)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
    const journal = await t.call("GET", `/api/v1/cases/${c.id}/journal`, { cookie: op })
    expect(journal.json.items.at(-1)).toMatchObject({ kind: "attachment", actorLogin: A.logins.operator, data: { attachmentId: r.json.id, name: "Фото места ДТП.png" } })
  })

  test("the client's type is not trusted: an HTML page sent as image/png is served back as plain text", async () => {
    const c = await newCase()
    const r = await upload(c.id, new Blob(["<html><script>alert(1)</script></html>"], { type: "image/png" }), "pic.png")
    expect(r.json.contentType).toBe("text/plain")
    const res = await download(c.id, r.json.id)
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8")
    expect(res.headers.get("content-security-policy")).toContain("sandbox")
  })

  test("a program is 415 unsupported_media_type, whatever it is called; nothing is listed", async () => {
    const c = await newCase()
    const exe = new Uint8Array(2048)
    exe.set([0x4d, 0x5a, 0x90, 0x00])
    const r = await upload(c.id, new Blob([exe], { type: "application/pdf" }), "счёт.pdf")
    expect(r.status).toBe(415)
    expect(r.headers.get("content-type")).toContain("application/problem+json")
    expect(r.json).toMatchObject({ status: 415, code: "unsupported_media_type" })
    const zip = await upload(c.id, new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])]), "a.zip")
    expect(zip.json.code).toBe("unsupported_media_type")
    expect((await t.call("GET", `/api/v1/cases/${c.id}/attachments`, { cookie: op })).json.items).toEqual([])
  })

  test("not multipart → 415; multipart without a file field → 400 on `file`; an empty file → 400", async () => {
    const c = await newCase()
    const json = await t.call("POST", `/api/v1/cases/${c.id}/attachments`, { cookie: op, body: { file: "x" } })
    expect(json.status).toBe(415)
    expect(json.json.code).toBe("unsupported_media_type")
    const none = await upload(c.id, null, "")
    expect(none.status).toBe(400)
    expect(none.json.fields).toEqual([{ path: "file", message: 'Attach a file in the field "file"' }])
    const empty = await upload(c.id, new Blob([]), "empty.txt")
    expect(empty.status).toBe(400)
    expect(empty.json.fields[0].path).toBe("file")
    const broken = await send(t.app, new Request(`http://test/api/v1/cases/${c.id}/attachments`, {
      method: "POST", headers: { cookie: op, "content-type": "multipart/form-data; boundary=abc" }, body: "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nno end",
    }))
    expect(broken.status).toBe(400)
    expect(broken.json.code).toBe("malformed_body")
  })

  test("roles: an API key without operator, supervisor or admin cannot attach", async () => {
    const admin = await A.login("admin")
    const key = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: admin, body: { name: "mech", roles: ["mechanic"] } })).json.key
    const c = await newCase()
    const r = await upload(c.id, new Blob(["hello"]), "a.txt", { token: key })
    expect(r.status).toBe(403)
    expect((await upload(c.id, new Blob(["hello"]), "a.txt", { cookie: await A.login("supervisor") })).status).toBe(201)
  })

  test("tenant B can neither list, download nor attach to A's case", async () => {
    const c = await newCase()
    const r = await upload(c.id, new Blob(["%PDF-1.7 secret"]), "secret.pdf")
    expect((await t.call("GET", `/api/v1/cases/${c.id}/attachments`, { cookie: bOp })).status).toBe(404)
    const dl = await download(c.id, r.json.id, bOp)
    expect(dl.status).toBe(404)
    expect(await dl.text()).not.toContain("secret")
    const bCase = await newCase(bOp)
    expect((await download(bCase.id, r.json.id, bOp)).status).toBe(404)
    expect((await upload(c.id, new Blob(["x"]), "x.txt", { cookie: bOp })).status).toBe(404)
    expect((await t.call("GET", `/api/v1/cases/${c.id}/attachments`, { cookie: op })).json.items.length).toBe(1)
  })
})

describe("configured from the environment", () => {
  let dataDir: string
  let server: { app: App; close: () => Promise<void>; cookie: string; caseId: string }
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sb-attach-cfg-"))
    const config = loadConfig({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: "100000", ATTACHMENT_TYPES: "image/*, application/pdf" })
    const tdb = await createTestDatabase()
    const runtime = makeRuntime({ ...runtimeOptions(config), databaseUrl: tdb.url, pgliteDir: "memory://" })
    const app = makeApp(runtime, { bodyLimitBytes: 64 * 1024, trustProxy: true, secureCookies: false })
    const slug = `cfg${Date.now().toString(36)}`
    await runtime.runPromise(createTenant({ name: slug, slug, users: [{ login: `${slug}-op`, name: "op", password: t.password, roles: ["operator"] }] }))
    const login = await app.fetch(new Request("http://test/api/v1/auth/login", {
      method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "127.0.0.2" }, body: JSON.stringify({ login: `${slug}-op`, password: t.password }),
    }))
    const cookie = login.headers.get("set-cookie")!.split(";")[0]
    const c = await (await app.fetch(new Request("http://test/api/v1/cases", {
      method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ title: "cfg" }),
    }))).json() as { id: string }
    server = { app, cookie, caseId: c.id, close: async () => { await runtime.dispose(); await tdb.drop() } }
  }, 60_000)
  afterAll(async () => {
    await server.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  test("files land under DATA_DIR/files; only the configured types are accepted", async () => {
    const ok = await upload(server.caseId, new Blob([png(5000)]), "a.png", { cookie: server.cookie, app: server.app })
    expect(ok.status).toBe(201)
    expect(existsSync(join(dataDir, "files"))).toBe(true)
    const sharded = (await readdir(join(dataDir, "files"))).filter((d) => d !== ".tmp")
    expect(sharded).toHaveLength(1)
    const txt = await upload(server.caseId, new Blob(["plain text"]), "a.txt", { cookie: server.cookie, app: server.app })
    expect(txt.status).toBe(415)
  })

  test("over ATTACHMENT_MAX_BYTES: 413 at once from Content-Length, before the body is read", async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += 65536
        c.enqueue(new Uint8Array(65536))
        if (pulled > 50 * 1024 * 1024) c.close()
      },
    })
    const r = await send(server.app, new Request(`http://test/api/v1/cases/${server.caseId}/attachments`, {
      method: "POST", body, duplex: "half",
      headers: { cookie: server.cookie, "content-type": "multipart/form-data; boundary=xyz", "content-length": String(50 * 1024 * 1024) },
    } as RequestInit))
    expect(r.status).toBe(413)
    expect(r.json).toMatchObject({ code: "payload_too_large", status: 413 })
    expect(pulled).toBeLessThan(1024 * 1024)
  })

  test("over ATTACHMENT_MAX_BYTES without Content-Length: 413 while streaming, nothing stored", async () => {
    const before = await filesUnder(join(dataDir, "files"))
    const parts = [
      "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n",
    ]
    let sent = 0
    const head = new TextEncoder().encode(parts[0])
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head)
        c.enqueue(png(1000))
      },
      pull(c) {
        sent += 16384
        if (sent > 400_000) return c.close()
        c.enqueue(new Uint8Array(16384).fill(7))
      },
    })
    const r = await send(server.app, new Request(`http://test/api/v1/cases/${server.caseId}/attachments`, {
      method: "POST", body, duplex: "half", headers: { cookie: server.cookie, "content-type": "multipart/form-data; boundary=xyz" },
    } as RequestInit))
    expect(r.status).toBe(413)
    expect(r.json.code).toBe("payload_too_large")
    expect(sent).toBeLessThan(200_000)
    expect(await filesUnder(join(dataDir, "files"))).toEqual(before)
    const list = await (await server.app.fetch(new Request(`http://test/api/v1/cases/${server.caseId}/attachments`, { headers: { cookie: server.cookie } }))).json() as any
    expect(list.items.map((x: any) => x.name)).toEqual(["a.png"])
  })

  test("defaults: local files under DATA_DIR/files, 10 MiB, the desk's type list, no SMS provider", () => {
    expect(loadConfig({ DATA_DIR: "/srv/sb" })).toMatchObject({
      files: { kind: "local", dir: "/srv/sb/files" }, attachmentMaxBytes: 10 * 1024 * 1024, attachmentTypes: undefined,
    })
    expect(loadConfig({
      FILES_STORAGE: "s3", S3_ENDPOINT: "https://storage.yandexcloud.net", S3_REGION: "ru-central1", S3_BUCKET: "sb-files",
      S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret",
    }).files).toEqual({ kind: "s3", endpoint: "https://storage.yandexcloud.net", region: "ru-central1", bucket: "sb-files", accessKeyId: "id", secretAccessKey: "secret" })
  })

  const s3 = { FILES_STORAGE: "s3", S3_ENDPOINT: "http://127.0.0.1:9000", S3_BUCKET: "files", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b" }
  test.each([
    [{ FILES_STORAGE: "ftp" }, "FILES_STORAGE"],
    [{ ...s3, S3_BUCKET: "" }, "S3_BUCKET"],
    [{ ...s3, S3_BUCKET: "Bad_Bucket" }, "S3_BUCKET"],
    [{ ...s3, S3_ENDPOINT: "storage.local" }, "S3_ENDPOINT"],
    [{ ...s3, S3_ACCESS_KEY_ID: undefined }, "S3_ACCESS_KEY_ID"],
    [{ ...s3, S3_SECRET_ACCESS_KEY: " " }, "S3_SECRET_ACCESS_KEY"],
    [{ ATTACHMENT_MAX_BYTES: "10MB" }, "ATTACHMENT_MAX_BYTES"],
    [{ ATTACHMENT_MAX_BYTES: "0" }, "ATTACHMENT_MAX_BYTES"],
    [{ ATTACHMENT_TYPES: "images" }, "ATTACHMENT_TYPES"],
    [{ ATTACHMENT_TYPES: "image/png, text plain" }, "ATTACHMENT_TYPES"],
  ] as const)("a bad value names its variable: %p", (env, name) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(ConfigError)
    expect(() => loadConfig(env as Record<string, string>)).toThrow(name)
  })
})
