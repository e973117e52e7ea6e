import type { ApolloServerPlugin } from '@apollo/server';
import type { MetricsService } from './metrics.service.js';

/** Counts each GraphQL operation by name, type and whether it returned errors. */
export function graphqlMetricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, operationName, errors }) {
          metrics.graphqlOperations.inc({
            operation: operationName ?? 'anonymous',
            type: operation?.operation ?? 'unknown',
            outcome: errors?.length ? 'error' : 'ok',
          });
        },
      };
    },
  };
}
