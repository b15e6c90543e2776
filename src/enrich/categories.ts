/**
 * Category rules: per-language term lists (src/enrich/rules/*.yaml) compiled into hash maps of words,
 * stems and phrases, plus substring terms for Han script. No RegExp is ever built from a rule, so a
 * rule file cannot make matching slow; matching is linear in the text.
 */
import { parse } from 'yaml';
import type { CategoryLabel } from '../domain/mention.ts';
import { maskedOf, type PreparedText } from './text.ts';

export const CATEGORY_IDS = [
  'complaint',
  'question',
  'praise',
  'product_defect',
  'service_failure',
  'delivery_outage',
  'billing_pricing',
  'data_breach',
  'offensive_post',
  'misconduct',
  'legal_regulatory',
  'boycott',
  'disinformation',
  'impersonation',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];
const PROBLEM_KINDS = new Set<string>(CATEGORY_IDS.slice(3));

interface Pattern {
  word: string;
  stem: boolean;
}
interface Entry {
  category: CategoryId;
  evidence: string;
  rest: Pattern[];
}

export interface CompiledRules {
  exact: Map<string, Entry[]>;
  stems: Map<string, Entry[]>;
  stemLengths: number[];
  /** First two UTF-16 units of every stem (c0 << 16 | c1): most tokens start no stem at all. */
  stemHeads: Set<number>;
  han: Array<{ term: string; category: CategoryId; evidence: string }>;
  size: number;
}

