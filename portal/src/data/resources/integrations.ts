import type { Identifier, RaRecord } from 'react-admin';
import { gql } from '../../graphql';
import { asIs, byId } from '../byId';
import { connectionDocument, cursorList } from '../lists';
import { changedNumbers, changedText, type FormValues, type ResourceModule, text } from '../resource';

const INTEGRATION = `id name payTraceConnectionId sageProConnectionId referenceField unmatchedPolicy matchWindowDays orderLocation
  enabled createdAt updatedAt`;
const INTEGRATION_TEXT = ['name', 'payTraceConnectionId', 'sageProConnectionId', 'referenceField', 'unmatchedPolicy', 'orderLocation'] as const;
const WEBHOOK_ENDPOINT = 'id name format integrationId url secretHint createdAt rotatedAt previousSecretExpiresAt lastDeliveryAt';

/** Create/UpdateIntegrationInput from form values: empty fields left out; with `previous`, only what changed. */
export function integrationInput(data: FormValues, previous: FormValues = {}): FormValues {
  const input = { ...changedText(data, INTEGRATION_TEXT, previous), ...changedNumbers(data, ['matchWindowDays'], previous) };
  if (typeof data.enabled === 'boolean' && data.enabled !== previous.enabled) input.enabled = data.enabled;
  return input;
}

export const integrations: ResourceModule = {
  ...cursorList({ document: connectionDocument('integrations', INTEGRATION), field: 'integrations' }),
  ...byId({ field: 'integration', selection: INTEGRATION, toRecord: asIs }),
  async create(data) {
    const r = await gql<{ createIntegration: RaRecord }>(
      `mutation CreateIntegration($input: CreateIntegrationInput!) { createIntegration(input: $input) { ${INTEGRATION} } }`,
      { input: integrationInput(data) },
    );
    return r.createIntegration;
  },
  async update(id, data, previous) {
    const input = integrationInput(data, previous);
    if (previous && !Object.keys(input).length) return previous; // nothing changed: no audit entry
    const r = await gql<{ updateIntegration: RaRecord }>(
      `mutation UpdateIntegration($id: ID!, $input: UpdateIntegrationInput!) { updateIntegration(id: $id, input: $input) { ${INTEGRATION} } }`,
      { id, input },
    );
    return r.updateIntegration;
  },
  async delete(id, previous) {
    await gql('mutation DeleteIntegration($id: ID!) { deleteIntegration(id: $id) }', { id });
    return previous ?? { id };
  },
};

/** webhookEndpoints: list, create (a secret Settle issues comes back once, with the URL), delete. */
export const webhookEndpoints: ResourceModule = {
  ...cursorList({ document: connectionDocument('webhookEndpoints', WEBHOOK_ENDPOINT), field: 'webhookEndpoints' }),
  async create(data) {
    // A Shopify store's own signing secret (surrounding whitespace of a paste dropped); the API refuses one for other formats.
    const signingSecret = data.format === 'shopify_orders' ? text(data.signingSecret) : null;
    const r = await gql<{ createWebhookEndpoint: { endpoint: RaRecord; secret: string | null; url: string } }>(
      `mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
        createWebhookEndpoint(input: $input) { secret url endpoint { ${WEBHOOK_ENDPOINT} } } }`,
      { input: { integrationId: data.integrationId, format: data.format, name: text(data.name) ?? '', signingSecret } },
    );
    // A secret Settle generated is returned once (null when supplied); callers must not persist it.
    const { endpoint, secret, url } = r.createWebhookEndpoint;
    return { ...endpoint, url, secret };
  },
  async delete(id, previous) {
    await gql('mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id });
    return previous ?? { id };
  },
};

/** `secret` is the one Settle issued, shown once; null when the tenant supplied it (Shopify). */
export interface RotatedWebhookSecret { endpoint: RaRecord; secret: string | null; previousSecretExpiresAt: string }

export const webhookActions = {
  /**
   * `signingSecret`: a Shopify store's new secret; without it Settle issues one, returned once. Callers
   * must not persist either.
   */
  async rotateWebhookSecret(id: Identifier, signingSecret?: string): Promise<RotatedWebhookSecret> {
    const r = await gql<{ rotateWebhookEndpointSecret: RotatedWebhookSecret }>(
      `mutation RotateWebhookEndpointSecret($id: ID!, $signingSecret: String) {
        rotateWebhookEndpointSecret(id: $id, signingSecret: $signingSecret) { secret previousSecretExpiresAt endpoint { ${WEBHOOK_ENDPOINT} } } }`,
      { id, signingSecret: signingSecret || null },
    );
    return r.rotateWebhookEndpointSecret;
  },
};
