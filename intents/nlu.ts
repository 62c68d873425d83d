/**
 * The NLU the engine uses: one classifier trained at start-up on every locale's knowledge examples
 * (zh-CN and en share one model — their features barely overlap, and mixed-language text just works),
 * language detection, entity extraction, out-of-scope rejection and the ambiguity flag.
 */
import { classifierFromModel } from './classifier-predict.ts';
import { trainClassifier } from './classifier-train.ts';
import type { ClassifierModel, ClassifierOptions, LabeledText, TextClassifier } from './classifier.ts';
import { extractEntities } from './entities.ts';
import { createAnalyzer, type Analyzer, type AnalyzerOptions } from './analyzer.ts';
import type { KnowledgeBase } from './knowledge-types.ts';
import { detectLanguage } from './language.ts';
import { normalize } from './normalize.ts';
import { createSegmenter, domainWordsFromKnowledge, type Segmenter } from './segment.ts';
import type { IntentScore, Locale, Nlu, NluResult } from './types.ts';

export const OUT_OF_SCOPE_INTENT = 'out_of_scope';

/** Feature settings shared by the bot and by dataset evaluation, so both measure the same code. */
const DEFAULT_ANALYZER_OPTIONS: Omit<AnalyzerOptions, 'normalize' | 'tokenize'> = {
  wordBigrams: true,
  skipWindow: 3,
  // Edge features (`e:`: first/last word, the next two from each end, length in words): used only from 5,000
  // training examples (DEFAULT_CLASSIFIER_OPTIONS.familyMinExamples), see there.
  edges: true,
  latinCharRange: [2, 4],
  cjkCharRange: [1, 3],
  contextTag: brandContext,
};

/** Other companies' apps and wallets (normalised, lower-case): questions about their own accounts are out of scope. */
const OTHER_BRANDS =
  /微信|支付宝|淘宝|天猫|京东|美团|抖音|快手|拼多多|饿了么|闲鱼|花呗|借呗|白条|云闪付|财付通|携程|滴滴|小红书|微博|百度|爱奇艺|优酷|网易|唯品会|苹果|12306|qq|paypal|venmo|alipay|wechat|amazon|ebay|uber|netflix|spotify|revolut|zelle|cash ?app|apple|google|chase|airbnb|taobao/u;
const UPAY = /upay|优付/u;

/** `other_brand` when the message names another company's app and never upay itself. */
export function brandContext(normalizedText: string): string | undefined {
  return OTHER_BRANDS.test(normalizedText) && !UPAY.test(normalizedText) ? 'other_brand' : undefined;
}

/** The project's text analyzer: normalise → segment (jieba / Porter) → word, skip-gram and character features. */
export function createTextAnalyzer(
  segmenter: Segmenter = createSegmenter(),
  overrides: Partial<AnalyzerOptions> = {},
): Analyzer {
  return createAnalyzer({ ...DEFAULT_ANALYZER_OPTIONS, normalize, tokenize: (t) => segmenter.tokens(t), ...overrides });
}

/**
 * Classifier settings shared by the bot and by dataset evaluation (the lab adds its network: intents/eval/).
 * The experiments behind them, and those that were tried and dropped: docs/nlu-experiments.md.
 */
export const DEFAULT_CLASSIFIER_OPTIONS: Partial<ClassifierOptions> = {
  // C = 2 and a 0.75-point in-scope budget for the rejection threshold: chosen on Banking77 / CLINC150 / knowledge
  // (C = 2 is ≥ C = 1 on all three; the budget puts CLINC150 at in-scope ≥ 0.92 with OOS recall ≈ 0.65).
  svm: { C: 2 },
  maxInScopeLoss: 0.0075,
  outOfScopeClassWeight: 4,
  holdoutFraction: 0.15,
  seed: 1,
  // Edge features (family e, see AnalyzerOptions.edges) only from 5,000 training examples: they help MASSIVE zh-CN
  // and cost the knowledge files accuracy. Below the threshold the vectorizers leave the family out.
  familyMinExamples: { e: 5000 },
};

/**
 * A trainer's settings: the caller's `options` over `trainerDefaults` over DEFAULT_CLASSIFIER_OPTIONS, with the
 * out-of-scope label and, unless one is given, the default analyzer (on `options.segmenter`).
 */
export function classifierSettings<O extends ClassifierOptions>(
  options: Partial<O> & { segmenter?: Segmenter },
  trainerDefaults: Partial<O> = {},
): O {
  const { segmenter, ...rest } = options;
  return {
    analyzer: rest.analyzer ?? createTextAnalyzer(segmenter),
    outOfScopeLabel: OUT_OF_SCOPE_INTENT,
    ...DEFAULT_CLASSIFIER_OPTIONS,
    ...trainerDefaults,
    ...rest,
  } as O; // analyzer is always set, so the merge is a whole O
}

/** Trains the runtime's classifier (the SVM) on labelled texts (any dataset), with the default analyzer unless given one. */
export function trainIntentClassifier(
  examples: readonly LabeledText[],
  options: Partial<ClassifierOptions> & { segmenter?: Segmenter } = {},
): TextClassifier {
  return trainClassifier(examples, classifierSettings(options));
}

