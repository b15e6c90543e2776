/**
 * Mention text is hostile: each channel renders markup, so each gets its own escaper. These are the
 * only way notification text reaches a markup format.
 */

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML e-mail bodies and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c]);
}

/**
 * Telegram's HTML parse mode accepts only `&lt; &gt; &amp; &quot;`; `&#39;` would be shown literally.
 */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => htmlEntities[c]);
}

/**
 * Slack mrkdwn: `&`, `<`, `>` are control characters (links, mentions such as <!channel>); formatting
 * characters are neutralised with a zero-width space so `*bold*` in a tweet stays literal.
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '\u200b$1\u200b');
}

/**
 * Teams cards render a Markdown subset; a backslash makes each special character literal, and HTML
 * is escaped because MessageCard text also accepts a few tags.
 */
export function escapeTeamsMarkdown(text: string): string {
  return escapeHtml(text).replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}

/** One line, bounded: titles are shown in subject lines and previews. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Bodies are capped per channel limit (Telegram 4096, Slack 3000 per block…); cut on a code point. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
