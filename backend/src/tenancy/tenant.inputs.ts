import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class UpdateTenantInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. America/Los_Angeles.' })
  timeZone?: string;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. USD.' })
  baseCurrency?: string;
}
