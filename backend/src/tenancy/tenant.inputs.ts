import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class UpdateTenantInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. America/Los_Angeles.' })
  timeZone?: string;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. USD.' })
  baseCurrency?: string;

  @Field(() => Boolean, { nullable: true, description: 'A promotion of a flow version to prod waits for another owner or admin to approve it.' })
  prodPromotionNeedsApproval?: boolean;

  @Field(() => Boolean, { nullable: true, description: "The mapper's optional re-ranker (SUGGEST_LLM_URL) may be sent the sample's values, not only names, paths, formats and field descriptions." })
  suggestionsMaySendSamples?: boolean;
}
