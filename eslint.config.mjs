import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const prismaOnlyInDal = {
  paths: [{ name: "@prisma/client", message: "Only lib/dal talks to the database." }],
  patterns: [
    {
      group: ["**/generated/prisma", "**/generated/prisma/*", "@prisma/*"],
      message: "Only lib/dal talks to the database.",
    },
  ],
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      ".data/**",
      // Probes and scratch files (git-ignored), e.g. tmp/probe.mts for the benchmarks.
      "tmp/**",
      "next-env.d.ts",
    ],
  },
  {
    // The data access layer is the only code that imports Prisma (house style).
    files: ["**/*.{ts,tsx,mjs,js}"],
    ignores: ["lib/dal/**", "prisma/**", "scripts/**", "bench/**", "lib/testing/**"],
    rules: { "no-restricted-imports": ["error", prismaOnlyInDal] },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
