import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import {
  type Actor, coreMigrations, createTenant, CurrentActor, type DomainEvent, EventBus, localFileStorage, loadActor,
} from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer } from "effect"
import { createHash } from "node:crypto"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { BodyTooLarge, boundaryOf, findFilePart, MultipartError } from "../src/attachments/multipart"
import { contentDisposition } from "../src/attachments/routes"
import { CaseAttachments, cleanFileName } from "../src/attachments/service"
import { attachmentSettingsLayer } from "../src/attachments/settings"
import { sniffContentType, typeAllowed } from "../src/attachments/sniff"
import { Cases, casesAttachmentsMigrations, casesMigrations, CaseTypes, Reference, referenceMigrations } from "../src/server"

const LIMIT = 64 * 1024
let tdb: TestDatabase
let dir: string
let runtime: ReturnType<typeof makeRuntime>
const makeRuntime = (url: string | undefined) =>
  makeTestRuntime(CaseAttachments.layer.pipe(
    Layer.provideMerge(Layer.mergeAll(localFileStorage(dir), attachmentSettingsLayer({ maxBytes: LIMIT }))),
    Layer.provideMerge(Cases.layer),
    Layer.provideMerge(Layer.merge(CaseTypes.layer, Reference.layer)),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesAttachmentsMigrations])),
  ))

type Svc = CaseAttachments["Service"]
const run = <A, E>(actor: Actor, f: (s: Svc, c: Cases["Service"]) => Effect.Effect<A, E, any>) =>
  Effect.gen(function* () {
    return yield* f(yield* CaseAttachments, yield* Cases)
  }).pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>
const as = <A, E>(actor: Actor, f: (s: Svc, c: Cases["Service"]) => Effect.Effect<A, E, any>) => runtime.runPromise(run(actor, f))
const failure = async <A, E>(actor: Actor, f: (s: Svc, c: Cases["Service"]) => Effect.Effect<A, E, any>): Promise<any> => {
  const exit = await runtime.runPromiseExit(run(actor, f))
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}

let n = 0
const operator = async () => {
  const slug = `att${Date.now().toString(36)}${n++}`
  const t = await runtime.runPromise(createTenant({ name: slug, slug, users: [{ login: `${slug}-op`, name: "op", password: "0123456789", roles: ["operator"] }] }))
  return (await runtime.runPromise(loadActor(t.users[0].id, "session")))!
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4, 5, 6, 7, 8])
const text = (s: string) => new TextEncoder().encode(s)
async function* chunks(bytes: Uint8Array, size = 1000) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size)
}
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex")
const storedFiles = async () => {
  const found: string[] = []
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name))
      else found.push(join(d, e.name))
    }
  }
  await walk(dir)
  return found
}

let A: Actor
let B: Actor
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sb-attachments-"))
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  A = await operator()
  B = await operator()
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
  await rm(dir, { recursive: true, force: true })
})

