/**
 * What every screenshot script needs: a demo entry (src/test/demo-*.ts, the widgets against an
 * in-page fake) bundled and served on 127.0.0.1, and the system Chromium to look at it.
 * CHROMIUM_PATH overrides /usr/bin/chromium; PORT fixes the demo's port (default: any free one).
 */
import { join, resolve } from "node:path"
import { chromium } from "playwright-core"

export const widgetsRoot = resolve(import.meta.dir, "..")

/** Bundles `entry` (relative to packages/widgets) and serves it at `/` (and `paths`) with a blank page. */
export const serveDemo = async (o: { entry: string; title: string; background: string; style?: string; paths?: readonly string[] }) => {
  const build = await Bun.build({
    entrypoints: [join(widgetsRoot, o.entry)],
    target: "browser",
    format: "esm",
    minify: false,
    // Lit's production build (Bun resolves the "development" export condition otherwise).
    define: { "process.env.NODE_ENV": '"production"' },
  })
  if (!build.success) {
    for (const log of build.logs) console.error(log)
    process.exit(1)
  }
  const bundle = await build.outputs[0]!.text()
  const page = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
<style>
  html, body { margin: 0; }
  body { background: ${o.background}; }
  ${o.style ?? ".panel { box-sizing: border-box; width: 100%; min-height: 100vh; padding: 12px; }"}
</style>
<script type="module" src="/demo.js"></script>
</head>
<body><div id="root"></div></body>
</html>`
  const pages = new Set(["/", ...(o.paths ?? [])])
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: Number(process.env.PORT ?? 0),
    fetch(req) {
      const url = new URL(req.url)
      if (url.pathname === "/demo.js") return new Response(bundle, { headers: { "Content-Type": "text/javascript" } })
      if (pages.has(url.pathname)) return new Response(page, { headers: { "Content-Type": "text/html" } })
      return new Response("not found", { status: 404 })
    },
  })
  return { base: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) }
}

/** The system Chromium, headless, with the flags DESIGN §4 lists. */
export const launchChromium = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  })
