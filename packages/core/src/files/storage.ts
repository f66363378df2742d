/**
 * `FileStorage`: bytes kept by key (attachments, documents, recordings). The
 * embedded default keeps them on local disk; a deployment may point it at any
 * S3-compatible store. Rows in the database say what a file is; the storage
 * only holds its bytes and content type.
 */
import { Context, type Effect, Schema } from "effect"
import type { NotFound } from "../errors"

export type FileBody = Uint8Array | ReadableStream<Uint8Array>

export interface StoredFile {
  readonly body: ReadableStream<Uint8Array>
  readonly size: number
  readonly contentType: string
}

/** The storage itself failed (disk, network, the store's answer): a server problem, never the client's. */
export class FileStorageError extends Schema.TaggedError<FileStorageError>()("FileStorageError", {
  op: Schema.Literals(["put", "get", "delete", "exists"]),
  key: Schema.String,
  message: Schema.String,
}) {}

export interface FileStorageShape {
  /** "local" or "s3", for health pages and logs */
  readonly kind: string
  /**
   * Stores the bytes under `key`, replacing what was there. Either the whole
   * file is stored or nothing is: a failing `body` stream leaves no file behind.
   */
  readonly put: (key: string, body: FileBody, contentType: string) => Effect.Effect<{ size: number }, FileStorageError>
  /** The bytes as a stream; NotFound when there is no file under `key`. */
  readonly get: (key: string) => Effect.Effect<StoredFile, NotFound | FileStorageError>
  /** Removes the file; removing a missing file is not an error. */
  readonly delete: (key: string) => Effect.Effect<void, FileStorageError>
  readonly exists: (key: string) => Effect.Effect<boolean, FileStorageError>
}

export class FileStorage extends Context.Service<FileStorage, FileStorageShape>()("@org/core/FileStorage") {}

/**
 * Keys are paths of safe segments ("cases/<tenant>/<case>/<id>"): letters,
 * digits and `-_.!*'()`, no empty, "." or ".." segment, at most 1024 characters.
 * They are made by code, never taken from a client as they are.
 */
export const isValidFileKey = (key: string) =>
  key.length > 0 && key.length <= 1024 &&
  key.split("/").every((s) => /^[A-Za-z0-9\-_.!*'()]+$/.test(s) && s !== "." && s !== "..")

/** Reads a stream in parts of exactly `size` bytes (the last one may be shorter). */
export async function* inParts(body: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader()
  let part = new Uint8Array(size)
  let filled = 0
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      let offset = 0
      while (offset < value.length) {
        const n = Math.min(size - filled, value.length - offset)
        part.set(value.subarray(offset, offset + n), filled)
        filled += n
        offset += n
        if (filled === size) {
          yield part
          part = new Uint8Array(size)
          filled = 0
        }
      }
    }
    if (filled > 0) yield part.subarray(0, filled)
  } finally {
    reader.releaseLock()
  }
}

export const toStream = (body: FileBody): ReadableStream<Uint8Array> =>
  body instanceof Uint8Array
    ? new ReadableStream({ start: (c) => { c.enqueue(body); c.close() } })
    : body
