/** Field conditions (author:, site:, followers:>N …) evaluated against a mention's metadata. */
import type { FieldNode, RangeNode } from './ast.ts';
import type { MatchDoc } from './document.ts';
import { fold } from './normalise.ts';
import { globMatch } from './terms.ts';

export function hostOf(url: string): string {
  let rest = url.trim().toLowerCase();
  const scheme = rest.indexOf('://');
  if (scheme >= 0 && scheme < 16) rest = rest.slice(scheme + 3);
  let end = rest.length;
  for (const sep of ['/', '?', '#', ':']) {
    const k = rest.indexOf(sep);
    if (k >= 0 && k < end) end = k;
  }
  rest = rest.slice(0, end);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  return rest.startsWith('www.') ? rest.slice(4) : rest;
}

function same(value: string, pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?') ? globMatch(pattern, value) : value === pattern;
}

export function fieldMatches(node: FieldNode, doc: MatchDoc): boolean {
  const v = node.value;
  switch (node.field) {
    case 'author': {
      const a = doc.author;
      if (!a) return false;
      return same(fold(a.handle).replace(/^@/, ''), v) || (a.name !== undefined && same(fold(a.name), v));
    }
    case 'site': {
      if (!doc.url) return false;
      const host = hostOf(doc.url);
      return host === v || host.endsWith(`.${v}`);
    }
    case 'source':
      return doc.source !== undefined && same(fold(doc.source), v);
    case 'lang': {
      if (!doc.lang) return false;
      const lang = doc.lang.toLowerCase();
      return lang === v || lang.startsWith(`${v}-`) || lang.startsWith(`${v}_`);
    }
    case 'country':
      return doc.country !== undefined && fold(doc.country) === v;
    case 'url':
      return doc.url !== undefined && fold(doc.url).includes(v);
    case 'verified':
      return (doc.author?.verified === true) === (v === 'true');
  }
}

export function rangeMatches(node: RangeNode, doc: MatchDoc): boolean {
  let value: number | undefined;
  if (node.field === 'followers') value = doc.author?.followers;
  else if (doc.engagement) value = doc.engagement.likes + doc.engagement.shares + doc.engagement.replies;
  return value !== undefined && value >= node.min && value <= node.max;
}
