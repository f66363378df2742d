/** SIP settings from the environment: defaults, the SIP listeners only when the process asks, bad values named. */
import { expect, test } from "bun:test"
import { ConfigError, loadConfig } from "../src/config"
import { runtimeOptions, sipOptions } from "../src/runtime"

test("defaults: SIP on, where HTTP listens (0.0.0.0), port 5060, SHA-256 then MD5, domains <slug>.sip.local", () => {
  const c = loadConfig({})
  expect(c.sip).toEqual({ host: "0.0.0.0", port: 5060, advertisedHost: undefined, algorithms: ["SHA-256", "MD5"] })
  expect(c.sipDomainSuffix).toBe("sip.local")
  expect(loadConfig({ HOST: "127.0.0.1" }).sip?.host).toBe("127.0.0.1")
})

test("SIP_* variables", () => {
  const c = loadConfig({
    SIP_HOST: "127.0.0.1", SIP_PORT: "0", SIP_ADVERTISED_HOST: "pbx.example.com", SIP_DIGEST_ALGORITHMS: "md5, sha-256", SIP_DOMAIN_SUFFIX: "Voice.Example.COM",
  })
  expect(c.sip).toEqual({ host: "127.0.0.1", port: 0, advertisedHost: "pbx.example.com", algorithms: ["MD5", "SHA-256"] })
  expect(c.sipDomainSuffix).toBe("voice.example.com")
  expect(loadConfig({ SIP_ENABLED: "false" }).sip).toBeUndefined()
})

test("the runtime gets SIP listeners only through sipOptions (main.ts): runtimes built from a config in tests have none", () => {
  const c = loadConfig({ SIP_PORT: "5070" })
  expect(runtimeOptions(c).sip).toBeUndefined()
  expect(sipOptions(c)).toMatchObject({ host: "0.0.0.0", port: 5070 })
  expect(sipOptions(loadConfig({ SIP_ENABLED: "no" }))).toBeUndefined()
})

test.each([
  [{ SIP_ENABLED: "maybe" }, "SIP_ENABLED"],
  [{ SIP_PORT: "70000" }, "SIP_PORT"],
  [{ SIP_PORT: "sip" }, "SIP_PORT"],
  [{ SIP_HOST: "a b" }, "SIP_HOST"],
  [{ SIP_ADVERTISED_HOST: "x/y" }, "SIP_ADVERTISED_HOST"],
  [{ SIP_DIGEST_ALGORITHMS: "SHA-512" }, "SIP_DIGEST_ALGORITHMS"],
  [{ SIP_DIGEST_ALGORITHMS: "MD5,MD5" }, "SIP_DIGEST_ALGORITHMS"],
  [{ SIP_DOMAIN_SUFFIX: "not a domain" }, "SIP_DOMAIN_SUFFIX"],
] as const)("a bad value names its variable: %p", (env, name) => {
  expect(() => loadConfig(env)).toThrow(ConfigError)
  expect(() => loadConfig(env)).toThrow(name)
})
