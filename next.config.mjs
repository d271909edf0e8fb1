/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native argon2 binding: load it from node_modules at run time instead of bundling it.
  // oidc-provider derives model names from class names, which the production minifier renames.
  serverExternalPackages: ["@node-rs/argon2", "oidc-provider"],
  // Next 16 dev logs server-function arguments, passwords included.
  logging: { serverFunctions: false },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
