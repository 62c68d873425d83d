/**
 * Teaching without a restart: what support staff change in the console (bot/console/), kept in the store,
 * laid over the knowledge files, retrained in the background and swapped in on every instance.
 */
import type { Locale } from '../../intents/types.ts';

export interface ChangeAuthor {
  by: string;
  at: string;
}

export interface NewIntentEntry {
  locale: Locale;
  title: string;
  /** Markdown, `{{group.key}}` values allowed (filled from values.yaml like the files). */
  answer: string;
  examples: string[];
}

interface ChangeBase extends ChangeAuthor {
  id: string;
  /** Set when undone; an undone change no longer applies. */
  undone?: ChangeAuthor;
}

/** A group's (redacted) texts become training examples of `intent` in `locale`. */
export interface AssignChange extends ChangeBase {
  kind: 'assign';
  intent: string;
  locale: Locale;
  groupId: string;
  texts: string[];
}

/** A group's texts are truly out of scope: examples of `out_of_scope`. */
export interface DismissChange extends ChangeBase {
  kind: 'dismiss';
  locale: Locale;
  groupId: string;
  texts: string[];
}

/** A new intent with its answer, in every locale. */
export interface NewIntentChange extends ChangeBase {
  kind: 'new_intent';
  intent: string;
  entries: NewIntentEntry[];
}

export type TeachChange = AssignChange | DismissChange | NewIntentChange;

export interface TrainingStatus {
  /** Changes version the live model was trained with; equals `wanted` when up to date. */
  live: number;
  /** Newest changes version in the store. */
  wanted: number;
  training: boolean;
  lastTrainedAt?: string;
  /** The last retrain's failure (the old model keeps answering). */
  lastError?: string;
}

export interface Teacher {
  /** Every change, newest first (undone ones included, marked). */
  changes(): Promise<TeachChange[]>;
  assign(input: Omit<AssignChange, 'id' | 'kind' | 'at' | 'undone'>): Promise<AssignChange>;
  dismiss(input: Omit<DismissChange, 'id' | 'kind' | 'at' | 'undone'>): Promise<DismissChange>;
  /** Validated like `knowledge check`: throws TeachError (code `invalid_change`, naming the field). */
  createIntent(input: Omit<NewIntentChange, 'id' | 'kind' | 'at' | 'undone'>): Promise<NewIntentChange>;
  undo(id: string, by: string): Promise<TeachChange>;
  /** Normalised texts every active assign/dismiss covers (the unanswered list hides them). */
  handledTexts(): Promise<ReadonlySet<string>>;
  status(): TrainingStatus;
  /** Resolves once the live model includes every change stored so far (tests, CLI). */
  settled(): Promise<void>;
  close(): Promise<void>;
}
