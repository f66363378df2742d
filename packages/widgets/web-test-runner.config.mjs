// Browser tests (src/**/*.wtr.ts) in the system Chromium, through playwright. Never downloads
// a browser: CHROMIUM_PATH overrides the default /usr/bin/chromium.
import { fileURLToPath } from "node:url"
import { defaultReporter } from "@web/test-runner"
import { playwrightLauncher } from "@web/test-runner-playwright"
import { esbuildPlugin } from "@web/dev-server-esbuild"
import { summaryFileReporter } from "./test-support/summary-reporter.mjs"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

export default {
  rootDir: here("."),
  files: ["src/**/*.wtr.ts"],
  nodeResolve: true,
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 5000 } },
  // Lit's development build (picked by node-resolve) gives better warnings; its banner is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes("Lit is in dev mode"),
  plugins: [esbuildPlugin({ ts: true, target: "es2022", tsconfig: here("tsconfig.json") })],
  browsers: [
    playwrightLauncher({
      product: "chromium",
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
        headless: true,
        args: [
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryFileReporter({ file: here(".wtr-summary.json") })],
}
