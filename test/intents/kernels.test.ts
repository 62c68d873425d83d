import { describe, expect, it } from 'vitest';
import { addScaledRow } from '../../intents/kernels.ts';
import { createRandom } from '../../intents/linear-svm.ts';

/** The loop addScaledRow replaces, as it was written before. */
function plainLoop(out: Float64Array, w: Float32Array, base: number, v: number, n: number): void {
  for (let k = 0; k < n; k++) out[k] = (out[k] as number) + (w[base + k] as number) * v;
}

describe('addScaledRow', () => {
  it.each([0, 1, 3, 4, 5, 16, 77, 128, 131])('adds a scaled weight row of %i bit for bit as the plain loop', (n) => {
    const random = createRandom(n + 1);
    const w = Float32Array.from({ length: 3 * n + 7 }, () => random() * 2 - 1);
    const start = Float64Array.from({ length: n + 3 }, () => random());
    const expected = Float64Array.from(start);
    const actual = Float64Array.from(start);
    for (const [base, v] of [
      [0, 0.37],
      [n, -1.25],
      [2 * n + 7 - n, 3e-5],
    ] as const) {
      plainLoop(expected, w, base, v, n);
      addScaledRow(actual, w, base, v, n);
    }
    expect(Array.from(actual)).toEqual(Array.from(expected));
    // Accumulators past n are left alone.
    expect(Array.from(actual.subarray(n))).toEqual(Array.from(start.subarray(n)));
  });
});
