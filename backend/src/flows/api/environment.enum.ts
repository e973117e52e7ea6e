import { registerEnumType } from '@nestjs/graphql';
import { ENVIRONMENTS, type EnvironmentName } from '../definition/flow-definition.js';

/** The GraphQL enum of a tenant's environments (its own file: integrations name it too). */
export const EnvironmentEnum = Object.fromEntries(ENVIRONMENTS.map((e) => [e, e])) as { [K in EnvironmentName]: K };
registerEnumType(EnvironmentEnum, {
  name: 'Environment',
  description: 'dev and qa try a flow version on their own (sandbox) connections; prod runs the business.',
});
