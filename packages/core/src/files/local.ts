/**
 * Files on local disk, the embedded default (DATA_DIR/files). A key maps to
 * `<dir>/<h0h1>/<h2h3>/<sha256(key)>` so no folder grows huge and no key can
 * reach outside the folder. Bytes are written to a temporary file, flushed and
 * then renamed into place: a crash leaves a stray temporary file (cleaned at
 * the next start), never half a file under a key.
 */
import { createHash, randomUUID } from "node:crypto"
import { type FileHandle, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { NotFound } from "../errors"
import { FileStorage, FileStorageError, type FileStorageShape, isValidFileKey, type StoredFile, toStream } from "./storage"

const TMP = ".tmp"
const READ_CHUNK = 256 * 1024
/** temporary files older than this at start-up belong to a write that never finished */
const STALE_TMP_MS = 60 * 60 * 1000

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === "ENOENT"

export const makeLocalFileStorage = (dir: string) =>
  Effect.gen(function* () {
    yield* Effect.promise(() => mkdir(join(dir, TMP), { recursive: true }))
    yield* Effect.promise(() => removeStaleTemporaries(join(dir, TMP)))

    const pathOf = (key: string) => {
      const h = createHash("sha256").update(key).digest("hex")
      return { folder: join(dir, h.slice(0, 2), h.slice(2, 4)), data: join(dir, h.slice(0, 2), h.slice(2, 4), h) }
    }
    const metaOf = (data: string) => `${data}.meta.json`

    const attempt = <A>(op: FileStorageError["op"], key: string, f: () => Promise<A>) =>
      Effect.suspend(() =>
        isValidFileKey(key)
          ? Effect.tryPromise({ try: f, catch: (e) => new FileStorageError({ op, key, message: (e as Error)?.message ?? String(e) }) })
          : Effect.fail(new FileStorageError({ op, key, message: "invalid key" })),
      )

    const put: FileStorageShape["put"] = (key, body, contentType) =>
      attempt("put", key, async () => {
        const { folder, data } = pathOf(key)
        const tmpData = join(dir, TMP, randomUUID())
        const tmpMeta = `${tmpData}.meta.json`
        const handle = await open(tmpData, "wx")
        let size = 0
        try {
          const reader = toStream(body).getReader()
          try {
            for (;;) {
              const { value, done } = await reader.read()
              if (done) break
              await handle.write(value)
              size += value.length
            }
          } finally {
            reader.releaseLock()
          }
          await handle.sync()
          await handle.close()
          await writeFile(tmpMeta, JSON.stringify({ key, contentType, size }))
          await mkdir(folder, { recursive: true })
          // Metadata first: a crash between the renames leaves a harmless metadata file, not a file without its type.
          await rename(tmpMeta, metaOf(data))
          await rename(tmpData, data)
          return { size }
        } catch (e) {
          await handle.close().catch(() => undefined)
          await rm(tmpData, { force: true })
          await rm(tmpMeta, { force: true })
          throw e
        }
      })

    const get: FileStorageShape["get"] = (key) =>
      Effect.gen(function* () {
        const { data } = pathOf(key)
        const found = yield* attempt("get", key, async (): Promise<StoredFile | undefined> => {
          const info = await stat(data).catch((e) => { if (isMissing(e)) return undefined; throw e })
          if (!info) return undefined
          const meta = await readFile(metaOf(data), "utf8").then((t) => JSON.parse(t) as { contentType?: string }, () => ({} as { contentType?: string }))
          // Each read opens the file afresh: a stream nobody finishes (a client that went away, a
          // response never read) holds no file handle. A file replaced meanwhile fails the stream
          // rather than mixing two versions.
          let position = 0
          const body = new ReadableStream<Uint8Array>({
            async pull(controller) {
              let handle: FileHandle | undefined
              try {
                handle = await open(data, "r")
                const now = await handle.stat()
                if (now.ino !== info.ino || now.mtimeMs !== info.mtimeMs) throw new Error(`file ${key} changed while being read`)
                const chunk = new Uint8Array(READ_CHUNK)
                const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, position)
                position += bytesRead
                if (bytesRead === 0) controller.close()
                else controller.enqueue(chunk.subarray(0, bytesRead))
              } catch (e) {
                controller.error(e)
              } finally {
                await handle?.close().catch(() => undefined)
              }
            },
          })
          return { body, size: info.size, contentType: meta.contentType ?? "application/octet-stream" }
        })
        if (!found) return yield* new NotFound({ entity: "file", id: key })
        return found
      })

    const del: FileStorageShape["delete"] = (key) =>
      attempt("delete", key, async () => {
        const { data } = pathOf(key)
        await unlink(data).catch((e) => { if (!isMissing(e)) throw e })
        await unlink(metaOf(data)).catch((e) => { if (!isMissing(e)) throw e })
      })

    const exists: FileStorageShape["exists"] = (key) =>
      attempt("exists", key, () => stat(pathOf(key).data).then(() => true, (e) => { if (isMissing(e)) return false; throw e }))

    return { kind: "local", put, get, delete: del, exists } satisfies FileStorageShape
  })

const removeStaleTemporaries = async (tmp: string) => {
  for (const name of await readdir(tmp).catch(() => [] as string[])) {
    const path = join(tmp, name)
    const s = await stat(path).catch(() => undefined)
    if (s && Date.now() - s.mtimeMs > STALE_TMP_MS) await rm(path, { force: true })
  }
}

/** Files under `dir` (created when missing). */
export const localFileStorage = (dir: string) => Layer.effect(FileStorage, makeLocalFileStorage(dir))

/** Files in a fresh temporary folder, removed when the layer is released (tests, throw-away runs). */
export const temporaryFileStorage = Layer.effect(
  FileStorage,
  Effect.acquireRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "switchboard-files-"))),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true })),
  ).pipe(Effect.flatMap(makeLocalFileStorage)),
)
