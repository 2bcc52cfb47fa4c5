// `npm start`: read .env and the settings, start every configured adapter and the HTTP server, and
// stop cleanly on SIGTERM/SIGINT. JSON logs go to stdout; the few lines meant for a person go to stderr.
import { ConfigError, describePlatforms, loadConfig, loadEnvFile, type Config } from './config.js';
import { startSipbot, StartError, type Sipbot } from './app.js';
import { createLogger } from './logger.js';

/** Print one line for a person and leave with code 1: no stack trace for a problem the user can fix. */
function die(message: string): never {
  process.stderr.write(`sipbot: ${message}\n`);
  process.exit(1);
}

function banner(config: Config, app: Sipbot): string {
  const shown = config.host === '0.0.0.0' || config.host === '::' ? `http://localhost:${app.port}` : app.url;
  const lines = [`sipbot is listening on ${shown} (try it in a browser; API: ${shown}/api/explain?q=603, health: ${shown}/healthz)`];
  for (const p of describePlatforms(config)) lines.push(p.on ? `  ${p.name}: on, ${p.detail}` : `  ${p.name}: off (${p.detail})`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  loadEnvFile();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) die(e.message);
    throw e;
  }

  const logger = createLogger(config.logLevel);
  // A stray rejection from a platform SDK must not take the other platforms down with it.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection (kept running)');
  });

  // Signals are handled from here on, start-up included: a stop requested while the platforms are
  // still being set up runs as soon as the server exists.
  let app: Sipbot | undefined;
  let stoppingSince = 0;
  const stopNow = (running: Sipbot) =>
    running.stop().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      // Ctrl-C under `npm start` arrives twice (the terminal signals the group, npm forwards it):
      // only a signal well after the first one means "stop now".
      if (Date.now() - stoppingSince < 1_000) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping: finishing answers in flight');
    // Backstop: app.stop() has its own deadlines; this only catches a stop that hangs anyway.
    setTimeout(() => {
      logger.error({}, 'shutdown took longer than 9.5 s: exiting anyway');
      process.exit(1);
    }, 9_500).unref();
    if (app) void stopNow(app);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    // Print the banner at once; each platform logs its own state as it connects.
    app = await startSipbot(config, { logger, startWaitMs: 0 });
  } catch (e) {
    if (e instanceof StartError) die(e.message);
    throw e;
  }
  if (stoppingSince) return void stopNow(app);
  logger.info({ url: app.url, adapters: app.adapters.map((a) => a.name) }, 'sipbot started');
  process.stderr.write(banner(config, app));
}

main().catch((e: unknown) => {
  // A bug rather than a setting: keep the stack, it is what a maintainer needs.
  process.stderr.write(`sipbot: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
