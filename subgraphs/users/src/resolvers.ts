import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, requireUser, unauthenticated } from '@jobmarket/subgraph-kit';
import type { UsersContext } from './context.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordRules } from './passwords.js';
import {
  Application,
  ApplicationConnection,
  ApplicationInput,
  ApplicationStatus,
  ApplicationUpdateInput,
  AuthPayload,
  Offer,
  PasswordPolicy,
  Profile,
  ProfileInput,
  RegisterInput,
  SavedOffer,
  SavedOfferConnection,
  SESSION_USER,
  User,
} from './types.js';

/** The caller's own id, checked against the user being read: nobody reads another user. */
function ownUser(context: UsersContext, user: User): string {
  if (user[SESSION_USER]) return user.id;
  const userId = requireUser(context);
  if (user.id !== userId) throw forbidden('You can only read your own account.');
  return userId;
}

@Resolver(() => User)
export class UserResolver {
  // Root fields are nullable so that, through the gateway, an outage of this subgraph nulls only
  // its own fields and the rest of a query still answers.
  @Query(() => User, {
    nullable: true,
    description: 'The signed-in user. UNAUTHENTICATED without an access token.',
  })
  async me(@Ctx() context: UsersContext): Promise<User> {
    const userId = requireUser(context);
    const user = await context.users.user(userId);
    if (!user) throw unauthenticated('This account no longer exists.');
    return user;
  }

  @Query(() => PasswordPolicy, {
    nullable: true,
    description: 'The rules a new password must follow (for the sign-up form).',
  })
  passwordPolicy(): PasswordPolicy {
    return {
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      rules: passwordRules.map(({ id, description }) => ({ id, description })),
    };
  }

  @FieldResolver(() => Profile)
  profile(@Root() user: User, @Ctx() context: UsersContext): Promise<Profile> {
    return context.users.profile(ownUser(context, user));
  }

  @FieldResolver(() => SavedOfferConnection, { description: 'Most recently saved first.' })
  savedOffers(
    @Root() user: User,
    @Ctx() context: UsersContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<SavedOfferConnection> {
    return context.users.savedOffers(ownUser(context, user), first, after);
  }

  @FieldResolver(() => ApplicationConnection, { description: 'Most recently updated first.' })
  applications(
    @Root() user: User,
    @Ctx() context: UsersContext,
    @Arg('status', () => ApplicationStatus, { nullable: true }) status: ApplicationStatus | null,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ApplicationConnection> {
    return context.users.applications(ownUser(context, user), status, first, after);
  }

  @FieldResolver(() => String)
  email(@Root() user: User, @Ctx() context: UsersContext): string {
    ownUser(context, user);
    return user.email;
  }
}

@Resolver(() => Offer)
export class OfferResolver {
  @FieldResolver(() => Boolean, {
    description: 'Whether the signed-in user saved this offer (false when anonymous).',
  })
  async savedByMe(@Root() offer: Offer, @Ctx() context: UsersContext): Promise<boolean> {
    if (!context.userId) return false;
    return (await context.savedByMe(offer.id)) ?? false;
  }

  @FieldResolver(() => Application, {
    nullable: true,
    description: "The signed-in user's application to this offer, if any.",
  })
  async myApplication(
    @Root() offer: Offer,
    @Ctx() context: UsersContext,
  ): Promise<Application | null> {
    if (!context.userId) return null;
    return (await context.myApplication(offer.id)) ?? null;
  }
}

@Resolver()
export class AccountResolver {
  @Mutation(() => AuthPayload, {
    description: 'Creates an account (and its profile) and signs in.',
  })
  register(
    @Arg('input', () => RegisterInput) input: RegisterInput,
    @Ctx() context: UsersContext,
  ): Promise<AuthPayload> {
    return context.users.register(
      input.email,
      input.password,
      input.profile,
      context.clientAddress,
    );
  }

  @Mutation(() => AuthPayload, {
    description:
      'Signs in. Failed attempts are limited per account and per client address (RATE_LIMITED).',
  })
  login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() context: UsersContext,
  ): Promise<AuthPayload> {
    return context.users.login(email, password, context.clientAddress);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Exchanges a refresh token for a new access token and a new refresh token; the old one stops working.',
  })
  refresh(
    @Arg('refreshToken', () => String) refreshToken: string,
    @Ctx() context: UsersContext,
  ): Promise<AuthPayload> {
    return context.users.refresh(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the session the refresh token belongs to.' })
  logout(
    @Arg('refreshToken', () => String) refreshToken: string,
    @Ctx() context: UsersContext,
  ): Promise<boolean> {
    return context.users.logout(refreshToken);
  }

  @Mutation(() => Int, {
    description:
      'Ends every session of the signed-in user; returns how many refresh tokens it revoked.',
  })
  logoutEverywhere(@Ctx() context: UsersContext): Promise<number> {
    return context.users.logoutEverywhere(requireUser(context));
  }

  @Mutation(() => AuthPayload, {
    description:
      'Changes the password (the current one is checked, failures are throttled like sign-ins), ends every other session and returns a new one.',
  })
  changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() context: UsersContext,
  ): Promise<AuthPayload> {
    return context.users.changePassword(
      requireUser(context),
      currentPassword,
      newPassword,
      context.clientAddress,
    );
  }

  @Mutation(() => Boolean, {
    description:
      'Deletes the account and all its data (profile, sessions, saved offers, applications); needs the password.',
  })
  deleteAccount(
    @Arg('password', () => String) password: string,
    @Ctx() context: UsersContext,
  ): Promise<boolean> {
    return context.users.deleteAccount(requireUser(context), password, context.clientAddress);
  }

  @Mutation(() => Profile, { description: "Changes the signed-in user's profile." })
  updateProfile(
    @Arg('input', () => ProfileInput) input: ProfileInput,
    @Ctx() context: UsersContext,
  ): Promise<Profile> {
    return context.users.updateProfile(requireUser(context), input);
  }

  @Mutation(() => SavedOffer, { description: 'Saves an offer (idempotent).' })
  saveOffer(
    @Arg('offerId', () => ID) offerId: string,
    @Ctx() context: UsersContext,
  ): Promise<SavedOffer> {
    return context.users.saveOffer(requireUser(context), offerId);
  }

  @Mutation(() => Boolean, { description: 'Removes a saved offer; false if it was not saved.' })
  unsaveOffer(
    @Arg('offerId', () => ID) offerId: string,
    @Ctx() context: UsersContext,
  ): Promise<boolean> {
    return context.users.unsaveOffer(requireUser(context), offerId);
  }

  @Mutation(() => Application)
  createApplication(
    @Arg('input', () => ApplicationInput) input: ApplicationInput,
    @Ctx() context: UsersContext,
  ): Promise<Application> {
    return context.users.createApplication(requireUser(context), input);
  }

  @Mutation(() => Application, { description: 'NOT_FOUND unless the application is yours.' })
  updateApplication(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ApplicationUpdateInput) input: ApplicationUpdateInput,
    @Ctx() context: UsersContext,
  ): Promise<Application> {
    return context.users.updateApplication(requireUser(context), id, input);
  }

  @Mutation(() => Boolean, { description: 'NOT_FOUND unless the application is yours.' })
  deleteApplication(
    @Arg('id', () => ID) id: string,
    @Ctx() context: UsersContext,
  ): Promise<boolean> {
    return context.users.deleteApplication(requireUser(context), id);
  }
}