describe("upload, list, open", () => {
  test("a PNG declared as octet-stream is stored as image/png with its size and hash, journaled and published", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "with photo" }))
    const got: DomainEvent[] = []
    const off = (await runtime.runPromise(Effect.service(EventBus))).subscribe((e) => got.push(e))
    const dto = await as(A, (s) => s.upload(c.id, { name: "C:\\fakepath\\Фото ДТП.png", declaredType: "application/octet-stream", body: chunks(PNG, 5) }))
    await Bun.sleep(150)
    off()
    expect(dto).toMatchObject({ caseId: c.id, name: "Фото ДТП.png", contentType: "image/png", size: PNG.length, sha256: sha(PNG), createdBy: A.userId })
    expect((await as(A, (s) => s.list(c.id))).map((x) => x.id)).toEqual([dto.id])
    const journal = await as(A, (_, cs) => cs.journal(c.id))
    expect(journal.at(-1)).toMatchObject({ kind: "attachment", data: { attachmentId: dto.id, name: "Фото ДТП.png", contentType: "image/png", size: PNG.length } })
    const mine = got.filter((e) => e.tenantId === A.tenantId && e.topic === "case.attachment_added")
    expect(mine.map((e) => e.payload)).toEqual([{ caseId: c.id, attachment: dto }])
    const opened = await as(A, (s) => s.open(c.id, dto.id))
    expect(new Uint8Array(await new Response(opened.file.body).arrayBuffer())).toEqual(PNG)
  })

  test("the bytes decide the type, not the client: text claiming to be a PNG is text/plain", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "text" }))
    const dto = await as(A, (s) => s.upload(c.id, { name: "notes.png", declaredType: "image/png", body: chunks(text("Привет, это просто текст\n")) }))
    expect(dto.contentType).toBe("text/plain")
  })

  test("a program is refused whatever its name and declared type, and nothing is stored", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "exe" }))
    const before = await storedFiles()
    const exe = new Uint8Array(5000)
    exe.set(text("MZ\x90\x00"))
    const err = await failure(A, (s) => s.upload(c.id, { name: "invoice.pdf", declaredType: "application/pdf", body: chunks(exe) }))
    expect(err).toMatchObject({ _tag: "UnsupportedAttachmentType", executable: true })
    const sh = await failure(A, (s) => s.upload(c.id, { name: "run.txt", declaredType: "text/plain", body: chunks(text("#!/bin/sh\nrm -rf /\n")) }))
    expect(sh).toMatchObject({ _tag: "UnsupportedAttachmentType", executable: true })
    expect(await as(A, (s) => s.list(c.id))).toEqual([])
    expect(await storedFiles()).toEqual(before)
  })

  test("a type outside the allowed list is refused (415 material), not stored", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "zip" }))
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text("some/other.bin").subarray(0, 14), 0, 0, 0, 0])
    expect(await failure(A, (s) => s.upload(c.id, { name: "a.zip", declaredType: "application/zip", body: chunks(zip) })))
      .toMatchObject({ _tag: "UnsupportedAttachmentType", contentType: "application/zip", executable: false })
    expect(await as(A, (s) => s.list(c.id))).toEqual([])
  })

  test("over the limit while streaming: PayloadTooLarge, no row, no file, no temporary file", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "big" }))
    const before = await storedFiles()
    const big = new Uint8Array(LIMIT + 1).fill(0x41)
    expect(await failure(A, (s) => s.upload(c.id, { name: "big.txt", declaredType: "text/plain", body: chunks(big, 4096) })))
      .toMatchObject({ _tag: "PayloadTooLarge", limitBytes: LIMIT })
    expect(await as(A, (s) => s.list(c.id))).toEqual([])
    expect(await storedFiles()).toEqual(before)
    // exactly at the limit is fine
    const fits = await as(A, (s) => s.upload(c.id, { name: "fits.txt", declaredType: null, body: chunks(big.subarray(0, LIMIT), 4096) }))
    expect(fits.size).toBe(LIMIT)
  })

  test("an upload interrupted midway is a client error and leaves nothing", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "cut" }))
    const before = await storedFiles()
    async function* broken() {
      yield text("a".repeat(10_000))
      yield text("b".repeat(10_000))
      throw new Error("connection reset")
    }
    expect(await failure(A, (s) => s.upload(c.id, { name: "cut.txt", declaredType: null, body: broken() })))
      .toMatchObject({ _tag: "MalformedBody" })
    expect(await as(A, (s) => s.list(c.id))).toEqual([])
    expect(await storedFiles()).toEqual(before)
  })

  test("an empty file is a validation error on `file`", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "empty" }))
    expect(await failure(A, (s) => s.upload(c.id, { name: "e.txt", declaredType: null, body: chunks(new Uint8Array(0)) })))
      .toMatchObject({ _tag: "ValidationError", fields: [{ path: "file" }] })
  })

  test("another tenant can neither list, open nor add to a case", async () => {
    const c = await as(A, (_, cs) => cs.create({ title: "A only" }))
    const dto = await as(A, (s) => s.upload(c.id, { name: "a.pdf", declaredType: null, body: chunks(text("%PDF-1.7\n...")) }))
    expect(dto.contentType).toBe("application/pdf")
    expect(await failure(B, (s) => s.list(c.id))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(B, (s) => s.open(c.id, dto.id))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(B, (s) => s.upload(c.id, { name: "b.txt", declaredType: null, body: chunks(text("x")) }))).toMatchObject({ _tag: "NotFound" })
    expect((await as(A, (s) => s.list(c.id))).map((x) => x.id)).toEqual([dto.id])
  })
})

