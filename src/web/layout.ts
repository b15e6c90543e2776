import { html, raw, type SafeHtml } from './html.ts';

const styles = raw(`
:root{--fg:#1d2330;--muted:#5b6475;--line:#e3e6ec;--bg:#f7f8fa;--accent:#c2410c;--neg:#b91c1c;--pos:#15803d}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Noto Sans","Noto Sans Hebrew","Noto Sans CJK SC","Noto Color Emoji",sans-serif;color:var(--fg);background:var(--bg);line-height:1.45}
header{display:flex;gap:1rem;align-items:center;padding:.6rem 1.2rem;background:#111827;color:#fff}
header a{color:#fff;text-decoration:none}
header .brand{font-weight:700;color:#fdba74}
header nav{display:flex;gap:1rem;flex:1}
header form{margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem 1.2rem}
h1{font-size:1.3rem;margin:.5rem 0 1rem}
h2{font-size:1.05rem;margin:1.2rem 0 .5rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin-block-end:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.8rem}
.stat b{display:block;font-size:1.5rem}
.muted{color:var(--muted);font-size:.85rem}
.mention{border-block-end:1px solid var(--line);padding:.6rem 0}
.mention:last-child{border:0}
.mention .text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}
.badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.75rem;border:1px solid var(--line);margin-inline-end:.3rem}
.badge.negative{color:var(--neg);border-color:var(--neg)}
.badge.positive{color:var(--pos);border-color:var(--pos)}
.sev4,.sev3{color:var(--neg);font-weight:700}
table{border-collapse:collapse;width:100%}
td,th{text-align:start;padding:.35rem .5rem;border-block-end:1px solid var(--line);vertical-align:top}
form.login{max-width:22rem;margin:4rem auto}
label{display:block;margin:.6rem 0 .2rem}
input{width:100%;padding:.45rem;border:1px solid #cbd1db;border-radius:6px;font:inherit}
button{padding:.45rem .9rem;border:0;border-radius:6px;background:var(--accent);color:#fff;font:inherit;cursor:pointer}
.error{color:var(--neg)}
svg text{font-size:10px;fill:var(--muted)}
`);

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  user?: { email: string };
  workspace?: { slug: string; name: string };
  refreshSeconds?: number;
}

export function layout({ title, body, user, workspace, refreshSeconds }: LayoutOptions): string {
  const ws = workspace ? `?ws=${encodeURIComponent(workspace.slug)}` : '';
  return html`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
<title>${title} · Firebreak</title>
<style>${styles}</style>
</head>
<body>
<header>
  <a class="brand" href="/app${ws}">Firebreak</a>
  ${
    user
      ? html`<nav><a href="/app${ws}">Overview</a><a href="/app/mentions${ws}">Mentions</a><a href="/docs">API</a></nav>
  <span class="muted" style="color:#cbd5e1">${workspace?.name ?? ''} · ${user.email}</span>
  <form method="post" action="/logout"><button type="submit">Sign out</button></form>`
      : ''
  }
</header>
<main>${body}</main>
</body>
</html>`.value;
}
