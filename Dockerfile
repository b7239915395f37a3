# Pocket ID (Next.js) container image. The build stage runs the one packaging script (`npm run build`,
# scripts/package.mjs); the image holds only its output (dist/ → /app) and Node.js. The test
# scripts/package.test.ts runs the same script and starts its output the way this image does.
# Build: docker build -t pocket-id-next .    Run: see compose.yaml and docs/operations.md.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=1411 \
    HOST=0.0.0.0 \
    APP_URL=http://localhost:1411 \
    DATA_DIR=/app/data
WORKDIR /app
# The tree belongs to root and stays read-only for the app; only DATA_DIR is its to write.
COPY --from=build /src/dist /app
RUN mkdir -p /app/data && chown node:node /app/data && chmod 0700 /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 1411
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker compose exec pocket-id /app/pocket-id one-time-access-token <user>` runs the CLI.
# Without V8's memory protection keys: on processors that have them its JIT page map races when
# PGlite's WebAssembly and the LDAP sync's worker thread churn code ("Check failed: jit_page.has_value()").
CMD ["node", "--no-memory-protection-keys", "server.js"]
