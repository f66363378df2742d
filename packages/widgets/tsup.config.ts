import { defineConfig, type Options } from "tsup"
import { softphoneBuildOptions, softphoneTerserOptions } from "./build/softphone-build"

// Three outputs: the npm entry (Lit stays a dependency), the self-contained embed bundle for
// `<script type="module" src="/widgets/embed.js">`, and the softphone alone for pages that show
// only it (dist/softphone/: the element, and sip.js as a chunk it loads when it starts).
// Declarations come from tsc (DESIGN §4).
const common: Options = { format: ["esm"], target: "es2022", platform: "browser", dts: false, sourcemap: true }
/** Everything inside (Lit, sip.js, uPlot): what a plain HTML page loads with one script tag. */
const selfContained: Options = { ...common, noExternal: [/.*/], minify: true }

export default defineConfig([
  {
    ...common,
    entry: { index: "src/index.ts" },
    external: ["lit", /^lit\//, "@lit/context"],
    // The configs build in parallel into dist/: leave the other bundles alone.
    clean: ["!embed.*", "!softphone"],
    splitting: false,
  },
  { ...selfContained, entry: { embed: "src/embed.ts" }, clean: false, splitting: false },
  {
    ...selfContained,
    entry: { softphone: "src/elements/org-softphone.ts" },
    outDir: "dist/softphone",
    clean: true,
    splitting: true,
    // esbuild minifies, then terser goes over its output (tsup's "terser" alone turns esbuild's off)
    minify: "terser",
    terserOptions: softphoneTerserOptions,
    esbuildOptions: (options) => {
      options.charset = softphoneBuildOptions.charset
      options.minify = true
    },
    esbuildPlugins: softphoneBuildOptions.plugins,
  },
])
