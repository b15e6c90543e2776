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
    stemLengths: [],
    stemHeads: new Set(),
    han: [],
    size: 0,
  };
  const lengths = new Set<number>();
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
    const a = c > 0x60 && tok.length > 3 ? tok.indexOf("'") : -1;
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
const OUTER = new Int32Array(6);
const INNER = new Int32Array(6);

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
    if (tok.length === 0) continue; // a token of Arabic tatweel or vowel marks only folds to ''
    const nf = formStarts(tok, OUTER);
    for (let k = 0; k < nf; k++) {
      const f = k === 0 ? tok : tok.slice(OUTER[k]);
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
