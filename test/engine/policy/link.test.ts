import { describe, expect, it } from 'vitest';
import { runChain, type Outcome, type PolicyLink } from '../../../bot/engine/policy/link.ts';
import { makeTurn } from './fixture.ts';

function link(name: string, outcome: Outcome, seen: string[]): PolicyLink<string> {
  return {
    name,
    async handle(_turn, message) {
      seen.push(`${name}:${message}`);
      return outcome;
    },
  };
}

describe('runChain', () => {
  it('runs the links in order and stops at the first that handles the message', async () => {
    const seen: string[] = [];
    const chain = [link('a', 'pass', seen), link('b', 'handled', seen), link('c', 'handled', seen)];
    expect(await runChain(chain, makeTurn(), 'm')).toBe('b');
    expect(seen).toEqual(['a:m', 'b:m']);
  });

  it('returns undefined when every link passes', async () => {
    const seen: string[] = [];
    expect(await runChain([link('a', 'pass', seen)], makeTurn(), 'm')).toBeUndefined();
    expect(await runChain([], makeTurn(), 'm')).toBeUndefined();
  });
});
