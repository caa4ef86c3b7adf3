import { FILTER_CSS } from "./filter";

/**
 * The public pages' stylesheet, inlined (one request, no third-party fonts): system fonts, light
 * and dark (prefers-color-scheme), readable on a 360 px phone without sideways scrolling (tables
 * become cards), a navigation that stays at hand without script (position: sticky), no forced
 * capitals, and a print stylesheet. The organisation's colour arrives as --accent / --on-accent,
 * computed for AA contrast in each scheme (contrast.ts); --brand is kept for the access pages and
 * is the light accent, which reads at AA under white text in both schemes.
 */
export const PUBLIC_CSS = `
:root{color-scheme:light dark;--bg:#f7f7f8;--fg:#18181b;--muted:#52525b;--line:#e4e4e7;--card:#fff;--soft:#f4f4f5;--accent:#1d4ed8;--on-accent:#fff;--brand:#1d4ed8;
--ok:#166534;--ok-bg:#dcfce7;--warn:#854d0e;--warn-bg:#fef9c3;--plan:#1e40af;--plan-bg:#dbeafe;--na:#3f3f46;--na-bg:#e4e4e7;--bad:#991b1b;--bad-bg:#fee2e2;--shadow:0 1px 2px rgb(0 0 0/.05)}
@media (prefers-color-scheme:dark){:root{--bg:#09090b;--fg:#f4f4f5;--muted:#a1a1aa;--line:#27272a;--card:#18181b;--soft:#27272a;
--ok:#bbf7d0;--ok-bg:#14532d;--warn:#fef08a;--warn-bg:#713f12;--plan:#bfdbfe;--plan-bg:#1e3a8a;--na:#e4e4e7;--na-bg:#3f3f46;--bad:#fecaca;--bad-bg:#7f1d1d;--shadow:none}}
*{box-sizing:border-box}
html{scroll-padding-top:64px}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:break-word}
a{color:inherit;text-underline-offset:2px}
main a,footer a,.hero a{color:var(--accent)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.wrap{max-width:1080px;margin:0 auto;padding:0 20px}
.skip{position:absolute;left:8px;top:-48px;background:var(--card);padding:8px 12px;border-radius:6px;z-index:10}.skip:focus{top:8px}
.hero{background:var(--card);border-top:6px solid var(--accent);border-bottom:1px solid var(--line)}
.hero .wrap{display:flex;flex-wrap:wrap;gap:16px 48px;padding-top:32px;padding-bottom:28px}
.intro{flex:3 1 420px;min-width:0}.side{flex:2 1 280px;min-width:0;display:flex;flex-direction:column;gap:12px}
.id{display:flex;gap:16px;align-items:center}
.id img{height:56px;width:auto;max-width:160px;object-fit:contain}
.eyebrow{margin:0;font-size:.9rem;font-weight:600;color:var(--muted)}
h1{margin:0;font-size:clamp(1.6rem,4vw,2.3rem);line-height:1.15;letter-spacing:-.01em}
h2{font-size:1.45rem;line-height:1.25;margin:0 0 12px}
h3{font-size:1.1rem;margin:24px 0 8px}
.lead{font-size:1.15rem;margin:12px 0 4px;max-width:60ch}
.meta{font-size:.9rem;color:var(--muted)}
.version{margin:2px 0 0}
.signed{margin:12px 0 0}
.certs{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.cert{display:flex;gap:10px;align-items:flex-start;border:1px solid var(--line);border-radius:10px;padding:8px 12px;background:var(--card);line-height:1.35}
.cert .state{display:block;font-size:.85rem;color:var(--muted)}
.dot{flex:none;width:22px;height:22px;border-radius:50%;display:grid;place-items:center;font-size:.8rem;font-weight:700}
.c-valid .dot{background:var(--ok-bg);color:var(--ok)}.c-valid .dot::before{content:"✓"}.c-valid{border-color:var(--ok)}
.c-progress .dot{background:var(--warn-bg);color:var(--warn)}.c-progress .dot::before{content:"…"}.c-progress{border-style:dashed}
.c-expired .dot{background:var(--bad-bg);color:var(--bad)}.c-expired .dot::before{content:"!"}.c-expired strong{text-decoration:line-through}
.c-inherited .dot,.c-aligned .dot{background:var(--plan-bg);color:var(--plan)}.c-inherited .dot::before{content:"↗"}.c-aligned .dot::before{content:"≈"}
.c-notPursued .dot{background:var(--na-bg);color:var(--na)}.c-notPursued .dot::before{content:"–"}
.cert.more{border-style:dashed;justify-content:center}
.glance{background:var(--soft);border-radius:12px;padding:12px 16px;margin-top:16px;max-width:560px}
.glance p{margin:0}.big{font-size:1.9rem;line-height:1.1;margin-right:4px}
.bar{height:8px;border-radius:99px;background:var(--line);overflow:hidden;margin:8px 0}.bar span{display:block;height:100%;background:var(--ok)}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 0}
.btn{display:inline-block;text-decoration:none;font-weight:600;padding:8px 16px;border-radius:8px;border:1px solid var(--line);background:var(--card);color:var(--fg)!important}
.btn.primary{background:var(--accent);border-color:var(--accent);color:var(--on-accent)!important}
.toc{position:sticky;top:0;z-index:5;background:var(--card);border-bottom:1px solid var(--line);box-shadow:var(--shadow)}
.toc ul{display:flex;gap:4px;margin:0 auto;padding:6px 0;list-style:none;overflow-x:auto;scrollbar-width:thin;white-space:nowrap}
.toc a{display:block;padding:6px 12px;border-radius:8px;text-decoration:none;font-size:.95rem}
.toc a:hover{background:var(--soft)}
main section{padding:32px 0;border-bottom:1px solid var(--line)}
main section:last-child{border-bottom:0}
.solo{padding-top:40px;padding-bottom:48px;max-width:860px}
.band{height:6px;background:var(--accent)}
.eyebrow a{color:var(--accent)}
.preview{background:#7c2d12;color:#fff;text-align:center;padding:8px;font-weight:600}
.notice{background:var(--warn-bg);color:var(--warn);padding:12px 16px;border-radius:8px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:12px;margin:16px 0;padding:0;list-style:none}
.stats li{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px;text-align:center}
.stats .n{display:block;font-size:1.6rem;font-weight:700}
.stats .l{font-size:.85rem;color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;box-shadow:var(--shadow)}
details{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;margin:10px 0}
summary{cursor:pointer;font-weight:600}
summary h3{display:inline;font-size:1.1rem;margin:0 8px 0 4px}
details[open]>summary{margin-bottom:8px}
details.area{background:transparent}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px;margin:0;padding:0;list-style:none}
.card-head{display:flex;gap:10px;align-items:flex-start}
.card-head h4{margin:0;font-size:1rem;line-height:1.35}
.icon{flex:none;width:24px;height:24px;fill:none;stroke:var(--accent);stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
.sprite{position:absolute;width:0;height:0;overflow:hidden}
.badges{margin:8px 0 0}
.ref{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;color:var(--muted);font-weight:400}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:2px 9px;border-radius:999px}
.b-IMPLEMENTED,.b-ACTIVE,.b-PASS,.b-c-valid{color:var(--ok);background:var(--ok-bg)}
.b-IN_PROGRESS,.b-PARTIAL,.b-due,.b-c-progress{color:var(--warn);background:var(--warn-bg)}
.b-PLANNED,.b-c-inherited,.b-c-aligned{color:var(--plan);background:var(--plan-bg)}
.b-NOT_APPLICABLE,.b-REMOVED,.b-unanswered,.b-c-notPursued{color:var(--na);background:var(--na-bg)}
.b-FAIL,.b-c-expired,.b-urgent{color:var(--bad);background:var(--bad-bg)}
.evidence{margin:8px 0 0;padding:0;list-style:none;font-size:.85rem;color:var(--muted)}
.evidence li::before{content:"↳ "}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.evidence code{word-break:break-all}
.md p{margin:.4em 0}.md ul,.md ol{padding-left:1.4em}.md code{background:var(--soft);padding:1px 4px;border-radius:4px}
.md pre,pre.code{background:var(--soft);padding:12px;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.9rem}
.md table{border-collapse:collapse;margin:8px 0}.md th,.md td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}.md th{background:var(--soft)}
.compare .md table{width:100%;background:var(--card)}.compare .md td:first-child{font-weight:600}
.table{width:100%;border-collapse:collapse;font-size:.92rem;background:var(--card)}
.table td,.table th{text-align:left;padding:10px;border-bottom:1px solid var(--line);vertical-align:top}
.table th[scope=row]{min-width:9em}.table td:nth-child(2){min-width:8em}
.table thead th{font-size:.85rem;color:var(--muted)}
.table tr.sub th{padding-left:28px}
.table td.ref{white-space:nowrap}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:10px}
.docs{list-style:none;padding:0;display:grid;gap:10px}
.update{border-left:3px solid var(--line);padding-left:14px;margin:16px 0}
.update h3{margin:0}
footer.bottom{padding:28px 20px 48px;font-size:.9rem;color:var(--muted)}
footer.bottom code{word-break:break-all}
.links{display:flex;flex-wrap:wrap;gap:4px 16px}
.timeline{list-style:none;padding:0;display:grid;gap:12px}
.timeline section{padding:0;border:0}.timeline h2{font-size:1.15rem}
.changes{margin:4px 0 0;padding-left:1.2em}
.hash code{font-size:.8rem}
.subscribe-box form{max-width:640px}
form.subscribe fieldset{border:1px solid var(--line);border-radius:10px;padding:8px 14px;display:flex;flex-wrap:wrap;gap:4px 16px}
form.subscribe input[type=email]{font:inherit;padding:8px 10px;border:1px solid var(--muted);border-radius:8px;background:var(--card);color:var(--fg);width:min(100%,320px)}
form.subscribe button{font:inherit;font-weight:600;background:var(--accent);color:var(--on-accent);border:0;border-radius:8px;padding:8px 18px;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (max-width:760px){
.hero .wrap{flex-direction:column;flex-wrap:nowrap;gap:0;padding-top:20px}.intro,.side{display:contents}
.id{order:1}.lead{order:2}.certs{order:3;margin-top:12px}.glance{order:4}.signed{order:5}.actions{order:6}
.hero .certs{flex-direction:row;flex-wrap:wrap}.cert{padding:6px 10px;font-size:.9rem}
.id img{height:44px}
h1.long{font-size:1.3rem}.lead{font-size:1.05rem;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:4;overflow:hidden}.glance .detail{display:none}
}
@media (max-width:640px){
.table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.scroll{border:0;overflow:visible}
.table,.table tbody,.table tr,.table th,.table td{display:block;width:100%}
.table{background:transparent}
.table tr{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin:10px 0}
.table th,.table td{border-bottom:0;padding:4px 0}
.table tr.sub{margin-left:16px;width:auto}.table tr.sub th{padding-left:0}
.table td[data-label]::before,.compare td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;font-weight:600;color:var(--muted)}
.md table{display:block;overflow-x:auto}
.compare .md table,.compare .md tbody,.compare .md tr,.compare .md td{display:block;width:100%;overflow:visible}
.compare .md thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.compare .md tr{border:1px solid var(--line);border-radius:10px;margin:10px 0;padding:6px 12px}.compare .md td{border:0;padding:3px 0}
.cards{grid-template-columns:minmax(0,1fr)}
}
@media print{
:root{--bg:#fff;--card:#fff;--fg:#000;--muted:#333;--soft:#fff}
.toc,.actions,.subscribe-box,.skip,.bar,.preview{display:none}
.hero{border-top-width:2px}
details::details-content{content-visibility:visible;display:block}
.card,details,.table tr,.cert{break-inside:avoid;box-shadow:none}
main section{padding:16px 0}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;color:var(--muted)}
}
${FILTER_CSS}`;
