import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { readPage } from '../../platform/graphql/pagination.js';
import { DeadLettersService } from './dead-letters.service.js';
import { ManualReviewsService } from './manual-reviews.service.js';
import {
  DeadLetterArgs,
  DeadLetterConnection,
  ManualReview,
  ManualReviewArgs,
  ManualReviewConnection,
  ReplayDeadLettersInput,
  ReplayResult,
  ResolveManualReviewInput,
  SyncEvent,
  SyncEventArgs,
  SyncEventConnection,
  SyncEventDetail,
} from './pipeline.types.js';
import { SyncEventsService } from './sync-events.service.js';

@Resolver(() => SyncEvent)
export class SyncEventsResolver {
  constructor(private readonly events: SyncEventsService) {}

  @RequireRole('viewer')
  @Query(() => SyncEventConnection, { description: 'Events from every source, newest first.' })
  syncEvents(@Args() { first, after, ...filter }: SyncEventArgs) {
    return this.events.list(readPage({ first, after }), filter);
  }

  @RequireRole('viewer')
  @Query(() => SyncEventDetail, { description: 'One event with its timeline and Sage Pro effects.' })
  syncEvent(@Args('id', { type: () => ID }) id: string) {
    return this.events.get(id);
  }
}

@Resolver()
export class DeadLettersResolver {
  constructor(private readonly letters: DeadLettersService) {}

  @RequireRole('viewer')
  @Query(() => DeadLetterConnection, { description: 'Events that could not go on by themselves, newest first.' })
  deadLetters(@Args() { first, after, ...filter }: DeadLetterArgs) {
    return this.letters.list(readPage({ first, after }), filter);
  }

  @RequireRole('operator')
  @Mutation(() => ReplayResult, { description: 'Sends dead letters back to the pipeline; safe to repeat.' })
  async replayDeadLetters(@Args('input') input: ReplayDeadLettersInput): Promise<ReplayResult> {
    return { replayed: await this.letters.replay(input) };
  }
}

@Resolver()
export class ManualReviewsResolver {
  constructor(private readonly reviews: ManualReviewsService) {}

  @RequireRole('viewer')
  @Query(() => ManualReviewConnection, { description: 'Payments waiting for a person, newest first.' })
  manualReviews(@Args() { first, after, open }: ManualReviewArgs) {
    return this.reviews.list(readPage({ first, after }), open ?? true);
  }

  @RequireRole('operator')
  @Mutation(() => ManualReview, { description: 'Match to an invoice, post on account, or dismiss.' })
  resolveManualReview(@Args('id', { type: () => ID }) id: string, @Args('input') input: ResolveManualReviewInput) {
    return this.reviews.resolve(id, input);
  }
}
