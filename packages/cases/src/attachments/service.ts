/**
 * The `CaseAttachments` service: files attached to a case. An upload is
 * checked by what its first bytes are (programs and types not allowed are
 * refused before anything is stored), counted against the size limit while it
 * streams into the FileStorage, hashed on the way, and only then recorded,
 * journaled and published. A failed upload leaves no bytes and no row.
 */
import {
  CurrentActor, EventBus, FileStorage, FileStorageError, MalformedBody, NotFound, PayloadTooLarge, transaction, useDb, ValidationError,
} from "@org/core/server"
import { and, asc, eq } from "drizzle-orm"
import { Context, Effect, Layer, Schema } from "effect"
import { createHash } from "node:crypto"
import { v7 as uuidv7 } from "uuid"
import { writeJournal } from "../case-journal"
import { Cases } from "../cases-service"
import { caseAttachments } from "../db/attachments"
import { type AttachmentDto, caseAttachmentAdded } from "./api"
import { BodyTooLarge, MultipartError } from "./multipart"
import { AttachmentSettings, attachmentSettingsLayer } from "./settings"
import { SNIFF_BYTES, sniffContentType, typeAllowed } from "./sniff"

/** The file's type is not accepted (answered 415 by the route). */
export class UnsupportedAttachmentType extends Schema.TaggedError<UnsupportedAttachmentType>()("UnsupportedAttachmentType", {
  contentType: Schema.String,
  executable: Schema.Boolean,
}) {}

export interface NewAttachment {
  /** the file name the client gave */
  readonly name: string | null
  /** the content type the client gave (a hint only) */
  readonly declaredType: string | null
  readonly body: AsyncIterable<Uint8Array>
}

type Row = typeof caseAttachments.$inferSelect

const toDto = (r: Row): AttachmentDto => ({
  id: r.id,
  caseId: r.caseId,
  name: r.name,
  contentType: r.contentType,
  size: r.size,
  sha256: r.sha256,
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
})

/** The base name, without folders a browser may send ("C:\\fakepath\\x.png") or characters that could mislead. */
export const cleanFileName = (raw: string | null) => {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? ""
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "").trim()).slice(0, 255).join("")
  return clean === "" || clean === "." || clean === ".." ? "file" : clean
}

/**
 * Pulls the upload through: counts and hashes every byte, keeps the first ones
 * for sniffing, and remembers why the source failed (too large, malformed,
 * interrupted) so the storage's failure can be told apart from the client's.
 */
class Intake {
  size = 0
  failure: unknown = undefined
  private readonly hash = createHash("sha256")
  private readonly buffered: Uint8Array[] = []
  private done = false

  constructor(private readonly source: AsyncIterator<Uint8Array>, private readonly maxBytes: number) {}

  private async pull(): Promise<Uint8Array | null> {
    try {
      const r = await this.source.next()
      if (r.done) {
        this.done = true
        return null
      }
      this.size += r.value.length
      if (this.size > this.maxBytes) throw new BodyTooLarge(this.maxBytes)
      this.hash.update(r.value)
      return r.value
    } catch (e) {
      this.failure ??= e
      throw e
    }
  }

  /** Up to `n` leading bytes (fewer when the file is shorter). */
  async head(n: number) {
    let have = this.buffered.reduce((s, b) => s + b.length, 0)
    while (have < n && !this.done) {
      const chunk = await this.pull()
      if (chunk) {
        this.buffered.push(chunk)
        have += chunk.length
      }
    }
    const out = new Uint8Array(Math.min(n, have))
    let at = 0
    for (const b of this.buffered) {
      if (at >= out.length) break
      const part = b.subarray(0, out.length - at)
      out.set(part, at)
      at += part.length
    }
    return out
  }

  /** Everything: the bytes already read for sniffing, then the rest. */
  stream() {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const next = this.buffered.shift() ?? (await this.pull())
        if (next) controller.enqueue(next)
        else controller.close()
      },
      cancel: () => this.abandon(),
    })
  }

  /** Stops reading the source (the upload is refused). */
  async abandon() {
    await this.source.return?.()
  }

  digest() {
    return this.hash.digest("hex")
  }
}

/** What the client's side of an upload did wrong, as the answer it gets. */
const clientFailure = (e: unknown) =>
  e instanceof BodyTooLarge
    ? new PayloadTooLarge({ limitBytes: e.limitBytes })
    : new MalformedBody({ reason: e instanceof MultipartError ? e.message : "The upload was interrupted" })

