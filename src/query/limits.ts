/** Bounds on what a user may ask for, so one topic cannot make the matcher slow for every workspace. */
export const queryLimits = {
  /** Characters in one query (Brandwatch allows 4,096; long exclusion lists need more). */
  chars: 10_000,
  /** Terms, phrases and field conditions in one query after topic references are inlined. */
  terms: 1_000,
  /** Parentheses and NOT nesting depth; recursion must stay shallow. */
  depth: 64,
  /** Largest NEAR/n or "…"~n distance, in words (characters in Chinese and Japanese). */
  distance: 100,
  /** Words in one phrase. */
  phraseWords: 32,
} as const;
