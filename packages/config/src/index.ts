export { env, loadConfig, loadConfigOrExit, ConfigError } from './env.js';
export type { ConfigSpec, ConfigValues, Variable } from './env.js';
export { commonEnv, projectCacheDir, projectDataDir } from './common.js';
