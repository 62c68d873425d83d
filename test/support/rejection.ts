/**
 * The error `work` rejects with, when it is a `type`; otherwise the test fails: with the error itself when it is
 * another kind (its stack says where), or with "expected a <type>" when `work` resolves.
 */
export async function rejectionOf<E extends Error>(
  work: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await work;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}
