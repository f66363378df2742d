/**
 * HTTP routes of case attachments, mounted under /api/v1/cases. The upload
 * reads multipart/form-data as a stream (the server exempts this route from
 * the global body limit: the attachment limit applies here instead).
 */
import {
  type AppEnv, type AppRuntime, type Database, endpoint, type FileStorageError, langOf, MalformedBody, PayloadTooLarge, problemResponse, ValidationError,
} from "@org/core/server"
import { Effect, Schema } from "effect"
import type { Context } from "hono"
import { Hono } from "hono"
import { AttachmentDto, AttachmentList } from "./api"
import { BodyTooLarge, boundaryOf, findFilePart, MultipartError } from "./multipart"
import { CaseAttachments, type UnsupportedAttachmentType } from "./service"

const tags = ["attachments"]
const Id = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })
const AttachmentParams = Schema.Struct({ id: Schema.String.check(Schema.isUUID()), attachmentId: Schema.String.check(Schema.isUUID()) })

/** Room for the multipart framing around the file: boundaries, part headers, small extra fields. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const unsupported = (c: Context, detail: { en: string; ru: string }) =>
  problemResponse({
    type: "https://switchboard.dev/problems/unsupported_media_type",
    title: langOf(c) === "ru" ? "Этот тип файла не принимается" : "This type of file is not accepted",
    status: 415,
    code: "unsupported_media_type",
    detail: detail[langOf(c)],
  })

const refused = (c: Context, e: UnsupportedAttachmentType) =>
  unsupported(c, e.executable
    ? { en: "Programs and scripts cannot be attached", ru: "Программы и скрипты прикреплять нельзя" }
    : { en: `Files of type ${e.contentType} are not accepted`, ru: `Файлы типа ${e.contentType} не принимаются` })

/** The storage failing is the server's problem: logged in full and answered 500, like any unexpected failure. */
const storageFailureIsServerFailure = <A, E extends { readonly _tag: string }, R>(self: Effect.Effect<A, E | FileStorageError, R>) =>
  self.pipe(Effect.catchTag("FileStorageError", (e) => Effect.die(e)))

/** RFC 6266: an ASCII fallback name and the exact name in UTF-8 (Cyrillic names survive). */
export const contentDisposition = (name: string) => {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, "_")
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

export const makeCaseAttachmentsRoutes = (runtime: AppRuntime<CaseAttachments | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/:id/attachments", ep({ summary: "Files attached to the case, oldest first", tags, params: Id, response: AttachmentList }, ({ params }) =>
      Effect.flatMap(Effect.service(CaseAttachments), (s) => s.list(params.id)).pipe(Effect.map((items) => ({ items })))))
    .post("/:id/attachments", ep({
      summary: "Attach a file (multipart/form-data, field `file`)",
      description: "The type is decided from the file's first bytes; programs and types not allowed → 415 unsupported_media_type. "
        + "Over the attachment limit → 413 payload_too_large (at once when Content-Length says so, else while streaming); nothing is stored then.",
      tags, roles: ["operator", "supervisor"], params: Id, status: 201, response: AttachmentDto,
    }, ({ params, c }) => Effect.gen(function* () {
      const s = yield* CaseAttachments
      yield* s.ensureCase(params.id)
      const boundary = boundaryOf(c.req.header("content-type"))
      if (!boundary) return unsupported(c, { en: "Send the file as multipart/form-data in the field \"file\"", ru: "Отправьте файл как multipart/form-data в поле «file»" })
      const limit = s.maxBytes + MULTIPART_OVERHEAD_BYTES
      const declared = Number(c.req.header("content-length"))
      if (Number.isFinite(declared) && declared > limit) return yield* new PayloadTooLarge({ limitBytes: s.maxBytes })
      const body = c.req.raw.body
      const part = body
        ? yield* Effect.tryPromise({
          try: () => findFilePart(body, boundary, limit),
          catch: (e) => e instanceof BodyTooLarge
            ? new PayloadTooLarge({ limitBytes: s.maxBytes })
            : new MalformedBody({ reason: e instanceof MultipartError ? e.message : "The upload was interrupted" }),
        })
        : null
      if (!part) return yield* new ValidationError({ fields: [{ path: "file", en: "Attach a file in the field \"file\"", ru: "Приложите файл в поле «file»" }] })
      return yield* s.upload(params.id, { name: part.filename, declaredType: part.contentType, body: part.body }).pipe(
        Effect.catchTag("UnsupportedAttachmentType", (e) => Effect.succeed(refused(c, e))),
      )
    }).pipe(storageFailureIsServerFailure)))
    .get("/:id/attachments/:attachmentId", ep({
      summary: "Download an attachment's bytes",
      description: "Content-Disposition: attachment with filename* (UTF-8); X-Content-Type-Options: nosniff.",
      tags, params: AttachmentParams,
    }, ({ params }) => Effect.gen(function* () {
      const s = yield* CaseAttachments
      const { attachment, file } = yield* s.open(params.id, params.attachmentId)
      return new Response(file.body, {
        status: 200,
        headers: {
          "content-type": attachment.contentType.startsWith("text/") ? `${attachment.contentType}; charset=utf-8` : attachment.contentType,
          "content-length": String(attachment.size),
          "content-disposition": contentDisposition(attachment.name),
          "x-content-type-options": "nosniff",
          // Opened directly, a file still cannot run scripts or load anything.
          "content-security-policy": "default-src 'none'; sandbox",
          "cache-control": "private, no-store",
        },
      })
    }).pipe(storageFailureIsServerFailure)))
}
