import { defineConfig } from "tsup"

// Two outputs: the npm entry (Lit stays a dependency) and the self-contained embed bundle for
// `<script type="module" src="/widgets/embed.js">`. Declarations come from tsc (DESIGN §4).
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
    clean: ["!embed.*"],
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
])
