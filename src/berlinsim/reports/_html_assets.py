"""The stylesheet and the script of the HTML report, inlined into every page (no external asset).

Plain CSS and plain JavaScript (ES2017, no library, no build step). The script finds every
``.explorer`` element, reads its precomputed sweep grid from the ``<script type="application/json">``
inside it, and moves the displayed equilibria (each with its payoffs), the strategies, outcome bars
and expected attributes of the equilibrium chosen in the menu, and the highlighted equilibrium region
with the sliders. Region colours are pale tints of the
Okabe-Ito palette (colour-blind safe) and every region also carries a letter, so no information
is carried by colour alone.

Examples
--------
>>> "explorer" in SCRIPT and "prefers-reduced-motion" in STYLE
True
"""

from __future__ import annotations

__all__ = ["FILLS", "SCRIPT", "STYLE"]

#: Region fills: pale tints of the Okabe-Ito colours, in order of first appearance.
FILLS = ("#FBE3B3", "#CFE8F7", "#C8EBDD", "#F9F4C2", "#E4E4E4", "#F3D9E6", "#F6D2BD", "#C7DCEE")

STYLE = """
:root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #b3b3b3; --accent: #0072B2; --mark: #D55E00;
        --paper: #ffffff; --panel: #f6f6f6; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--ink);
       background: var(--paper); margin: 0; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.7rem; margin: 1rem 0 .3rem; }
h2 { font-size: 1.35rem; margin-top: 2.5rem; border-top: 3px solid var(--ink); padding-top: .6rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin: .4rem 0; }
a { color: var(--accent); }
a:focus, input:focus, select:focus, summary:focus { outline: 3px solid var(--mark); outline-offset: 2px; }
.muted { color: var(--muted); }
.skip { position: absolute; left: -999rem; }
.skip:focus { position: static; }
nav ol { columns: 2; column-gap: 3rem; }
nav li { break-inside: avoid; margin-left: 0.5rem; }
blockquote { margin: .6rem 0; padding: .4rem 1rem; border-left: 4px solid var(--accent); background: var(--panel); }
blockquote .num { font-weight: bold; }
.notice { border: 2px solid var(--mark); padding: .5rem 1rem; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { text-align: left; padding: .15rem .6rem .15rem 0; vertical-align: top; }
thead th { border-bottom: 1px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: var(--panel); padding: .8rem; overflow-x: auto; font-size: .85rem; line-height: 1.35; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; }
.explorer { border: 1px solid var(--line); padding: .5rem 1rem 1rem; margin: 1rem 0; background: #fcfcfc; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; }
.control { flex: 1 1 20rem; }
.control label { display: block; font-weight: bold; }
.control input[type=range] { width: 100%; min-height: 2rem; accent-color: var(--accent); }
.control output { font-variant-numeric: tabular-nums; font-weight: bold; }
.live { margin: .8rem 0; padding: .6rem .8rem; background: var(--panel); border-left: 4px solid var(--mark); }
.live ol { margin: .2rem 0; padding-left: 1.8rem; }
.choose { margin: .6rem 0; }
.choose select { max-width: 100%; font: inherit; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem 2.5rem; }
.panels th { font-weight: normal; }
.region { max-width: 48rem; }
.strip { position: relative; display: flex; height: 2.2rem; border: 1px solid #555; margin-top: .3rem; }
.strip .seg { height: 100%; display: flex; align-items: center; justify-content: center; font-weight: bold;
              font-size: .8rem; overflow: hidden; border-right: 1px solid #888; }
.strip .seg:last-child { border-right: 0; }
.seg.several, .legend .several { background-image: repeating-linear-gradient(45deg, transparent 0 5px,
              rgba(0,0,0,.28) 5px 6px); }
.strip .seg.current { outline: 3px solid var(--ink); outline-offset: -3px; }
.strip .marker { position: absolute; top: -.45rem; bottom: -.45rem; width: 0; border-left: 3px solid var(--mark);
                 pointer-events: none; }
.strip-axis { display: flex; justify-content: space-between; font-size: .8rem; color: var(--muted); }
.map svg { max-width: 100%; height: auto; }
.map-axis { font-size: .8rem; color: var(--muted); }
.legend { list-style: none; padding: 0; margin: .5rem 0; font-size: .9rem; }
.legend li { display: flex; gap: .5rem; align-items: baseline; padding: .1rem .2rem; }
.legend .swatch { flex: 0 0 1.6rem; text-align: center; font-weight: bold; border: 1px solid #555; }
.legend li.current { outline: 2px solid var(--ink); font-weight: bold; }
.bars td.bar { width: 10rem; }
.bars .track { display: block; width: 10rem; height: .9rem; background: #e9e9e9; border: 1px solid #999; }
.bars .fill { display: block; height: 100%; width: 0; background: var(--accent); }
.bars tr.zero { display: none; }
details summary { cursor: pointer; font-weight: bold; }
@media (prefers-reduced-motion: no-preference) { .bars .fill { transition: width .15s; } }
@media print { .explorer input { display: none; } }
"""

