/**
 * An esbuild plugin for the softphone bundle: sip.js's debug and log calls are
 * marked pure, so the minifier drops them with their message strings (about
 * 1.2 kB gzipped). The softphone runs sip.js at log level "error", where those
 * calls print nothing anyway; warnings and errors stay. (Its `log` option, for
 * debugging, then shows less from this bundle than from the npm entry.)
 */
import { readFile } from "node:fs/promises"
import type { Plugin } from "esbuild"

export const quietSipLogs: Plugin = {
  name: "quiet-sip-logs",
  setup(build) {
    build.onLoad({ filter: /[\\/]sip\.js[\\/]lib[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8")
      return { contents: source.replace(/\b((?:this\.)?logger\.(?:log|debug))\(/g, "/* @__PURE__ */ $1("), loader: "js" }
    })
  },
}
