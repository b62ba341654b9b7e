import type { Config } from '../../config.ts';
import { LernortError } from '../../core/errors.ts';

export async function run(_argv: string[], _config: Config): Promise<number> {
  throw new LernortError('COMMAND_UNAVAILABLE', 'Dieser Befehl ist noch nicht verfügbar.', 'This command is not available yet.');
}
