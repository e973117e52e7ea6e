import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A customer company: everything in Settle belongs to exactly one tenant.' })
export class Tenant {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'IANA time zone used for dates shown and written to Sage Pro.' })
  timeZone: string;

  @Field({ description: 'ISO 4217 currency code of the books.' })
  baseCurrency: string;

  @Field({ description: 'A promotion of a flow version to prod waits for another owner or admin to approve it.' })
  prodPromotionNeedsApproval: boolean;

  @Field({ description: "The mapper's optional re-ranker (SUGGEST_LLM_URL) may be sent the sample's values, not only names, paths, formats and field descriptions. Off by default." })
  suggestionsMaySendSamples: boolean;

  @Field()
  createdAt: Date;
}
