// Browser tests in the system Chromium, through playwright. Never downloads a browser:
// CHROMIUM_PATH overrides the default /usr/bin/chromium. Two suites, one run, one summary:
//   default group  src/**/*.wtr.ts except *.real.wtr.ts — against the in-page fake API
//   group "real"   src/**/*.real.wtr.ts — against the real server (bun server/src/main.ts on a
//                  fresh temporary database), proxied by this dev server: /api/*, /health and
//                  the /api/v1/events WebSocket, so pages use it on their own origin
// `wtr --group default` or `wtr --group real` runs one of them.
import { fileURLToPath } from "node:url"
import { defaultReporter } from "@web/test-runner"
import { playwrightLauncher } from "@web/test-runner-playwright"
import { esbuildPlugin } from "@web/dev-server-esbuild"
import { realServer } from "./test-support/real-server.mjs"
import { summaryFileReporter } from "./test-support/summary-reporter.mjs"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

// Fixed for the tests (the demo users admin, supervisor and operator get it); the page learns it
// from the test runner HTML of the "real" group.
const DEMO_PASSWORD = "wtr-demo-password-1"
const server = realServer({ entry: here("../../server/src/main.ts"), cwd: here("../../server"), password: DEMO_PASSWORD })

export default {
  rootDir: here("."),
  files: ["src/**/*.wtr.ts", "!src/**/*.real.wtr.ts"],
  groups: [
    {
      name: "real",
      files: ["src/**/*.real.wtr.ts"],
      testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"></head>
<body>
<script>window.__switchboardRealServer = ${JSON.stringify({ demoPassword: DEMO_PASSWORD })}</script>
<script type="module" src="${testFramework}"></script>
</body>
</html>`,
    },
  ],
  nodeResolve: true,
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 5000 } },
  // Lit's development build (picked by node-resolve) gives better warnings; its banner is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes("Lit is in dev mode"),
  middleware: [server.middleware],
  plugins: [esbuildPlugin({ ts: true, target: "es2022", tsconfig: here("tsconfig.json") }), server.plugin],
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
