/**
 * The public statement page `/s/<slug>`: no login, server-rendered, no script. It shows the published
 * statements of one crisis and their dated updates, newest first, in every language they were written
 * in, each language block with its own `lang` and direction (Hebrew and Arabic right-to-left) and a font
 * stack that covers Hebrew, Arabic and CJK. Every piece of text goes through the escaping `html`
 * template; the page has a stricter CSP than the app (nothing but its own inline style may load).
 * Unpublished (or unknown) slugs answer 404, the same for both so a slug's existence does not leak.
 */
import { z } from 'zod';
import type { PublicEntry, PublicPage, Variant } from '../modules/statements/index.ts';
import { publicVariant } from '../modules/statements/index.ts';
import type { RoutePlugin } from '../server/routes.ts';
import { bidiText, dirFor, html, raw, type SafeHtml } from './html.ts';

const styles = raw(`
*{box-sizing:border-box}
body{margin:0;background:#f7f8fa;color:#1d2330;line-height:1.6;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","Noto Sans Arabic","Noto Sans CJK SC","Noto Sans CJK TC","Noto Sans CJK JP","PingFang SC","Hiragino Sans","Microsoft YaHei","Noto Color Emoji",sans-serif}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1.2rem 3rem}
nav.langs{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 1rem}
nav.langs a{border:1px solid #cbd1db;border-radius:999px;padding:.1rem .7rem;color:#1d2330;text-decoration:none;font-size:.9rem}
section.lang{margin:0 0 2.5rem}
article{background:#fff;border:1px solid #e3e6ec;border-radius:8px;padding:1rem 1.2rem;margin:0 0 1rem}
article.update{border-inline-start:4px solid #c2410c}
h1{font-size:1.5rem;margin:.2rem 0 1rem}
h2{font-size:1.15rem;margin:0 0 .3rem}
time,.label{color:#5b6475;font-size:.85rem}
.text p{margin:.6rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.drill{background:#fef3c7;border:1px solid #f59e0b;border-radius:8px;padding:.6rem 1rem;margin:0 0 1rem;font-weight:600}
footer{color:#5b6475;font-size:.8rem;margin-top:2rem}
`);

/** Nothing may load but the page's own inline style: no script, no frame, no form, no base. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const languageNames: Record<string, string> = {
  en: 'English',
  he: 'עברית',
  ar: 'العربية',
  ru: 'Русский',
  uk: 'Українська',
  zh: '中文',
  ja: '日本語',
  ko: '한국어',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  it: 'Italiano',
  pt: 'Português',
  fa: 'فارسی',
};

const labels: Record<string, { statement: string; update: string; published: string; drill: string }> = {
  en: {
    statement: 'Statement',
    update: 'Update',
    published: 'Published',
    drill: 'Exercise: this is not a real statement.',
  },
  he: { statement: 'הודעה', update: 'עדכון', published: 'פורסם', drill: 'תרגיל: זו אינה הודעה אמיתית.' },
  ru: {
    statement: 'Заявление',
    update: 'Обновление',
    published: 'Опубликовано',
    drill: 'Учения: это не настоящее заявление.',
  },
  zh: { statement: '声明', update: '更新', published: '发布于', drill: '演练：这不是真实的声明。' },
  ar: { statement: 'بيان', update: 'تحديث', published: 'نُشر', drill: 'تمرين: هذا ليس بيانًا حقيقيًا.' },
};

const labelsFor = (lang: string) => labels[lang.slice(0, 2)] ?? labels.en!;

/** `dir` for a language: rtl for Hebrew, Arabic, Persian, Urdu, Yiddish; ltr otherwise. */
const direction = (lang: string) => (dirFor(lang) === 'rtl' ? 'rtl' : 'ltr');

function paragraphs(text: string): SafeHtml {
  return html`${text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${bidiText(p)}</p>`)}`;
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function entryHtml(entry: PublicEntry, variant: Variant, lang: string): SafeHtml {
  const l = labelsFor(lang);
  const heading = variant.title ?? entry.title;
  // A variant in another language (this statement was not written in `lang`) keeps its own lang/dir.
  const own = variant.lang !== lang;
  return html`<article class="${entry.isUpdate ? 'update' : 'statement'}"${own ? html` lang="${variant.lang}" dir="${direction(variant.lang)}"` : ''}>
<span class="label">${entry.isUpdate ? l.update : l.statement}</span>
<h2>${heading}</h2>
<time datetime="${new Date(entry.at).toISOString()}">${l.published} ${utc(entry.at)}</time>
<div class="text">${paragraphs(variant.body)}</div>
</article>`;
}

export function statementPage(page: PublicPage): string {
  const first = page.languages[0] ?? 'en';
  const sections = page.languages.map((lang) => {
    const entries = page.entries
      .map((e) => ({ e, v: publicVariant(e.variants, lang) }))
      .filter((x): x is { e: PublicEntry; v: Variant } => Boolean(x.v));
    const l = labelsFor(lang);
    const title = entries.find((x) => x.v.lang === lang)?.v.title ?? entries[0]?.e.title ?? l.statement;
    return html`<section class="lang" id="lang-${lang}" lang="${lang}" dir="${direction(lang)}">
${page.crisis.isDrill ? html`<p class="drill">${l.drill}</p>` : ''}
<h1>${title}</h1>
${entries.map((x) => entryHtml(x.e, x.v, lang))}
</section>`;
  });
  const firstTitle = page.entries[0]?.title ?? 'Statement';
  return html`<!doctype html>
<html lang="${first}" dir="${direction(first)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="${page.crisis.isDrill ? 'noindex' : 'index'}">
<title>${firstTitle}</title>
<style>${styles}</style>
</head>
<body>
<main>
${
  page.languages.length > 1
    ? html`<nav class="langs" aria-label="Languages">${page.languages.map(
        (lang) =>
          html`<a href="#lang-${lang}" lang="${lang}" hreflang="${lang}">${languageNames[lang.slice(0, 2)] ?? lang}</a>`,
      )}</nav>`
    : ''
}
${sections}
<footer>${page.crisis.publicUrl}</footer>
</main>
</body>
</html>`.value;
}

const notFoundPage = html`<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Not found</title></head>
<body><main><h1>Not found</h1><p>There is no published statement at this address.</p></main></body></html>`
  .value;

export const statementPageRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/s/:slug',
    {
      schema: { hide: true, params: z.object({ slug: z.string().min(1).max(128) }) },
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      reply.header('content-security-policy', PAGE_CSP);
      const page = await ctx.statements.publicPage(request.params.slug);
      if (!page) {
        return reply
          .status(404)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(notFoundPage);
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=30')
        .send(statementPage(page));
    },
  );
};
