import { expect, test } from "bun:test"
import { ConfigError, loadConfig } from "../src/config"

test("defaults: port 3000, embedded database under ./.data, demo data on", () => {
  const c = loadConfig({})
  expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: "./.data", demoData: true, demoPassword: undefined })
})

test("with DATABASE_URL demo data is off unless asked for", () => {
  expect(loadConfig({ DATABASE_URL: "postgres://u@127.0.0.1/db" }).demoData).toBe(false)
  expect(loadConfig({ DATABASE_URL: "postgres://u@127.0.0.1/db", SWITCHBOARD_DEMO_DATA: "true" }).demoData).toBe(true)
})

test.each([
  [{ PORT: "http" }, "PORT"],
  [{ PORT: "70000" }, "PORT"],
  [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
  [{ SWITCHBOARD_DEMO_PASSWORD: "short" }, "SWITCHBOARD_DEMO_PASSWORD"],
  [{ TRUST_PROXY: "maybe" }, "TRUST_PROXY"],
  [{ BODY_LIMIT_BYTES: "-1" }, "BODY_LIMIT_BYTES"],
] as const)("a bad value names its variable: %p", (env, name) => {
  expect(() => loadConfig(env)).toThrow(ConfigError)
  expect(() => loadConfig(env)).toThrow(name)
})
