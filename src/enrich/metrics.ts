import type { SentimentLabel } from '../domain/mention.ts';

export interface Scores {
  macroF1: number;
  accuracy: number;
  n: number;
}

/** Macro-F1 over the classes present in gold or predictions (percent, one decimal), and accuracy. */
export function score(gold: SentimentLabel[], pred: SentimentLabel[]): Scores {
  const classes = [...new Set([...gold])];
  let correct = 0;
  let f1sum = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) correct++;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    f1sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const r = (v: number) => Math.round(v * 1000) / 10;
  return {
    macroF1: r(classes.length ? f1sum / classes.length : 0),
    accuracy: r(gold.length ? correct / gold.length : 0),
    n: gold.length,
  };
}
