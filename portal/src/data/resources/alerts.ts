import type { RaRecord } from 'react-admin';
import { gql } from '../../graphql';
import { connectionDocument, cursorList, wholeList } from '../lists';
import { type ResourceModule, text } from '../resource';

const ALERT_CHANNEL = 'id kind name target enabled createdAt';
const ALERT_RULE = 'id kind enabled thresholdPercent windowMinutes waitMinutes createdAt';
const ALERT = 'id kind groupKey summary occurrences firstAt lastAt deliveredAt delivery { channelId ok error at } samples { eventId detail at }';

export const alerts: ResourceModule = cursorList({ document: connectionDocument('alerts', ALERT), field: 'alerts' });

/** One rule per kind at most, set with upsertAlertRule (pipeline actions), never created or deleted as records. */
export const alertRules: ResourceModule = wholeList(`query AlertRules { alertRules { ${ALERT_RULE} } }`, 'alertRules');

export const alertChannels: ResourceModule = {
  ...wholeList(`query AlertChannels { alertChannels { ${ALERT_CHANNEL} } }`, 'alertChannels'),
  async create(data) {
    const r = await gql<{ createAlertChannel: { channel: RaRecord; secret: string | null } }>(
      `mutation CreateAlertChannel($input: CreateAlertChannelInput!) {
        createAlertChannel(input: $input) { secret channel { ${ALERT_CHANNEL} } } }`,
      { input: { kind: data.kind, name: text(data.name) ?? '', target: text(data.target) ?? '' } },
    );
    // A webhook channel's signing secret is returned once; callers must not persist it.
    return { ...r.createAlertChannel.channel, secret: r.createAlertChannel.secret };
  },
  async delete(id, previous) {
    await gql('mutation DeleteAlertChannel($id: ID!) { deleteAlertChannel(id: $id) }', { id });
    return previous ?? { id };
  },
};

export interface AlertRuleInput {
  kind: string; enabled: boolean; thresholdPercent?: number | null; windowMinutes?: number | null; waitMinutes?: number | null;
}

export const alertActions = {
  async upsertAlertRule(input: AlertRuleInput): Promise<RaRecord> {
    const r = await gql<{ upsertAlertRule: RaRecord }>(
      `mutation UpsertAlertRule($input: UpsertAlertRuleInput!) { upsertAlertRule(input: $input) { ${ALERT_RULE} } }`,
      { input },
    );
    return r.upsertAlertRule;
  },
};