export class CaseAttachments extends Context.Service<CaseAttachments>()("@org/cases/CaseAttachments", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const cases = yield* Cases
    const storage = yield* FileStorage
    const settings = yield* AttachmentSettings

    const list = Effect.fn("CaseAttachments.list")(function* (caseId: string) {
      const actor = yield* CurrentActor
      yield* cases.get(caseId)
      const rows = yield* useDb((db) =>
        db.select().from(caseAttachments)
          .where(and(eq(caseAttachments.tenantId, actor.tenantId), eq(caseAttachments.caseId, caseId)))
          .orderBy(asc(caseAttachments.id)),
      )
      return rows.map(toDto)
    })

    /** NotFound unless the case is the current tenant's: checked before an upload's body is read. */
    const ensureCase = Effect.fn("CaseAttachments.ensureCase")(function* (caseId: string) {
      yield* cases.get(caseId)
    })

    const upload = Effect.fn("CaseAttachments.upload")(function* (caseId: string, input: NewAttachment) {
      const actor = yield* CurrentActor
      yield* cases.get(caseId)
      const name = cleanFileName(input.name)
      const intake = new Intake(input.body[Symbol.asyncIterator](), settings.maxBytes)
      const head = yield* Effect.tryPromise({ try: () => intake.head(SNIFF_BYTES), catch: clientFailure })
      if (head.length === 0) {
        return yield* new ValidationError({ fields: [{ path: "file", en: "The file is empty", ru: "Файл пустой" }] })
      }
      const sniffed = sniffContentType(head, name, input.declaredType)
      if (sniffed.executable || !typeAllowed(sniffed.contentType, settings.types)) {
        yield* Effect.promise(() => intake.abandon())
        return yield* new UnsupportedAttachmentType({ contentType: sniffed.contentType, executable: sniffed.executable })
      }

      const id = uuidv7()
      const key = `cases/${actor.tenantId}/${caseId}/${id}`
      const stored = yield* storage.put(key, intake.stream(), sniffed.contentType).pipe(
        Effect.catchTag("FileStorageError", (e): Effect.Effect<never, FileStorageError | PayloadTooLarge | MalformedBody> =>
          intake.failure !== undefined ? Effect.fail(clientFailure(intake.failure)) : Effect.fail(e)),
      )
      if (stored.size !== intake.size) {
        yield* storage.delete(key).pipe(Effect.ignore)
        return yield* new FileStorageError({ op: "put", key, message: `stored ${stored.size} bytes of ${intake.size}` })
      }

      return yield* transaction(Effect.gen(function* () {
        const [row] = yield* useDb((db) =>
          db.insert(caseAttachments).values({
            id, tenantId: actor.tenantId, caseId, name, contentType: sniffed.contentType, size: intake.size, sha256: intake.digest(),
            storageKey: key, createdBy: actor.userId,
          }).returning(),
        )
        const dto = toDto(row)
        yield* writeJournal(caseId, "attachment", { attachmentId: dto.id, name: dto.name, contentType: dto.contentType, size: dto.size })
        yield* bus.publish(caseAttachmentAdded, { caseId, attachment: dto })
        return dto
      })).pipe(
        // The row did not commit: the bytes must not stay behind either.
        Effect.tapError(() => storage.delete(key).pipe(Effect.ignore)),
      )
    })

    /** The attachment and its bytes. */
    const open = Effect.fn("CaseAttachments.open")(function* (caseId: string, attachmentId: string) {
      const actor = yield* CurrentActor
      const [row] = yield* useDb((db) =>
        db.select().from(caseAttachments).where(and(
          eq(caseAttachments.tenantId, actor.tenantId), eq(caseAttachments.caseId, caseId), eq(caseAttachments.id, attachmentId),
        )),
      )
      if (!row) return yield* new NotFound({ entity: "attachment", id: attachmentId })
      const file = yield* storage.get(row.storageKey)
      return { attachment: toDto(row), file }
    })

    return { list, ensureCase, upload, open, maxBytes: settings.maxBytes }
  }),
}) {
  static layer = Layer.effect(CaseAttachments, CaseAttachments.make)

  /** The size limit and accepted types (ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES); defaults: 10 MiB, images, PDF, text, office, audio. */
  static settings = attachmentSettingsLayer
}
