# A container image of the bot. NOT BUILT OR TESTED: there is no Docker engine on the machines this
# project is developed on (docs/deployment.md says what is tested instead).
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci
COPY . .
# `npm ci` above ran before the sources were copied, so it could not compile them (scripts/build.mjs).
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATABASE_URL=/data/consensus.db PORT=3000
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node as PID 1 gets SIGTERM from `docker stop` and runs the graceful stop.
# The same command as `npm start` (test/unit/startCommand.test.ts keeps them equal).
CMD ["node", "--liftoff-only", "--max-semi-space-size=2", "scripts/start.mjs"]
