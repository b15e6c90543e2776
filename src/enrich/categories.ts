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

/**
 * The terms starting with one word (or stem): single words and phrases whose next word is a stem in
 * `entries`, the other phrases by their next word, so a common first word ("no", "не", "de") tries
 * only the phrases that continue with the word actually next in the text.
 */
interface Bucket {
  entries: Entry[];
  /** Entries whose `rest` starts after the next word. */
  byNext: Map<string, Entry[]>;
}

export interface CompiledRules {
  exact: Map<string, Bucket>;
  stems: Map<string, Bucket>;
  /**
   * The lengths of the stems (ascending) by their first two UTF-16 units (c0 << 16 | c1; c1 = 0 for a
   * one-letter stem): most tokens start no stem at all, and the others try only the few lengths of the
   * stems they can start.
   */
  stemHeads: Map<number, number[]>;
  oneLetterStems: boolean;
  han: Array<{ term: string; category: CategoryId; evidence: string }>;
  size: number;
}

const TOKEN = /[\p{L}\p{M}\p{N}_]+(?:['"״׳-][\p{L}\p{M}\p{N}_]+)*/gu;
const HAN = /\p{Script=Han}/u;
const HEBREW_PREFIX = new Set(['ו', 'ה', 'ש', 'ב', 'ל', 'מ', 'כ']);
/** French and Italian elided articles and prepositions: `l'appli` also matches the term `appli`. */
const ELISION = new Set([
  'l',
  'd',
  'j',
  'm',
  't',
  's',
  'n',
  'c',
  'qu',
  'jusqu',
  'lorsqu',
  'puisqu',
  'dell',
  'dall',
  'nell',
  'all',
  'sull',
  'coll',
  'un',
  'quest',
  'quell',
  'nessun',
]);
const QUESTION_MARK = /[?？¿؟]/;
// Typographic apostrophes (’ from phone keyboards, ʼ in Ukrainian) are written as ' in rule files.
const APOSTROPHES = /[’ʼ]/g;
// Arabic: short vowels, shadda, sukun, dagger alef and tatweel are dropped; hamza-carrying alefs are
// plain alef, alef maqsura is ya and ta marbuta is ha, as people type them interchangeably.
const ARABIC_FOLD = /[\u064b-\u065f\u0670\u0640أإآٱىة]/g;
const ARABIC_FOLDED: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي', ة: 'ه' };
const COMBINING_ACCENT = /[\u0300-\u036f]/g;

function norm(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('״', '"')
    .replaceAll('׳', "'")
    .replace(APOSTROPHES, "'");
}

/** norm() of an already lower-cased text: NFKC, lower-cased again only if NFKC changed it (ℍ → H). */
function normLower(lower: string): string {
  const n = lower.normalize('NFKC');
  let s = n === lower ? n : n.toLowerCase();
  if (s.includes('״') || s.includes('׳')) s = s.replaceAll('״', '"').replaceAll('׳', "'");
  return s.includes('’') || s.includes('ʼ') ? s.replace(APOSTROPHES, "'") : s;
}

function foldArabic(tok: string): string {
  const c = tok.charCodeAt(0);
  return c >= 0x600 && c <= 0x6ff ? tok.replace(ARABIC_FOLD, (ch) => ARABIC_FOLDED[ch] ?? '') : tok;
}

function tokens(s: string): string[] {
  return Array.from(s.matchAll(TOKEN), (m) => foldArabic(m[0]));
}

/** A term without its Latin accents (`atención` → `atencion`), or '' when it has none. */
function unaccented(term: string): string {
  const d = term.normalize('NFD');
  const s = d.replace(COMBINING_ACCENT, '').normalize('NFC');
  return s === term.normalize('NFC') ? '' : s;
}

/** Parses and compiles rule files given as { lang: yamlText }. Throws on a malformed file (load time only). */
export function compileRules(files: Record<string, string>): CompiledRules {
  const rules: CompiledRules = {
    exact: new Map(),
    stems: new Map(),
    stemHeads: new Map(),
    oneLetterStems: false,
    han: [],
    size: 0,
  };
  // The same term in two files (es/pt `racista`) fires once, with the first file's evidence.
  const seen = new Set<string>();
  for (const [lang, text] of Object.entries(files)) {
    const doc = parse(text) as { categories?: Record<string, unknown>; accents_optional?: unknown };
    for (const [category, terms] of Object.entries(doc?.categories ?? {})) {
      if (!(CATEGORY_IDS as readonly string[]).includes(category))
        throw new Error(`${lang}: unknown category ${category}`);
      if (!Array.isArray(terms)) throw new Error(`${lang}.${category}: expected a list of terms`);
      const all: Array<[string, string]> = [];
      for (const raw of terms) {
        const term = norm(String(raw)).trim();
        if (!term) continue;
        all.push([term, String(raw)]);
        // People often type Spanish, French, Portuguese and Italian without accents.
        const bare = doc.accents_optional === true ? unaccented(term) : '';
        if (bare) all.push([bare, String(raw)]);
      }
      for (const [term, raw] of all) {
        const evidence = `${lang}:${raw}`;
        if (HAN.test(term)) {
          if (seen.has(`${category}\u0000${term}`)) continue;
          seen.add(`${category}\u0000${term}`);
          rules.size++;
          rules.han.push({ term, category: category as CategoryId, evidence });
          continue;
        }
        const patterns = term.split(/\s+/).map((w) => {
          const stem = w.endsWith('*');
          const word = tokens(stem ? w.slice(0, -1) : w).join('');
          return { word, stem };
        });
        if (patterns.some((p) => p.word.length === 0)) continue;
        const key = `${category}\u0000${patterns.map((p) => (p.stem ? `${p.word}*` : p.word)).join(' ')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rules.size++;
        const [first, ...rest] = patterns;
        const map = first.stem ? rules.stems : rules.exact;
        if (first.stem) {
          // A one-letter stem would match any token starting with that letter: index its head by 0.
          const head =
            (first.word.charCodeAt(0) << 16) | (first.word.length > 1 ? first.word.charCodeAt(1) : 0);
          if (first.word.length === 1) rules.oneLetterStems = true;
          const lengths = rules.stemHeads.get(head) ?? [];
          if (!lengths.includes(first.word.length)) lengths.push(first.word.length);
          lengths.sort((a, b) => a - b);
          rules.stemHeads.set(head, lengths);
        }
        let bucket = map.get(first.word);
        if (bucket === undefined) {
          bucket = { entries: [], byNext: new Map() };
          map.set(first.word, bucket);
        }
        if (rest.length > 0 && !rest[0].stem) {
          const list = bucket.byNext.get(rest[0].word) ?? [];
          list.push({ category: category as CategoryId, evidence, rest: rest.slice(1) });
          bucket.byNext.set(rest[0].word, list);
        } else bucket.entries.push({ category: category as CategoryId, evidence, rest });
      }
    }
  }
  return rules;
}

/**
 * The forms of a token a term may match, as start offsets written to `out` (the count is returned;
 * form k is tok.slice(out[k])): the token itself; for Hebrew, without one or two prefix letters; for
 * Arabic, without the clitics و ف, then ب ل ك, then the article ال (لل is ل + ال); for French and
 * Italian, after an elided article (l', d', dell'…). At most 5 forms, each found in O(1).
 */
function formStarts(tok: string, out: Int32Array): number {
  out[0] = 0;
  const c = tok.charCodeAt(0);
  if (c < 0x250) {
    const a = c > 0x60 && tok.length > 3 && apostrophes ? tok.indexOf("'") : -1;
    if (a < 1 || a > 6 || tok.length - a < 3 || !ELISION.has(tok.slice(0, a))) return 1;
    out[1] = a + 1;
    return 2;
  }
  if (c >= 0x5d0 && c <= 0x5ea) {
    if (tok.length < 3 || !HEBREW_PREFIX.has(tok[0])) return 1;
    out[1] = 1;
    if (tok.length > 3 && HEBREW_PREFIX.has(tok[1])) {
      out[2] = 2;
      return 3;
    }
    return 2;
  }
  if (c < 0x620 || c > 0x64a) return 1;
  let n = 1;
  let p = 0;
  const len = tok.length;
  if ((tok[0] === 'و' || tok[0] === 'ف') && len > 3) out[n++] = ++p;
  const ch = tok[p];
  if ((ch === 'ب' || ch === 'ل' || ch === 'ك') && len - p > 3) {
    if (ch === 'ل' && tok[p + 1] === 'ل' && len - p > 4) out[n++] = p + 2;
    out[n++] = ++p;
  }
  if (tok[p] === 'ا' && tok[p + 1] === 'ل' && len - p > 3) out[n++] = p + 2;
  return n;
}

// Two scratch buffers: categorize() walks the forms of a token while matches() walks the next ones.
/** Whether the text being categorised has an apostrophe at all (most do not: no elision to look for). */
let apostrophes = true;
const OUTER = new Int32Array(6);
const INNER = new Int32Array(6);
const NEXT = new Int32Array(6);

function matches(p: Pattern, tok: string | undefined): boolean {
  if (tok === undefined) return false;
  const n = formStarts(tok, INNER);
  for (let k = 0; k < n; k++) {
    const f = k === 0 ? tok : tok.slice(INNER[k]);
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

function tryBucket(hits: Hits, b: Bucket | undefined, toks: string[], i: number): void {
  if (b === undefined) return;
  if (b.entries.length > 0) tryEntries(hits, b.entries, toks, i);
  if (b.byNext.size === 0 || i + 1 >= toks.length) return;
  const next = toks[i + 1];
  const n = formStarts(next, NEXT);
  for (let k = 0; k < n; k++)
    tryEntries(hits, b.byNext.get(k === 0 ? next : next.slice(NEXT[k])), toks, i + 1);
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
  apostrophes = s.includes("'");
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (tok.length === 0) continue; // a token of Arabic tatweel or vowel marks only folds to ''
    const nf = formStarts(tok, OUTER);
    for (let k = 0; k < nf; k++) {
      const f = k === 0 ? tok : tok.slice(OUTER[k]);
      tryBucket(hits, rules.exact.get(f), toks, i);
      // Stems are looked up only when some stem starts with the form's first two characters.
      const head = f.charCodeAt(0) << 16;
      const two = f.length > 1 ? rules.stemHeads.get(head | f.charCodeAt(1)) : undefined;
      if (two !== undefined)
        for (const len of two) {
          if (len > f.length) break;
          tryBucket(hits, rules.stems.get(len === f.length ? f : f.slice(0, len)), toks, i);
        }
      if (rules.oneLetterStems && rules.stemHeads.has(head)) tryBucket(hits, rules.stems.get(f[0]), toks, i);
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
