# The Atrium hub in a container: runs as the unprivileged `node` user, keeps the mall's data in
# the /data volume. Build: docker build -t atrium-hub .   Run: see docs/running.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    ATRIUM_DATA=/data \
    ATRIUM_HOST=0.0.0.0 \
    ATRIUM_PORT=8080 \
    ATRIUM_DEMO=0
WORKDIR /app
# ffprobe and ffmpeg check uploaded videos and make their posters (the media library).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY server/demo/media ./server/demo/media
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Ready when the hub answers its health check (during first-run set-up it answers 503).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.ATRIUM_PORT||8080)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/hub/main.mjs"]
