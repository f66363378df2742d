#!/usr/bin/env node
/**
 * `npm start` and `npm test` on a machine that has only Node.js and npm:
 * gets Bun (from the npm registry), installs the workspace, then starts the
 * server or runs every test suite. Plain Node on purpose: nothing else exists yet.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const BUN_VERSION = "1.4.5"
const say = (m) => console.error(`[switchboard] ${m}`)

const works = (cmd, args) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const findBun = () => {
  if (works("bun", ["--version"])) return "bun"
  const local = join(root, ".tools", "bun", "node_modules", ".bin", "bun")
  if (existsSync(local) && works(local, ["--version"])) return local
  say(`Bun not found: installing bun@${BUN_VERSION} from the npm registry into .tools/bun`)
  const r = spawnSync("npm", ["install", "--prefix", join(root, ".tools", "bun"), "--no-save", "--no-audit", "--no-fund", `bun@${BUN_VERSION}`], { stdio: "inherit" })
  if (r.status !== 0 || !works(local, ["--version"])) {
    say("could not install Bun with npm; install it yourself (npm install -g bun) and run this again")
    process.exit(1)
  }
  return local
}

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

/** Debian packages the suites use, by a file each one provides. */
const SYSTEM_PACKAGES = {
  chromium: process.env.CHROMIUM_PATH || "/usr/bin/chromium", // browser tests
  "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", // Cyrillic in PDF reports
  "sip-tester": "/usr/bin/sipp", // SIP peers for telephony tests
}

/** Installs what is missing when we may (root with apt); otherwise names it and, if `required`, stops. */
const ensurePackages = (names, required) => {
  const missing = names.filter((n) => !existsSync(SYSTEM_PACKAGES[n]))
  if (!missing.length) return
  if (process.getuid?.() === 0 && works("apt-get", ["--version"])) {
    say(`Installing Debian packages: ${missing.join(", ")}`)
    run("apt-get", ["update", "-qq"])
    run("apt-get", ["install", "-y", "-qq", ...missing], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
    return
  }
  say(`Missing: ${missing.map((n) => `${SYSTEM_PACKAGES[n]} (apt-get install ${n})`).join(", ")}`)
  if (required) process.exit(1)
}

const command = process.argv[2]
const bun = findBun()
const binDir = dirname(bun)
const env = { ...process.env, PATH: bun === "bun" ? process.env.PATH : `${binDir}:${process.env.PATH}` }
run(bun, ["install", "--frozen-lockfile"], { env })

if (command === "start") {
  ensurePackages(["fonts-dejavu-core"], false)
  // The server handles SIGINT/SIGTERM itself; pass them on and exit with it.
  const child = spawn(bun, ["server/src/main.ts", ...process.argv.slice(3)], { stdio: "inherit", cwd: root, env })
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig))
  child.on("exit", (code) => process.exit(code ?? 0))
} else if (command === "test") {
  ensurePackages(Object.keys(SYSTEM_PACKAGES), true)
  run(bun, ["scripts/test-all.ts", ...process.argv.slice(3)], { env })
} else {
  say("usage: node scripts/run.mjs start|test")
  process.exit(2)
}
