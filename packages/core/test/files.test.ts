/**
 * FileStorage, both adapters against the same expectations: local disk in a
 * temporary folder, and S3 against s3rver (a real S3-compatible HTTP server,
 * in process on 127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Exit } from "effect"
import S3rver from "s3rver"
import { type FileStorageShape, makeLocalFileStorage, makeS3FileStorage } from "../src/server"

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const failure = async <A, E>(e: Effect.Effect<A, E>): Promise<any> => {
  const exit = await Effect.runPromiseExit(e)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer())
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex")
const random = (n: number) => {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(b.subarray(i, Math.min(n, i + 65536)))
  return b
}
/** A stream of `bytes` in uneven chunks, failing after `failAfter` bytes when given. */
const streamOf = (bytes: Uint8Array, failAfter?: number) => {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (failAfter !== undefined && offset >= failAfter) return c.error(new Error("client went away"))
      if (offset >= bytes.length) return c.close()
      const n = 1000 + Math.floor(Math.random() * 70_000)
      c.enqueue(bytes.slice(offset, offset + n))
      offset += n
    },
  })
}

const folders: string[] = []
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), "sb-files-test-"))
  folders.push(d)
  return d
}
let s3: S3rver
let s3Port: number
beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: await tempDir(), configureBuckets: [{ name: "switchboard" }] })
  s3Port = ((await s3.run()) as any).port
}, 60_000)
afterAll(async () => {
  await s3.close()
  for (const d of folders) await rm(d, { recursive: true, force: true })
})

const s3Config = () => ({
  endpoint: `http://127.0.0.1:${s3Port}`, region: "us-east-1", bucket: "switchboard",
  accessKeyId: "S3RVER", secretAccessKey: "S3RVER", partSize: 5 * 1024 * 1024,
})

const adapters: [string, () => Promise<FileStorageShape>][] = [
  ["local disk", async () => run(makeLocalFileStorage(await tempDir()))],
  ["S3 (s3rver)", async () => makeS3FileStorage(s3Config())],
]

for (const [name, make] of adapters) {
  describe(name, () => {
    let fs: FileStorageShape
    beforeAll(async () => {
      fs = await make()
    })

    test("bytes in, the same bytes out, with size and content type", async () => {
      const data = new TextEncoder().encode("Привет, файл")
      expect(await run(fs.put("cases/t1/c1/a", data, "text/plain"))).toEqual({ size: data.length })
      const got = await run(fs.get("cases/t1/c1/a"))
      expect(got.size).toBe(data.length)
      expect(got.contentType).toStartWith("text/plain")
      expect(await bytesOf(got.body)).toEqual(data)
      expect(await run(fs.exists("cases/t1/c1/a"))).toBe(true)
    })

    test("a stream of uneven chunks is stored whole", async () => {
      const data = random(1_500_000)
      expect(await run(fs.put("cases/t1/c1/stream", streamOf(data), "application/pdf"))).toEqual({ size: data.length })
      const got = await run(fs.get("cases/t1/c1/stream"))
      expect(got.size).toBe(data.length)
      expect(sha(await bytesOf(got.body))).toBe(sha(data))
    })

    test("an empty file is a file", async () => {
      await run(fs.put("empty", new Uint8Array(0), "text/plain"))
      const got = await run(fs.get("empty"))
      expect(got.size).toBe(0)
      expect((await bytesOf(got.body)).length).toBe(0)
    })

    test("put replaces; delete removes; deleting a missing file is fine", async () => {
      await run(fs.put("k/replace", new TextEncoder().encode("one"), "text/plain"))
      await run(fs.put("k/replace", new TextEncoder().encode("second"), "text/plain"))
      expect(new TextDecoder().decode(await bytesOf((await run(fs.get("k/replace"))).body))).toBe("second")
      await run(fs.delete("k/replace"))
      expect(await run(fs.exists("k/replace"))).toBe(false)
      await run(fs.delete("k/replace"))
    })

    test("a missing key is NotFound", async () => {
      expect(await failure(fs.get("k/never"))).toMatchObject({ _tag: "NotFound", entity: "file" })
      expect(await run(fs.exists("k/never"))).toBe(false)
    })

    test("keys that could escape or are empty are refused", async () => {
      for (const key of ["../etc/passwd", "a//b", "", "a/./b", "a b", "/abs"]) {
        expect(await failure(fs.put(key, new Uint8Array(1), "text/plain"))).toMatchObject({ _tag: "FileStorageError", op: "put" })
      }
    })

    test("a body stream that fails stores nothing and keeps the old file", async () => {
      await run(fs.put("k/keep", new TextEncoder().encode("old"), "text/plain"))
      const err = await failure(fs.put("k/keep", streamOf(random(300_000), 100_000), "text/plain"))
      expect(err).toMatchObject({ _tag: "FileStorageError", op: "put" })
      expect(new TextDecoder().decode(await bytesOf((await run(fs.get("k/keep"))).body))).toBe("old")
      expect(await failure(fs.put("k/new", streamOf(random(300_000), 100_000), "text/plain"))).toMatchObject({ _tag: "FileStorageError" })
      expect(await run(fs.exists("k/new"))).toBe(false)
    })
  })
}

