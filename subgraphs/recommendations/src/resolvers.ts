import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { forbidden, pageSize, requireUser, serviceUnavailable } from '@jobmarket/subgraph-kit';
import type { CandidateProfile } from '@jobmarket/recommender';
import type { RecommendationsContext } from './context.js';
import { toRecommendation } from './explain.js';
import { profileFromInput, profileFromStored } from './profile.js';
import { NoModelError } from './serving.js';
import {
  ModelInfo,
  Offer,
  ProfileInput,
  Recommendation,
  REQUIRED_USER_FIELDS,
  User,
} from './types.js';

async function recommend(
  context: RecommendationsContext,
  profile: CandidateProfile,
  first: number,
  excludeIds: Iterable<string> = [],
): Promise<Recommendation[]> {
  try {
    const { recommendations } = await context.server.recommend(profile, { first, excludeIds });
    return recommendations.map((r) => toRecommendation(r, profile));
  } catch (error) {
    if (error instanceof NoModelError) {
      throw serviceUnavailable(
        'Recommendations are not available yet: no model is loaded. Try again shortly.',
      );
    }
    throw error;
  }
}

@Resolver(() => User)
export class UserRecommendationsResolver {
  @Directive(`@requires(fields: "${REQUIRED_USER_FIELDS}")`)
  @FieldResolver(() => [Recommendation], {
    nullable: true,
    description:
      "The offers that fit the signed-in user's profile best, best first, each with its reasons. Offers the user hid or has an application for are left out. Only the user themselves can read it.",
  })
  recommendations(
    @Root() user: User,
    @Ctx() context: RecommendationsContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' })
    first: number | null,
  ): Promise<Recommendation[]> {
    const userId = requireUser(context);
    if (user.id !== userId) throw forbidden('You can only read your own recommendations.');
    const size = pageSize(first);
    const { profile, ignored } = profileFromStored(user.profile);
    if (ignored.length > 0) context.logger.info({ ignored }, 'parts of the saved profile left out');
    return recommend(context, profile, size, new Set(user.recommendationExclusions ?? []));
  }
}

@Resolver(() => Offer)
export class SimilarOffersResolver {
  @FieldResolver(() => [Offer], {
    nullable: true,
    description:
      'Active offers like this one (its title, skills, job and place as a profile), most similar first; empty when the offer is not active.',
  })
  async similarOffers(
    @Root() offer: Offer,
    @Ctx() context: RecommendationsContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 50, default 10.' })
    first: number | null,
  ): Promise<Offer[]> {
    const size = pageSize(first, { default: 10, max: 50 });
    try {
      const similar = await context.server.similar(offer.id, size);
      return similar.map((r) => ({ id: r.offerId }));
    } catch (error) {
      if (error instanceof NoModelError)
        throw serviceUnavailable('Similar offers are not available yet: no model is loaded.');
      throw error;
    }
  }
}

@Resolver()
export class RecommendationQueries {
  @Query(() => [Recommendation], {
    nullable: true,
    description:
      'Offers for a profile typed on the spot (no account needed): the same model, scores and reasons as `User.recommendations`. A location outside France or a radius without a location is BAD_USER_INPUT; an empty profile still gets an answer.',
  })
  recommendationsForProfile(
    @Arg('profile', () => ProfileInput) profile: ProfileInput,
    @Ctx() context: RecommendationsContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' })
    first: number | null,
  ): Promise<Recommendation[]> {
    const size = pageSize(first);
    return recommend(context, profileFromInput(profile), size);
  }

  @Query(() => ModelInfo, {
    nullable: true,
    description: 'The recommendation model in service; null until one is loaded.',
  })
  modelInfo(@Ctx() context: RecommendationsContext): ModelInfo | null {
    const info = context.server.info();
    if (!info) return null;
    return {
      name: info.name,
      version: info.version,
      trainedAt: info.trainedAt ? new Date(info.trainedAt) : null,
      metrics: Object.entries(info.metrics)
        .filter(([, value]) => typeof value === 'number' && Number.isFinite(value))
        .map(([name, value]) => ({ name, value })),
      servingSince: info.servingSince,
      offers: info.offers,
    };
  }
}
