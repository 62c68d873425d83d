// What the entity tests share: a fixed clock, lookups by type, and the two table shapes most recognisers are tested
// with (texts that hold exactly one such entity, texts that hold none).
import { expect, it } from 'vitest';
import { extractEntities } from '../../intents/entities.ts';
import type { Entity, EntityType } from '../../intents/types.ts';

export const NOW = new Date('2026-03-10T02:00:00Z'); // 10:00 in Beijing

export function only(text: string, type: EntityType): Entity[] {
  return extractEntities(text, { now: NOW }).filter((e) => e.entity === type);
}

/** Asserts one entity of `type` whose value is `value` and whose offsets cover exactly `span` in `text`. */
export function expectOne(text: string, type: EntityType, value: string, span: string): Entity {
  const found = only(text, type);
  expect(found, JSON.stringify(extractEntities(text, { now: NOW }))).toHaveLength(1);
  const [entity] = found as [Entity];
  expect(entity.value).toBe(value);
  expect(text.slice(entity.start, entity.end)).toBe(span);
  return entity;
}

/** One test a case: `text` holds exactly one `type` entity, `value` over `span` (and marked sensitive, if asked). */
export function itFindsOne(
  type: EntityType,
  cases: Array<[text: string, value: string, span: string]>,
  { title = '%j → %s', sensitive = false }: { title?: string; sensitive?: boolean } = {},
): void {
  it.each(cases)(title, (text, value, span) => {
    const entity = expectOne(text, type, value, span);
    if (sensitive) expect(entity.sensitive).toBe(true);
  });
}

/** One test a text: it holds no `type` entity. */
export function itFindsNone(type: EntityType, title: string, texts: string[]): void {
  it.each(texts)(title, (text) => {
    expect(only(text, type)).toEqual([]);
  });
}
