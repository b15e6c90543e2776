/**
 * Trains the sentiment model: softmax regression with AdaGrad and L2 on touched weights, classes
 * weighted per source (square-root balancing, so rare neutral rows count more without dominating).
 * Deterministic: the shuffle uses a seeded generator.
 */
import type { SentimentLabel } from '../../domain/mention.ts';
import { seededRandom } from '../../domain/random.ts';
import { type FeatureConfig, featurize, type Lexicon, V1_FEATURES } from './features.ts';
import { LABELS, SentimentModel, softmax } from './model.ts';

export interface Example {
  text: string;
  label: SentimentLabel;
  lang: string;
  source?: string;
}

export interface TrainOptions {
  dim?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  features?: FeatureConfig;
  /** Word-polarity lexicon for the `lexicon` features; stored with the weights. */
  lexicon?: Lexicon;
  /** Cap on the per-source class weight (square-root balancing). */
  maxClassWeight?: number;
  /** Examples of these sources count this much (e.g. a large out-of-domain set). */
  sourceWeight?: Record<string, number>;
  onEpoch?: (epoch: number, loss: number) => void;
}

export function classWeights(examples: Example[], cap = 3): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const e of examples) {
    const key = e.source ?? e.lang;
    const c = counts.get(key) ?? [0, 0, 0];
    c[LABELS.indexOf(e.label)]++;
    counts.set(key, c);
  }
  const weights = new Map<string, number[]>();
  for (const [key, c] of counts) {
    const present = c.filter((n) => n > 0).length;
    const total = c[0] + c[1] + c[2];
    weights.set(
      key,
      c.map((n) => (n > 0 ? Math.min(cap, Math.sqrt(total / (present * n))) : 0)),
    );
  }
  return weights;
}

export function train(examples: Example[], options: TrainOptions = {}): SentimentModel {
  const dim = options.dim ?? 1 << 19;
  const epochs = options.epochs ?? 6;
  const lr = options.learningRate ?? 0.1;
  const l2 = options.l2 ?? 1e-6;
  const rand = seededRandom(options.seed ?? 42);
  const features = options.features ?? V1_FEATURES;
  // featurize() returns a view of a shared buffer: keep a copy per example.
  const feats = examples.map((e) => featurize(e.text, e.lang, dim, features, options.lexicon).slice());
  const ys = examples.map((e) => LABELS.indexOf(e.label));
  const cw = classWeights(examples, options.maxClassWeight ?? 3);
  const sw = examples.map(
    (e, i) =>
      (cw.get(e.source ?? e.lang) ?? [1, 1, 1])[ys[i]] * (options.sourceWeight?.[e.source ?? ''] ?? 1),
  );
  const w = new Float32Array(dim * 3);
  const g2 = new Float32Array(dim * 3).fill(1e-6);
  const model = new SentimentModel(dim, w, features, options.lexicon);
  const order = Uint32Array.from(examples.keys());
  const z = new Float64Array(3);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    let loss = 0;
    for (const idx of order) {
      const f = feats[idx];
      const y = ys[idx];
      const p = softmax(model.logits(f, z));
      loss -= sw[idx] * Math.log(Math.max(p[y], 1e-12));
      const x = 1 / Math.sqrt(f.length || 1);
      for (let c = 0; c < 3; c++) {
        const g = sw[idx] * (p[c] - (c === y ? 1 : 0)) * x;
        for (let i = 0; i < f.length; i++) {
          const k = f[i] * 3 + c;
          const gk = g + l2 * w[k];
          g2[k] += gk * gk;
          w[k] -= (lr * gk) / Math.sqrt(g2[k]);
        }
      }
    }
    options.onEpoch?.(epoch, loss / order.length);
  }
  return model;
}
