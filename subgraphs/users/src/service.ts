import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  badUserInput,
  decodeCursor,
  forbidden,
  encodeCursor,
  isUniqueViolation,
  notFound,
  optionalString,
  pageSize,
  parseUuid,
  rateLimited,
  unauthenticated,
  type AccessTokenSigner,
  type Queryable,
  type Store,
} from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import { assertPasswordAcceptable, type PasswordHasher } from './passwords.js';
import {
  ApplicationStatus,
  type Application,
  type ApplicationConnection,
  type AuthPayload,
  type Profile,
  type ProfileInput,
  type SavedOffer,
  type SavedOfferConnection,
  SESSION_USER,
  type User,
} from './types.js';
import { normaliseEmail, parseOfferId, profileChanges, type ProfileChanges } from './validation.js';

export interface ThrottleSettings {
  /** Failed sign-ins per account within the window before it is blocked (5). */
  accountLimit: number;
  /** Failed sign-ins per client address within the window before it is blocked (20). */
  addressLimit: number;
  windowSeconds: number;
  blockSeconds: number;
  /** Accounts one client address may create per hour (20). */
  registrationsPerAddressPerHour?: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  accountLimit: 5,
  addressLimit: 20,
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};

export interface UsersServiceOptions {
  store: Store;
  hasher: PasswordHasher;
  signer: AccessTokenSigner;
  logger: Logger;
  refreshTokenTtlSeconds?: number;
  throttle?: ThrottleSettings;
  /** Saved offers and applications a user may keep (1 000 each). */
  maxItemsPerUser?: number;
}

interface UserRow {
  id: string;
  email: string;
  created_at: Date;
}

interface ProfileRow {
  display_name: string | null;
  desired_rome_codes: string[];
  desired_job_titles: string[];
  skills: { name: string; level: string }[];
  location: {
    label: string;
    latitude: number;
    longitude: number;
    communeCode: string | null;
  } | null;
  radius_km: number | null;
  contract_types: string[];
  seniority: string | null;
  min_salary: number | null;
  remote_modes: string[];
  updated_at: Date;
}

interface ApplicationRow {
  id: string;
  offer_id: string;
  status: string;
  notes: string;
  created_at: Date;
  updated_at: Date;
}

const REFRESH_PREFIX = 'jmr_';
const NOTES_MAX = 5_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, createdAt: row.created_at };
}

function toProfile(row: ProfileRow): Profile {
  return {
    displayName: row.display_name,
    desiredRomeCodes: row.desired_rome_codes,
    desiredJobTitles: row.desired_job_titles,
    skills: row.skills as Profile['skills'],
    location: row.location
      ? { ...row.location, communeCode: row.location.communeCode ?? null }
      : null,
    radiusKm: row.radius_km,
    contractTypes: row.contract_types as Profile['contractTypes'],
    seniority: row.seniority as Profile['seniority'],
    minSalary: row.min_salary,
    remoteModes: row.remote_modes as Profile['remoteModes'],
    updatedAt: row.updated_at,
  };
}

