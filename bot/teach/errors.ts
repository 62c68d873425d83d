import { AppError } from '../errors.ts';

/**
 * Why a teaching call was refused. `invalid_change`: the input or the change it makes (the message names the
 * locale and the field, like `knowledge check`); `not_found`: no change or intent by that id; `busy`: another
 * instance held the teaching lock too long; `training_failed`: `settled()` when the last retrain failed.
 */
export type TeachErrorCode = 'invalid_change' | 'not_found' | 'busy' | 'training_failed';

export class TeachError extends AppError {
  constructor(
    override readonly code: TeachErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'TeachError';
  }
}
