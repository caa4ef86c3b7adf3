/**
 * The public pages' stylesheet, inlined (one request, no third-party fonts): system fonts,
 * light and dark, readable on a phone. The organisation's brand colour sets --brand.
 */
export const PUBLIC_CSS = `
:root{color-scheme:light dark;--bg:#fafafa;--fg:#18181b;--muted:#52525b;--line:#e4e4e7;--card:#fff;--soft:#f4f4f5;--brand:#111827;
--ok:#166534;--ok-bg:#dcfce7;--warn:#854d0e;--warn-bg:#fef9c3;--plan:#1e40af;--plan-bg:#dbeafe;--na:#3f3f46;--na-bg:#e4e4e7;--bad:#991b1b;--bad-bg:#fee2e2}
@media (prefers-color-scheme:dark){:root{--bg:#09090b;--fg:#f4f4f5;--muted:#a1a1aa;--line:#27272a;--card:#18181b;--soft:#27272a;
--ok:#bbf7d0;--ok-bg:#14532d;--warn:#fef08a;--warn-bg:#713f12;--plan:#bfdbfe;--plan-bg:#1e3a8a;--na:#e4e4e7;--na-bg:#3f3f46;--bad:#fecaca;--bad-bg:#7f1d1d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:inherit;text-underline-offset:2px}
a:focus-visible,summary:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
.wrap{max-width:960px;margin:0 auto;padding:0 20px}
header.top{border-top:5px solid var(--brand);background:var(--card);border-bottom:1px solid var(--line)}
header.top .wrap{display:flex;gap:16px;align-items:center;padding-top:24px;padding-bottom:24px}
header.top img{height:48px;width:auto}
.eyebrow{margin:0;font-size:.8rem;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
h1{margin:0;font-size:2rem;line-height:1.2}
h2{font-size:1.4rem;margin:0 0 12px}
h3{font-size:1.1rem;margin:24px 0 8px}
main section{padding:28px 0;border-bottom:1px solid var(--line)}
.meta{font-size:.9rem;color:var(--muted)}
.meta a{color:var(--muted)}
.preview{background:#7c2d12;color:#fff;text-align:center;padding:8px;font-weight:600}
.notice{background:var(--warn-bg);color:var(--warn);padding:12px 16px;border-radius:8px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:12px;margin:16px 0;padding:0;list-style:none}
.stats li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;text-align:center}
.stats .n{display:block;font-size:1.6rem;font-weight:700}
.stats .l{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.control{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:10px 0}
.control header{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.ref{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;color:var(--muted)}
.control h4{margin:0;font-size:1rem;flex:1 1 240px}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:2px 8px;border-radius:999px;white-space:nowrap}
.b-IMPLEMENTED,.b-CERTIFIED,.b-ACTIVE,.b-PASS{color:var(--ok);background:var(--ok-bg)}
.b-IN_PROGRESS,.b-PARTIAL,.b-ALIGNED,.b-due{color:var(--warn);background:var(--warn-bg)}
.b-PLANNED{color:var(--plan);background:var(--plan-bg)}
.b-INHERITED{color:var(--plan);background:var(--plan-bg)}
.table tr.sub th{padding-left:28px}
.b-NOT_APPLICABLE,.b-NOT_PURSUED,.b-REMOVED,.b-unanswered{color:var(--na);background:var(--na-bg)}
.b-FAIL,.b-EXPIRED{color:var(--bad);background:var(--bad-bg)}
.evidence{margin:8px 0 0;padding:0;list-style:none;font-size:.85rem;color:var(--muted)}
.evidence li::before{content:"↳ ";}
.evidence code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.md p{margin:.4em 0}.md ul,.md ol{padding-left:1.4em}.md code{font-family:ui-monospace,monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
.md pre,pre.md{background:var(--soft);padding:10px;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}.md table{border-collapse:collapse}.md th,.md td{border:1px solid var(--line);padding:4px 8px}
code{overflow-wrap:anywhere}
.table{width:100%;border-collapse:collapse;font-size:.9rem}
.table td,.table th{overflow-wrap:anywhere}
.scroll{overflow-x:auto}
.scroll:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
.table th,.table td{text-align:left;padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
.table th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
details{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:8px 0}
summary{cursor:pointer;font-weight:600}
.docs{list-style:none;padding:0}.docs li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:8px 0}
footer.bottom{padding:28px 0 48px;font-size:.85rem;color:var(--muted)}
footer.bottom code{word-break:break-all}
.changes{margin:4px 0 0;padding-left:1.2em}
form.subscribe fieldset{border:1px solid var(--line);border-radius:8px;padding:8px 14px;display:flex;flex-wrap:wrap;gap:4px 16px}
form.subscribe input[type=email]{font:inherit;padding:6px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);width:min(100%,320px)}
form.subscribe button{font:inherit;font-weight:600;background:var(--brand);color:#fff;border:0;border-radius:6px;padding:8px 16px;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (max-width:640px){
.table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.table,.table tbody,.table tr,.table th,.table td{display:block;width:100%}
.table tr{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0}
.table th,.table td{border-bottom:0;padding:4px 0}
.table td[data-label]::before{content:attr(data-label);display:block;font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.md table{display:block;overflow-x:auto}
}
`;
