import { createStrata } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { startLocal } from './local/start-local.js';
import { createLogger, type Logger } from './log.js';

async function startCloud(config: Config, logger: Logger): Promise<() => Promise<void>> {
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  const strata = createStrata(config, { token: botToken ?? '', signingSecret, appToken, apiUrl }, logger);
  const port = await strata.start(config.port, config.host);
  logger.info(
    { mode: config.mode, port, model: config.chat.modelId },
    config.mode === 'socket'
      ? 'Strata is connected over Socket Mode'
      : `Strata is serving POST /slack/events on port ${port}`,
  );
  return () => strata.stop();
}

async function startLocalMode(config: Config, logger: Logger): Promise<() => Promise<void>> {
  const local = await startLocal(config, logger, { persist: true });
  logger.info(
    { mode: 'local', url: local.url, data_dir: config.local.dataDir },
    'Strata local mode is ready',
  );
  process.stdout.write(
    `\n  Strata is running in local mode.\n  Open ${local.url} and type "@Strata what is Amazon Bedrock?" in #general.\n\n`,
  );
  return () => local.close();
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const stop =
    config.mode === 'local' ? await startLocalMode(config, logger) : await startCloud(config, logger);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Strata failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
