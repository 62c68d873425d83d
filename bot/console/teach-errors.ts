import { HttpError } from '../http/errors.ts';

/** HTTP status of the teacher's typed errors (bot/teach/): a refused change, an unknown or finished one. */
const STATUS_OF_CODE: Record<string, number> = {
  invalid_change: 400,
  not_found: 404,
  unknown_change: 404,
  already_undone: 409,
  conflict: 409,
  // The teach lock was not acquired in time (another change is being written): try again.
  busy: 503,
};

/** Runs a teacher call; its typed errors become HTTP errors with the teacher's message, others pass on. */
export async function teacherCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const status = typeof code === 'string' ? STATUS_OF_CODE[code] : undefined;
    if (status && error instanceof Error) throw new HttpError(status, code as string, error.message);
    throw error;
  }
}
