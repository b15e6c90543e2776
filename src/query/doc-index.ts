/** Per-document lookup tables for the compiled matcher, built only when some topic is a candidate. */
import type { DocView } from './document.ts';
import type { Token } from './tokenise.ts';

export class DocIndex {
  readonly byForm = new Map<string, Token[]>();
  /** Tokens starting at each position. */
  readonly byPos: Token[][] = [];
  constructor(readonly view: DocView) {
    for (const t of view.tokens) {
      const list = this.byForm.get(t.form);
      if (list) list.push(t);
      else this.byForm.set(t.form, [t]);
      const at = this.byPos[t.pos];
      if (at) at.push(t);
      else this.byPos[t.pos] = [t];
    }
  }
}
