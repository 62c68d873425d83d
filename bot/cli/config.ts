import { loadConfig, type Config } from '../config.ts';
import { CliError } from './io.ts';
import { ConfigError } from '../errors.ts';

/** The configuration a command runs with (the same variables as the server); a bad one exits 2 naming it. */
export function cliConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}
