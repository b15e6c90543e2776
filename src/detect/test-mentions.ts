/** Mention builders for the detector tests (real multilingual text; sentiment and categories given). */
import type { Mention } from '../domain/mention.ts';

let seq = 0;

export function mention(p: Partial<Mention> & { text: string; createdAt: number }): Mention {
  seq++;
  return {
    workspaceId: 'w1',
    source: 'x',
    externalId: `m${seq}`,
    author: { handle: `user${seq}`, followers: 300 },
    brandIds: ['b1'],
    topicIds: ['t_brand'],
    sentiment: { label: 'neutral', score: 0 },
    categories: [],
    ...p,
  };
}

export const negative = { label: 'negative' as const, score: -0.8 };
export const positive = { label: 'positive' as const, score: 0.8 };
export const complaint = [{ id: 'complaint', confidence: 0.9, evidence: ['test'] }];
export const dataBreach = [
  { id: 'complaint', confidence: 0.9, evidence: ['test'] },
  { id: 'data_breach', confidence: 0.9, evidence: ['test'] },
];
