/**
 * All enrichers on one mention: language, sentiment, categories, story and reach. Each step is
 * guarded on its own, so one failing enricher leaves its field unset (or "unknown") and the others
 * still run; a mention is never dropped here.
 */
import type { Mention } from '../domain/mention.ts';
import { type CompiledRules, categorize } from './categories.ts';
import { detectLang, UNKNOWN_LANG } from './lang.ts';
import { estimateReach, type KnownAuthor } from './reach.ts';
import type { SentimentModel } from './sentiment/model.ts';
import type { StoryTracker } from './stories.ts';
import { prepare } from './text.ts';

export interface Enrichers {
  sentiment: SentimentModel;
  rules: CompiledRules;
  stories: StoryTracker;
  known?: Map<string, KnownAuthor>;
  /** The workspace's known authors (the persisted list, src/modules/authors); wins over `known`. */
  knownFor?: (workspaceId: string) => Map<string, KnownAuthor> | undefined;
}

/** A strongly negative post that no rule recognised is still a complaint, with the model as evidence. */
const COMPLAINT_FROM_SENTIMENT = -0.6;

export function enrichMention(
  m: Mention,
  e: Enrichers,
  onError?: (step: string, err: unknown) => void,
): Mention {
  const text = typeof m.text === 'string' ? m.text : '';
  const fail = (step: string, err: unknown) => onError?.(step, err);
  const prepared = prepare(text);
  try {
    m.lang = detectLang(prepared, m.lang);
  } catch (err) {
    m.lang = UNKNOWN_LANG;
    fail('lang', err);
  }
  try {
    m.sentiment = e.sentiment.predict(prepared, m.lang);
  } catch (err) {
    m.sentiment = { label: 'neutral', score: 0 };
    fail('sentiment', err);
  }
  try {
    const cats = categorize(
      e.rules,
      typeof m.title === 'string' && m.title ? `${m.title}\n${text}` : prepared,
    );
    if (
      m.sentiment.score <= COMPLAINT_FROM_SENTIMENT &&
      m.sentiment.label === 'negative' &&
      !cats.some((c) => c.id === 'complaint')
    ) {
      cats.unshift({ id: 'complaint', confidence: 0.4, evidence: [`model:sentiment ${m.sentiment.score}`] });
    }
    m.categories = cats;
  } catch (err) {
    m.categories = [];
    fail('categories', err);
  }
  try {
    m.storyId = e.stories.assign(m, prepared).id;
  } catch (err) {
    fail('stories', err);
  }
  try {
    m.reach = estimateReach(m, { known: e.knownFor?.(m.workspaceId) ?? e.known });
  } catch (err) {
    fail('reach', err);
  }
  return m;
}
