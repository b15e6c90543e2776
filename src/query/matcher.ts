/**
 * All active topics of all workspaces in one matcher. A document is tokenised once; a prefilter finds the
 * candidate topics — a hash lookup per token for literal terms, a trie walk for wildcard and stemmed
 * prefixes, an Aho–Corasick pass over the Chinese/Japanese characters — and only those queries are
 * evaluated, on an index built lazily for the document. Changing one topic recompiles that topic and the
 * topics that reference it, nothing else.
 */
import { AhoCorasick } from './aho-corasick.ts';
import type { Anchor } from './compile.ts';
import { DocIndex } from './doc-index.ts';
import { DocView, type MatchDoc } from './document.ts';
import { QueryError } from './errors.ts';
import { PrefixTrie } from './prefix-trie.ts';
import { type CompiledQuery, compileQuery } from './query.ts';

const bucketCount = 1 << 16;

function nameKey(t: { workspaceId: string; name: string }): string {
  return `${t.workspaceId}\u0000${t.name.toLowerCase()}`;
}

function bucketOf(form: string): number {
  const n = form.length;
  return (((form.charCodeAt(0) * 131 + form.charCodeAt(n - 1)) * 31 + n) >>> 0) & (bucketCount - 1);
}

export interface TopicDefinition {
  id: string;
  workspaceId: string;
  brandId: string | null;
  name: string;
  query: string;
  active: boolean;
}

export interface TopicMatch {
  topicIds: string[];
  brandIds: string[];
}

export interface TopicProblem {
  topicId: string;
  message: string;
}

interface Entry {
  def: TopicDefinition;
  slot: number;
  compiled: CompiledQuery | null;
  error: string | null;
}

