# syntax=docker/dockerfile:1
# The dashboard: the Vite build served by nginx, which also proxies /api/ to the api service (nginx.conf).
# Build from the repository root:  docker build -f docker/dashboard.Dockerfile -t hotpath-dashboard .
ARG NODE_IMAGE=node:24-bookworm-slim
ARG NGINX_IMAGE=nginx:1.28-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_update_notifier=false \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
# Every workspace's package.json, so npm ci sees the same tree as the lockfile.
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/dashboard/package.json apps/dashboard/
COPY apps/dashboard-e2e/package.json apps/dashboard-e2e/
COPY libs/contracts/package.json libs/contracts/
COPY tools/bench/package.json tools/bench/
COPY tools/checks/package.json tools/checks/
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs/contracts libs/contracts
COPY apps/dashboard apps/dashboard
RUN npx nx run dashboard:build

FROM ${NGINX_IMAGE}
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/dashboard/dist /usr/share/nginx/html
EXPOSE 80
