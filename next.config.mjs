/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native argon2 binding: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["@node-rs/argon2"],
  // Next 16 dev logs server-function arguments, passwords included.
  logging: { serverFunctions: false },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
