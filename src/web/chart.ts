/** A small inline SVG chart of mentions and negative mentions per bucket: no script, no dependency. */
import type { RollupPoint } from '../ports/store.ts';
import { html, type SafeHtml } from './html.ts';

export function volumeChart(
  points: RollupPoint[],
  from: number,
  to: number,
  bucketMs: number,
  timeZone: string,
): SafeHtml {
  const width = 720;
  const height = 160;
  const pad = 24;
  const buckets = Math.max(1, Math.round((to - from) / bucketMs));
  const byT = new Map(points.map((p) => [p.t, p]));
  const counts: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < buckets; i++) {
    const p = byT.get(from + i * bucketMs);
    counts.push(p?.count ?? 0);
    negatives.push(p?.negative ?? 0);
  }
  const max = Math.max(1, ...counts);
  const x = (i: number) => pad + (i * (width - 2 * pad)) / Math.max(1, buckets - 1);
  const y = (v: number) => height - pad - (v * (height - 2 * pad)) / max;
  const line = (values: number[]) => values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const fmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  const ticks = [0, Math.floor(buckets / 2), buckets - 1];
  return html`<svg role="img" aria-label="Mentions per ${Math.round(bucketMs / 60_000)} minutes; peak ${max}" viewBox="0 0 ${width} ${height}" width="100%" height="${height}" preserveAspectRatio="none">
  <polyline fill="none" stroke="#64748b" stroke-width="1.5" points="${line(counts)}"/>
  <polyline fill="none" stroke="#b91c1c" stroke-width="1.5" points="${line(negatives)}"/>
  <text x="${pad}" y="12">peak ${max}</text>
  ${ticks.map((i) => html`<text x="${x(i)}" y="${height - 6}" text-anchor="middle">${fmt.format(from + i * bucketMs)}</text>`)}
</svg>`;
}
