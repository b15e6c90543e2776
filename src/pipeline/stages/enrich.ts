/**
 * The enrich stage: language, sentiment, categories, story and reach on every mention before it is
 * stored. It loads the committed model (models/) and the rule files (src/enrich/rules/) once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../config/paths.ts';
import type { Mention } from '../../domain/mention.ts';
import { type CompiledRules, compileRules } from '../../enrich/categories.ts';
import { type Enrichers, enrichMention } from '../../enrich/enrich.ts';
import type { KnownAuthor } from '../../enrich/reach.ts';
import { type ModelHeader, SentimentModel } from '../../enrich/sentiment/model.ts';
import { type StoryOptions, StoryTracker } from '../../enrich/stories.ts';
import type { Stage } from '../../ports/stage.ts';

export const MODEL_DIR = join(packageRoot, 'models');
export const RULES_DIR = join(packageRoot, 'src', 'enrich', 'rules');

let cachedModel: SentimentModel | undefined;

/** The committed sentiment model, read once per process. */
export function loadSentimentModel(dir = MODEL_DIR): SentimentModel {
  if (cachedModel && dir === MODEL_DIR) return cachedModel;
  const header = JSON.parse(readFileSync(join(dir, 'sentiment.json'), 'utf8')) as ModelHeader;
  const model = SentimentModel.decode(header, new Uint8Array(readFileSync(join(dir, 'sentiment.bin'))));
  if (dir === MODEL_DIR) cachedModel = model;
  return model;
}

/** Every rules/<lang>.yaml, compiled. */
export function loadCategoryRules(dir = RULES_DIR): CompiledRules {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir))
    if (f.endsWith('.yaml')) files[f.slice(0, -5)] = readFileSync(join(dir, f), 'utf8');
  return compileRules(files);
}

export interface EnrichStageOptions {
  /** Known journalists/influencers/ambassadors by `${source}:${handle}` or handle (see src/enrich/reach.ts). */
  known?: Map<string, KnownAuthor>;
  /** Per-workspace known authors (ctx.authors.known), looked up for every mention. */
  knownFor?: (workspaceId: string) => Map<string, KnownAuthor> | undefined;
  stories?: StoryOptions;
  onError?: (step: string, err: unknown, m: Mention) => void;
}

export function createEnrichers(options: EnrichStageOptions = {}): Enrichers {
  return {
    sentiment: loadSentimentModel(),
    rules: loadCategoryRules(),
    stories: new StoryTracker(options.stories),
    known: options.known,
    knownFor: options.knownFor,
  };
}

export function createEnrichStage(options: EnrichStageOptions = {}): Stage & { enrichers: Enrichers } {
  const enrichers = createEnrichers(options);
  return {
    name: 'enrich',
    enrichers,
    process(batch: Mention[]): Mention[] {
      for (const m of batch) {
        try {
          enrichMention(
            m,
            enrichers,
            options.onError ? (step, err) => options.onError?.(step, err, m) : undefined,
          );
        } catch (err) {
          options.onError?.('enrich', err, m);
        }
      }
      return batch;
    },
  };
}
