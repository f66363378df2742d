/**
 * What every build of the softphone alone uses (dist/softphone through tsup,
 * /widgets/softphone.js in the server), so that both give the same bytes and
 * stay within the 80 kB gzipped budget:
 * - esbuild: sip.js's log/debug calls dropped (`quietSipLogs`), and Russian as
 *   UTF-8 rather than \u escapes (a third of the bytes of the Russian texts);
 * - then terser over esbuild's minified output, two compress passes: another
 *   1.6 kB gzipped off what a page loads (esbuild alone left a Russian page at
 *   81.0 kB, over the budget in SI units).
 */
import type { BuildOptions } from "esbuild"
import type { MinifyOptions } from "terser"
import { quietSipLogs } from "./quiet-sip-logs"

export { quietSipLogs }

export const softphoneBuildOptions = { charset: "utf8", plugins: [quietSipLogs] } satisfies Pick<BuildOptions, "charset" | "plugins">

export const softphoneTerserOptions = {
  module: true,
  ecma: 2020,
  compress: { passes: 2 },
  format: { comments: false },
} satisfies MinifyOptions
