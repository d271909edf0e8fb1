import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const stub = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": stub("./"),
      // The DAL imports "server-only" to keep it out of client bundles; under
      // vitest there is no bundle, so it is an empty module.
      "server-only": stub("./lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts"],
          exclude: ["lib/**/*.int.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts"],
          environment: "node",
          // One PostgreSQL, tests share it: run files one after another.
          fileParallelism: false,
          // next-auth imports "next/server" without an extension; bundling it lets Vite resolve that.
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
