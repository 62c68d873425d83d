import type { Turn } from '../context.ts';

/**
 * The dialogue states the links test. Verification, while under way, owns the conversation: a flow slot kept
 * beside it (a contact shared mid-flow starts verification without leaving the flow) waits until it is done.
 */
export function verifying(turn: Turn): boolean {
  return turn.conv.verification !== undefined;
}

/** A flow is active and waiting for the customer's answer (and no verification is under way). */
export function inFlow(turn: Turn): boolean {
  return turn.conv.flow !== undefined && turn.conv.verification === undefined;
}
