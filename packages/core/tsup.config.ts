import { defineConfig } from "tsup"
export default defineConfig({
  entry: ["src/index.ts", "src/server.ts", "src/testing.ts"],
  format: ["esm"],
  target: "es2022",
  dts: false, // declarations come from tsc (see DESIGN §4)
  clean: true,
  sourcemap: true,
})
