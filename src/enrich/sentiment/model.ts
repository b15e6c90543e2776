/**
 * Multinomial logistic regression over hashed features. Weights are stored int8-quantised with one
 * scale per class (models/sentiment.bin + models/sentiment.json); decoding takes bytes, no I/O here.
 */
import type { Sentiment, SentimentLabel } from '../../domain/mention.ts';
import { maskedOf, type PreparedText } from '../text.ts';
import { type FeatureConfig, featurize, Lexicon, V1_FEATURES } from './features.ts';

const CONTENT = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

export const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface ModelHeader {
  /** v2 appends a lexicon table to the weights (lexiconSize uint32 keys, then as many int8 values). */
  format: 'firebreak-sentiment-int8-v1' | 'firebreak-sentiment-int8-v2';
  dim: number;
  classes: SentimentLabel[];
  /** Per class: weight = int8 * scale. */
  scales: number[];
  /** The feature switches the weights were trained with (absent: the v1 features). */
  features?: FeatureConfig;
  lexiconSize?: number;
  [extra: string]: unknown;
}

export class SentimentModel {
  readonly dim: number;
  /** Row-major [feature][class], 3 floats per feature. */
  readonly weights: Float32Array;

  readonly features: FeatureConfig;
  readonly lexicon: Lexicon | undefined;
  private readonly z = new Float64Array(3);

  constructor(dim: number, weights: Float32Array, features: FeatureConfig = V1_FEATURES, lexicon?: Lexicon) {
    if ((dim & (dim - 1)) !== 0 || weights.length !== dim * 3) throw new Error('bad sentiment model shape');
    this.dim = dim;
    this.weights = weights;
    this.features = features;
    this.lexicon = lexicon;
  }

  /** Feature indices of a text for this model (a view of a shared buffer, valid until the next call). */
  featurize(text: string | PreparedText, lang?: string): Uint32Array {
    return featurize(text, lang, this.dim, this.features, this.lexicon);
  }

  /** Class scores (logits) for pre-computed features; each feature is worth 1/sqrt(n). */
  logits(features: Uint32Array, out = new Float64Array(3)): Float64Array {
    const w = this.weights;
    let a = 0;
    let b = 0;
    let c = 0;
    for (let i = 0; i < features.length; i++) {
      const k = features[i] * 3;
      a += w[k];
      b += w[k + 1];
      c += w[k + 2];
    }
    const x = 1 / Math.sqrt(features.length || 1);
    out[0] = a * x;
    out[1] = b * x;
    out[2] = c * x;
    return out;
  }

  probabilities(text: string, lang?: string): Float64Array {
    return softmax(this.logits(this.featurize(text, lang)));
  }

  /** Label and score in [-1, 1] (P(positive) − P(negative)); empty or unreadable text is neutral 0. */
  predict(text: string | PreparedText, lang?: string): Sentiment {
    if (typeof text !== 'string' && (typeof text !== 'object' || text === null))
      return { label: 'neutral', score: 0 };
    // Nothing to judge (only URLs, handles, invisible marks or punctuation): neutral, not the prior.
    const masked = maskedOf(text);
    if (
      !(masked.includes('_u')
        ? CONTENT.test(masked.replaceAll('_url_', '').replaceAll('_user_', ''))
        : CONTENT.test(masked))
    )
      return { label: 'neutral', score: 0 };
    const f = this.featurize(text, lang);
    const p = softmax(this.logits(f, this.z));
    let best = 0;
    if (p[1] > p[best]) best = 1;
    if (p[2] > p[best]) best = 2;
    return { label: LABELS[best], score: Math.round((p[2] - p[0]) * 1000) / 1000 };
  }

  encode(extra: Record<string, unknown> = {}): { header: ModelHeader; bytes: Uint8Array } {
    const scales = [0, 0, 0];
    for (let i = 0; i < this.weights.length; i++) {
      const c = i % 3;
      const v = Math.abs(this.weights[i]);
      if (v > scales[c]) scales[c] = v;
    }
    for (let c = 0; c < 3; c++) scales[c] = scales[c] / 127 || 1;
    const q = new Int8Array(this.weights.length);
    for (let i = 0; i < q.length; i++)
      q[i] = Math.max(-127, Math.min(127, Math.round(this.weights[i] / scales[i % 3])));
    const lex = this.lexicon;
    if (!lex) {
      return {
        header: {
          format: 'firebreak-sentiment-int8-v1',
          dim: this.dim,
          classes: [...LABELS],
          scales,
          features: this.features,
          ...extra,
        },
        bytes: new Uint8Array(q.buffer),
      };
    }
    const size = lex.keys.length;
    const bytes = new Uint8Array(q.length + size * 5);
    bytes.set(new Uint8Array(q.buffer), 0);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < size; i++) view.setUint32(q.length + i * 4, lex.keys[i], true);
    bytes.set(new Uint8Array(lex.values.buffer, lex.values.byteOffset, size), q.length + size * 4);
    return {
      header: {
        format: 'firebreak-sentiment-int8-v2',
        dim: this.dim,
        classes: [...LABELS],
        scales,
        features: this.features,
        lexiconSize: size,
        ...extra,
      },
      bytes,
    };
  }

  static decode(header: ModelHeader, bytes: Uint8Array): SentimentModel {
    if (header.format !== 'firebreak-sentiment-int8-v1' && header.format !== 'firebreak-sentiment-int8-v2')
      throw new Error(`unknown model format ${header.format}`);
    const lexSize = header.format === 'firebreak-sentiment-int8-v2' ? (header.lexiconSize ?? 0) : 0;
    const nw = header.dim * 3;
    if (bytes.length !== nw + lexSize * 5) throw new Error('sentiment weights do not match the header');
    const q = new Int8Array(bytes.buffer, bytes.byteOffset, nw);
    const w = new Float32Array(nw);
    for (let i = 0; i < nw; i++) w[i] = q[i] * header.scales[i % 3];
    let lexicon: Lexicon | undefined;
    if (lexSize > 0) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      const keys = new Uint32Array(lexSize);
      for (let i = 0; i < lexSize; i++) keys[i] = view.getUint32(nw + i * 4, true);
      const values = Int8Array.from(
        new Int8Array(bytes.buffer, bytes.byteOffset + nw + lexSize * 4, lexSize),
      );
      lexicon = new Lexicon(keys, values);
    }
    return new SentimentModel(header.dim, w, header.features ?? V1_FEATURES, lexicon);
  }
}

export function softmax(z: Float64Array): Float64Array {
  const m = Math.max(z[0], z[1], z[2]);
  const e0 = Math.exp(z[0] - m);
  const e1 = Math.exp(z[1] - m);
  const e2 = Math.exp(z[2] - m);
  const s = e0 + e1 + e2;
  z[0] = e0 / s;
  z[1] = e1 / s;
  z[2] = e2 / s;
  return z;
}
