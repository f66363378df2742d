/**
 * Configuration from the environment, validated at start: a bad value stops
 * the server with a message naming the variable.
 */
export interface Config {
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  demoPassword: string | undefined
  demoData: boolean
  bodyLimitBytes: number
  trustProxy: boolean
  secureCookies: boolean
}

export class ConfigError extends Error {
  override name = "ConfigError"
}

type Env = Record<string, string | undefined>

const int = (env: Env, name: string, fallback: number, min: number, max: number) => {
  const raw = env[name]
  if (raw === undefined || raw === "") return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return n
}

const bool = (env: Env, name: string, fallback: boolean) => {
  const raw = env[name]?.toLowerCase()
  if (raw === undefined || raw === "") return fallback
  if (["1", "true", "yes", "on"].includes(raw)) return true
  if (["0", "false", "no", "off"].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`)
}

export const loadConfig = (env: Env = process.env): Config => {
  const databaseUrl = env.DATABASE_URL || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, got "${databaseUrl}"`)
  }
  const demoPassword = env.SWITCHBOARD_DEMO_PASSWORD || undefined
  if (demoPassword !== undefined && demoPassword.length < 10) {
    throw new ConfigError("SWITCHBOARD_DEMO_PASSWORD must have at least 10 characters")
  }
  const host = env.HOST || "0.0.0.0"
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError(`HOST must be an address or a host name, got "${host}"`)
  return {
    port: int(env, "PORT", 3000, 0, 65535),
    host,
    databaseUrl,
    dataDir: env.DATA_DIR || "./.data",
    demoPassword,
    // Demo data is on by default only for the embedded database.
    demoData: bool(env, "SWITCHBOARD_DEMO_DATA", !databaseUrl),
    bodyLimitBytes: int(env, "BODY_LIMIT_BYTES", 1024 * 1024, 1024, 512 * 1024 * 1024),
    trustProxy: bool(env, "TRUST_PROXY", false),
    secureCookies: bool(env, "SECURE_COOKIES", false),
  }
}
