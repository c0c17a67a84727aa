// The kg view: network and map of cities (vis-network), search, city panel, timeline.
// Every text of the data goes in through textContent or createTextNode, never as markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const N = data.nodes, R = data.rels, P = data.pairs;
  const FONT = getComputedStyle(document.documentElement).getPropertyValue("--kg-font").trim() ||
    "sans-serif";
  let lang = data.labels, layout = data.layout;
  const typeOn = {}, statusOn = {}, countryOn = {};
  data.types.forEach((t) => { typeOn[t.code] = true; });
  data.statuses.forEach((s) => { statusOn[s.code] = true; });
  data.countries.forEach((c) => { countryOn[c.code] = true; });
  const typeInfo = {}, statusInfo = {}, countryInfo = {};
  data.types.forEach((t) => { typeInfo[t.code] = t; });
  data.statuses.forEach((s) => { statusInfo[s.code] = s; });
  data.countries.forEach((c) => { countryInfo[c.code] = c; });
  const typeOrder = {};
  data.types.forEach((t, i) => { typeOrder[t.code] = i; });
  const STATUS_RANK = { active: 3, planned: 2, suspended: 1, ended: 0 };
  let yearLo = null, yearHi = null, undated = true;

  // --- indexes -----------------------------------------------------------------------
  const relsOf = N.map(() => []);
  R.forEach((r) => { relsOf[r.a].push(r.id); if (r.b !== r.a) { relsOf[r.b].push(r.id); } });
  const years = R.filter((r) => r.year !== null).map((r) => r.year);
  const minYear = years.length ? Math.min.apply(null, years) : null;
  const maxYear = years.length ? Math.max.apply(null, years) : null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function name(id) { const n = N[id]; return n ? (lang === "ko" ? n.ko : n.en) : "?"; }
  function fullName(n) { return n.ko === n.en ? n.ko : n.ko + " · " + n.en; }
  function typeLabel(code) { const t = typeInfo[code]; return t ? t.en + " " + t.ko : code; }
  function statusLabel(code) { const s = statusInfo[code]; return s ? s.en + " " + s.ko : code; }
  function other(r, id) { return r.a === id ? r.b : r.a; }

  // --- filters -------------------------------------------------------------------------
  function passYear(r) {
    if (r.year === null) { return undated; }
    return (yearLo === null || r.year >= yearLo) && (yearHi === null || r.year <= yearHi);
  }
  function passOthers(r) {
    return typeOn[r.type] !== false && statusOn[r.status] !== false &&
      countryOn[N[r.a].cc] !== false && countryOn[N[r.b].cc] !== false;
  }
  function filtering() {
    return yearLo !== null || yearHi !== null || !undated ||
      Object.values(typeOn).some((v) => !v) || Object.values(statusOn).some((v) => !v) ||
      Object.values(countryOn).some((v) => !v);
  }
  const relShown = new Uint8Array(R.length);
  const nodeShown = new Uint8Array(N.length).fill(2);  // 2: not yet decided
  const pairKey = new Float64Array(P.length).fill(-1);
  const expanded = new Set();

  function colourOf(r) {
    if (r.status !== "active" && r.status !== "planned") { return data.inactiveColour; }
    return typeInfo[r.type] ? typeInfo[r.type].colour : "#777777";
  }
  function dashesOf(r) {
    return r.status === "planned" ? [8, 6] : (r.status === "ended" ? [2, 5] :
      (r.status === "suspended" ? [6, 3, 2, 3] : false));
  }
  function colour(c) { return { color: c, highlight: c, hover: c, opacity: 0.85 }; }
  // Pair edges are drawn here, not by vis-network: one stroke per colour, dash and width
  // for all of them (vis-network draws each edge on its own, seconds at 20,000 relations).
  const pairShown = new Uint32Array(P.length);  // relations of the pair that pass
  const pairStyle = P.map(() => null);           // [colour, dashes, width] of the drawn edge
  let batches = [];
  function styleOf(r, n) {
    return [colourOf(r), dashesOf(r), Math.round(1.2 + Math.min(9, 2.2 * Math.log2(Math.max(n, 1))))];
  }
  // a relation's strength as one number: active or planned first, then type, then status
  const RANK = new Float64Array(R.length);
  R.forEach((r, i) => {
    RANK[i] = (r.status === "active" || r.status === "planned" ? 1000 : 0) +
      (99 - (typeOrder[r.type] === undefined ? 99 : typeOrder[r.type])) * 10 + (STATUS_RANK[r.status] || 0);
  });
  function rebatch() {
    const groups = new Map();
    for (let p = 0; p < P.length; p++) {
      const st = pairStyle[p];
      if (!pairShown[p] || expanded.has(p) || !st) { continue; }
      const k = st[0] + "|" + String(st[1]) + "|" + st[2];
      if (!groups.has(k)) { groups.set(k, { style: st, ids: [] }); }
      groups.get(k).ids.push(p);
    }
    // the widest (busiest) ties last, on top
    batches = Array.from(groups.values()).sort((a, b) => a.style[2] - b.style[2]);
  }
  function relItem(r, k, n) {
    const bend = (k - (n - 1) / 2) * 0.22;
    return {
      id: "r" + r.id, from: r.a, to: r.b, hidden: !relShown[r.id], width: 1.6 + Math.min(r.sources - 1, 5),
      color: colour(colourOf(r)), dashes: dashesOf(r),
      smooth: n > 1 && bend !== 0 ? { enabled: true, type: bend > 0 ? "curvedCW" : "curvedCCW",
        roundness: Math.abs(bend) } : false,
    };
  }

  // --- the network -------------------------------------------------------------------
  // Cities and pair edges are drawn by this script on vis-network's canvas, in one path per
  // style: vis-network draws and updates each item on its own, which costs seconds at
  // 20,000 relations (bench/bench_viz.py). vis-network keeps the view (pan, zoom), the
  // events, and draws the few relations of an expanded pair with their two cities.
  const X = new Float64Array(N.length), Y = new Float64Array(N.length);
  const RAD = new Float64Array(N.length);
  const FILL = N.map((n) => (countryInfo[n.cc] ? countryInfo[n.cc].colour : "#eeeeee"));
  const MINPX = new Float64Array(N.length);  // a city's radius on screen, at least
  N.forEach((n) => {
    // its radius in canvas units comes with the data (kg.viz.drawn_radii: 8 to 48, the
    // layout keeps cities that far apart)
    RAD[n.id] = n.r;
    MINPX[n.id] = 2.5 + 9 * (n.r - 8) / 40;
  });
  // drawn radius in canvas units at scale s: never smaller on screen than MINPX
  function rad(i, s) { return Math.max(RAD[i], MINPX[i] / s); }
  function place() {
    N.forEach((n) => { X[n.id] = layout === "map" ? n.mx : n.x; Y[n.id] = layout === "map" ? n.my : n.y; });
  }
  place();
  function nodeItem(id) {
    const c = FILL[id];
    return {
      id: id, x: X[id], y: Y[id], size: RAD[id],
      color: { background: c, border: "#555555", highlight: { background: c, border: "#000000" },
        hover: { background: c, border: "#000000" } },
    };
  }
  const nodes = new vis.DataSet([]);  // only the two cities of each expanded pair
  const edges = new vis.DataSet([]);  // and its relations
  const container = document.getElementById("kg-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    nodes: { shape: "dot", borderWidth: 1, font: { face: FONT }, label: undefined },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 1 },
    interaction: { hover: true, tooltipDelay: 80, dragNodes: false, multiselect: false,
      selectable: false },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: { enabled: false },
  });
  function viewBox() {
    const a = network.DOMtoCanvas({ x: 0, y: 0 });
    const b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    return [a.x, a.y, b.x, b.y];
  }
  function fit(ids) {
    ids = ids.filter((i) => nodeShown[i] === 1 || ids.length === 1);
    if (!ids.length) { return; }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach((i) => {
      x0 = Math.min(x0, X[i] - RAD[i]); x1 = Math.max(x1, X[i] + RAD[i]);
      y0 = Math.min(y0, Y[i] - RAD[i]); y1 = Math.max(y1, Y[i] + RAD[i] + 20);
    });
    const w = Math.max(container.clientWidth, 50), h = Math.max(container.clientHeight, 50);
    const scale = Math.min(1.5, 0.92 * Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1)));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale,
      animation: false });
  }
  function fitAll() {
    const ids = [];
    for (let i = 0; i < N.length; i++) { if (nodeShown[i] === 1) { ids.push(i); } }
    fit(ids.length ? ids : N.map((n) => n.id));
  }
  function nodeAt(pt, px) {
    const s = network.getScale();
    let best = null, bestD = Infinity;
    for (let i = 0; i < N.length; i++) {
      if (nodeShown[i] !== 1) { continue; }
      const d = Math.hypot(pt.x - X[i], pt.y - Y[i]);
      if (d < rad(i, s) + px / s && d < bestD) { bestD = d; best = i; }
    }
    return best;
  }
  function drawNodes(ctx) {
    const s = network.getScale();
    const [vx0, vy0, vx1, vy1] = viewBox();
    const groups = new Map();
    for (let i = 0; i < N.length; i++) {
      if (nodeShown[i] !== 1) { continue; }
      const r = rad(i, s);
      if (X[i] + r < vx0 || X[i] - r > vx1 || Y[i] + r < vy0 || Y[i] - r > vy1) {
        continue;
      }
      if (!groups.has(FILL[i])) { groups.set(FILL[i], []); }
      groups.get(FILL[i]).push(i);
    }
    ctx.save();
    ctx.lineWidth = 1 / s;
    ctx.strokeStyle = "#555555";
    groups.forEach((ids, fill) => {
      ctx.fillStyle = fill;
      ctx.beginPath();
      for (const i of ids) {
        const r = rad(i, s);
        ctx.moveTo(X[i] + r, Y[i]);
        ctx.arc(X[i], Y[i], r, 0, 2 * Math.PI);
      }
      ctx.fill();
      ctx.stroke();
    });
    ctx.restore();
  }
  const kg = window.kgView = { network: network, nodes: nodes, edges: edges, data: data,
    stable: false, stableMs: null, labelled: [],
    position: (id) => ({ x: X[id], y: Y[id] }), nodeShown: (id) => nodeShown[id] === 1,
    selected: () => selected, fit: fit, nodeAt: nodeAt };

  // --- labels: the busiest cities first, none overlapping another, at a readable size --
  const byWeight = N.map((n) => n.id).sort((a, b) => N[b].relations - N[a].relations);
  const measure = document.createElement("canvas").getContext("2d");
  const LABEL_PX = 13;
  measure.font = "600 " + LABEL_PX + "px " + FONT;
  const widthCache = { ko: {}, en: {} };
  function labelWidth(id) {
    const cache = widthCache[lang];
    if (cache[id] === undefined) { cache[id] = measure.measureText(name(id)).width; }
    return cache[id];
  }
  let selected = null, partnersOfSelected = new Set();
  function drawLabels(ctx) {
    const scale = network.getScale();
    const w = container.clientWidth, h = container.clientHeight;
    const tl = network.DOMtoCanvas({ x: 0, y: 0 });
    const cell = 48, grid = new Map(), drawn = [];
    function free(x0, y0, x1, y1) {
      for (let gx = Math.floor(x0 / cell); gx <= Math.floor(x1 / cell); gx++) {
        for (let gy = Math.floor(y0 / cell); gy <= Math.floor(y1 / cell); gy++) {
          const boxes = grid.get(gx * 100003 + gy);
          if (boxes) {
            for (const b of boxes) {
              if (x0 < b[2] && x1 > b[0] && y0 < b[3] && y1 > b[1]) { return false; }
            }
          }
        }
      }
      return true;
    }
    function take(box) {
      for (let gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
        for (let gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
          const k = gx * 100003 + gy;
          if (!grid.has(k)) { grid.set(k, []); }
          grid.get(k).push(box);
        }
      }
    }
    ctx.save();
    ctx.font = "600 " + (LABEL_PX / scale) + "px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    const first = selected === null ? [] : [selected].concat(Array.from(partnersOfSelected));
    const order = first.concat(byWeight);
    const seen = new Set();
    let tried = 0;
    for (const id of order) {
      if (seen.has(id)) { continue; }
      seen.add(id);
      if (nodeShown[id] !== 1 || drawn.length >= 400 || tried > 6000) { continue; }
      tried++;
      const sx = (X[id] - tl.x) * scale, sy = (Y[id] - tl.y) * scale;
      if (sx < -50 || sy < -50 || sx > w + 50 || sy > h + 50) { continue; }
      const r = rad(id, scale) * scale;
      const lw = labelWidth(id), lh = LABEL_PX + 3;
      // below the city, else above, right or left of it
      const q = r * 0.72;
      const spots = [[sx, sy + r + 1], [sx, sy - r - lh - 1], [sx + r + lw / 2 + 3, sy - lh / 2],
        [sx - r - lw / 2 - 3, sy - lh / 2], [sx + q + lw / 2 + 2, sy + q], [sx - q - lw / 2 - 2, sy + q],
        [sx + q + lw / 2 + 2, sy - q - lh], [sx - q - lw / 2 - 2, sy - q - lh]];
      let at = null;
      for (const [x, y] of spots) {
        const box = [x - lw / 2 - 2, y, x + lw / 2 + 2, y + lh];
        if (free(box[0], box[1], box[2], box[3])) { take(box); at = [x, y]; break; }
      }
      if (at === null) { continue; }
      drawn.push(id);
      const cx = tl.x + at[0] / scale, cy = tl.y + (at[1] + 1) / scale;
      ctx.fillStyle = id === selected ? "#000" : "#222";
      ctx.strokeText(name(id), cx, cy);
      ctx.fillText(name(id), cx, cy);
    }
    ctx.restore();
    kg.labelled = drawn;
  }

  // --- the basemap -------------------------------------------------------------------
  const MAP = { sea: "#dce8f1", land: "#f3efe4", border: "#a39a88" };
  kg.mapColours = MAP;
  // The vendored world-atlas TopoJSON (Natural Earth), decoded and projected here the
  // first time the map is drawn, with the projection kg.viz placed the cities by.
  function project(lat, lon) {
    const pr = data.projection, rad = Math.PI / 180;
    const phi = lat * rad, phi0 = pr.lat * rad, dl = (lon - pr.lon) * rad;
    const cosc = Math.sin(phi0) * Math.sin(phi) + Math.cos(phi0) * Math.cos(phi) * Math.cos(dl);
    const c = Math.acos(Math.max(-1, Math.min(1, cosc)));
    const theta = Math.atan2(Math.cos(phi) * Math.sin(dl),
      Math.cos(phi0) * Math.sin(phi) - Math.sin(phi0) * Math.cos(phi) * Math.cos(dl));
    const r = pr.k * Math.log1p(c * 6371 / pr.km);
    return [r * Math.sin(theta), -r * Math.cos(theta)];
  }
  let rings = null, basemap = null;
  function countryRings() {
    if (rings !== null) { return rings; }
    rings = [];
    const el = document.getElementById("kg-atlas");
    if (!el || !N.length) { return rings; }
    const topo = JSON.parse(el.textContent);
    const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
    // each arc decoded (delta-encoded, quantised) and projected once
    const arcs = topo.arcs.map((arc) => {
      let x = 0, y = 0;
      const out = new Float64Array(arc.length * 2);
      arc.forEach((d, i) => {
        x += d[0]; y += d[1];
        const p = project(y * sy + ty, x * sx + tx);
        out[2 * i] = p[0]; out[2 * i + 1] = p[1];
      });
      return out;
    });
    topo.objects.countries.geometries.forEach((g) => {
      if (g.id === "010" || !g.arcs) { return; }  // Antarctica: all rim, all distorted
      const polygons = g.type === "MultiPolygon" ? g.arcs : [g.arcs];
      polygons.forEach((polygon) => polygon.forEach((ring) => {
        const pts = [];
        ring.forEach((i, k) => {
          const arc = arcs[i >= 0 ? i : ~i], n = arc.length / 2;
          for (let j = k ? 1 : 0; j < n; j++) {
            const q = i >= 0 ? j : n - 1 - j;
            pts.push(arc[2 * q], arc[2 * q + 1]);
          }
        });
        if (pts.length >= 6) { rings.push({ name: g.properties ? g.properties.name : "", pts: pts }); }
      }));
    });
    return rings;
  }
  function basemapPath() {
    if (basemap === null) {
      basemap = new Path2D();
      countryRings().forEach((ring) => {
        const pts = ring.pts;
        basemap.moveTo(pts[0], pts[1]);
        for (let i = 2; i < pts.length; i += 2) { basemap.lineTo(pts[i], pts[i + 1]); }
        basemap.closePath();
      });
    }
    return basemap;
  }
  kg.countryAt = (x, y) => countryRings().filter((ring) => {
    // even-odd rule: does the ring hold the point?
    const p = ring.pts;
    let inside = false;
    for (let i = 0, j = p.length - 2; i < p.length; j = i, i += 2) {
      if ((p[i + 1] > y) !== (p[j + 1] > y) &&
          x < p[i] + (y - p[i + 1]) * (p[j] - p[i]) / (p[j + 1] - p[i + 1])) { inside = !inside; }
    }
    return inside;
  }).map((ring) => ring.name);
  kg.project = project;
  network.on("beforeDrawing", (ctx) => {
    if (layout !== "map" || !N.length) { return; }
    ctx.save();
    ctx.fillStyle = MAP.sea;
    ctx.fillRect(-1e6, -1e6, 2e6, 2e6);
    ctx.fillStyle = MAP.land;
    ctx.strokeStyle = MAP.border;
    ctx.lineWidth = 0.9 / network.getScale();
    const path = basemapPath();
    ctx.fill(path);
    ctx.stroke(path);
    if (N.some((n) => !n.geo)) {
      const s = network.getScale();
      ctx.font = (14 / s) + "px " + FONT;
      ctx.fillStyle = "#555";
      ctx.fillText("cities without coordinates:", data.unplacedAt[0], data.unplacedAt[1]);
    }
    ctx.restore();
  });
  // With a city selected, the other cities' ties fade so that its own stand out, in their
  // own colours, on a dense map or network.
  const FADED = 0.15;
  function strokeBatch(ctx, b, s, keep) {
    const [vx0, vy0, vx1, vy1] = viewBox();
    ctx.strokeStyle = b.style[0];
    // widths and dashes in screen pixels, whatever the zoom
    ctx.lineWidth = b.style[2] / s;
    ctx.setLineDash(b.style[1] ? b.style[1].map((v) => v / s) : []);
    ctx.beginPath();
    for (const p of b.ids) {
      if (!keep(p)) { continue; }
      const a = P[p].a, c = P[p].b;
      if ((X[a] < vx0 && X[c] < vx0) || (X[a] > vx1 && X[c] > vx1) ||
          (Y[a] < vy0 && Y[c] < vy0) || (Y[a] > vy1 && Y[c] > vy1)) { continue; }
      ctx.moveTo(X[a], Y[a]);
      ctx.lineTo(X[c], Y[c]);
    }
    ctx.stroke();
  }
  function selectedPairs() {
    const mine = new Set();
    if (selected !== null) { relsOf[selected].forEach((i) => mine.add(R[i].pair)); }
    return mine;
  }
  kg.pairFaded = (p) => selected !== null && !selectedPairs().has(p);
  function drawPairs(ctx) {
    const s = network.getScale();
    const mine = selectedPairs();
    ctx.save();
    ctx.globalAlpha = selected === null ? 1 : FADED;
    for (const b of batches) { strokeBatch(ctx, b, s, (p) => !mine.has(p)); }
    if (selected !== null) {
      // the selected city's ties on top, whole
      ctx.globalAlpha = 1;
      for (const b of batches) { strokeBatch(ctx, b, s, (p) => mine.has(p)); }
    }
    ctx.restore();
  }
  network.on("beforeDrawing", (ctx) => { drawPairs(ctx); drawNodes(ctx); });
  function pairAt(pt, px) {
    // the pair edge nearest to a point of the canvas, within px screen pixels
    const s = network.getScale(), limit = px / s;
    let best = null, bestD = limit;
    for (const b of batches) {
      for (const p of b.ids) {
        const a = { x: X[P[p].a], y: Y[P[p].a] }, c = { x: X[P[p].b], y: Y[P[p].b] };
        const dx = c.x - a.x, dy = c.y - a.y;
        const len = dx * dx + dy * dy;
        const t = len ? Math.max(0, Math.min(1, ((pt.x - a.x) * dx + (pt.y - a.y) * dy) / len)) : 0;
        const d = Math.hypot(pt.x - a.x - t * dx, pt.y - a.y - t * dy);
        if (d < bestD) { bestD = d; best = p; }
      }
    }
    return best;
  }
  kg.pairPoint = (p) => ({ x: (X[P[p].a] + X[P[p].b]) / 2, y: (Y[P[p].a] + Y[P[p].b]) / 2 });
  kg.drawnPairs = () => batches.reduce((acc, b) => acc.concat(b.ids), []);
  network.on("afterDrawing", (ctx) => {
    if (selected !== null) {
      const s = network.getScale();
      ctx.save();
      ctx.lineWidth = 2 / s;
      ctx.strokeStyle = "#333";
      ctx.beginPath();
      partnersOfSelected.forEach((id) => {
        if (nodeShown[id] === 1) {
          ctx.moveTo(X[id] + rad(id, s) + 3 / s, Y[id]);
          ctx.arc(X[id], Y[id], rad(id, s) + 3 / s, 0, 2 * Math.PI);
        }
      });
      ctx.stroke();
      ctx.lineWidth = 4 / s;
      ctx.strokeStyle = "#000";
      ctx.beginPath();
      ctx.arc(X[selected], Y[selected], rad(selected, s) + 5 / s, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.restore();
    }
    drawLabels(ctx);
  });

  // --- refresh: what passes the filters, in one update per DataSet ----------------------
  const countEl = document.getElementById("kg-count");
  const drawnRels = new Set(R.map((r) => r.rel)).size;
  function refresh() {
    const anyFilter = filtering();
    const nodeVisible = new Uint8Array(N.length);
    // A relation of three cities is three of R (one per pair) but one relation.
    const shownSet = new Set();
    for (let i = 0; i < R.length; i++) {
      const r = R[i];
      const v = passOthers(r) && passYear(r) ? 1 : 0;
      relShown[i] = v;
      if (v) { shownSet.add(r.rel); nodeVisible[r.a] = 1; nodeVisible[r.b] = 1; }
    }
    const shownRels = shownSet.size;
    // per pair: how many of its relations pass and the strongest of them, in one pass
    const count = new Uint32Array(P.length), best = new Int32Array(P.length).fill(-1);
    for (let i = 0; i < R.length; i++) {
      if (!relShown[i]) { continue; }
      const p = R[i].pair;
      count[p]++;
      if (best[p] < 0 || RANK[i] > RANK[best[p]]) { best[p] = i; }
    }
    const edgeChanges = [];
    for (let p = 0; p < P.length; p++) {
      const key = count[p] * 4194304 + (best[p] + 1) * 2 + (expanded.has(p) ? 1 : 0);
      if (key !== pairKey[p]) {
        pairKey[p] = key;
        pairShown[p] = count[p];
        pairStyle[p] = best[p] < 0 ? null : styleOf(R[best[p]], count[p]);
        if (expanded.has(p)) {
          P[p].rels.forEach((i) => edgeChanges.push({ id: "r" + i, hidden: !relShown[i] }));
        }
      }
    }
    let shownNodes = 0;
    for (let i = 0; i < N.length; i++) {
      const v = countryOn[N[i].cc] !== false &&
        (nodeVisible[i] === 1 || (!anyFilter && relsOf[i].length === 0)) ? 1 : 0;
      shownNodes += v;
      nodeShown[i] = v;
    }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    rebatch();
    network.redraw();
    countEl.textContent = shownRels + " of " + drawnRels + " relations, " + shownNodes + " of " +
      N.length + " cities";
    drawHistogram();
    if (selected !== null) { showCity(selected, false); }
  }
  kg.refresh = refresh;
  kg.relShown = (i) => relShown[i] === 1;
  kg.labelText = name;

  // --- legend and filter boxes -------------------------------------------------------
  function checkbox(box, nameAttr, code, swatch, text, count, state) {
    const label = el("label");
    const input = el("input");
    input.type = "checkbox"; input.checked = true; input.name = nameAttr; input.value = code;
    input.addEventListener("change", () => { state[code] = input.checked; refresh(); });
    label.append(input, swatch, document.createTextNode(text + " "), el("span", "kg-n", "(" + count + ")"));
    box.appendChild(label);
  }
  data.types.forEach((t) => {
    const sw = el("span", "kg-swatch"); sw.style.borderTopColor = t.colour;
    checkbox(document.getElementById("kg-types"), "kg-type", t.code, sw, t.en + " " + t.ko, t.count, typeOn);
  });
  data.statuses.forEach((s) => {
    const sw = el("span", "kg-swatch");
    if (s.code === "planned") { sw.style.borderTopStyle = "dashed"; }
    if (s.code === "suspended" || s.code === "ended") { sw.style.borderTopColor = data.inactiveColour; }
    if (s.code === "ended") { sw.style.borderTopStyle = "dotted"; }
    checkbox(document.getElementById("kg-statuses"), "kg-status", s.code, sw, s.en + " " + s.ko,
      s.count, statusOn);
  });
  data.countries.forEach((c) => {
    const sw = el("span", "kg-dot"); sw.style.background = c.colour;
    checkbox(document.getElementById("kg-countries"), "kg-country", c.code, sw, c.code || "unknown",
      c.count, countryOn);
  });
  document.getElementById("kg-reset").addEventListener("click", () => {
    document.querySelectorAll("#kg-panel input[type=checkbox]").forEach((b) => { b.checked = true; });
    [typeOn, statusOn, countryOn].forEach((o) => Object.keys(o).forEach((k) => { o[k] = true; }));
    document.getElementById("kg-undated").checked = true;
    yearLo = yearHi = null; undated = true;
    refresh();
  });
  document.getElementById("kg-fit").addEventListener("click", fitAll);
  if (!R.length) {
    const none = document.getElementById("kg-partial");
    none.textContent = "No relation to draw: the store holds none that pass the filters.";
    none.hidden = false;
  } else if (data.total.relations > drawnRels) {
    const partial = document.getElementById("kg-partial");
    partial.textContent = "Only the " + N.length + " best-connected of " + data.total.cities +
      " cities and " + drawnRels + " of " + data.total.relations + " relations are drawn; " +
      "narrow the view with kg viz --city, --type, --since or --until.";
    partial.hidden = false;
  }

  // --- labels language and layout -------------------------------------------------------
  function setLang(l) {
    lang = l;
    document.querySelectorAll("input[name=kg-lang]").forEach((r) => { r.checked = r.value === l; });
    network.redraw();
    if (selected !== null) { showCity(selected, false); }
  }
  document.querySelectorAll("input[name=kg-lang]").forEach((r) => {
    r.checked = r.value === lang;
    r.addEventListener("change", () => { if (r.checked) { setLang(r.value); } });
  });
  function setLayout(l) {
    layout = l;
    document.querySelectorAll("input[name=kg-layout]").forEach((r) => { r.checked = r.value === l; });
    place();
    nodes.update(nodes.getIds().map((id) => ({ id: id, x: X[id], y: Y[id] })));
    if (selected !== null) { focus(selected); } else { fitAll(); }
  }
  document.querySelectorAll("input[name=kg-layout]").forEach((r) => {
    r.checked = r.value === layout;
    r.addEventListener("change", () => { if (r.checked) { setLayout(r.value); } });
  });
  kg.setLayout = setLayout;
  kg.setLang = setLang;

  // --- search ----------------------------------------------------------------------
  const SUFFIX_KO = /(특별자치시|특별자치도|특별시|광역시|자치시|시|군|구|도)$/;
  const SUFFIX_EN = /(specialcity|metropolitancity|city|si|gun|gu|do)$/;
  function norm(s) { return String(s).normalize("NFC").toLowerCase().replace(/[\s\-–·.,'’()]/g, ""); }
  function forms(s) {
    const n = norm(s);
    const out = [n];
    const stripped = /[\uac00-\ud7a3]/.test(n) ? n.replace(SUFFIX_KO, "") : n.replace(SUFFIX_EN, "");
    if (stripped && stripped !== n) { out.push(stripped); }
    return out;
  }
  const keys = N.map((n) => {
    const k = new Set();
    [n.ko, n.en].concat(n.alt || []).forEach((s) => forms(s).forEach((f) => k.add(f)));
    return Array.from(k);
  });
  function search(q) {
    const wanted = forms(q).filter((f) => f);
    if (!wanted.length) { return []; }
    const hits = [];
    N.forEach((n, i) => {
      let score = 9;
      for (const key of keys[i]) {
        for (const w of wanted) {
          const s = key === w ? 0 : (key.startsWith(w) ? 1 : (key.includes(w) ? 2 : 9));
          if (s < score) { score = s; }
        }
      }
      if (score < 9) { hits.push([score, -n.relations, fullName(n), i]); }
    });
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    return hits.slice(0, 10).map((h) => h[3]);
  }
  kg.search = search;
  const input = document.getElementById("kg-search");
  const list = document.getElementById("kg-suggest");
  let active = -1, shown = [];
  function suggest() {
    shown = search(input.value);
    active = shown.length ? 0 : -1;
    list.replaceChildren();
    shown.forEach((id, k) => {
      const n = N[id];
      const li = el("li", k === active ? "kg-active" : "");
      li.setAttribute("role", "option");
      li.dataset.node = String(id);
      li.append(document.createTextNode(fullName(n) + " "),
        el("span", "kg-n", (n.cc || "?") + " · " + n.relations + " relations"));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(id); });
      list.appendChild(li);
    });
    list.hidden = !shown.length;
  }
  function pick(id) {
    input.value = fullName(N[id]);
    list.hidden = true;
    select(id, true);
  }
  input.addEventListener("input", suggest);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!shown.length) { return; }
      active = (active + (e.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      Array.from(list.children).forEach((li, k) => li.classList.toggle("kg-active", k === active));
    } else if (e.key === "Enter") {
      if (list.hidden) { suggest(); }
      if (shown.length) { pick(shown[Math.max(active, 0)]); }
    } else if (e.key === "Escape") {
      list.hidden = true;
    }
  });
  input.addEventListener("blur", () => { list.hidden = true; });

  // --- selection and the city panel ----------------------------------------------------
  const panel = document.getElementById("kg-city");
  function focus(id) {
    let ids = Array.from(partnersOfSelected).filter((p) => nodeShown[p] === 1);
    if (layout === "map") {
      // the region of the city: its partners with coordinates, the nearer 60% of them
      const at = (p) => Math.hypot(N[p].mx - N[id].mx, N[p].my - N[id].my);
      ids = ids.filter((p) => N[p].geo).sort((a, b) => at(a) - at(b));
      ids = ids.slice(0, Math.max(1, Math.ceil(ids.length * 0.6)));
    }
    fit([id].concat(ids));
  }
  function select(id, centre) {
    selected = id;
    partnersOfSelected = new Set(relsOf[id].map((i) => other(R[i], id)).filter((p) => p !== id));
    if (centre) { focus(id); }
    showCity(id, true);
    network.redraw();
  }
  kg.select = (id) => select(id, true);
  function csvCell(v) {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function cityRows(id) {
    return relsOf[id].filter((i) => relShown[i]).map((i) => R[i]);
  }
  function cityCsv(id) {
    const n = N[id];
    const head = ["city", "city_ko", "partner", "partner_ko", "partner_country", "type", "status",
      "date", "place", "officials", "evidence", "sources"];
    const lines = [head.join(",")];
    cityRows(id).forEach((r) => {
      const p = N[other(r, id)];
      lines.push([n.en, n.ko, p.en, p.ko, p.cc, r.type, r.status, r.date, r.place, r.officials,
        r.evidence, r.links.join(" ")].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  kg.cityCsv = cityCsv;
  function safeHref(link) {
    // web pages and relative paths only: no javascript:, data: or other schemes. The
    // browser's own URL parser decides (it drops leading spaces and tabs inside the
    // scheme, so " javascript:" and "java\tscript:" are javascript: links too).
    try {
      const url = new URL(String(link), "http://relative.invalid/");
      return (url.protocol === "http:" || url.protocol === "https:") ? link : null;
    } catch (err) {
      return null;
    }
  }
  function sourcesEl(r) {
    const src = el("div", "kg-src");
    src.appendChild(el("span", "kg-key", r.sources + (r.sources === 1 ? " source: " : " sources: ")));
    r.links.forEach((link, i) => {
      if (i) { src.appendChild(document.createTextNode(", ")); }
      const href = safeHref(link);
      const a = el(href ? "a" : "span", null, link);
      if (href) { a.setAttribute("href", href); a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer"); }
      src.appendChild(a);
    });
    return src;
  }
  function showCity(id, scrollTop) {
    const n = N[id];
    const rows = cityRows(id);
    const all = relsOf[id].length;
    panel.replaceChildren();
    const close = el("button", "kg-close", "×");
    close.type = "button"; close.title = "close";
    close.addEventListener("click", () => {
      panel.hidden = true; selected = null; partnersOfSelected = new Set();
      network.redraw();
    });
    const ys = rows.filter((r) => r.year !== null).map((r) => r.year);
    const span = ys.length ? (Math.min.apply(null, ys) === Math.max.apply(null, ys) ? String(ys[0]) :
      Math.min.apply(null, ys) + "–" + Math.max.apply(null, ys)) : "no dates";
    const partnerCount = new Set(rows.map((r) => other(r, id))).size;
    const csv = el("button", "kg-csv", "Download CSV");
    csv.type = "button"; csv.id = "kg-csv";
    csv.addEventListener("click", () => {
      const blob = new Blob(["\ufeff" + cityCsv(id)], { type: "text/csv;charset=utf-8" });
      const a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "kg-" + norm(n.en).replace(/[^a-z0-9]+/g, "-") + ".csv";
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
    panel.append(close, el("h2", null, fullName(n)),
      el("p", "kg-meta", (n.cc || "country unknown") + " · " + rows.length + " relations with " +
        partnerCount + " cities · " + span + (rows.length < all ? " (" + (all - rows.length) +
        " more hidden by the filters)" : "")), csv);
    const groups = new Map();
    rows.forEach((r) => {
      const k = r.type + "\u0000" + r.status;
      if (!groups.has(k)) { groups.set(k, []); }
      groups.get(k).push(r);
    });
    const order = Array.from(groups.keys()).sort((a, b) => {
      const [ta, sa] = a.split("\u0000"), [tb, sb] = b.split("\u0000");
      return (typeOrder[ta] - typeOrder[tb]) || ((STATUS_RANK[sb] || 0) - (STATUS_RANK[sa] || 0));
    });
    order.forEach((k) => {
      const rs = groups.get(k);
      const [t, s] = k.split("\u0000");
      const section = el("section", "kg-group");
      section.dataset.type = t; section.dataset.status = s;
      const h = el("h3");
      const sw = el("span", "kg-swatch"); sw.style.borderTopColor = colourOf(rs[0]);
      if (s !== "active") { sw.style.borderTopStyle = s === "planned" ? "dashed" : "dotted"; }
      h.append(sw, document.createTextNode(typeLabel(t) + " · " + statusLabel(s) + " (" + rs.length + ")"));
      section.appendChild(h);
      const byPartner = new Map();
      rs.forEach((r) => {
        const p = other(r, id);
        if (!byPartner.has(p)) { byPartner.set(p, []); }
        byPartner.get(p).push(r);
      });
      const ul = el("ul");
      Array.from(byPartner.keys()).sort((a, b) => (name(a) < name(b) ? -1 : 1)).forEach((p) => {
        const li = el("li", "kg-partner");
        li.dataset.node = String(p);
        const go = el("button", "kg-goto", fullName(N[p]));
        go.type = "button";
        go.addEventListener("click", () => select(p, true));
        const prs = byPartner.get(p).sort((a, b) => ((a.date || "") < (b.date || "") ? -1 : 1));
        const yy = Array.from(new Set(prs.map((r) => r.year).filter((y) => y !== null)));
        li.append(go, document.createTextNode(" "), el("span", "kg-meta", (N[p].cc || "?") +
          (yy.length ? " · " + yy.join(", ") : "")));
        const rl = el("ul", "kg-rels");
        prs.forEach((r) => {
          const item = el("li", "kg-rel");
          const bits = [r.date || "undated"];
          if (r.place) { bits.push(r.place); }
          if (r.officials) { bits.push(r.officials); }
          item.appendChild(el("div", "kg-meta", bits.join(" · ")));
          if (r.evidence) { item.appendChild(el("blockquote", "kg-evidence", r.evidence)); }
          item.appendChild(sourcesEl(r));
          rl.appendChild(item);
        });
        li.appendChild(rl);
        ul.appendChild(li);
      });
      section.appendChild(ul);
      panel.appendChild(section);
    });
    panel.hidden = false;
    if (scrollTop) { panel.scrollTop = 0; }
  }

  // --- expanding a pair into its relations ----------------------------------------------
  function expand(p) {
    if (expanded.has(p)) { return; }
    expanded.add(p);
    const ids = P[p].rels;
    [P[p].a, P[p].b].forEach((n) => { if (nodes.get(n) === null) { nodes.add(nodeItem(n)); } });
    edges.add(ids.map((i, k) => relItem(R[i], k, ids.length)));
    pairKey[p] = -1;
    refresh();
  }
  function collapseAll() {
    if (!expanded.size) { return; }
    const gone = [];
    expanded.forEach((p) => P[p].rels.forEach((i) => gone.push("r" + i)));
    const was = Array.from(expanded);
    expanded.clear();
    edges.remove(gone);
    nodes.clear();
    was.forEach((p) => { pairKey[p] = -1; });
    refresh();
  }
  kg.expand = expand;
  kg.collapseAll = collapseAll;
  kg.expanded = () => Array.from(expanded);

  // --- tooltips --------------------------------------------------------------------
  const tip = document.getElementById("kg-tip");
  let pinned = false;
  function row(key, value) {
    const r = el("div", "kg-row");
    r.append(el("span", "kg-key", key + ": "), document.createTextNode(value));
    return r;
  }
  function relTip(r) {
    const box = document.createDocumentFragment();
    box.appendChild(el("div", "kg-head", name(r.a) + " — " + name(r.b)));
    box.appendChild(row("type", typeLabel(r.type)));
    box.appendChild(row("status", statusLabel(r.status)));
    box.appendChild(row("date", r.date || "unknown"));
    if (r.place) { box.appendChild(row("place", r.place)); }
    if (r.officials) { box.appendChild(row("officials", r.officials)); }
    if (r.evidence) { box.appendChild(el("div", "kg-evidence", r.evidence)); }
    box.appendChild(sourcesEl(r));
    return box;
  }
  function pairTip(p) {
    const ids = P[p].rels.filter((i) => relShown[i]);
    if (ids.length === 1) { return relTip(R[ids[0]]); }
    const box = document.createDocumentFragment();
    box.appendChild(el("div", "kg-head", name(P[p].a) + " — " + name(P[p].b) + ": " + ids.length +
      " relations"));
    ids.slice(0, 12).forEach((i) => {
      const r = R[i];
      box.appendChild(el("div", "kg-row", typeLabel(r.type) + " · " + statusLabel(r.status) + " · " +
        (r.date || "undated")));
    });
    if (ids.length > 12) { box.appendChild(el("div", "kg-row", "… " + (ids.length - 12) + " more")); }
    box.appendChild(el("div", "kg-key", expanded.has(p) ? "" : "click to see each relation"));
    return box;
  }
  function nodeTip(n) {
    const box = document.createDocumentFragment();
    box.appendChild(el("div", "kg-head", fullName(n)));
    box.appendChild(row("country", n.cc || "unknown"));
    box.appendChild(row("partner cities", n.partners));
    box.appendChild(row("relations", n.relations));
    return box;
  }
  function edgeTip(id) {
    const s = String(id);
    return s[0] === "p" ? pairTip(Number(s.slice(1))) : relTip(R[Number(s.slice(1))]);
  }
  kg.edgeTip = edgeTip;
  function show(content, pointer) {
    tip.replaceChildren(content);
    tip.hidden = false;
    const rect = container.getBoundingClientRect();
    let x = rect.left + pointer.x + 14, y = rect.top + pointer.y + 14;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) { x = Math.max(4, window.innerWidth - w - 4); }
    if (y + h > window.innerHeight - 4) { y = Math.max(4, rect.top + pointer.y - h - 14); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hide() { if (!pinned) { tip.hidden = true; } }
  let overEdge = false;
  network.on("hoverEdge", (p) => { overEdge = true; if (!pinned) { show(edgeTip(p.edge), p.pointer.DOM); } });
  network.on("blurEdge", () => { overEdge = false; });
  let hoverFrame = null, overNode = false, overPair = null;
  container.addEventListener("mousemove", (e) => {
    if (hoverFrame !== null) { return; }
    const rect = container.getBoundingClientRect();
    const dom = { x: e.clientX - rect.left, y: e.clientY - rect.top };
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = null;
      if (pinned || overEdge) { return; }
      const pt = network.DOMtoCanvas(dom);
      const n = nodeAt(pt, 2);
      if (n !== null) {
        overNode = true; overPair = null; show(nodeTip(N[n]), dom); container.style.cursor = "pointer";
        return;
      }
      const p = pairAt(pt, 6);
      if (p !== null) { overPair = p; overNode = false; show(pairTip(p), dom); container.style.cursor = "pointer"; }
      else if (overPair !== null || overNode) {
        overPair = null; overNode = false; hide(); container.style.cursor = "";
      }
    });
  });
  network.on("blurEdge", hide);
  network.on("click", (p) => {
    pinned = false;
    tip.classList.remove("kg-pinned");
    const hitNode = nodeAt(p.pointer.canvas, 2);
    if (hitNode !== null) {
      tip.hidden = true;
      select(hitNode, false);
      return;
    }
    let hitEdge = p.edges.length ? String(p.edges[0]) : null;
    if (hitEdge === null) {
      const pair = pairAt(p.pointer.canvas, 6);
      if (pair !== null) { hitEdge = "p" + pair; }
    }
    if (hitEdge !== null) {
      const id = hitEdge;
      if (id[0] === "p") {
        const pid = Number(id.slice(1));
        if (P[pid].rels.filter((i) => relShown[i]).length > 1) { expand(pid); }
      }
      show(edgeTip(id), p.pointer.DOM);
      pinned = true;
      tip.classList.add("kg-pinned");
      return;
    }
    tip.hidden = true;
    collapseAll();
  });

  // --- timeline: relations per year, a brush to choose years ------------------------------
  const svg = document.getElementById("kg-hist");
  const SVG = "http://www.w3.org/2000/svg";
  const yearsEl = document.getElementById("kg-years");
  const undatedBox = document.getElementById("kg-undated");
  const PAD = 28;
  function xOf(year) {
    const w = svg.clientWidth || 600;
    return PAD + (year - minYear) * (w - 2 * PAD) / Math.max(1, maxYear - minYear + 1);
  }
  function yearAt(px) {
    const w = svg.clientWidth || 600;
    const y = Math.floor(minYear + (px - PAD) * Math.max(1, maxYear - minYear + 1) / (w - 2 * PAD));
    return Math.min(maxYear, Math.max(minYear, y));
  }
  function svgEl(tag, attrs, cls) {
    const e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach((k) => e.setAttribute(k, attrs[k]));
    if (cls) { e.setAttribute("class", cls); }
    return e;
  }
  let brushFrom = null;
  function drawHistogram() {
    const counts = {};
    let undatedN = 0;
    const seen = new Set();  // a relation of three cities is three items, one relation
    R.forEach((r) => {
      if (!passOthers(r) || seen.has(r.rel)) { return; }
      seen.add(r.rel);
      if (r.year === null) { undatedN++; } else { counts[r.year] = (counts[r.year] || 0) + 1; }
    });
    document.getElementById("kg-undated-n").textContent = "(" + undatedN + ")";
    yearsEl.textContent = minYear === null ? "none dated" :
      (yearLo === null && yearHi === null ? minYear + "–" + maxYear + " (all)" :
        (yearLo === yearHi ? String(yearLo) : yearLo + "–" + yearHi));
    svg.replaceChildren();
    if (minYear === null) { return; }
    const h = svg.clientHeight || 92, top = 4, bottom = h - 14;
    const peak = Math.max(1, Math.max.apply(null, Object.values(counts).concat([1])));
    const bw = Math.max(1, xOf(minYear + 1) - xOf(minYear) - 1);
    if (yearLo !== null || yearHi !== null) {
      const lo = yearLo === null ? minYear : yearLo, hi = yearHi === null ? maxYear : yearHi;
      svg.appendChild(svgEl("rect", { x: xOf(lo) - 0.5, y: 0, width: xOf(hi + 1) - xOf(lo),
        height: bottom + 1 }, "kg-brush"));
    }
    for (let y = minYear; y <= maxYear; y++) {
      const c = counts[y] || 0;
      const bh = c ? Math.max(1, (bottom - top) * c / peak) : 0;
      const inside = (yearLo === null || y >= yearLo) && (yearHi === null || y <= yearHi);
      const bar = svgEl("rect", { x: xOf(y), y: bottom - bh, width: bw, height: bh },
        inside ? "kg-bar" : "kg-bar kg-out");
      bar.dataset.year = String(y);
      bar.dataset.count = String(c);
      const t = svgEl("title", {});
      t.textContent = y + ": " + c + " relations";
      bar.appendChild(t);
      svg.appendChild(bar);
    }
    const step = maxYear - minYear > 40 ? 10 : (maxYear - minYear > 12 ? 5 : 1);
    for (let y = Math.ceil(minYear / step) * step; y <= maxYear; y += step) {
      const t = svgEl("text", { x: xOf(y) + bw / 2, y: h - 2, "text-anchor": "middle" });
      t.textContent = String(y);
      svg.appendChild(t);
    }
  }
  function setYears(lo, hi) {
    yearLo = lo; yearHi = hi;
    refresh();
  }
  kg.setYears = setYears;
  let pending = null;
  function brushTo(px) {
    const a = yearAt(brushFrom), b = yearAt(px);
    pending = [Math.min(a, b), Math.max(a, b)];
    if (kg.brushFrame) { return; }
    kg.brushFrame = requestAnimationFrame(() => {
      kg.brushFrame = null;
      if (pending) { setYears(pending[0], pending[1]); }
    });
  }
  svg.addEventListener("mousedown", (e) => {
    if (minYear === null) { return; }
    brushFrom = e.offsetX;
    brushTo(e.offsetX);
    e.preventDefault();
  });
  window.addEventListener("mousemove", (e) => {
    if (brushFrom === null) { return; }
    brushTo(e.clientX - svg.getBoundingClientRect().left);
  });
  window.addEventListener("mouseup", () => { brushFrom = null; });
  document.getElementById("kg-years-all").addEventListener("click", () => setYears(null, null));
  undatedBox.addEventListener("change", () => { undated = undatedBox.checked; refresh(); });
  window.addEventListener("resize", drawHistogram);

  // --- first drawing -----------------------------------------------------------------
  refresh();
  fitAll();
  network.once("afterDrawing", () => {
    kg.stable = true;
    kg.stableMs = performance.now();
    document.documentElement.setAttribute("data-kg-stable", "1");
  });
  network.redraw();
}());
