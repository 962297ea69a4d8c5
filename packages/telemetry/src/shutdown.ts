import type { Logger } from 'pino';

export type ShutdownStep = { name: string; run: () => Promise<void> | void };

export interface ShutdownOptions {
  logger: Logger;
  /** After this long the process exits anyway, so a stuck close cannot block a rollout. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Injected in tests; exits the process by default. */
  exit?: (code: number) => void;
}

/**
 * Registers steps run once, in reverse order of registration, on SIGTERM or SIGINT (Kubernetes
 * sends SIGTERM; Ctrl-C sends SIGINT). A second signal while stopping exits at once.
 * Returns `register` to add a step and `shutdown` to stop programmatically.
 */
export function handleShutdown({
  logger,
  timeoutMs = 15_000,
  signals = ['SIGTERM', 'SIGINT'],
  exit = (code) => process.exit(code),
}: ShutdownOptions) {
  const steps: ShutdownStep[] = [];
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string, exitCode = 0): Promise<void> => {
    if (stopping) return stopping;
    logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    stopping = (async () => {
      let code = exitCode;
      for (const step of [...steps].reverse()) {
        try {
          await step.run();
          logger.debug({ step: step.name }, 'stopped');
        } catch (error) {
          code = 1;
          logger.error({ err: error, step: step.name }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      logger.info({ exitCode: code }, 'stopped');
      exit(code);
    })();
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping; exiting now');
      exit(130);
      return;
    }
    void shutdown(signal, 0);
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    register(name: string, run: ShutdownStep['run']) {
      steps.push({ name, run });
    },
    shutdown,
    dispose() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
