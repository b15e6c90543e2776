/**
 * Lenient readers for the values that spreadsheets and vendor exports produce: counts written as
 * "1,234" or "1.2K", dates in the vendors' own layouts, platform names derived from URLs.
 */

/** A non-negative whole number, or `undefined` when empty, or `null` when it is not a count. */
export function parseCount(input: string | number | undefined | null): number | undefined | null {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input) : null;
  let s = input.trim();
  if (s === '' || s === '-' || s.toLowerCase() === 'n/a') return undefined;
  // Thousands separators: commas, spaces (incl. no-break and thin), apostrophes, underscores.
  s = s.replace(/[\s\u00a0\u202f,'’_]/g, '');
  // "1.234.567" or "1.234" (dot as a thousands separator in many locales) — counts are whole numbers.
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replaceAll('.', '');
  const suffix = /^(\d+(?:\.\d+)?)([kKmMbB])$/.exec(s);
  if (suffix) {
    const scale = { k: 1e3, m: 1e6, b: 1e9 }[suffix[2]!.toLowerCase() as 'k' | 'm' | 'b'];
    return Math.round(Number(suffix[1]) * scale);
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Math.round(Number(s));
  return Number.isSafeInteger(n) ? n : null;
}

/** true/false, yes/no, 1/0, "verified"; `undefined` when empty or not recognisable. */
export function parseBool(input: string | boolean | undefined | null): boolean | undefined {
  if (typeof input === 'boolean') return input;
  if (!input) return undefined;
  const s = input.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'verified', 'blue', 'gold', 'government', 'business'].includes(s))
    return true;
  if (['false', 'no', 'n', '0', 'unverified', 'none', 'not verified'].includes(s)) return false;
  return undefined;
}

