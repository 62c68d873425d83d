/**
 * Feature hashing shared by the analyzer (analyzer.ts) and the vectorizer (vectorizer.ts): the feature families
 * and the 32-bit FNV-1a hash of a feature string. Training and parsing use these hashes, computed while the n-grams
 * are enumerated, so a parse builds no feature strings (the string form is kept for inspection and tests, and hashes
 * to the same ids).
 */

/** Hashed features of one message: `ids[i]` (FNV-1a of the feature string) of family `families[i]`, i < length. */
export interface HashedFeatures {
  readonly ids: Int32Array;
  readonly families: Uint8Array;
  readonly length: number;
}

/** Feature families by prefix letter; the family code is the index. */
export const FEATURE_FAMILIES = ['w', 'b', 's', 't', 'c', 'z', 'm', 'x', 'e'] as const;
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of `s[from, to)` continued from hash `h` (a prefix's hash, or FNV_OFFSET). */
export function hashRange(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** 32-bit FNV-1a over the UTF-16 code units of a feature string (as a signed int). */
export function hashFeature(feature: string): number {
  return hashRange(FNV_OFFSET, feature, 0, feature.length) | 0;
}

/** Family code of a feature string (`w:…` → 0 …), or -1 for an unknown prefix. */
function featureFamily(feature: string): number {
  return FEATURE_FAMILIES.indexOf(feature.slice(0, feature.indexOf(':')) as FeatureFamily);
}

/** Hashes a list of feature strings (tests, tools); equals `analyzer.hashed(text)` for `analyzer(text)`. */
export function hashFeatures(features: readonly string[]): HashedFeatures {
  return {
    ids: Int32Array.from(features, hashFeature),
    families: Uint8Array.from(features, (f) => Math.max(0, featureFamily(f))),
    length: features.length,
  };
}

/** An owned copy of a hashed view (training keeps every document). */
export function copyHashed(view: HashedFeatures): HashedFeatures {
  return { ids: view.ids.slice(0, view.length), families: view.families.slice(0, view.length), length: view.length };
}
