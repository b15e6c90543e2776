import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ModelHeader, SentimentModel } from '../../enrich/sentiment/model.ts';

export const MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models');

let cached: SentimentModel | undefined;

/** The committed sentiment model, read once per process. */
export function loadSentimentModel(dir = MODEL_DIR): SentimentModel {
  if (cached && dir === MODEL_DIR) return cached;
  const header = JSON.parse(readFileSync(join(dir, 'sentiment.json'), 'utf8')) as ModelHeader;
  const model = SentimentModel.decode(header, new Uint8Array(readFileSync(join(dir, 'sentiment.bin'))));
  if (dir === MODEL_DIR) cached = model;
  return model;
}
