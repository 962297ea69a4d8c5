/** Snowflake credentials from the environment (kept apart from the driver so reading them does not load snowflake-sdk). */
export interface SnowflakeCredentials {
  readonly user: string;
  readonly password?: string;
  readonly privateKeyPath?: string;
  readonly privateKeyPassphrase?: string;
}

export class SnowflakeCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnowflakeCredentialsError';
  }
}

/** SNOWFLAKE_USER and SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_PATH (+ SNOWFLAKE_PRIVATE_KEY_PASSPHRASE). */
export function snowflakeCredentialsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): SnowflakeCredentials {
  const user = env.SNOWFLAKE_USER?.trim();
  const password = env.SNOWFLAKE_PASSWORD;
  const privateKeyPath = env.SNOWFLAKE_PRIVATE_KEY_PATH?.trim();
  if (!user)
    throw new SnowflakeCredentialsError(
      'SNOWFLAKE_USER is missing (needed by a snowflake:// WAREHOUSE_URL)',
    );
  if (!password && !privateKeyPath) {
    throw new SnowflakeCredentialsError(
      'SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_PATH is missing (needed by a snowflake:// WAREHOUSE_URL)',
    );
  }
  return {
    user,
    ...(password ? { password } : {}),
    ...(privateKeyPath
      ? { privateKeyPath, privateKeyPassphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE }
      : {}),
  };
}
