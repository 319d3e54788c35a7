# syntax=docker/dockerfile:1
# The API and the queue worker: one image, two commands (apps/api/dist/main.js, apps/api/dist/worker.js).
# Build from the repository root:  docker build -f docker/api.Dockerfile -t hotpath-api .
ARG NODE_IMAGE=node:24-bookworm-slim

# npm ci needs the root manifest, the lockfile and every workspace's package.json (workspaces: apps/*, libs/*,
# tools/*). Copying only these first keeps the dependency layers cached until a manifest changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/dashboard/package.json apps/dashboard/
COPY apps/dashboard-e2e/package.json apps/dashboard-e2e/
COPY libs/contracts/package.json libs/contracts/
COPY tools/bench/package.json tools/bench/
COPY tools/checks/package.json tools/checks/

FROM manifests AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs/contracts libs/contracts
COPY apps/api apps/api
# Builds libs/contracts/dist first (the api depends on it), then apps/api/dist.
RUN npx nx run api:build

FROM manifests AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# node_modules holds the workspace links (@hotpath/contracts -> libs/contracts) next to the production packages.
COPY --from=prod-deps /app ./
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/apps/api/dist apps/api/dist
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# 3000: the HTTP API; 9464 / 9465: Prometheus metrics of the API / the worker.
EXPOSE 3000 9464 9465
CMD ["node", "apps/api/dist/main.js"]
