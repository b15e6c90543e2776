/**
 * Per-document lookups for the compiled matcher. Most documents reach evaluation for one or two topics,
 * so the tables are built lazily: a few linear scans first, a hash table once lookups add up.
 */
import type { DocView } from './document.ts';
import type { Token } from './tokenise.ts';

// A scan of a post's tokens costs about a fifteenth of building the table.
const scansBeforeIndexing = 16;
const none: Token[] = [];

export class DocIndex {
  private forms: Map<string, Token[]> | null = null;
  private positions: Token[][] | null = null;
  private lookups = 0;
  constructor(readonly view: DocView) {}

  byForm(form: string): Token[] {
    if (this.forms === null && ++this.lookups > scansBeforeIndexing) this.forms = this.buildForms();
    if (this.forms !== null) return this.forms.get(form) ?? none;
    let out: Token[] | null = null;
    for (const t of this.view.tokens) {
      if (t.form === form) {
        out ??= [];
        out.push(t);
      }
    }
    return out ?? none;
  }

  /** Whether some token has this form; no allocation, which matters on the hot path. */
  has(form: string): boolean {
    if (this.forms === null && ++this.lookups > scansBeforeIndexing) this.forms = this.buildForms();
    if (this.forms !== null) return this.forms.has(form);
    for (const t of this.view.tokens) if (t.form === form) return true;
    return false;
  }

  /** Tokens starting at a position. */
  at(pos: number): Token[] {
    this.positions ??= this.buildPositions();
    return this.positions[pos] ?? none;
  }

  private buildForms(): Map<string, Token[]> {
    const forms = new Map<string, Token[]>();
    for (const t of this.view.tokens) {
      const list = forms.get(t.form);
      if (list) list.push(t);
      else forms.set(t.form, [t]);
    }
    return forms;
  }

  private buildPositions(): Token[][] {
    const positions: Token[][] = [];
    for (const t of this.view.tokens) {
      const at = positions[t.pos];
      if (at) at.push(t);
      else positions[t.pos] = [t];
    }
    return positions;
  }
}
