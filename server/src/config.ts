/**
 * Configuration from the environment, validated at start: a bad value stops
 * the server with a message naming the variable.
 */
import type { FileStorageConfig } from "@org/core/server"
import { join } from "node:path"

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
  /** where attachments' bytes go: DATA_DIR/files, or an S3-compatible bucket */
  files: FileStorageConfig
  attachmentMaxBytes: number
  /** accepted attachment types ("image/png", "image/*"); undefined: the case desk's default list */
  attachmentTypes: string[] | undefined
  /** the SMS provider; undefined: messages are kept as not_sent */
  sms: { provider: "smsru"; apiId: string; baseUrl: string | undefined } | undefined
  /** the SIP server (UDP + TCP on one port, WebSocket at /sip on the HTTP port); undefined: SIP_ENABLED=false */
  sip: SipConfig | undefined
  /** default SIP domains of tenants: <slug>.<sipDomainSuffix> */
  sipDomainSuffix: string
}

export interface SipConfig {
  host: string
  port: number
  /** the address in Via and Record-Route; undefined: the host (for 0.0.0.0, the first non-loopback IPv4 address) */
  advertisedHost: string | undefined
  algorithms: ("SHA-256" | "MD5")[]
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

const required = (env: Env, name: string, why: string) => {
  const v = env[name]?.trim()
  if (!v) throw new ConfigError(`${name} is required ${why}`)
  return v
}

const httpUrl = (env: Env, name: string, value: string) => {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) throw new ConfigError(`${name} must be an http(s):// URL, got "${value}"`)
  return value
}

const filesConfig = (env: Env, dataDir: string): FileStorageConfig => {
  const kind = env.FILES_STORAGE || "local"
  if (kind === "local") return { kind: "local", dir: join(dataDir, "files") }
  if (kind !== "s3") throw new ConfigError(`FILES_STORAGE must be local or s3, got "${kind}"`)
  const why = "when FILES_STORAGE=s3"
  const bucket = required(env, "S3_BUCKET", why)
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots, dashes), got "${bucket}"`)
  return {
    kind: "s3",
    endpoint: httpUrl(env, "S3_ENDPOINT", required(env, "S3_ENDPOINT", why)),
    region: env.S3_REGION?.trim() || "us-east-1",
    bucket,
    accessKeyId: required(env, "S3_ACCESS_KEY_ID", why),
    secretAccessKey: required(env, "S3_SECRET_ACCESS_KEY", why),
  }
}

const contentTypes = (env: Env, name: string) => {
  const raw = env[name]
  if (raw === undefined || raw.trim() === "") return undefined
  const types = raw.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean)
  const bad = types.find((t) => !/^[a-z0-9][a-z0-9.+-]*\/(\*|[a-z0-9][a-z0-9.+-]*)$/.test(t))
  if (bad !== undefined || !types.length) throw new ConfigError(`${name} must be a comma-separated list of content types like image/png or image/*, got "${bad ?? raw}"`)
  return types
}

const smsConfig = (env: Env): Config["sms"] => {
  const provider = env.SMS_PROVIDER?.trim().toLowerCase()
  if (!provider) return undefined
  if (provider !== "smsru") throw new ConfigError(`SMS_PROVIDER must be smsru (or empty for none), got "${env.SMS_PROVIDER}"`)
  const base = env.SMS_BASE_URL?.trim()
  return { provider, apiId: required(env, "SMS_API_ID", "when SMS_PROVIDER=smsru"), baseUrl: base ? httpUrl(env, "SMS_BASE_URL", base) : undefined }
}

/** SIP listens where HTTP does (HOST, 0.0.0.0 by default) unless SIP_HOST says otherwise. */
const sipConfig = (env: Env, httpHost: string): SipConfig | undefined => {
  if (!bool(env, "SIP_ENABLED", true)) return undefined
  const host = env.SIP_HOST?.trim() || httpHost
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError(`SIP_HOST must be an address, got "${host}"`)
  const advertised = env.SIP_ADVERTISED_HOST?.trim() || undefined
  if (advertised !== undefined && !/^[\w.:-]+$/.test(advertised)) throw new ConfigError(`SIP_ADVERTISED_HOST must be an address or a host name, got "${advertised}"`)
  const algorithms = (env.SIP_DIGEST_ALGORITHMS?.trim() || "SHA-256,MD5").split(",").map((a) => a.trim().toUpperCase()).filter(Boolean)
  if (!algorithms.length || algorithms.some((a) => a !== "SHA-256" && a !== "MD5") || new Set(algorithms).size !== algorithms.length) {
    throw new ConfigError(`SIP_DIGEST_ALGORITHMS must list SHA-256 and/or MD5 (comma-separated, in the order offered), got "${env.SIP_DIGEST_ALGORITHMS}"`)
  }
  return { host, port: int(env, "SIP_PORT", 5060, 0, 65535), advertisedHost: advertised, algorithms: algorithms as SipConfig["algorithms"] }
}

const domainSuffix = (env: Env) => {
  const v = env.SIP_DOMAIN_SUFFIX?.trim().toLowerCase() || "sip.local"
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(v) || v.length > 180) {
    throw new ConfigError(`SIP_DOMAIN_SUFFIX must be a domain name like sip.example.com, got "${env.SIP_DOMAIN_SUFFIX}"`)
  }
  return v
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
  const dataDir = env.DATA_DIR || "./.data"
  return {
    port: int(env, "PORT", 3000, 0, 65535),
    host,
    databaseUrl,
    dataDir,
    demoPassword,
    // Demo data is on by default only for the embedded database.
    demoData: bool(env, "SWITCHBOARD_DEMO_DATA", !databaseUrl),
    bodyLimitBytes: int(env, "BODY_LIMIT_BYTES", 1024 * 1024, 1024, 512 * 1024 * 1024),
    trustProxy: bool(env, "TRUST_PROXY", false),
    secureCookies: bool(env, "SECURE_COOKIES", false),
    files: filesConfig(env, dataDir),
    attachmentMaxBytes: int(env, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    attachmentTypes: contentTypes(env, "ATTACHMENT_TYPES"),
    sms: smsConfig(env),
    sip: sipConfig(env, host),
    sipDomainSuffix: domainSuffix(env),
  }
}