const TOKEN = /[\p{L}\p{M}\p{N}_]+(?:['"״׳-][\p{L}\p{M}\p{N}_]+)*/gu;
const HAN = /\p{Script=Han}/u;
const HEBREW_PREFIX = new Set(['ו', 'ה', 'ש', 'ב', 'ל', 'מ', 'כ']);
const QUESTION_MARK = /[?？¿؟]/;

function norm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replaceAll('״', '"').replaceAll('׳', "'");
}

/** norm() of an already lower-cased text: NFKC, lower-cased again only if NFKC changed it (ℍ → H). */
function normLower(lower: string): string {
  const n = lower.normalize('NFKC');
  const s = n === lower ? n : n.toLowerCase();
  return s.includes('״') || s.includes('׳') ? s.replaceAll('״', '"').replaceAll('׳', "'") : s;
}

function tokens(s: string): string[] {
  return Array.from(s.matchAll(TOKEN), (m) => m[0]);
}

/** Parses and compiles rule files given as { lang: yamlText }. Throws on a malformed file (load time only). */
export function compileRules(files: Record<string, string>): CompiledRules {
  const rules: CompiledRules = {
    exact: new Map(),
    stems: new Map(),
    stemLengths: [],
    stemHeads: new Set(),
    han: [],
    size: 0,
  };
  const lengths = new Set<number>();
  for (const [lang, text] of Object.entries(files)) {
    const doc = parse(text) as { categories?: Record<string, unknown> };
    for (const [category, terms] of Object.entries(doc?.categories ?? {})) {
      if (!(CATEGORY_IDS as readonly string[]).includes(category))
        throw new Error(`${lang}: unknown category ${category}`);
      if (!Array.isArray(terms)) throw new Error(`${lang}.${category}: expected a list of terms`);
      for (const raw of terms) {
        const term = norm(String(raw)).trim();
        if (!term) continue;
        const evidence = `${lang}:${String(raw)}`;
        rules.size++;
        if (HAN.test(term)) {
          rules.han.push({ term, category: category as CategoryId, evidence });
          continue;
        }
        const patterns = term.split(/\s+/).map((w) => {
          const stem = w.endsWith('*');
          const word = tokens(stem ? w.slice(0, -1) : w).join('');
          return { word, stem };
        });
        if (patterns.some((p) => p.word.length === 0)) continue;
        const [first, ...rest] = patterns;
        const map = first.stem ? rules.stems : rules.exact;
        if (first.stem) {
          lengths.add(first.word.length);
          // A one-letter stem would match any token starting with that letter: index its head by 0.
          rules.stemHeads.add(
            (first.word.charCodeAt(0) << 16) | (first.word.length > 1 ? first.word.charCodeAt(1) : 0),
          );
        }
        const list = map.get(first.word) ?? [];
        list.push({ category: category as CategoryId, evidence, rest });
        map.set(first.word, list);
      }
    }
  }
  rules.stemLengths = [...lengths].sort((a, b) => a - b);
  return rules;
}

/** The token and, for Hebrew, the token without one or two prefix letters (as 1–3 forms, no array). */
function formCount(tok: string): number {
  const c = tok.charCodeAt(0);
  if (c < 0x5d0 || c > 0x5ea || tok.length < 3 || !HEBREW_PREFIX.has(tok[0])) return 1;
  return tok.length > 3 && HEBREW_PREFIX.has(tok[1]) ? 3 : 2;
}

function matches(p: Pattern, tok: string | undefined): boolean {
  if (tok === undefined) return false;
  const n = formCount(tok);
  for (let k = 0; k < n; k++) {
    const f = k === 0 ? tok : tok.slice(k);
    if (p.stem ? f.startsWith(p.word) : f === p.word) return true;
  }
  return false;
}

type Hits = Map<CategoryId, Set<string>>;

function addHit(hits: Hits, c: CategoryId, e: string): void {
  const s = hits.get(c);
  if (s) s.add(e);
  else hits.set(c, new Set([e]));
}

function tryEntries(hits: Hits, list: Entry[] | undefined, toks: string[], i: number): void {
  if (list === undefined) return;
  for (const e of list) {
    let ok = true;
    for (let k = 0; k < e.rest.length && ok; k++) ok = matches(e.rest[k], toks[i + 1 + k]);
    if (ok) addHit(hits, e.category, e.evidence);
  }
}

/** Labels for one text, each with the terms that fired. Never throws. */
export function categorize(rules: CompiledRules, text: string | PreparedText): CategoryLabel[] {
  const hits: Hits = new Map();
  let s: string;
  try {
    s = typeof text === 'string' ? norm(maskedOf(text)) : normLower(text.lower);
  } catch {
    return [];
  }
  if (!s.trim()) return [];
  const toks = tokens(s);
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    const nf = formCount(tok);
    for (let k = 0; k < nf; k++) {
      const f = k === 0 ? tok : tok.slice(k);
      tryEntries(hits, rules.exact.get(f), toks, i);
      // Stems are looked up only when some stem starts with the form's first two characters.
      const head = f.charCodeAt(0) << 16;
      if (!rules.stemHeads.has(head | (f.length > 1 ? f.charCodeAt(1) : 0)) && !rules.stemHeads.has(head))
        continue;
      for (const len of rules.stemLengths) {
        if (len > f.length) break;
        tryEntries(hits, rules.stems.get(f.slice(0, len)), toks, i);
      }
    }
  }
  if (rules.han.length > 0 && HAN.test(s))
    for (const h of rules.han) if (s.includes(h.term)) addHit(hits, h.category, h.evidence);
  const hasQuestionMark = QUESTION_MARK.test(s);
  const question = hits.get('question');
  if (question) {
    // Single question words ("почему", "איך") are too common to count without a question mark.
    const strong = [...question].some((e) => e.includes(' ') || HAN.test(e));
    if (!strong && !hasQuestionMark) hits.delete('question');
  }
  if (hasQuestionMark) addHit(hits, 'question', '?');
  const problems = [...hits.keys()].filter((k) => PROBLEM_KINDS.has(k));
  if (problems.length > 0) for (const p of problems) addHit(hits, 'complaint', `kind:${p}`);
  const out: CategoryLabel[] = [];
  for (const id of CATEGORY_IDS) {
    const ev = hits.get(id);
    if (!ev) continue;
    const evidence = [...ev].slice(0, 8);
    out.push({ id, confidence: Math.min(0.95, 0.5 + 0.15 * (ev.size - 1)), evidence });
  }
  return out;
}
