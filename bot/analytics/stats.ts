import type { Stats, StatsFilter } from './types.ts';
import type { TurnEvent } from './turn-event.ts';

/** PLACEHOLDER (contract commit). Events must cover [from, to + 24 h) (repeat contacts). */
export function computeStats(_events: readonly TurnEvent[], _filter: StatsFilter, _now: Date): Stats {
  throw new Error('not implemented yet');
}
