/** File storage: the service, its local-disk and S3 adapters, and the layer a configuration asks for. */
import type { Layer } from "effect"
import { localFileStorage } from "./local"
import { s3FileStorage, type S3StorageConfig } from "./s3"
import type { FileStorage } from "./storage"

export * from "./storage"
export { localFileStorage, makeLocalFileStorage, temporaryFileStorage } from "./local"
export { makeS3FileStorage, s3FileStorage, type S3StorageConfig } from "./s3"

export type FileStorageConfig = { readonly kind: "local"; readonly dir: string } | ({ readonly kind: "s3" } & S3StorageConfig)

export const fileStorageLayer = (config: FileStorageConfig): Layer.Layer<FileStorage> =>
  config.kind === "local" ? localFileStorage(config.dir) : s3FileStorage(config)