describe("local disk specifics", () => {
  test("keys are sharded by hash under the folder, written through a temporary file that is gone afterwards", async () => {
    const dir = await tempDir()
    const fs = await run(makeLocalFileStorage(dir))
    await run(fs.put("cases/t/c/x", new Uint8Array([1, 2, 3]), "image/png"))
    const h = sha(new TextEncoder().encode("cases/t/c/x"))
    expect(existsSync(join(dir, h.slice(0, 2), h.slice(2, 4), h))).toBe(true)
    await failure(fs.put("cases/t/c/y", streamOf(random(200_000), 50_000), "image/png"))
    expect(await readdir(join(dir, ".tmp"))).toEqual([])
  })

  test("a read racing a replacement of the same key fails instead of mixing two versions", async () => {
    const fs = await run(makeLocalFileStorage(await tempDir()))
    await run(fs.put("k", random(600_000), "application/pdf"))
    const got = await run(fs.get("k"))
    const reader = got.body.getReader()
    await reader.read()
    await run(fs.put("k", random(600_000), "application/pdf"))
    await expect((async () => { for (;;) if ((await reader.read()).done) return })()).rejects.toThrow("changed while being read")
  })

  test("a temporary file left by a crash is removed at the next start, fresh ones are left to their writer", async () => {
    const dir = await tempDir()
    await run(makeLocalFileStorage(dir))
    await writeFile(join(dir, ".tmp", "crashed"), "half a file")
    const old = new Date(Date.now() - 2 * 3600_000)
    await utimes(join(dir, ".tmp", "crashed"), old, old)
    await writeFile(join(dir, ".tmp", "in-flight"), "being written")
    await run(makeLocalFileStorage(dir))
    expect(await readdir(join(dir, ".tmp"))).toEqual(["in-flight"])
  })
})

describe("S3 specifics", () => {
  test("a body longer than a part goes up as a multipart upload and comes back whole", async () => {
    const fs = makeS3FileStorage(s3Config())
    const data = random(11 * 1024 * 1024 + 123)
    expect(await run(fs.put("big/one", streamOf(data), "audio/mpeg"))).toEqual({ size: data.length })
    const got = await run(fs.get("big/one"))
    expect(got.size).toBe(data.length)
    expect(got.contentType).toBe("audio/mpeg")
    expect(sha(await bytesOf(got.body))).toBe(sha(data))
  }, 60_000)

  test("a multipart upload whose body fails is aborted: nothing under the key", async () => {
    const fs = makeS3FileStorage(s3Config())
    expect(await failure(fs.put("big/broken", streamOf(random(12 * 1024 * 1024), 7 * 1024 * 1024), "audio/mpeg")))
      .toMatchObject({ _tag: "FileStorageError", op: "put" })
    expect(await run(fs.exists("big/broken"))).toBe(false)
  }, 60_000)

  test("keys are path-style URLs under the bucket, special characters encoded", async () => {
    const fs = makeS3FileStorage(s3Config())
    await run(fs.put("cases/t/file(1)!.txt", new TextEncoder().encode("x"), "text/plain"))
    const res = await fetch(`http://127.0.0.1:${s3Port}/switchboard/cases/t/file%281%29%21.txt`)
    // s3rver lets an unsigned GET through: the object is where a path-style URL says
    expect(res.status).toBe(200)
    expect(await res.text()).toBe("x")
  })

  test("a store that refuses (unknown bucket, unknown key id) is a FileStorageError naming the cause", async () => {
    const noBucket = makeS3FileStorage({ ...s3Config(), bucket: "nope" })
    expect((await failure(noBucket.put("a", new Uint8Array(1), "text/plain"))).message).toContain("NoSuchBucket")
    const badKey = makeS3FileStorage({ ...s3Config(), accessKeyId: "WRONG" })
    expect((await failure(badKey.put("a", new Uint8Array(1), "text/plain"))).message).toContain("InvalidAccessKeyId")
    expect(await failure(badKey.get("a"))).toMatchObject({ _tag: "FileStorageError", op: "get" })
  })
})
