import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { readPage } from '../../platform/graphql/pagination.js';
import type { AlertKind } from './alert-signal.js';
import { AlertSettingsService } from './alert-settings.service.js';
import { AlertsService } from './alerts.service.js';
import {
  Alert,
  AlertChannel,
  AlertConnection,
  AlertKindEnum,
  AlertPageArgs,
  AlertRule,
  CreateAlertChannelInput,
  CreatedAlertChannel,
  UpsertAlertRuleInput,
} from './alerts.types.js';

@Resolver(() => Alert)
export class AlertsResolver {
  constructor(
    private readonly settings: AlertSettingsService,
    private readonly service: AlertsService,
  ) {}

  @RequireRole('viewer')
  @Query(() => [AlertChannel], { description: 'Where alerts are sent.' })
  alertChannels() {
    return this.settings.channels();
  }

  @RequireRole('admin')
  @Mutation(() => CreatedAlertChannel, { description: 'A webhook channel gets a Standard Webhooks signing secret, returned this once.' })
  createAlertChannel(@Args('input') input: CreateAlertChannelInput) {
    return this.settings.createChannel(input);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean)
  deleteAlertChannel(@Args('id', { type: () => ID }) id: string) {
    return this.settings.deleteChannel(id);
  }

  @RequireRole('viewer')
  @Query(() => [AlertRule], { description: "The tenant's alert rules, one per kind at most." })
  alertRules() {
    return this.settings.rules();
  }

  @RequireRole('admin')
  @Mutation(() => AlertRule, { description: 'Creates or changes the rule of a kind.' })
  upsertAlertRule(@Args('input') input: UpsertAlertRuleInput) {
    return this.settings.upsertRule(input);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: 'Deletes the rule of a kind and the alerts it raised.' })
  deleteAlertRule(@Args('kind', { type: () => AlertKindEnum }) kind: AlertKind) {
    return this.settings.deleteRule(kind);
  }

  @RequireRole('viewer')
  @Query(() => AlertConnection, { description: "The tenant's alerts, newest first." })
  alerts(@Args() args: AlertPageArgs) {
    return this.service.list(readPage(args));
  }
}
