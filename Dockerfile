# Settle: API, workers and the admin portal in one image. PostgreSQL and Redis come from outside
# (DATABASE_URL, REDIS_URL): see docker-compose.yml, which runs the privileged start step
# (backend/dist/provision.js) and the serving process (backend/dist/serve.js, no superuser URL) as two
# services. The default command, main.js, runs both in one container: the step, then serve.js as its
# child with only the app's and the sandboxes' URLs.

# ---- build: all dependencies, Prisma client, backend (SWC) and portal (Vite) ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The lockfile and the root `allowScripts` field are npm 11's.
RUN npm install -g npm@11 --no-fund --no-audit
COPY package.json package-lock.json .swcrc ./
COPY backend/package.json backend/
COPY portal/package.json portal/
COPY prisma prisma
COPY scripts scripts
# postinstall generates the Prisma client into backend/src/generated
RUN npm ci --no-fund --no-audit
COPY backend backend
COPY portal portal
RUN npm run build -w backend && npm run build -w portal \
 && find backend/dist -name '*.spec.js*' -delete

# ---- runtime: production dependencies and the build output only ----
FROM node:20-bookworm-slim
# SEED=off: no demo tenant or demo logins in a production image (SEED=on to try it out).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data \
    SEED=off
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend/package.json backend/
COPY portal/package.json portal/
# The lock names this stand-in (Prisma's Node-22-only `prisma dev` runtime, never run here).
COPY scripts/stubs scripts/stubs
# No install scripts: the Prisma client is already compiled into backend/dist, and nothing else
# needed at runtime has one that matters (argon2 ships its prebuilt binary).
RUN npm ci --omit=dev --ignore-scripts --no-fund --no-audit && npm cache clean --force
COPY prisma/migrations prisma/migrations
# `npm run keys:rotate` (master key rotation) runs the compiled backend through this script.
COPY scripts/rotate-master-key.mjs scripts/
COPY scripts/lib scripts/lib
# `npm run admin:create` (the first platform admin in production).
COPY scripts/admin-create.mjs scripts/
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/portal/dist portal/dist
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "backend/dist/main.js"]
