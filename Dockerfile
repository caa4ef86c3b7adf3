# Candor production image: the web tier (`npm start`) and the worker (`npm run worker`) share it.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts/no-schema-engine.sh ./scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
RUN groupadd --system candor && useradd --system --gid candor --home /app candor
COPY --from=build --chown=candor:candor /app ./
# Uploaded documents live here (a volume in docker-compose.yml) unless S3_BUCKET is set.
RUN mkdir -p /app/.data/files /app/.data/published && chown -R candor:candor /app/.data
USER candor
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["npm", "start"]
