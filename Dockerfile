# sipbot in a container: `docker build -t sipbot . && docker run -p 3000:3000 --env-file .env sipbot`.
# Two stages: build with the dev dependencies (tsc), then run with production dependencies only,
# as a non-root user, with node itself as PID 1 so SIGTERM reaches sipbot's drain directly.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Sources before `npm ci`: its prepare step builds dist/.
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY bin ./bin
COPY adapters ./adapters
COPY server ./server
COPY bench ./bench
COPY data ./data
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/data ./data
COPY --chown=node:node README.md .env.example ./
USER node
EXPOSE 3000
# node, not curl (the slim image has no curl): 200 when every configured platform is up.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and gets `docker stop`'s SIGTERM itself (no shell in between).
CMD ["node", "dist/server/main.js"]
