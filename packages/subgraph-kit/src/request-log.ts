import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from '@jobmarket/telemetry';

/**
 * One structured log line per GraphQL operation: name, type, duration, error codes, request id.
 * `debug` when it succeeded, `info` when it carried errors (client errors included, so an operator
 * sees throttling, refused tokens and abusive queries without raising the log level).
 */
export function requestLogPlugin<C extends BaseContext>(logger: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const requestId = (contextValue as { requestId?: unknown }).requestId;
      return {
        async willSendResponse({ request, operation, errors, response }) {
          const body = response.body;
          const all =
            errors ?? (body.kind === 'single' ? body.singleResult.errors : undefined) ?? [];
          const codes = [
            ...new Set(
              all.map((error) => {
                const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
                return typeof code === 'string' ? code : 'UNKNOWN';
              }),
            ),
          ];
          const line = {
            requestId,
            operation:
              (request.operationName ?? operation?.name?.value ?? null)?.slice(0, 64) ?? null,
            type: operation?.operation ?? null,
            ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
            ...(codes.length ? { errors: codes } : {}),
          };
          if (codes.length) logger.info(line, 'graphql operation with errors');
          else logger.debug(line, 'graphql operation');
        },
      };
    },
  };
}