describe("sniffing", () => {
  const zipWith = (name: string) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0), ...text(name), ...new Array(20).fill(0)])
  const cases: [string, Uint8Array, string, string | null, string, boolean][] = [
    ["jpeg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "a.bin", null, "image/jpeg", false],
    ["gif", text("GIF89a\x01\x00"), "a", null, "image/gif", false],
    ["webp", text("RIFF\x00\x00\x00\x00WEBPVP8 "), "a", null, "image/webp", false],
    ["wav", text("RIFF\x00\x00\x00\x00WAVEfmt "), "a", null, "audio/wav", false],
    ["heic", new Uint8Array([0, 0, 0, 0x18, ...text("ftypheic"), 0, 0, 0, 0]), "IMG.HEIC", null, "image/heic", false],
    ["m4a", new Uint8Array([0, 0, 0, 0x18, ...text("ftypM4A "), 0, 0, 0, 0]), "v.m4a", null, "audio/mp4", false],
    ["mp3 with ID3", text("ID3\x03\x00\x00\x00"), "a", null, "audio/mpeg", false],
    ["mp3 frame", new Uint8Array([0xff, 0xfb, 0x90, 0x64]), "a", null, "audio/mpeg", false],
    ["aac adts", new Uint8Array([0xff, 0xf1, 0x50, 0x80]), "a", null, "audio/aac", false],
    ["ogg", text("OggS\x00\x02"), "voice.ogg", null, "audio/ogg", false],
    ["pdf", text("%PDF-1.4\n"), "x.txt", "text/plain", "application/pdf", false],
    ["docx", zipWith("word/document.xml"), "a.docx", null, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false],
    ["xlsx", zipWith("xl/workbook.xml"), "a.bin", null, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false],
    ["odt", new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0), ...text("mimetypeapplication/vnd.oasis.opendocument.text")]), "a.odt", null, "application/vnd.oasis.opendocument.text", false],
    ["doc (OLE2)", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "old.doc", null, "application/msword", false],
    ["msi (OLE2)", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "setup.msi", null, "application/x-msi", true],
    ["jar", zipWith("META-INF/MANIFEST.MF"), "a.zip", null, "application/java-archive", true],
    ["elf", new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]), "photo.jpg", "image/jpeg", "application/x-elf", true],
    ["mach-o", new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 7, 0]), "a", null, "application/x-mach-binary", true],
    ["csv by name", text("a;b\n1;2\n"), "report.csv", null, "text/csv", false],
    ["html is served as text", text("<html><script>alert(1)</script>"), "x.html", "text/html", "text/plain", false],
    ["binary garbage", new Uint8Array([1, 2, 3, 0, 200, 7]), "x.png", "image/png", "application/octet-stream", false],
    ["text starting with BM is not a bitmap", text("BMW X5, VIN ..."), "car.txt", null, "text/plain", false],
  ]
  for (const [name, head, file, declared, type, executable] of cases) {
    test(name, () => expect(sniffContentType(head, file, declared)).toEqual({ contentType: type, executable }))
  }

  test("allowed types take exact types and families", () => {
    expect(typeAllowed("image/heic", ["image/*"])).toBe(true)
    expect(typeAllowed("imagex/heic", ["image/*"])).toBe(false)
    expect(typeAllowed("application/pdf", ["image/*", "application/pdf"])).toBe(true)
    expect(typeAllowed("application/zip", ["image/*", "application/pdf"])).toBe(false)
  })

  test("file names lose folders and control characters, never become empty", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd")
    expect(cleanFileName("C:\\Users\\op\\Акт\u202eexe.pdf")).toBe("Актexe.pdf")
    expect(cleanFileName("..")).toBe("file")
    expect(cleanFileName(null)).toBe("file")
  })

  test("Content-Disposition carries the exact UTF-8 name and an ASCII fallback", () => {
    expect(contentDisposition("Акт осмотра №5.pdf")).toBe(
      `attachment; filename="___ _______ _5.pdf"; filename*=UTF-8''${encodeURIComponent("Акт осмотра №5.pdf")}`,
    )
    expect(contentDisposition(`a "quoted"; name.txt`)).toBe(`attachment; filename="a _quoted__ name.txt"; filename*=UTF-8''a%20%22quoted%22%3B%20name.txt`)
  })
})

