/**
 * An esbuild plugin for the softphone bundle: sip.js's debug and log calls are
 * marked pure, so the minifier drops them with their message strings (about
 * 1.2 kB gzipped). The softphone runs sip.js at log level "error", where those
 * calls print nothing anyway; warnings and errors stay. (Its `log` option, for
 * debugging, then shows less from this bundle than from the npm entry.)
 */
import { readFile } from "node:fs/promises"
import type { BuildOptions, Plugin } from "esbuild"

export const quietSipLogs: Plugin = {
  name: "quiet-sip-logs",
  setup(build) {
    build.onLoad({ filter: /[\\/]sip\.js[\\/]lib[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8")
      return { contents: source.replace(/\b((?:this\.)?logger\.(?:log|debug))\(/g, "/* @__PURE__ */ $1("), loader: "js" }
    })
  },
}

/**
 * What every build of the softphone alone uses (dist/softphone through tsup, /widgets/softphone.js
 * in the server), so that both stay within the size budget: the plugin above, and Russian as
 * UTF-8 rather than \u escapes (a third of the bytes of the Russian texts).
 */
export const softphoneBuildOptions = { charset: "utf8", plugins: [quietSipLogs] } satisfies Pick<BuildOptions, "charset" | "plugins">
