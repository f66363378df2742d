import { defineConfig } from "tsup"
import { quietSipLogs } from "./build/quiet-sip-logs"

// Three outputs: the npm entry (Lit stays a dependency), the self-contained embed bundle for
// `<script type="module" src="/widgets/embed.js">`, and the softphone alone for pages that show
// only it (dist/softphone/: the element, and sip.js as a chunk it loads when it starts).
// Declarations come from tsc (DESIGN §4).
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm"],
    target: "es2022",
    platform: "browser",
    external: ["lit", /^lit\//, "@lit/context"],
    dts: false,
    sourcemap: true,
    // Both configs build in parallel into dist/: leave the embed bundle alone.
    clean: ["!embed.*", "!softphone"],
    splitting: false,
  },
  {
    entry: { embed: "src/embed.ts" },
    format: ["esm"],
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
    dts: false,
    sourcemap: true,
    minify: true,
    clean: false,
    splitting: false,
  },
  {
    entry: { softphone: "src/elements/org-softphone.ts" },
    outDir: "dist/softphone",
    format: ["esm"],
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
    dts: false,
    sourcemap: true,
    minify: true,
    clean: true,
    splitting: true,
    // Russian as UTF-8, not \u escapes: a third of the bytes of the Russian texts
    esbuildOptions: (options) => void (options.charset = "utf8"),
    esbuildPlugins: [quietSipLogs],
  },
])