export interface NluOptions {
  /** Locales to train on, default every locale of the knowledge base. */
  locales?: readonly Locale[];
  /** Top-2 confidence gap under which the result is ambiguous, default 0.62. */
  ambiguityMargin?: number;
  /** Minimum confidence of the runner-up for an ambiguity (else the top intent simply wins), default 0.18. */
  ambiguityMinSecond?: number;
  /** Length of `intent_ranking`, default 10. */
  rankingSize?: number;
  segmenter?: Segmenter;
  classifier?: Partial<Omit<ClassifierOptions, 'analyzer'>>;
}

/** Training examples of the knowledge base: every entry's `examples`, labelled with its intent. */
export function knowledgeExamples(kb: KnowledgeBase, part: 'examples' | 'tests', locale?: Locale): LabeledText[] {
  return kb.entries(locale).flatMap((entry) => entry[part].map((text) => ({ text, label: entry.id })));
}

export function createNlu(kb: KnowledgeBase, opts: NluOptions = {}): Nlu {
  return createNluFromClassifier(trainKnowledgeClassifier(kb, opts), opts);
}

/** The classifier `createNlu` trains on the knowledge base (its `model()` can be stored: bot/nlu-cache.ts). */
export function trainKnowledgeClassifier(
  kb: KnowledgeBase,
  opts: Pick<NluOptions, 'locales' | 'segmenter' | 'classifier'> = {},
): TextClassifier {
  const locales = opts.locales ?? kb.locales;
  const examples = locales.flatMap((locale) => knowledgeExamples(kb, 'examples', locale));
  const segmenter = opts.segmenter ?? createSegmenter(domainWordsFromKnowledge(kb));
  return trainIntentClassifier(examples, { ...KNOWLEDGE_CLASSIFIER_OPTIONS, ...opts.classifier, segmenter });
}

/**
 * The knowledge files never use the edge features, whatever their size: measured worse on ~40 examples per intent
 * (docs/nlu-experiments.md), and the catalogue is past 5,000 examples (51 intents × 2 locales).
 */
export const KNOWLEDGE_CLASSIFIER_OPTIONS: Partial<ClassifierOptions> = {
  familyMinExamples: { e: Number.POSITIVE_INFINITY },
};

/**
 * The NLU of a knowledge base from a classifier trained elsewhere (`trainKnowledgeClassifier(kb).model()`,
 * e.g. cached by bot/nlu-cache.ts): the analyzer is rebuilt from the same knowledge base, so it predicts as
 * `createNlu(kb)` would, without training.
 */
export function createNluFromModel(kb: KnowledgeBase, model: ClassifierModel, opts: NluOptions = {}): Nlu {
  return createNluFromModelWords(model, opts.segmenter ? [] : domainWordsFromKnowledge(kb), opts);
}

/** `createNluFromModel` given the knowledge base's domain words instead of the knowledge base (a worker thread gets only data). */
export function createNluFromModelWords(
  model: ClassifierModel,
  domainWords: readonly string[],
  opts: NluOptions = {},
): Nlu {
  const segmenter = opts.segmenter ?? createSegmenter(domainWords);
  return createNluFromClassifier(classifierFromModel(model, createTextAnalyzer(segmenter)), opts);
}

/** Wraps a trained classifier into the `Nlu` seam (language, entities, ranking, ambiguity). */
export function createNluFromClassifier(classifier: TextClassifier, opts: NluOptions = {}): Nlu {
  const margin = opts.ambiguityMargin ?? 0.62;
  const minSecond = opts.ambiguityMinSecond ?? 0.18;
  const rankingSize = opts.rankingSize ?? 10;
  const oos = classifier.outOfScopeLabel;
  return {
    intents: classifier.labels,
    parse(text: string, parseOpts: { now?: Date } = {}): NluResult {
      const language = detectLanguage(text);
      const entities = extractEntities(text, parseOpts.now ? { now: parseOpts.now } : {});
      if (normalize(text).trim() === '') {
        return { text, language, intent: { name: oos, confidence: 1 }, intent_ranking: [], entities, ambiguous: false };
      }
      const prediction = classifier.predict(text);
      const ranking = prediction.ranking
        .slice(0, rankingSize)
        .map((s) => ({ name: s.name, confidence: round(s.confidence) }));
      const [first, second] = prediction.ranking as [IntentScore, IntentScore | undefined];
      const ambiguous =
        second !== undefined &&
        first.name !== oos &&
        second.name !== oos &&
        second.confidence >= minSecond &&
        first.confidence - second.confidence < margin;
      // An ambiguous pair is worth a clarifying question even when the threshold would have rejected it.
      const intent = ambiguous
        ? { name: first.name, confidence: round(first.confidence) }
        : { name: prediction.name, confidence: round(prediction.confidence) };
      return { text, language, intent, intent_ranking: ranking, entities, ambiguous };
    },
  };
}

function round(x: number): number {
  return Math.floor(x * 1e6) / 1e6;
}