const months: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function iso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // Date.UTC rolls 30 February over into March; a date that moves was not a date.
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}Z`;
}

function clock12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

function parseTime(time: string | undefined): [number, number, number] | undefined {
  if (!time) return undefined;
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(time.trim());
  if (!m) return undefined;
  return [clock12(Number(m[1]), m[4]), Number(m[2]), Number(m[3] ?? 0)];
}

/**
 * A vendor date (+ optional separate time) as an ISO 8601 UTC string, or epoch milliseconds for numeric
 * stamps. Dates without a zone are taken as UTC: Brandwatch documents UTC; Meltwater uses the account's
 * zone, which the file does not say (docs/RECORD_FORMAT.md).
 */
export function parseVendorDate(
  date: string | number | undefined,
  time?: string,
): string | number | undefined {
  if (date === undefined || date === null) return undefined;
  if (typeof date === 'number') return epoch(date);
  const s = date.trim();
  if (s === '') return undefined;
  if (/^\d{9,13}$/.test(s)) return epoch(Number(s));
  let m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(
      s,
    );
  if (m) {
    if (m[8] && m[8].toUpperCase() !== 'UTC' && m[8].toUpperCase() !== 'Z') {
      const parsed = Date.parse(
        `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[8]}`,
      );
      return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
    }
    const t = m[4] ? undefined : parseTime(time);
    return iso(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      m[4] ? Number(m[4]) : (t?.[0] ?? 0),
      m[5] ? Number(m[5]) : (t?.[1] ?? 0),
      m[6] ? Number(m[6]) : (t?.[2] ?? 0),
      m[7] ? Number(m[7].padEnd(3, '0')) : 0,
    );
  }
  // Meltwater: "17-Jun-2022 03:15PM", "17-Jun-22".
  m =
    /^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
      s,
    );
  if (m) {
    const mo = months[m[2]!.toLowerCase()];
    if (!mo) return undefined;
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const t = m[4]
      ? ([clock12(Number(m[4]), m[7]), Number(m[5]), Number(m[6] ?? 0)] as const)
      : parseTime(time);
    return iso(y, mo, Number(m[1]), t?.[0], t?.[1], t?.[2]);
  }
  // "Jun 17, 2022" (Meltwater's alternate format).
  m =
    /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
      s,
    );
  if (m) {
    const mo = months[m[1]!.toLowerCase()];
    if (!mo) return undefined;
    const t = m[4]
      ? ([clock12(Number(m[4]), m[7]), Number(m[5]), Number(m[6] ?? 0)] as const)
      : parseTime(time);
    return iso(Number(m[3]), mo, Number(m[2]), t?.[0], t?.[1], t?.[2]);
  }
  // "06/17/2022 15:15" — month first (US) unless the first number cannot be a month.
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(s);
  if (m) {
    let [mo, d] = [Number(m[1]), Number(m[2])];
    if (mo > 12) [mo, d] = [d, mo];
    const t = m[4]
      ? ([clock12(Number(m[4]), m[7]), Number(m[5]), Number(m[6] ?? 0)] as const)
      : parseTime(time);
    return iso(Number(m[3]), mo, d, t?.[0], t?.[1], t?.[2]);
  }
  return undefined;
}

/** Seconds or milliseconds since the epoch, told apart by size. */
function epoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

const platformsByHost: [RegExp, string][] = [
  [/(^|\.)(twitter|x)\.com$/, 'x'],
  [/(^|\.)reddit\.com$|(^|\.)redd\.it$/, 'reddit'],
  [/(^|\.)facebook\.com$|(^|\.)fb\.com$/, 'facebook'],
  [/(^|\.)instagram\.com$/, 'instagram'],
  [/(^|\.)youtube\.com$|(^|\.)youtu\.be$/, 'youtube'],
  [/(^|\.)tiktok\.com$/, 'tiktok'],
  [/(^|\.)bsky\.app$/, 'bluesky'],
  [/(^|\.)threads\.net$/, 'threads'],
  [/(^|\.)linkedin\.com$/, 'linkedin'],
  [/(^|\.)t\.me$|(^|\.)telegram\.org$/, 'telegram'],
  [/(^|\.)vk\.com$/, 'vk'],
  [/^news\.ycombinator\.com$/, 'hackernews'],
  [/(^|\.)tumblr\.com$/, 'tumblr'],
];

/** The platform a URL belongs to ("x", "reddit"…), or undefined for the open web. */
export function platformFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  for (const [re, name] of platformsByHost) if (re.test(host)) return name;
  return undefined;
}

const platformNames: Record<string, string> = {
  twitter: 'x',
  x: 'x',
  'x (twitter)': 'x',
  reddit: 'reddit',
  facebook: 'facebook',
  instagram: 'instagram',
  youtube: 'youtube',
  tiktok: 'tiktok',
  bluesky: 'bluesky',
  threads: 'threads',
  linkedin: 'linkedin',
  telegram: 'telegram',
  vk: 'vk',
  vkontakte: 'vk',
  tumblr: 'tumblr',
  news: 'news',
  blog: 'blog',
  blogs: 'blog',
  forum: 'forum',
  forums: 'forum',
  review: 'review',
  reviews: 'review',
  podcast: 'podcast',
  broadcast: 'broadcast',
  'hacker news': 'hackernews',
  mastodon: 'mastodon',
  qq: 'qq',
  weibo: 'weibo',
  'sina weibo': 'weibo',
};

/** A vendor's platform label ("Twitter", "Page Type: news") as our source name, when it is one we know. */
export function platformFromLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  return platformNames[label.trim().toLowerCase()];
}

/** Any label made safe for the `source` field (letters, digits, `_ . -`). */
export function sourceSlug(label: string): string | undefined {
  const slug = label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 64);
  return slug || undefined;
}

const languageNames: Record<string, string> = {
  english: 'en',
  hebrew: 'he',
  russian: 'ru',
  chinese: 'zh',
  'chinese (simplified)': 'zh',
  spanish: 'es',
  french: 'fr',
  german: 'de',
  arabic: 'ar',
  portuguese: 'pt',
  italian: 'it',
  japanese: 'ja',
  korean: 'ko',
  ukrainian: 'uk',
  turkish: 'tr',
  dutch: 'nl',
  polish: 'pl',
  hindi: 'hi',
  persian: 'fa',
  swedish: 'sv',
};

/** "English" → "en"; codes pass through. */
export function languageCode(input: string | undefined): string | undefined {
  if (!input) return undefined;
  const s = input.trim();
  const known = languageNames[s.toLowerCase()];
  if (known) return known;
  return s.length <= 16 ? s : undefined;
}
