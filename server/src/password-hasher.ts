/** argon2id through Bun.password: the server's implementation of core's PasswordHasher. */
import { PasswordHasher } from "@org/core/server"
import { Layer } from "effect"

export const BunPasswordHasher = Layer.succeed(PasswordHasher, {
  hash: (password) => Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 }),
  verify: (password, hash) => Bun.password.verify(password, hash).catch(() => false),
})
