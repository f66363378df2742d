/**
 * Password hashing is a service because the best implementation is
 * runtime-specific (the server provides argon2id through Bun.password).
 */
import { Context, Schema } from "effect"
import { bilingual } from "../validation"

export interface PasswordHasherShape {
  readonly hash: (password: string) => Promise<string>
  readonly verify: (password: string, hash: string) => Promise<boolean>
}

export class PasswordHasher extends Context.Service<PasswordHasher, PasswordHasherShape>()("@org/core/PasswordHasher") {}

export const Password = Schema.String.check(
  Schema.isMinLength(10, { message: bilingual("A password needs at least 10 characters", "Пароль должен содержать не меньше 10 символов") }),
  Schema.isMaxLength(200),
)
