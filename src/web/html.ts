/**
 * Server-rendered HTML with escaping by default: every value interpolated into `html\`…\`` is escaped
 * unless it is itself the result of `html` (or `raw`, for markup we wrote). Mention text can therefore
 * never become markup.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup written by us (never from user data). */
export const raw = (markup: string) => new SafeHtml(markup);

const RTL_LANGS = new Set(['he', 'ar', 'fa', 'ur', 'yi']);
export const dirFor = (lang: string | null | undefined) =>
  lang && RTL_LANGS.has(lang.slice(0, 2)) ? 'rtl' : 'auto';

/** Hashtags, @handles and links: runs of their own direction inside any text. */
const ISOLATED = /https?:\/\/[^\s<>"']+|(?<![\p{L}\p{M}\p{N}_])[#@][\p{L}\p{M}\p{N}_.]*[\p{L}\p{M}\p{N}_]/gu;

/**
 * Escaped text with each hashtag, @handle and link in a `<bdi>`: in a Hebrew or Arabic post a trailing
 * "#AcmeAirLeak" otherwise shows as "AcmeAirLeak#" (the "#" takes the paragraph's direction), and a link
 * after RTL words can swap with the punctuation around it.
 */
export function bidiText(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const match of text.matchAll(ISOLATED)) {
    const start = match.index;
    if (start > at) parts.push(html`${text.slice(at, start)}`);
    parts.push(html`<bdi>${match[0]}</bdi>`);
    at = start + match[0].length;
  }
  if (at < text.length) parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}
