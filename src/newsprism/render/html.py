"""A Comparison as one self-contained HTML page.

Articles side by side with every claim highlighted in its group's colour (exclusive claims
dashed), a claims × outlets matrix, conflicts, quote threads and sourcing; every item links to
its place in the article text. Nothing is fetched: CSS and the few lines of script are inline,
and a Content-Security-Policy forbids any other source. Every piece of article text, title,
outlet and URL goes through `html.escape`; URLs become links only for http(s).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Iterable

from newsprism.model import SPEAKER_KINDS, Claim, ClaimGroup, Comparison, QuoteThread, outlet_label
from newsprism.render.conflict_bundles import SHOWN_PER_BUNDLE, bundle_conflicts
from newsprism.render.labels import plural, separate_stories_note, short_labels, thread_flags, thread_sameness

# Hover a claim: light up every claim of its group, in every column.
_SCRIPT = """
document.addEventListener('mouseover', function (e) {
  var c = e.target.closest && e.target.closest('[data-group]');
  document.querySelectorAll('.lit').forEach(function (x) { x.classList.remove('lit'); });
  if (!c) return;
  document.querySelectorAll('[data-group="' + c.dataset.group + '"]').forEach(function (x) {
    x.classList.add('lit');
  });
});
""".strip()

_STYLE = """
:root { --ink: #1d2330; --muted: #6b7280; --line: #d9dde5; --bad: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0; padding: 0 24px 48px; background: #fafbfc; }
header { padding: 18px 0 8px; border-bottom: 1px solid var(--line); margin-bottom: 12px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
.summary { color: var(--muted); }
nav a { margin-right: 14px; }
.columns { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(340px, 1fr); gap: 14px;
           overflow-x: auto; padding-bottom: 8px; }
.article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.article h3 { font-size: 15px; margin: 0 0 2px; }
.meta { color: var(--muted); font-size: 12.5px; margin-bottom: 8px; word-break: break-all; }
.text { white-space: pre-wrap; font-size: 14px; line-height: 1.6; }
.claim { border-radius: 3px; padding: 1px 0; background: var(--c); }
.claim.exclusive { background: #f1f2f4; border-bottom: 2px dashed #9aa1ad; }
.claim .tag { font-size: 10px; font-weight: 600; color: #374151; vertical-align: super; margin: 0 2px; }
.claim.lit { outline: 2px solid #1d4ed8; }
.claim:target, .anchor:target + * { outline: 3px solid #f59e0b; }
.boiler { color: var(--muted); }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; font-size: 13px; }
th { background: #f3f4f6; text-align: left; }
td.yes { text-align: center; } td.no { text-align: center; color: var(--bad); background: #fef3f2; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px;
          background: var(--c); border: 1px solid #00000022; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 10px;
         background: #eef2ff; color: #3730a3; margin-right: 6px; }
.badge.warn { background: #fef3f2; color: var(--bad); }
.item { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.item ul { margin: 4px 0; padding-left: 20px; }
.bar { display: inline-block; height: 8px; background: #6366f1; border-radius: 2px; vertical-align: middle; }
.wrap { overflow-x: auto; }
h3.bundle { font-size: 14px; margin: 14px 0 4px; }
details summary { cursor: pointer; color: var(--muted); margin: 4px 0; }
.warning { background: #fffaeb; border: 1px solid #fec84b; border-radius: 8px; padding: 8px 12px; color: #7a2e0e; }
/* With many outlets the matrix scrolls sideways; the fact column stays in view. */
table.matrix td:first-child, table.matrix th:first-child { position: sticky; left: 0; min-width: 16em;
  max-width: 24em; background: #fff; z-index: 1; }
table.matrix th:first-child { background: #f3f4f6; }
""".strip()


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is plain http(s) — never javascript:, data: or anything else."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


# Hues ordered so that consecutive groups are far apart on the colour wheel.
_HUES = (205, 35, 130, 290, 55, 350, 170, 255, 90, 320, 230, 15)


def group_colour(index: int) -> str:
    """A light background per shared group; after the 12 hues, the same hues a shade darker."""
    hue = _HUES[index % len(_HUES)]
    lightness = (86, 76, 92)[(index // len(_HUES)) % 3]
    return f"hsl({hue}, 75%, {lightness}%)"


def _claim_anchor(article_index: dict[str, int], claim: Claim) -> str:
    return f"a{article_index[claim.article_id]}-{claim.span.start}"


def comparison_html(comparison: Comparison) -> str:
    article_index = {a.id: n for n, a in enumerate(comparison.articles)}
    outlet_of = {a.id: outlet_label(a.article) for a in comparison.articles}
    colour = {g.id: group_colour(n) for n, g in enumerate(g for g in comparison.groups if g.status == "shared")}
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    shared = [g for g in comparison.groups if g.status == "shared"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsprism — comparison of {len(comparison.articles)} reports</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<header>",
        f"<h1>Comparison of {len(comparison.articles)} reports</h1>",
        f'<div class="summary">{len(shared)} facts reported by more than one article · '
        f"{len(comparison.groups) - len(shared)} by one only · {len(comparison.conflicts)} conflicts · "
        f"{len(comparison.quotes)} quote threads</div>",
        '<nav><a href="#articles">Articles</a><a href="#matrix">Claims × outlets</a>'
        '<a href="#conflicts">Conflicts</a><a href="#quotes">Quote threads</a><a href="#sourcing">Sourcing</a></nav>',
        "</header>",
    ]
    short = short_labels(comparison)  # names for unnamed outlets where room is short
    note = separate_stories_note(comparison)
    if note:
        parts.append(f'<p class="warning" role="alert">{esc(note)}</p>')
    parts += _left_out(comparison)
    parts += _articles(comparison, colour, outlet_of, short)
    parts += _matrix(comparison, colour, outlet_of, short, article_index)
    parts += _conflicts(comparison, outlet_of, article_index)
    parts += _quotes(comparison.quotes, article_index)
    parts += _sourcing(comparison)
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


def _left_out(comparison: Comparison) -> list[str]:
    """The story's articles not compared, folded away under one line that says why."""
    if not comparison.left_out:
        return []
    out = [f'<details class="left-out"><summary>{plural(len(comparison.left_out), "more article")} not compared: '
           f"{esc(comparison.left_out[0].reason)}.</summary><ul>"]
    for item in comparison.left_out:
        a = item.article
        out.append(f"<li>{esc(outlet_label(a))} · {esc(a.title or 'untitled')} · {esc(a.published or 'no date')} · "
                   f"{esc(str(a.source))}</li>")
    out.append("</ul></details>")
    return out


def _articles(
    comparison: Comparison, colour: dict[str, str], outlet_of: dict[str, str], short: dict[str, str]
) -> list[str]:
    group_of = {c.id: g for g in comparison.groups for c in g.claims}
    out = ['<h2 id="articles">Articles side by side</h2>',
           '<p class="summary">Claims of one colour (and group number) state the same fact; '
           '<span class="claim exclusive">dashed claims</span> are reported by that article only; plain text '
           "is not a claim (boilerplate, fragments). Hover a claim to see its group everywhere.</p>",
           '<div class="columns">']
    for n, analyzed in enumerate(comparison.articles):
        article = analyzed.article
        url = safe_url(article.url)
        omitted = sum(1 for g in comparison.groups if g.status == "shared" and outlet_of[article.id] in g.omitted_by)
        meta = [esc(article.published or "no date"), esc(str(article.source))]
        if url:
            meta.append(f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>')
        elif article.url:
            meta.append(esc(article.url))
        out.append(f'<section class="article" id="article-{n}">')
        # An unnamed outlet is called as in the matrix ("#3 report.txt"); its path is in the meta line.
        out.append(f"<h3>{esc(article.outlet or short[outlet_of[article.id]])}</h3>")
        if article.title:
            out.append(f"<div><strong>{esc(article.title)}</strong></div>")
        out.append(f'<div class="meta">{" · ".join(meta)}'
                   + (f" · leaves out {omitted} shared facts" if omitted else "") + "</div>")
        if not analyzed.analyzed:
            out.append('<div class="meta">Not analysed (not English): shown as read.</div>')
        claims = sorted((c for g in comparison.groups for c in g.claims if c.article_id == article.id),
                        key=lambda c: c.span.start)
        anchors = sorted(
            (v.span.start, f"{t.id}-{n}")
            for t in comparison.quotes for v in t.versions if v.article_id == article.id
        )
        out.append(f'<div class="text">{_marked_text(article.text, claims, anchors, n, group_of, colour)}</div>')
        out.append("</section>")
    out.append("</div>")
    return out


def _marked_text(
    text: str,
    claims: list[Claim],
    anchors: list[tuple[int, str]],
    article_number: int,
    group_of: dict[str, ClaimGroup],
    colour: dict[str, str],
) -> str:
    """The article text, escaped, with claims wrapped and empty anchors at quote starts."""
    events: list[tuple[int, int, str]] = []  # (position, order, html)
    last_end = 0
    for claim in claims:
        if claim.span.start < last_end:
            continue  # overlapping claims cannot nest: keep the first
        last_end = claim.span.end
        group = group_of[claim.id]
        style = f' style="--c: {colour[group.id]}"' if group.id in colour else ""
        css = "claim" if group.status == "shared" else "claim exclusive"
        tag = f'<span class="tag">{esc(group.id)}</span>' if group.status == "shared" else ""
        title = f"{group.id}: " + (f"also in {', '.join(o for o in group.outlets)}" if group.status == "shared" else "reported by this article only")
        events.append((claim.span.start, 1,
                       f'<span class="{css}" id="a{article_number}-{claim.span.start}" data-group="{esc(group.id)}"'
                       f'{style} title="{esc(title)}">{tag}'))
        events.append((claim.span.end, 0, "</span>"))
    for position, name in anchors:
        events.append((position, 2, f'<span class="anchor" id="{esc(name)}-{position}"></span>'))
    events.sort(key=lambda e: (e[0], e[1]))
    pieces, cursor = [], 0
    for position, _, markup in events:
        pieces.append(esc(text[cursor:position]))
        pieces.append(markup)
        cursor = position
    pieces.append(esc(text[cursor:]))
    return "".join(pieces)


def _short(text: str, limit: int = 110) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _credit(claim: Claim) -> str:
    a = claim.attribution
    return "own voice" if a is None else f"{a.speaker or a.cue or 'unnamed'} ({a.speaker_kind.replace('_', ' ')})"


def _matrix(comparison, colour, outlet_of, short, article_index) -> list[str]:
    columns = [(n, a) for n, a in enumerate(comparison.articles) if a.analyzed]
    out = ['<h2 id="matrix">Claims × outlets</h2>',
           '<p class="summary">✔ links to where the article states the fact (hover for whom it credits); '
           "— marks an outlet that leaves it out.</p>",
           '<div class="wrap"><table class="matrix"><tr><th>fact</th>'
           + "".join(f'<th title="{esc(outlet_of[a.id])}">{esc(short[outlet_of[a.id]])}</th>' for _, a in columns)
           + "</tr>"]
    for g in comparison.groups:
        swatch = f'<span class="swatch" style="--c: {colour[g.id]}"></span>' if g.id in colour else ""
        first = representative(g)
        row = [f'<tr><td>{swatch}<a href="#{_claim_anchor(article_index, first)}">{esc(g.id)}</a> '
               f"{esc(_short(first.text))}</td>"]
        for _, a in columns:
            mine = [c for c in g.claims if c.article_id == a.id]
            if mine:
                links = " ".join(
                    f'<a href="#{_claim_anchor(article_index, c)}" title="{esc(_credit(c))}">✔</a>' for c in mine
                )
                row.append(f'<td class="yes">{links}</td>')
            else:
                row.append('<td class="no" title="left out">—</td>')
        row.append("</tr>")
        out.append("".join(row))
    out.append("</table></div>")
    return out


def representative(group: ClaimGroup) -> Claim:
    """The claim that names a group in the matrix: the shortest that still says something
    (six words or more), so a lede-length sentence does not crowd the table."""
    sayers = [c for c in group.claims if len(c.text.split()) >= 6] or list(group.claims)
    return min(sayers, key=lambda c: (len(c.text), c.id))


def _conflicts(comparison, outlet_of, article_index) -> list[str]:
    out = ['<h2 id="conflicts">Conflicts</h2>']
    if not comparison.conflicts:
        out.append("<p>No conflicting claims found.</p>")
    for bundle in bundle_conflicts(comparison.conflicts):
        shown, folded = bundle.conflicts[:SHOWN_PER_BUNDLE], bundle.conflicts[SHOWN_PER_BUNDLE:]
        if len(bundle.conflicts) > 1:
            where = f"fact {bundle.group_id}" if bundle.group_id else "these claims"
            out.append(f'<h3 class="bundle">{esc(bundle.type)} — {esc(where)}: {len(bundle.conflicts)} '
                       f"conflicting pairs among {bundle.articles} articles</h3>")
        out += [_conflict_item(c, outlet_of, article_index) for c in shown]
        if folded:
            out.append(f"<details><summary>{len(folded)} more {esc(bundle.type)} conflicts about this fact</summary>")
            out += [_conflict_item(c, outlet_of, article_index) for c in folded]
            out.append("</details>")
    return out


def _conflict_item(conflict, outlet_of, article_index) -> str:
    parts = ['<div class="item">', f'<span class="badge warn">{esc(conflict.type)}</span>{esc(conflict.explanation)}',
             "<ul>"]
    for c in (conflict.a, conflict.b):
        parts.append(f'<li><a href="#{_claim_anchor(article_index, c)}">{esc(outlet_of[c.article_id])}</a>: '
                     f"“{esc(c.text)}”</li>")
    parts.append("</ul></div>")
    return "".join(parts)


def _quotes(threads: Iterable[QuoteThread], article_index: dict[str, int]) -> list[str]:
    out = ['<h2 id="quotes">Quote threads</h2>']
    threads = list(threads)
    if not threads:
        out.append("<p>No quotation is carried by more than one article.</p>")
    for t in threads:
        flags = "".join(f'<span class="badge warn">{label}</span>' for label in thread_flags(t)) or (
            f'<span class="badge">{thread_sameness(t)}</span>'
        )
        out.append(f'<div class="item" id="{esc(t.id)}"><strong>{esc(t.id)}</strong> {flags}')
        out.append("<table><tr><th>outlet</th><th>speaker credited</th><th>exact wording</th></tr>")
        for v in t.versions:
            n = article_index[v.article_id]
            out.append(
                f'<tr><td><a href="#{esc(t.id)}-{n}-{v.span.start}">{esc(v.outlet)}</a></td>'
                f"<td>{esc(v.speaker or 'no speaker credited')} <span class=\"meta\">{esc(v.speaker_kind.replace('_', ' '))}</span></td>"
                f"<td>“{esc(v.wording)}”</td></tr>"
            )
        out.append("</table></div>")
    return out


def _sourcing(comparison: Comparison) -> list[str]:
    outlets = comparison.sourcing.get("outlets", {})
    out = ['<h2 id="sourcing">Sourcing side by side</h2>',
           '<p class="summary">Share of each outlet\'s claims by the kind of source it credits '
           "(unattributed = the outlet's own voice).</p>",
           '<div class="wrap"><table><tr><th>outlet</th>'
           + "".join(f"<th>{esc(k.replace('_', ' '))}</th>" for k in SPEAKER_KINDS)
           + "<th>claims</th><th>most quoted</th></tr>"]
    for outlet, entry in outlets.items():
        profile = entry["claims"]
        cells = "".join(
            f'<td><span class="bar" style="width: {round(profile["shares"][k] * 60)}px"></span> '
            f'{profile["counts"][k]} ({profile["shares"][k]:.0%})</td>'
            for k in SPEAKER_KINDS
        )
        top = ", ".join(f"{esc(s['name'])} ({s['statements']})" for s in entry["speakers"][:4]) or "—"
        out.append(f"<tr><td>{esc(outlet)}</td>{cells}<td>{profile['total']}</td><td>{top}</td></tr>")
    out.append("</table></div>")
    return out
