/**
 * Files in an S3-compatible store (AWS S3, MinIO, Ceph RGW, Yandex Object
 * Storage, Selectel …), signed with SigV4 by aws4fetch and addressed
 * path-style (`<endpoint>/<bucket>/<key>`), which every such store accepts.
 * A body up to one part is one PUT; a longer stream goes up as a multipart
 * upload, one part in memory at a time, aborted on failure so nothing half
 * written remains.
 */
import { AwsClient } from "aws4fetch"
import { Effect, Layer } from "effect"
import { NotFound } from "../errors"
import { FileStorage, FileStorageError, type FileStorageShape, inParts, isValidFileKey, toStream } from "./storage"

export interface S3StorageConfig {
  /** e.g. https://storage.yandexcloud.net or http://127.0.0.1:9000 */
  readonly endpoint: string
  readonly region: string
  readonly bucket: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** bytes per part of a multipart upload; S3 needs at least 5 MiB (default 8 MiB) */
  readonly partSize?: number
}

const MIN_PART = 5 * 1024 * 1024
const REQUEST_TIMEOUT_MS = 5 * 60_000

class S3Failure extends Error {}

export const makeS3FileStorage = (config: S3StorageConfig): FileStorageShape => {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, region: config.region, service: "s3",
  })
  const partSize = Math.max(config.partSize ?? 8 * 1024 * 1024, MIN_PART)
  const base = `${config.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(config.bucket)}/`
  // RFC 3986 encoding, as SigV4 canonical paths expect (encodeURIComponent leaves !'()* alone).
  const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const urlOf = (key: string, query = "") => base + key.split("/").map(encode).join("/") + query

  /** A request with a time limit on getting the answer's headers (the body may then stream for as long as it takes). */
  const request = async (url: string, init: { method: string; body?: Uint8Array | string; headers?: Record<string, string> }) => {
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(new S3Failure("the store did not answer in time")), REQUEST_TIMEOUT_MS)
    try {
      return await client.fetch(url, { ...init, body: init.body as BodyInit | undefined, signal: abort.signal })
    } finally {
      clearTimeout(timer)
    }
  }

  const failed = async (res: Response, what: string) => {
    const text = await res.text().catch(() => "")
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1]
    return new S3Failure(`${what}: HTTP ${res.status}${code ? ` ${code}` : ""}`)
  }

  const attempt = <A>(op: FileStorageError["op"], key: string, f: () => Promise<A>) =>
    Effect.suspend(() =>
      isValidFileKey(key)
        ? Effect.tryPromise({ try: f, catch: (e) => new FileStorageError({ op, key, message: (e as Error)?.message ?? String(e) }) })
        : Effect.fail(new FileStorageError({ op, key, message: "invalid key" })),
    )

  const putOnce = async (key: string, bytes: Uint8Array, contentType: string) => {
    const res = await request(urlOf(key), { method: "PUT", body: bytes, headers: { "content-type": contentType } })
    if (!res.ok) throw await failed(res, "PUT")
    await res.arrayBuffer()
  }

  const putMultipart = async (key: string, first: Uint8Array, rest: AsyncGenerator<Uint8Array>, contentType: string) => {
    const init = await request(urlOf(key, "?uploads"), { method: "POST", headers: { "content-type": contentType } })
    if (!init.ok) throw await failed(init, "initiate multipart upload")
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await init.text())?.[1]
    if (!uploadId) throw new S3Failure("initiate multipart upload: no UploadId in the answer")
    const q = (extra = "") => `?${extra}uploadId=${encodeURIComponent(uploadId)}`
    let size = 0
    try {
      const etags: string[] = []
      const upload = async (part: Uint8Array) => {
        const res = await request(urlOf(key, q(`partNumber=${etags.length + 1}&`)), { method: "PUT", body: part })
        if (!res.ok) throw await failed(res, `upload part ${etags.length + 1}`)
        await res.arrayBuffer()
        const etag = res.headers.get("etag")
        if (!etag) throw new S3Failure(`upload part ${etags.length + 1}: no ETag`)
        etags.push(etag)
        size += part.length
      }
      await upload(first)
      for await (const part of rest) await upload(part)
      const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join("")}</CompleteMultipartUpload>`
      const done = await request(urlOf(key, q()), { method: "POST", body: xml, headers: { "content-type": "application/xml" } })
      if (!done.ok) throw await failed(done, "complete multipart upload")
      // S3 may answer 200 and still report an error in the body.
      const text = await done.text()
      if (/<Error>/.test(text)) throw new S3Failure(`complete multipart upload: ${/<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? "error"}`)
      return size
    } catch (e) {
      await request(urlOf(key, q()), { method: "DELETE" }).then((r) => r.arrayBuffer(), () => undefined)
      throw e
    }
  }

  const put: FileStorageShape["put"] = (key, body, contentType) =>
    attempt("put", key, async () => {
      const parts = inParts(toStream(body), partSize)
      const first = await parts.next()
      const firstBytes = first.done ? new Uint8Array(0) : first.value
      if (firstBytes.length < partSize) {
        await putOnce(key, firstBytes, contentType)
        return { size: firstBytes.length }
      }
      const second = await parts.next()
      if (second.done) {
        await putOnce(key, firstBytes, contentType)
        return { size: firstBytes.length }
      }
      // The second part is already read: upload it right after the first one.
      async function* again() {
        yield second.value as Uint8Array
        yield* parts
      }
      return { size: await putMultipart(key, firstBytes, again(), contentType) }
    })

  const get: FileStorageShape["get"] = (key) =>
    Effect.gen(function* () {
      const res = yield* attempt("get", key, async () => {
        const r = await request(urlOf(key), { method: "GET" })
        if (r.status === 404) {
          await r.arrayBuffer()
          return undefined
        }
        if (!r.ok || !r.body) throw await failed(r, "GET")
        return r
      })
      if (!res) return yield* new NotFound({ entity: "file", id: key })
      return {
        body: res.body!,
        size: Number(res.headers.get("content-length") ?? 0),
        contentType: res.headers.get("content-type") ?? "application/octet-stream",
      }
    })

  const del: FileStorageShape["delete"] = (key) =>
    attempt("delete", key, async () => {
      const res = await request(urlOf(key), { method: "DELETE" })
      if (!res.ok && res.status !== 404) throw await failed(res, "DELETE")
      await res.arrayBuffer()
    })

  const exists: FileStorageShape["exists"] = (key) =>
    attempt("exists", key, async () => {
      const res = await request(urlOf(key), { method: "HEAD" })
      if (res.status === 404) return false
      if (!res.ok) throw new S3Failure(`HEAD: HTTP ${res.status}`)
      return true
    })

  return { kind: "s3", put, get, delete: del, exists }
}

export const s3FileStorage = (config: S3StorageConfig) => Layer.succeed(FileStorage, makeS3FileStorage(config))
