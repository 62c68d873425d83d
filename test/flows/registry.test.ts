import { describe, expect, it } from 'vitest';
import { FLOWS } from '../../bot/flows/index.ts';
import { FLOW_IDS } from '../../bot/core/domain-ids.ts';

describe('FLOWS registry', () => {
  it('has one flow per id, each named after its key, versioned, behind verification', () => {
    expect(Object.keys(FLOWS).sort()).toEqual([...FLOW_IDS].sort());
    for (const id of FLOW_IDS) {
      const flow = FLOWS[id];
      expect(flow.id).toBe(id);
      expect(Number.isInteger(flow.version) && flow.version >= 1).toBe(true);
      expect(flow.requiresVerification).toBe(true);
    }
  });
});
