import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionOf, PageArgs } from '../../platform/graphql/pagination.js';

@ObjectType({ description: 'One security-relevant action: who did what, from where, when.' })
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  action: string;

  @Field(() => ID, { nullable: true })
  actorUserId: string | null;

  @Field(() => String, { nullable: true })
  actorEmail: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when a partner firm user acted.' })
  actorPartnerId: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when an API key acted.' })
  actorApiKeyId: string | null;

  @Field(() => String, { nullable: true })
  targetType: string | null;

  @Field(() => String, { nullable: true })
  targetId: string | null;

  @Field(() => String, { nullable: true })
  ip: string | null;

  @Field({ description: 'JSON object with action-specific details.' })
  details: string;

  @Field()
  createdAt: Date;
}

export const AuditEntryConnection = ConnectionOf(AuditEntry, 'AuditEntry');

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only this action, e.g. `api_key.created`.' })
  action?: string;
}
