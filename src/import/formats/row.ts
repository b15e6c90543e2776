/** One CSV row addressed by column name, case-insensitively, as the vendors' capitalisation drifts. */
export class Row {
  constructor(
    private readonly columns: ColumnIndex,
    private readonly values: string[],
  ) {}

  /** The trimmed cell, or undefined when the column is absent or the cell empty. */
  get(name: string): string | undefined {
    const i = this.columns.index.get(name.toLowerCase());
    if (i === undefined) return undefined;
    const v = this.values[i]?.trim();
    return v ? v : undefined;
  }

  /** The first non-empty of several columns. */
  first(...names: string[]): string | undefined {
    for (const name of names) {
      const v = this.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.columns.index.has(name.toLowerCase());
  }

  /** Non-empty cells of the columns a format does not map, by their header name: the raw attributes. */
  rest(mapped: ReadonlySet<string>): Record<string, string> | undefined {
    let out: Record<string, string> | undefined;
    this.columns.names.forEach((name, i) => {
      if (mapped.has(name.toLowerCase())) return;
      const v = this.values[i]?.trim();
      if (!v) return;
      out ??= {};
      out[name] = v;
    });
    return out;
  }
}

export class ColumnIndex {
  readonly names: string[];
  readonly index = new Map<string, number>();
  constructor(header: string[]) {
    this.names = header.map((h) => h.replace(/^\uFEFF/, '').trim());
    this.names.forEach((name, i) => {
      const key = name.toLowerCase();
      // A repeated column name: the first one wins, as in the vendors' own importers.
      if (name && !this.index.has(key)) this.index.set(key, i);
    });
  }
}

export const lowerSet = (names: string[]): ReadonlySet<string> => new Set(names.map((n) => n.toLowerCase()));