function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    offerId: row.offer_id,
    offer: { id: row.offer_id },
    status: row.status as ApplicationStatus,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface KeysetCursor {
  t: string;
  k: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A keyset cursor (timestamp + key); anything malformed is BAD_USER_INPUT, never a SQL cast error. */
function parseKeyset(after: string | null | undefined, keyIsUuid: boolean): KeysetCursor | null {
  if (after === null || after === undefined) return null;
  const cursor = decodeCursor(after, (value): value is KeysetCursor => {
    if (typeof value !== 'object' || value === null) return false;
    const { t, k } = value as Partial<KeysetCursor>;
    if (typeof t !== 'string' || typeof k !== 'string' || k.length > 128) return false;
    const time = Date.parse(t);
    if (Number.isNaN(time) || time < 0 || time > Date.parse('9999-12-31T00:00:00Z')) return false;
    return keyIsUuid ? UUID.test(k) : /^[A-Za-z0-9._:-]+$/.test(k);
  });
  return { t: new Date(cursor.t).toISOString(), k: cursor.k };
}

function parseNotes(notes: string | null | undefined, argument: string): string {
  return optionalString(notes, { argument, max: NOTES_MAX, keepEmpty: true }) ?? '';
}

function parseStatus(status: string, argument: string): ApplicationStatus {
  if (!Object.values(ApplicationStatus).includes(status as ApplicationStatus)) {
    throw badUserInput(`\`${argument}\` has an unknown value.`, { argument });
  }
  return status as ApplicationStatus;
}

/**
 * Accounts, sessions and the candidate's own data. Every method that touches a user's data takes
 * the signed-in user's id and scopes its SQL by it: there is no way to name another user's rows.
 */
export class UsersService {
  readonly store: Store;
  private readonly hasher: PasswordHasher;
  private readonly signer: AccessTokenSigner;
  private readonly logger: Logger;
  private readonly refreshTtlSeconds: number;
  private readonly throttle: ThrottleSettings;
  private readonly maxItems: number;

  constructor(options: UsersServiceOptions) {
    this.store = options.store;
    this.hasher = options.hasher;
    this.signer = options.signer;
    this.logger = options.logger;
    this.refreshTtlSeconds = options.refreshTokenTtlSeconds ?? 30 * 24 * 3600;
    this.throttle = options.throttle ?? DEFAULT_THROTTLE;
    this.maxItems = options.maxItemsPerUser ?? 1_000;
  }

  // ---- accounts and sessions ---------------------------------------------------------------

  async register(
    rawEmail: string,
    password: string,
    profile: ProfileInput | null | undefined,
    clientAddress: string,
  ): Promise<AuthPayload> {
    const email = normaliseEmail(rawEmail, 'input.email');
    assertPasswordAcceptable(password, email, 'input.password');
    const changes = profile ? profileChanges(profile, 'input.profile') : {};
    const registrationKey = `register:${clientAddress.slice(0, 64)}`;
    await this.assertNotBlocked([this.addressKey(clientAddress)]);
    await this.assertNotBlocked(
      [registrationKey],
      'Too many accounts were created from your network; try again later.',
    );
    const passwordHash = await this.hasher.hash(password);
    const id = randomUUID();
    try {
      const user = await this.store.transaction(async (tx) => {
        const { rows } = await tx.query<UserRow>(
          'insert into users (id, email, password_hash) values ($1, $2, $3) returning id, email, created_at',
          [id, email, passwordHash],
        );
        await tx.query('insert into profiles (user_id) values ($1)', [id]);
        await this.applyProfile(tx, id, changes);
        return rows[0] as UserRow;
      });
      this.logger.info({ userId: id }, 'account created');
      await this.count(
        registrationKey,
        this.throttle.registrationsPerAddressPerHour ?? 20,
        3600,
        3600,
      );
      return await this.startSession(toUser(user));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw badUserInput('An account with this email address already exists; sign in instead.', {
          argument: 'input.email',
          reason: 'EMAIL_TAKEN',
        });
      }
      throw error;
    }
  }

  async login(rawEmail: string, password: string, clientAddress: string): Promise<AuthPayload> {
    const email = normaliseEmail(rawEmail);
    if (typeof password !== 'string' || password.length === 0 || password.length > 1024) {
      throw badUserInput('`password` must be between 1 and 1024 characters.', {
        argument: 'password',
      });
    }
    const keys = [this.accountKey(email), this.addressKey(clientAddress)];
    await this.assertNotBlocked(keys);
    const { rows } = await this.store.query<UserRow & { password_hash: string }>(
      'select id, email, created_at, password_hash from users where email = $1',
      [email],
    );
    const row = rows[0];
    const ok = await this.hasher.verify(row?.password_hash ?? null, password);
    if (!row || !ok) {
      await this.recordFailure(keys);
      this.logger.info(
        { reason: row ? 'wrong password' : 'unknown account', clientAddress },
        'sign-in failed',
      );
      throw unauthenticated('Wrong email address or password.');
    }
    await this.store.query('delete from login_failures where key = $1', [this.accountKey(email)]);
    return this.startSession(toUser(row));
  }

  async refresh(refreshToken: string): Promise<AuthPayload> {
    const hash = this.refreshHash(refreshToken);
    type Outcome =
      | { kind: 'ok'; user: UserRow; familyId: string }
      | { kind: 'reused'; userId: string }
      | { kind: 'invalid' };
    const outcome = await this.store.transaction<Outcome>(async (tx) => {
      const { rows } = await tx.query<{
        id: string;
        user_id: string;
        family_id: string;
        expires_at: Date;
        used_at: Date | null;
        revoked_at: Date | null;
      }>(
        'select id, user_id, family_id, expires_at, used_at, revoked_at from refresh_tokens where token_hash = $1 for update',
        [hash],
      );
      const token = rows[0];
      if (!token || token.revoked_at !== null || token.expires_at.getTime() <= Date.now())
        return { kind: 'invalid' };
      if (token.used_at !== null) {
        await tx.query(
          'update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null',
          [token.family_id],
        );
        return { kind: 'reused', userId: token.user_id };
      }
      await tx.query('update refresh_tokens set used_at = now() where id = $1', [token.id]);
      const user = await tx.query<UserRow>(
        'select id, email, created_at from users where id = $1',
        [token.user_id],
      );
      return user.rows[0]
        ? { kind: 'ok', user: user.rows[0], familyId: token.family_id }
        : { kind: 'invalid' };
    });
    if (outcome.kind === 'reused') {
      this.logger.warn({ userId: outcome.userId }, 'refresh token reused; session revoked');
      throw unauthenticated(
        'This refresh token was already used; the session has been signed out. Sign in again.',
        {
          reason: 'REFRESH_TOKEN_REUSED',
        },
      );
    }
    if (outcome.kind === 'invalid') {
      throw unauthenticated('The refresh token is invalid or expired. Sign in again.', {
        reason: 'REFRESH_TOKEN_INVALID',
      });
    }
    return this.startSession(toUser(outcome.user), outcome.familyId);
  }

  /** Revokes the session (token family) of a refresh token; true when there was one to revoke. */
  async logout(refreshToken: string): Promise<boolean> {
    const hash = this.refreshHash(refreshToken);
    const { rows } = await this.store.query<{ family_id: string }>(
      'select family_id from refresh_tokens where token_hash = $1',
      [hash],
    );
    const family = rows[0]?.family_id;
    if (!family) return false;
    const result = await this.store.query(
      'update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null',
      [family],
    );
    return result.rowCount > 0;
  }

  /** Revokes every session of the user. */
  async logoutEverywhere(userId: string): Promise<number> {
    const result = await this.store.query(
      'update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null',
      [userId],
    );
    return result.rowCount;
  }

  /**
   * Changes the password after checking the current one (throttled like a sign-in), revokes every
   * session and starts a new one for the caller.
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    clientAddress: string,
  ): Promise<AuthPayload> {
    const row = await this.verifyOwnPassword(
      userId,
      currentPassword,
      clientAddress,
      'currentPassword',
    );
    assertPasswordAcceptable(newPassword, row.email, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.store.transaction(async (tx) => {
      await tx.query('update users set password_hash = $2, updated_at = now() where id = $1', [
        userId,
        passwordHash,
      ]);
      await tx.query(
        'update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null',
        [userId],
      );
    });
    this.logger.info({ userId }, 'password changed; sessions revoked');
    return this.startSession(toUser(row));
  }

  /** Deletes the account and everything it owns (profile, sessions, saved offers, applications). */
  async deleteAccount(userId: string, password: string, clientAddress: string): Promise<boolean> {
    await this.verifyOwnPassword(userId, password, clientAddress, 'password');
    const result = await this.store.query('delete from users where id = $1', [userId]);
    this.logger.info({ userId }, 'account deleted');
    return result.rowCount > 0;
  }

  private async verifyOwnPassword(
    userId: string,
    password: string,
    clientAddress: string,
    argument: string,
  ): Promise<UserRow & { password_hash: string }> {
    if (typeof password !== 'string' || password.length === 0 || password.length > 1024) {
      throw badUserInput(`\`${argument}\` must be between 1 and 1024 characters.`, { argument });
    }
    const { rows } = await this.store.query<UserRow & { password_hash: string }>(
      'select id, email, created_at, password_hash from users where id = $1',
      [userId],
    );
    const row = rows[0];
    if (!row) throw unauthenticated('This account no longer exists.');
    const keys = [this.accountKey(row.email), this.addressKey(clientAddress)];
    await this.assertNotBlocked(keys);
    if (!(await this.hasher.verify(row.password_hash, password))) {
      await this.recordFailure(keys);
      throw forbidden('The current password is wrong.', { argument });
    }
    return row;
  }

  private refreshHash(token: string): string {
    if (typeof token !== 'string' || token.length > 200 || !token.startsWith(REFRESH_PREFIX)) {
      throw unauthenticated('The refresh token is invalid or expired. Sign in again.', {
        reason: 'REFRESH_TOKEN_INVALID',
      });
    }
    return sha256(token);
  }

  private async startSession(user: User, familyId: string = randomUUID()): Promise<AuthPayload> {
    const refreshToken = `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`;
    const refreshTokenExpiresAt = new Date(Date.now() + this.refreshTtlSeconds * 1000);
    await this.store.query(
      'insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at) values ($1, $2, $3, $4, $5)',
      [randomUUID(), user.id, familyId, sha256(refreshToken), refreshTokenExpiresAt],
    );
    const access = await this.signer.sign(user.id);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      user: { ...user, [SESSION_USER]: true },
    };
  }

  // ---- throttling -------------------------------------------------------------------------

  private accountKey(email: string): string {
    return `account:${sha256(email).slice(0, 32)}`;
  }

  private addressKey(address: string): string {
    return `address:${address.slice(0, 64)}`;
  }

  private async assertNotBlocked(keys: string[], message?: string): Promise<void> {
    const { rows } = await this.store.query<{ key: string; blocked_until: Date }>(
      'select key, blocked_until from login_failures where key = any($1::text[]) and blocked_until > now()',
      [keys],
    );
    if (rows.length === 0) return;
    const until = Math.max(...rows.map((row) => row.blocked_until.getTime()));
    const perAccount = rows.some((row) => row.key.startsWith('account:'));
    throw rateLimited(
      message ??
        (perAccount
          ? 'Too many failed sign-ins for this account; try again later.'
          : 'Too many failed sign-ins from your network; try again later.'),
      (until - Date.now()) / 1000,
    );
  }

  private async recordFailure(keys: string[]): Promise<void> {
    const { windowSeconds, blockSeconds } = this.throttle;
    for (const key of keys) {
      const limit = key.startsWith('account:')
        ? this.throttle.accountLimit
        : this.throttle.addressLimit;
      await this.count(key, limit, windowSeconds, blockSeconds);
    }
  }

  /** Counts one event for `key` in a fixed window; at `limit` events the key is blocked for `blockSeconds`. */
  private async count(key: string, limit: number, windowSeconds: number, blockSeconds: number) {
    await this.store.query(
      `insert into login_failures (key, failures, window_started_at, blocked_until)
         values ($1, 1, now(), case when 1 >= $2::int then now() + make_interval(secs => $4::int) end)
         on conflict (key) do update set
           failures = case when login_failures.window_started_at < now() - make_interval(secs => $3::int)
                           then 1 else login_failures.failures + 1 end,
           window_started_at = case when login_failures.window_started_at < now() - make_interval(secs => $3::int)
                                    then now() else login_failures.window_started_at end,
           blocked_until = case
             when (case when login_failures.window_started_at < now() - make_interval(secs => $3::int)
                        then 1 else login_failures.failures + 1 end) >= $2::int
             then now() + make_interval(secs => $4::int)
             else login_failures.blocked_until end`,
      [key, limit, windowSeconds, blockSeconds],
    );
  }

  // ---- the user's own data ----------------------------------------------------------------

  async user(userId: string): Promise<User | null> {
    const { rows } = await this.store.query<UserRow>(
      'select id, email, created_at from users where id = $1',
      [userId],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async profile(userId: string): Promise<Profile> {
    const { rows } = await this.store.query<ProfileRow>(
      'select * from profiles where user_id = $1',
      [userId],
    );
    if (!rows[0]) throw notFound('Profile');
    return toProfile(rows[0]);
  }

  async updateProfile(userId: string, input: ProfileInput): Promise<Profile> {
    const changes = profileChanges(input);
    await this.store.transaction((tx) => this.applyProfile(tx, userId, changes));
    return this.profile(userId);
  }

  private async applyProfile(
    tx: Queryable,
    userId: string,
    changes: ProfileChanges,
  ): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const casts: Record<string, string> = { skills: '::jsonb', location: '::jsonb' };
    const sets = entries.map(
      ([column], index) => `${column} = $${index + 2}${casts[column] ?? ''}`,
    );
    await tx.query(
      `update profiles set ${sets.join(', ')}, updated_at = now() where user_id = $1`,
      [userId, ...entries.map(([, value]) => value)],
    );
  }

  async saveOffer(userId: string, rawOfferId: string): Promise<SavedOffer> {
    const offerId = parseOfferId(rawOfferId);
    await this.assertRoom(userId, 'saved_offers', 'saved offers');
    await this.store.query(
      'insert into saved_offers (user_id, offer_id) values ($1, $2) on conflict do nothing',
      [userId, offerId],
    );
    const { rows } = await this.store.query<{ saved_at: Date }>(
      'select saved_at from saved_offers where user_id = $1 and offer_id = $2',
      [userId, offerId],
    );
    return { offerId, offer: { id: offerId }, savedAt: (rows[0] as { saved_at: Date }).saved_at };
  }

  async unsaveOffer(userId: string, rawOfferId: string): Promise<boolean> {
    const offerId = parseOfferId(rawOfferId);
    const result = await this.store.query(
      'delete from saved_offers where user_id = $1 and offer_id = $2',
      [userId, offerId],
    );
    return result.rowCount > 0;
  }

  async savedOffers(
    userId: string,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<SavedOfferConnection> {
    const size = pageSize(first);
    const cursor = parseKeyset(after, false);
    const { rows } = await this.store.query<{ offer_id: string; saved_at: Date }>(
      `select offer_id, saved_at from saved_offers
        where user_id = $1 and ($2::timestamptz is null or (saved_at, offer_id) < ($2::timestamptz, $3::text))
        order by saved_at desc, offer_id desc limit $4`,
      [userId, cursor?.t ?? null, cursor?.k ?? '', size + 1],
    );
    const total = await this.store.query<{ n: number }>(
      'select count(*) as n from saved_offers where user_id = $1',
      [userId],
    );
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return {
      nodes: page.map((row) => ({
        offerId: row.offer_id,
        offer: { id: row.offer_id },
        savedAt: row.saved_at,
      })),
      totalCount: total.rows[0]?.n ?? 0,
      hasNextPage: rows.length > size,
      endCursor: last ? encodeCursor({ t: last.saved_at.toISOString(), k: last.offer_id }) : null,
    };
  }

  /** Which of `offerIds` the user saved (for `Offer.savedByMe`, batched). */
  async savedAmong(userId: string, offerIds: string[]): Promise<Set<string>> {
    const { rows } = await this.store.query<{ offer_id: string }>(
      'select offer_id from saved_offers where user_id = $1 and offer_id = any($2::text[])',
      [userId, offerIds],
    );
    return new Set(rows.map((row) => row.offer_id));
  }

  async applicationsForOffers(
    userId: string,
    offerIds: string[],
  ): Promise<Map<string, Application>> {
    const { rows } = await this.store.query<ApplicationRow>(
      'select * from applications where user_id = $1 and offer_id = any($2::text[])',
      [userId, offerIds],
    );
    return new Map(rows.map((row) => [row.offer_id, toApplication(row)]));
  }

  async createApplication(
    userId: string,
    input: { offerId: string; status: string; notes: string },
  ): Promise<Application> {
    const offerId = parseOfferId(input.offerId, 'input.offerId');
    const status = parseStatus(input.status, 'input.status');
    const notes = parseNotes(input.notes, 'input.notes');
    await this.assertRoom(userId, 'applications', 'applications');
    try {
      const { rows } = await this.store.query<ApplicationRow>(
        'insert into applications (id, user_id, offer_id, status, notes) values ($1, $2, $3, $4, $5) returning *',
        [randomUUID(), userId, offerId, status, notes],
      );
      return toApplication(rows[0] as ApplicationRow);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw badUserInput('You already have an application for this offer; update it instead.', {
          argument: 'input.offerId',
          reason: 'APPLICATION_EXISTS',
        });
      }
      throw error;
    }
  }

  async updateApplication(
    userId: string,
    rawId: string,
    input: { status?: string | null; notes?: string | null },
  ): Promise<Application> {
    const id = parseUuid(rawId, 'id');
    const status =
      input.status === null || input.status === undefined
        ? null
        : parseStatus(input.status, 'input.status');
    const notes =
      input.notes === null || input.notes === undefined
        ? null
        : parseNotes(input.notes, 'input.notes');
    const { rows } = await this.store.query<ApplicationRow>(
      `update applications set status = coalesce($3, status), notes = coalesce($4, notes), updated_at = now()
        where id = $1 and user_id = $2 returning *`,
      [id, userId, status, notes],
    );
    if (!rows[0]) throw notFound('Application', id);
    return toApplication(rows[0]);
  }

  async deleteApplication(userId: string, rawId: string): Promise<boolean> {
    const id = parseUuid(rawId, 'id');
    const result = await this.store.query(
      'delete from applications where id = $1 and user_id = $2',
      [id, userId],
    );
    if (result.rowCount === 0) throw notFound('Application', id);
    return true;
  }

  async applications(
    userId: string,
    status: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ApplicationConnection> {
    const size = pageSize(first);
    const statusFilter =
      status === null || status === undefined ? null : parseStatus(status, 'status');
    const cursor = parseKeyset(after, true);
    const { rows } = await this.store.query<ApplicationRow>(
      `select * from applications
        where user_id = $1 and ($2::text is null or status = $2)
          and ($3::timestamptz is null or (updated_at, id) < ($3::timestamptz, $4::uuid))
        order by updated_at desc, id desc limit $5`,
      [
        userId,
        statusFilter,
        cursor?.t ?? null,
        cursor?.k ?? '00000000-0000-0000-0000-000000000000',
        size + 1,
      ],
    );
    const total = await this.store.query<{ n: number }>(
      'select count(*) as n from applications where user_id = $1 and ($2::text is null or status = $2)',
      [userId, statusFilter],
    );
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return {
      nodes: page.map(toApplication),
      totalCount: total.rows[0]?.n ?? 0,
      hasNextPage: rows.length > size,
      endCursor: last ? encodeCursor({ t: last.updated_at.toISOString(), k: last.id }) : null,
    };
  }

  private async assertRoom(
    userId: string,
    table: 'saved_offers' | 'applications',
    what: string,
  ): Promise<void> {
    const { rows } = await this.store.query<{ n: number }>(
      `select count(*) as n from ${table} where user_id = $1`,
      [userId],
    );
    if ((rows[0]?.n ?? 0) >= this.maxItems) {
      throw badUserInput(`You can keep at most ${this.maxItems} ${what}; remove some first.`, {
        reason: 'LIMIT_REACHED',
      });
    }
  }
}
