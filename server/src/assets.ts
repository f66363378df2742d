/**
 * Browser assets: the widget bundle (built from @org/widgets' source with
 * Bun.build on first request, then kept in memory), the console page and the
 * API reference page (swagger-ui from its npm package; no CDN).
 */
import { softphoneBuildOptions, softphoneTerserOptions } from "@org/widgets/build-plugins"
import { build } from "esbuild"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { minify } from "terser"

const require = createRequire(import.meta.url)

let bundle: Promise<string> | undefined

export const widgetBundle = () =>
  (bundle ??= (async () => {
    // The widgets' own source: Bun bundles it (lit included) in well under a second.
    const entry = require.resolve("@org/widgets/embed")
    const result = await Bun.build({
      entrypoints: [entry], target: "browser", format: "esm", minify: true,
      // Lit's production build: smaller, and no dev-mode warning in the operator's console.
      define: { "process.env.NODE_ENV": '"production"' },
    })
    if (!result.success) throw new AggregateError(result.logs, "widget bundle failed to build")
    return await result.outputs[0].text()
  })())

let softphone: Promise<Map<string, string>> | undefined

/**
 * The softphone alone, for pages that show only it (a CRM's sidebar): its
 * element as `softphone.js`, and sip.js as a chunk the element loads when it
 * starts, both served from /widgets/. Built once as the package's
 * dist/softphone is — esbuild, then terser over each file — which keeps what
 * a page loads under 80 kB gzipped, where Bun's minifier does not (see
 * docs/performance.md). About 2 s, once: main.ts starts it a second after the
 * server is up.
 */
export const softphoneBundle = () =>
  (softphone ??= (async () => {
    const result = await build({
      entryPoints: { softphone: require.resolve("@org/widgets/softphone") }, bundle: true, format: "esm", platform: "browser", target: "es2022",
      minify: true, splitting: true, write: false, outdir: "/widgets", chunkNames: "softphone-[hash]", logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' }, ...softphoneBuildOptions,
    })
    const files = await Promise.all(result.outputFiles.map(async (f) => {
      const code = (await minify(f.text, softphoneTerserOptions)).code
      if (code === undefined) throw new Error(`terser gave nothing for ${f.path}`)
      return [f.path.replace(/^.*[\\/]/, ""), code] as const
    }))
    return new Map(files)
  })())

export const swaggerAsset = (name: string) => {
  const dir = dirname(require.resolve("swagger-ui-dist/package.json"))
  return new Uint8Array(readFileSync(join(dir, name)))
}

export const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2563eb"/><text x="16" y="22" font-family="system-ui,sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">S</text></svg>`

export const consolePage = () => `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<style>
  html, body { margin: 0; height: 100%; background: #f4f6f8; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
</style>
<script type="module" src="/widgets/embed.js"></script>
</head>
<body>
<org-console></org-console>
</body>
</html>`

export const docsPage = () => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Switchboard API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#ui", deepLinking: true })</script>
</body>
</html>`