describe("multipart reader", () => {
  const body = (parts: string[], boundary = "XyZ") => text(`preamble to ignore\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("")}--${boundary}--\r\nepilogue`)
  const streamOf = (bytes: Uint8Array, size: number) => new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size))
      c.close()
    },
  })
  const collect = async (it: AsyncIterable<Uint8Array>) => {
    const out: number[] = []
    for await (const c of it) out.push(...c)
    return new TextDecoder().decode(new Uint8Array(out))
  }

  test("boundary from the Content-Type, quoted or not; anything else is not multipart", () => {
    expect(boundaryOf("multipart/form-data; boundary=----WebKitFormBoundaryAbc")).toBe("----WebKitFormBoundaryAbc")
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe("a b")
    expect(boundaryOf("application/json")).toBeNull()
    expect(boundaryOf("multipart/form-data")).toBeNull()
    expect(boundaryOf(undefined)).toBeNull()
  })

  for (const size of [1, 3, 7, 64, 100_000]) {
    test(`skips other fields and reads the file part whole (chunks of ${size} bytes)`, async () => {
      const content = "line one\r\n--XyX looks close\r\n-- still data --XyZ\r\n\r\n"
      const raw = body([
        'Content-Disposition: form-data; name="comment"\r\n\r\nhello',
        'Content-Disposition: form-data; name="file"; filename="Отчёт.txt"\r\nContent-Type: text/plain\r\n\r\n' + content,
      ])
      const part = await findFilePart(streamOf(raw, size), "XyZ", 1_000_000)
      expect(part).toMatchObject({ filename: "Отчёт.txt", contentType: "text/plain" })
      expect(await collect(part!.body)).toBe(content)
    })
  }

  test("filename* (RFC 5987) wins over filename", async () => {
    const raw = body([`Content-Disposition: form-data; name="file"; filename="fallback.txt"; filename*=UTF-8''%D0%90%D0%BA%D1%82.txt\r\n\r\nx`])
    expect((await findFilePart(streamOf(raw, 10), "XyZ", 10_000))!.filename).toBe("Акт.txt")
  })

  test("no file part → null; a body cut short → MultipartError; too long → BodyTooLarge", async () => {
    expect(await findFilePart(streamOf(body(['Content-Disposition: form-data; name="x"\r\n\r\n1']), 5), "XyZ", 10_000)).toBeNull()
    const cut = text('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc')
    const part = await findFilePart(streamOf(cut, 4), "XyZ", 10_000)
    await expect(collect(part!.body)).rejects.toBeInstanceOf(MultipartError)
    await expect(findFilePart(streamOf(text("no boundary at all"), 4), "XyZ", 10_000)).rejects.toBeInstanceOf(MultipartError)
    const big = body([`Content-Disposition: form-data; name="file"; filename="a"\r\n\r\n${"x".repeat(5000)}`])
    const p2 = await findFilePart(streamOf(big, 500), "XyZ", 2000)
    await expect(collect(p2!.body)).rejects.toBeInstanceOf(BodyTooLarge)
  })
})
