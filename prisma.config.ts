import { defineConfig } from "prisma/config";

// The Prisma CLI is used here only for `prisma generate` (see package.json). Migrations are
// applied by `npm run db:migrate` (scripts/migrate.ts), which records them in Prisma's own
// `_prisma_migrations` table so that `prisma migrate deploy` stays usable where its engine is.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/candor" },
});