SCRIPT = r"""
(function () {
  'use strict';
  var FILLS = %FILLS%;
  var SVGNS = 'http://www.w3.org/2000/svg';

  function fmt(x) {
    if (x === null || x === undefined) { return '\u2013'; }
    var r = Math.round(x * 10000) / 10000;
    if (Object.is(r, -0)) { r = 0; }
    return String(r);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function letter(k) { return String.fromCharCode(65 + (k % 26)) + (k >= 26 ? String(Math.floor(k / 26)) : ''); }

  function Explorer(root) {
    var data = JSON.parse(root.querySelector('script.explorer-data').textContent);
    var inputs = Array.prototype.slice.call(root.querySelectorAll('input[type=range]'));
    var shape = data.axes.map(function (a) { return a.values.length; });
    var live = root.querySelector('.live');
    var which = root.querySelector('select.which');  // the equilibrium the tables show
    var shown = Array.prototype.slice.call(root.querySelectorAll('.shown'));
    var names = data.regionNames;
    var several = names.map(function () { return false; });
    data.regionIndex.forEach(function (r, g) {
      if (data.count[g] > 1) { several[data.regionGroup[r]] = true; }
    });

    function flat(idx) { return idx.length === 1 ? idx[0] : idx[0] * shape[1] + idx[1]; }
    function groupAt(g) { return data.regionGroup[data.regionIndex[g]]; }

    // legend of named regions
    var legend = root.querySelector('.legend');
    var legendItems = names.map(function (name, k) {
      var li = el('li');
      var sw = el('span', 'swatch' + (several[k] ? ' several' : ''), letter(k));
      sw.style.backgroundColor = FILLS[k % FILLS.length];
      sw.setAttribute('aria-hidden', 'true');
      li.appendChild(sw);
      li.appendChild(el('span', '', letter(k) + ': ' + name));
      legend.appendChild(li);
      return li;
    });

    // the region view: a strip (one axis) or a map (two axes)
    var view = root.querySelector('.regionview');
    var segments = [], marker = null, cursor = null;
    if (shape.length === 1) {
      var strip = el('div', 'strip');
      strip.setAttribute('aria-hidden', 'true');
      var n = shape[0], start = 0;
      for (var i = 1; i <= n; i++) {
        if (i === n || groupAt(i) !== groupAt(start)) {
          var k = groupAt(start), seg = el('div', 'seg' + (data.count[start] > 1 ? ' several' : ''));
          seg.style.width = (100 * (i - start) / n) + '%';
          seg.style.backgroundColor = FILLS[k % FILLS.length];
          if ((i - start) / n > 0.04) { seg.textContent = letter(k); }
          seg.title = letter(k) + ': ' + names[k];
          segments.push({ from: start, to: i - 1, node: seg });
          strip.appendChild(seg);
          start = i;
        }
      }
      segments[segments.length - 1].node.style.flex = '1 1 auto';  // no rounding gap at the end
      marker = el('div', 'marker');
      strip.appendChild(marker);
      view.appendChild(strip);
      var ax = el('div', 'strip-axis');
      ax.appendChild(el('span', '', fmt(data.axes[0].values[0])));
      ax.appendChild(el('span', '', data.axes[0].name));
      ax.appendChild(el('span', '', fmt(data.axes[0].values[n - 1])));
      ax.setAttribute('aria-hidden', 'true');
      view.appendChild(ax);
    } else {
      var nx = shape[0], ny = shape[1], cell = Math.max(4, Math.floor(360 / Math.max(nx, ny)));
      var svg = document.createElementNS(SVGNS, 'svg');
      svg.setAttribute('viewBox', '-4 -4 ' + (nx * cell + 8) + ' ' + (ny * cell + 8));
      svg.setAttribute('width', String(nx * cell + 8));
      svg.setAttribute('height', String(ny * cell + 8));
      svg.setAttribute('shape-rendering', 'crispEdges');
      svg.setAttribute('aria-hidden', 'true');
      var defs = document.createElementNS(SVGNS, 'defs');
      var pat = document.createElementNS(SVGNS, 'pattern');
      var hatchId = root.id + '-hatch';
      pat.setAttribute('id', hatchId);
      pat.setAttribute('width', '6'); pat.setAttribute('height', '6');
      pat.setAttribute('patternUnits', 'userSpaceOnUse');
      pat.setAttribute('patternTransform', 'rotate(45)');
      var stroke = document.createElementNS(SVGNS, 'rect');
      stroke.setAttribute('width', '1'); stroke.setAttribute('height', '6'); stroke.setAttribute('fill', 'rgba(0,0,0,.3)');
      pat.appendChild(stroke); defs.appendChild(pat); svg.appendChild(defs);
      for (var j = 0; j < ny; j++) {
        var y = (ny - 1 - j) * cell, s = 0;
        for (var x = 1; x <= nx; x++) {
          if (x === nx || groupAt(x * ny + j) !== groupAt(s * ny + j) ||
              (data.count[x * ny + j] > 1) !== (data.count[s * ny + j] > 1)) {
            var r = document.createElementNS(SVGNS, 'rect');
            r.setAttribute('x', String(s * cell)); r.setAttribute('y', String(y));
            r.setAttribute('width', String((x - s) * cell)); r.setAttribute('height', String(cell));
            r.setAttribute('fill', FILLS[groupAt(s * ny + j) % FILLS.length]);
            svg.appendChild(r);
            if (data.count[s * ny + j] > 1) {
              var h = r.cloneNode(); h.setAttribute('fill', 'url(#' + hatchId + ')'); svg.appendChild(h);
            }
            s = x;
          }
        }
      }
      cursor = document.createElementNS(SVGNS, 'rect');
      cursor.setAttribute('width', String(cell + 4)); cursor.setAttribute('height', String(cell + 4));
      cursor.setAttribute('fill', 'none'); cursor.setAttribute('stroke', '#D55E00'); cursor.setAttribute('stroke-width', '3');
      svg.appendChild(cursor);
      var wrap = el('div', 'map');
      wrap.appendChild(svg);
      view.appendChild(wrap);
      view.appendChild(el('div', 'map-axis', 'across: ' + data.axes[0].name + ' from ' + fmt(data.axes[0].values[0]) +
        ' to ' + fmt(data.axes[0].values[nx - 1]) + '; up: ' + data.axes[1].name + ' from ' +
        fmt(data.axes[1].values[0]) + ' to ' + fmt(data.axes[1].values[ny - 1])));
      cursor.dataset.cell = String(cell);
    }

    // strategies, outcomes, attributes
    var stratBody = root.querySelector('.strategies tbody');
    var groups = [], seen = {};
    data.columns.forEach(function (c, k) {
      var key = c[0] + '\u0000' + c[1];
      if (!(key in seen)) { seen[key] = groups.length; groups.push({ player: c[0], infoset: c[1], cols: [] }); }
      groups[seen[key]].cols.push(k);
    });
    var stratCells = groups.map(function (grp) {
      var tr = el('tr');
      tr.appendChild(el('th', '', grp.player + (grp.infoset ? ' at ' + grp.infoset : '')));
      var td = el('td');
      tr.appendChild(td);
      stratBody.appendChild(tr);
      return td;
    });
    var barBody = root.querySelector('.bars tbody');
    var bars = data.outcomes.map(function (label) {
      var tr = el('tr');
      tr.appendChild(el('th', '', label));
      var td = el('td', 'bar'), track = el('span', 'track'), fill = el('span', 'fill');
      track.appendChild(fill); td.appendChild(track); td.setAttribute('aria-hidden', 'true');
      tr.appendChild(td);
      var value = el('td', 'num');
      tr.appendChild(value);
      barBody.appendChild(tr);
      return { row: tr, fill: fill, value: value };
    });
    var attrBody = root.querySelector('.attrs tbody');
    var attrCells = data.attributes.map(function (name) {
      var tr = el('tr');
      tr.appendChild(el('th', '', name));
      var td = el('td', 'num');
      tr.appendChild(td);
      attrBody.appendChild(tr);
      return td;
    });

    function update() {
      var idx = inputs.map(function (inp) { return parseInt(inp.value, 10); });
      var where = [];
      inputs.forEach(function (inp, k) {
        var v = fmt(data.axes[k].values[idx[k]]);
        root.querySelector('#' + inp.id + '-value').textContent = v;
        inp.setAttribute('aria-valuetext', data.axes[k].name + ' = ' + v);
        where.push(data.axes[k].name + ' = ' + v);
      });
      var g = flat(idx), region = data.regionIndex[g], group = data.regionGroup[region];
      var eqs = data.equilibria[g];  // label indices, in the order 'berlinsim run' lists them
      live.textContent = '';
      var head = el('p');
      head.appendChild(el('strong', '', 'At ' + where.join(', ') + ': '));
      head.appendChild(document.createTextNode(eqs.length === 1 ? 'one equilibrium' :
        eqs.length + ' equilibria' + (eqs.length ? '' : ' found')));
      live.appendChild(head);
      var ol = el('ol', 'equilibria');
      eqs.forEach(function (label, e) {  // each equilibrium with its own payoffs
        var pay = data.payoffs[g][e].map(function (v, k) { return data.players[k] + ' ' + fmt(v); }).join(', ');
        ol.appendChild(el('li', '', data.labels[label] + ' (payoffs: ' + pay + ')'));
      });
      live.appendChild(ol);
      live.appendChild(el('p', '', 'Region ' + letter(group) + ': ' + names[group] + '.' +
        (data.degenerate[g] ? ' The game is degenerate here (ties).' : '')));
      var chosen = Math.max(0, Math.min(parseInt(which.value, 10) || 0, eqs.length - 1));
      which.textContent = '';
      eqs.forEach(function (label, e) {
        var option = el('option', '', (e + 1) + ': ' + data.labels[label]);
        option.value = String(e);
        which.appendChild(option);
      });
      which.value = String(chosen);
      which.disabled = eqs.length < 2;
      var said = eqs.length ? 'equilibrium ' + (chosen + 1) + ' (' + data.labels[eqs[chosen]] + ')' : 'no equilibrium';
      shown.forEach(function (span) { span.textContent = said; });
      legendItems.forEach(function (li, k) {
        li.classList.toggle('current', k === group);
        if (k === group) { li.setAttribute('aria-current', 'true'); } else { li.removeAttribute('aria-current'); }
      });
      if (marker) {
        marker.style.left = (100 * (idx[0] + 0.5) / shape[0]) + '%';
        segments.forEach(function (s) { s.node.classList.toggle('current', s.from <= idx[0] && idx[0] <= s.to); });
      }
      if (cursor) {
        var c = parseInt(cursor.dataset.cell, 10);
        cursor.setAttribute('x', String(idx[0] * c - 2));
        cursor.setAttribute('y', String((shape[1] - 1 - idx[1]) * c - 2));
      }
      var strat = eqs.length ? data.strategies[g][chosen] : null;
      groups.forEach(function (grp, k) {
        var used = strat ? grp.cols.filter(function (col) { return strat[col] > 1e-9; }) : [];
        stratCells[k].textContent = !strat ? fmt(null) : used.length === 1 ? data.columns[used[0]][2] :
          used.map(function (col) { return data.columns[col][2] + ' ' + fmt(strat[col]); }).join(', ');
      });
      var probs = eqs.length ? data.outcomeProbs[g][chosen] : [];
      bars.forEach(function (b, k) {
        var p = probs[k];
        b.fill.style.width = Math.max(0, Math.min(100, 100 * p)) + '%';
        b.value.textContent = fmt(p);
        b.row.classList.toggle('zero', !(p > 1e-9));
      });
      var attrs = eqs.length ? data.attrs[g][chosen] : [];
      attrCells.forEach(function (td, k) { td.textContent = fmt(attrs[k]); });
    }
    inputs.forEach(function (inp) {
      inp.addEventListener('input', update);
      inp.addEventListener('change', update);
    });
    which.addEventListener('change', update);
    update();
  }

  function start() {
    var roots = document.querySelectorAll('.explorer');
    for (var k = 0; k < roots.length; k++) { Explorer(roots[k]); }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
"""
SCRIPT = SCRIPT.replace("%FILLS%", "[" + ", ".join(f"'{c}'" for c in FILLS) + "]")
