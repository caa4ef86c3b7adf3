#!/bin/sh
# Prisma's CLI wants a native schema engine it downloads at start-up; this machine cannot
# reach binaries.prisma.sh. `prisma generate` needs the path to exist but never runs it.
# Migrations are applied by scripts/migrate.ts instead (see docs/decisions/002-migrations.md).
echo "prisma schema-engine is unavailable here: use npm run db:migrate" >&2
exit 1