export class TopicMatcher {
  private readonly entries = new Map<string, Entry>();
  /** workspace + NUL + lower-cased name → entry, for resolving topic:"…" references. */
  private readonly byName = new Map<string, Entry>();
  private readonly slots: (Entry | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  // Anchor hits are coded as slot * 8 + group: a slot becomes a candidate when all its groups were hit.
  private readonly tokenAnchors = new Map<string, number[]>();
  /**
   * How many anchor forms share each (first char, last char, length) bucket: most tokens of a post are
   * no anchor at all, and this rejects them without hashing the string.
   */
  private readonly buckets = new Uint16Array(bucketCount);
  private readonly prefixes = new PrefixTrie();
  private readonly cjkPatterns = new Map<number, [string, number][]>();
  private cjk: AhoCorasick<number> | null = null;
  private cjkDirty = false;
  private always: number[] = [];
  private stamps = new Uint32Array(1024);
  private masks = new Uint8Array(1024);
  private full = new Uint8Array(1024);
  private stamp = 0;
  private readonly touched: number[] = [];
  private readonly hit = (code: number): void => {
    const slot = code >>> 3;
    if (this.stamps[slot] !== this.stamp) {
      this.stamps[slot] = this.stamp;
      this.masks[slot] = 0;
      this.touched.push(slot);
    }
    (this.masks[slot] as number) |= 1 << (code & 7);
  };

  constructor(topics: Iterable<TopicDefinition> = []) {
    for (const t of topics) this.store(t);
    for (const e of this.entries.values()) this.compile(e);
  }

  /** Adds or replaces one topic, recompiling the topics that reference it by its old or new name. */
  upsert(def: TopicDefinition): void {
    const old = this.entries.get(def.id);
    const names = new Set([def.name.toLowerCase()]);
    if (old) names.add(old.def.name.toLowerCase());
    const entry = this.store(def);
    this.compile(entry);
    this.recompileDependents(def.workspaceId, names, def.id);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.unregister(entry);
    this.entries.delete(id);
    this.byName.delete(nameKey(entry.def));
    this.slots[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
    this.recompileDependents(entry.def.workspaceId, new Set([entry.def.name.toLowerCase()]), id);
  }

  /** Topics whose stored query no longer compiles (e.g. a referenced topic was deleted). */
  problems(): TopicProblem[] {
    const out: TopicProblem[] = [];
    for (const e of this.entries.values()) if (e.error) out.push({ topicId: e.def.id, message: e.error });
    return out;
  }

  get topicCount(): number {
    return this.entries.size;
  }

  /** Whether a workspace has any active, valid topic (with none, there is nothing to match against). */
  hasTopics(workspaceId: string): boolean {
    for (const e of this.entries.values())
      if (e.def.workspaceId === workspaceId && e.compiled && e.def.active) return true;
    return false;
  }

  match(doc: MatchDoc & { workspaceId: string }): TopicMatch {
    const view = new DocView(doc);
    const candidates = this.candidates(view);
    const topicIds: string[] = [];
    const brandIds: string[] = [];
    let index: DocIndex | null = null;
    for (const slot of candidates) {
      const e = this.slots[slot];
      if (!e?.compiled || e.def.workspaceId !== doc.workspaceId) continue;
      index ??= new DocIndex(view);
      if (!e.compiled.evaluate(index)) continue;
      topicIds.push(e.def.id);
      if (e.def.brandId && !brandIds.includes(e.def.brandId)) brandIds.push(e.def.brandId);
    }
    return { topicIds, brandIds };
  }

  private candidates(view: DocView): number[] {
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const touched = this.touched;
    touched.length = 0;
    const hit = this.hit;
    const usePrefixes = this.prefixes.size > 0;
    const anchors = this.tokenAnchors;
    const cjk = this.automaton();
    let cjkState = 0;
    const buckets = this.buckets;
    for (const tok of view.tokens) {
      if (buckets[bucketOf(tok.form)] !== 0) {
        const codes = anchors.get(tok.form);
        if (codes) for (const code of codes) hit(code);
      }
      if (usePrefixes) this.prefixes.walk(tok.form, hit);
      if (cjk && tok.cjk) cjkState = cjk.step(cjkState, tok.form, hit);
    }
    const out: number[] = [];
    for (const slot of touched) if (this.masks[slot] === this.full[slot]) out.push(slot);
    for (const slot of this.always) out.push(slot);
    return out;
  }

  private automaton(): AhoCorasick<number> | null {
    if (this.cjkDirty) {
      const patterns: [string, number][] = [];
      for (const list of this.cjkPatterns.values()) patterns.push(...list);
      this.cjk = patterns.length ? new AhoCorasick(patterns) : null;
      this.cjkDirty = false;
    }
    return this.cjk;
  }

  private store(def: TopicDefinition): Entry {
    const old = this.entries.get(def.id);
    if (old) {
      this.unregister(old);
      this.byName.delete(nameKey(old.def));
      old.def = def;
      this.byName.set(nameKey(def), old);
      return old;
    }
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const entry: Entry = { def, slot, compiled: null, error: null };
    this.slots[slot] = entry;
    this.entries.set(def.id, entry);
    this.byName.set(nameKey(def), entry);
    if (slot >= this.stamps.length) {
      const size = Math.max(slot + 1, this.stamps.length * 2);
      const stamps = new Uint32Array(size);
      stamps.set(this.stamps);
      this.stamps = stamps;
      const masks = new Uint8Array(size);
      masks.set(this.masks);
      this.masks = masks;
      const full = new Uint8Array(size);
      full.set(this.full);
      this.full = full;
    }
    return entry;
  }

  private lookupIn(workspaceId: string) {
    return (name: string): string | undefined => this.byName.get(nameKey({ workspaceId, name }))?.def.query;
  }

  private compile(entry: Entry): void {
    this.unregister(entry);
    try {
      entry.compiled = compileQuery(entry.def.query, this.lookupIn(entry.def.workspaceId), entry.def.name);
      entry.error = null;
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      entry.compiled = null;
      entry.error = error.message;
    }
    if (entry.compiled && entry.def.active) this.register(entry.slot, entry.compiled.anchorGroups);
  }

  private recompileDependents(workspaceId: string, names: Set<string>, changedId: string): void {
    for (const e of this.entries.values()) {
      if (e.def.id === changedId || e.def.workspaceId !== workspaceId) continue;
      const refs = e.compiled?.refs;
      // A topic that failed may have failed for want of this very name.
      if (!refs || [...names].some((n) => refs.has(n))) this.compile(e);
    }
  }

  private register(slot: number, groups: Anchor[][]): void {
    if (groups.length === 0) {
      this.always.push(slot);
      return;
    }
    this.full[slot] = (1 << groups.length) - 1;
    groups.forEach((anchors, group) => {
      const code = slot * 8 + group;
      for (const a of anchors) {
        if (a.kind === 'token') {
          const list = this.tokenAnchors.get(a.form);
          if (!list) {
            this.tokenAnchors.set(a.form, [code]);
            (this.buckets[bucketOf(a.form)] as number)++;
          } else if (!list.includes(code)) list.push(code);
        } else if (a.kind === 'prefix') {
          this.prefixes.add(a.prefix, code);
        } else {
          const list = this.cjkPatterns.get(slot) ?? [];
          list.push([a.text, code]);
          this.cjkPatterns.set(slot, list);
          this.cjkDirty = true;
        }
      }
    });
  }

  private unregister(entry: Entry): void {
    if (!entry.compiled || !entry.def.active) return;
    const slot = entry.slot;
    const groups = entry.compiled.anchorGroups;
    if (groups.length === 0) {
      this.always = this.always.filter((s) => s !== slot);
      return;
    }
    groups.forEach((anchors, group) => {
      const code = slot * 8 + group;
      for (const a of anchors) {
        if (a.kind === 'token') {
          const list = this.tokenAnchors.get(a.form);
          if (!list) continue;
          const rest = list.filter((c) => c !== code);
          if (rest.length) this.tokenAnchors.set(a.form, rest);
          else if (this.tokenAnchors.delete(a.form)) (this.buckets[bucketOf(a.form)] as number)--;
        } else if (a.kind === 'prefix') {
          this.prefixes.remove(a.prefix, code);
        }
      }
    });
    if (this.cjkPatterns.delete(slot)) this.cjkDirty = true;
  }
}
