// The live dashboard. One web socket (/updates) brings messages of this form (docs/dashboard.md):
//   {"view": "words", "kind": "update" | "snapshot", "trigger": 3, "time": "2026-...Z",
//    "rows": [{"word": "spark", "count": 12}, ...], "key": ["word"], "facts": {...}}
// The page keeps one table per view: an update merges its rows by the view's key, a snapshot replaces the table.
// Each panel draws one or more views as SVG. A view no panel knows is drawn as a plain table.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

// The key of each view the page knows; a message may also name its own ("key"). Without either, a row is its own key.
const KEYS = {
  words: ["word"],
  windows: ["start", "key"],
  readings: ["id"],
};

// The panels, in the order they appear. To add one (lab 06's Kafka view, for example): publish a view "kafka" from
// the app, then add {id, title, views: ["kafka"], render(section, tables)} here. Until then it shows as a table.
const PANELS = [
  { id: "words", title: "Top words", views: ["words"], render: renderWords },
  { id: "windows", title: "Event-time windows and the watermark", views: ["windows", "readings"],
    render: renderWindows },
];

const TOP = 15;
const tables = {};
let lastTrigger = null;
let lastChanged = { view: null, keys: new Set() };
let drawPending = false;
let attempts = 0;

// --- the connection ---

function connect() {
  const socket = new WebSocket(`ws://${location.host}/updates`);
  setStatus("connecting", "connecting…");
  socket.onopen = () => {
    attempts = 0;
    setStatus("open", "connected · waiting for the first trigger");
  };
  socket.onmessage = event => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      console.error("not a JSON message:", event.data);
      return;
    }
    apply(message);
    scheduleDraw();
  };
  socket.onclose = event => {
    const why = event.reason || (event.code === 1006 ? "the connection was lost" : "closed");
    setStatus("closed", `disconnected: ${why} (code ${event.code})`);
    // The app stopped or dropped this page on purpose: stay as we are. A lost connection: try again, a few times.
    if (event.code === 1006 && attempts < 5) {
      attempts++;
      setTimeout(connect, 2000);
    }
  };
}

function setStatus(state, text) {
  const status = document.getElementById("status");
  status.dataset.state = state;
  status.textContent = text;
}

// --- the tables ---

function apply(message) {
  const view = message.view;
  const table = tables[view] || (tables[view] = { rows: new Map(), facts: {}, trigger: null, time: null });
  const key = message.key || KEYS[view];
  if (message.kind === "snapshot") {
    table.rows = new Map();
    table.facts = {};
  }
  const changed = new Set();
  for (const row of message.rows || []) {
    const id = keyOf(row, key);
    table.rows.set(id, row);
    changed.add(id);
  }
  Object.assign(table.facts, message.facts || {});
  table.trigger = message.trigger;
  table.time = message.time;
  lastChanged = { view, keys: message.kind === "update" ? changed : new Set() };
  if (message.trigger !== undefined && message.trigger >= 0) {
    lastTrigger = { trigger: message.trigger, time: message.time };
    setStatus("open", `connected · trigger ${message.trigger} at ${clock(message.time)}`);
  }
}

function keyOf(row, key) {
  return JSON.stringify(key ? key.map(column => row[column]) : row);
}

function scheduleDraw() {
  if (!drawPending) {
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw();
    });
  }
}

function draw() {
  const main = document.getElementById("panels");
  const waiting = document.getElementById("waiting");
  if (Object.keys(tables).length > 0 && waiting) {
    waiting.remove();
  }
  const claimed = new Set();
  for (const panel of PANELS) {
    panel.views.forEach(view => claimed.add(view));
    if (panel.views.some(view => tables[view])) {
      panel.render(sectionFor(main, panel.id, panel.title), tables);
    }
  }
  for (const view of Object.keys(tables).filter(view => !claimed.has(view)).sort()) {
    renderTable(sectionFor(main, "view-" + view, view), view, tables[view]);
  }
  document.body.dataset.drawn = String(Number(document.body.dataset.drawn || 0) + 1);
}

function sectionFor(main, id, title) {
  let section = document.getElementById(id);
  if (!section) {
    section = document.createElement("section");
    section.id = id;
    section.className = "panel";
    section.innerHTML = "<h2></h2><p class='caption'></p><div class='chart'></div>";
    section.querySelector("h2").textContent = title;
    main.appendChild(section);
  }
  return section;
}

// --- drawing helpers ---

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [attribute, value] of Object.entries(attributes || {})) {
    element.setAttribute(attribute, value);
  }
  if (parent) {
    parent.appendChild(element);
  }
  return element;
}

function text(parent, x, y, content, attributes) {
  const element = svg("text", Object.assign({ x, y }, attributes || {}), parent);
  element.textContent = content;
  return element;
}

function clock(iso) {
  if (!iso) {
    return "";
  }
  const time = iso.indexOf("T") >= 0 ? iso.substring(iso.indexOf("T") + 1) : iso;
  return time.substring(0, 8);
}

function replaceChart(section, element) {
  const chart = section.querySelector(".chart");
  chart.replaceChildren(element);
}

// --- the words: bars of the top words ---

function renderWords(section, all) {
  const table = all.words;
  const rows = Array.from(table.rows.values())
    .filter(row => row.count > 0)
    .sort((a, b) => b.count - a.count || String(a.word).localeCompare(String(b.word)));
  const top = rows.slice(0, TOP);
  section.querySelector(".caption").textContent =
    `${rows.length} words · trigger ${table.trigger} at ${clock(table.time)}` +
    (rows.length > TOP ? ` · the ${TOP} most frequent` : "") +
    (lastChanged.view === "words" && lastChanged.keys.size > 0 ? " · in yellow: changed by the last trigger" : "");
  const rowHeight = 26;
  const width = 800;
  const labelWidth = 170;
  const height = Math.max(1, top.length) * rowHeight + 10;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "top words" });
  const max = Math.max(1, ...top.map(row => row.count));
  const changed = lastChanged.view === "words" ? lastChanged.keys : new Set();
  top.forEach((row, index) => {
    const y = 5 + index * rowHeight;
    const length = Math.max(2, (width - labelWidth - 70) * row.count / max);
    const bar = svg("g", { class: "bar", "data-word": row.word, "data-count": row.count }, chart);
    if (changed.has(keyOf(row, KEYS.words))) {
      bar.classList.add("changed");
    }
    text(bar, labelWidth - 8, y + 17, row.word, { "text-anchor": "end", class: "word" });
    svg("rect", { x: labelWidth, y: y + 3, width: length, height: rowHeight - 6, rx: 3 }, bar);
    text(bar, labelWidth + length + 6, y + 17, String(row.count), { class: "count" });
  });
  if (top.length === 0) {
    text(chart, 10, 20, "no word yet", { class: "muted" });
  }
  replaceChart(section, chart);
}

// --- lab 04: windows on an event-time axis, the readings of each trigger, the watermark ---

function renderWindows(section, all) {
  const windows = all.windows ? Array.from(all.windows.rows.values()) : [];
  const readings = all.readings ? Array.from(all.readings.rows.values()) : [];
  const facts = all.windows ? all.windows.facts : {};
  const watermark = facts.watermark ? Date.parse(facts.watermark) : null;
  const times = [];
  windows.forEach(w => times.push(Date.parse(w.start), Date.parse(w.end)));
  readings.forEach(r => times.push(Date.parse(r.time)));
  if (watermark) {
    times.push(watermark);
  }
  const counts = { "on time": 0, "late, counted": 0, "late, dropped": 0 };
  readings.forEach(r => counts[r.status] = (counts[r.status] || 0) + 1);
  section.querySelector(".caption").textContent =
    `watermark ${watermark ? clock(facts.watermark) : "(none yet)"} · ${readings.length} readings: ` +
    `${counts["on time"]} on time, ${counts["late, counted"]} late but counted, ` +
    `${counts["late, dropped"]} late and dropped` +
    (facts.dropped !== undefined ? ` (Spark's count of rows dropped: ${facts.dropped})` : "");
  if (times.length === 0) {
    replaceChart(section, document.createTextNode("no window yet"));
    return;
  }
  const from = Math.min(...times);
  const to = Math.max(...times);
  const width = 900;
  const left = 80;
  const right = 20;
  const x = time => left + (width - left - right) * (time - from) / Math.max(1, to - from);

  const keys = Array.from(new Set(windows.map(w => w.key))).sort();
  const windowTop = 20;
  const barArea = 22 * Math.max(1, keys.length);
  const windowBottom = windowTop + barArea + 24;
  const triggers = Array.from(new Set(readings.map(r => r.trigger))).sort((a, b) => a - b).slice(-20);
  const readingTop = windowBottom + 30;
  const rowHeight = 20;
  const height = readingTop + rowHeight * Math.max(1, triggers.length) + 50;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "event-time windows" });

  // The windows: one frame per window, one bar per key inside it, with its count.
  const max = Math.max(1, ...windows.map(w => w.count));
  const byWindow = new Map();
  windows.forEach(w => {
    const id = w.start + "|" + w.end;
    (byWindow.get(id) || byWindow.set(id, []).get(id)).push(w);
  });
  for (const [id, rows] of byWindow) {
    const [start, end] = id.split("|");
    const x0 = x(Date.parse(start));
    const x1 = x(Date.parse(end));
    const final = watermark !== null && Date.parse(end) <= watermark;
    const group = svg("g", { class: "window" + (final ? " final" : ""), "data-start": start, "data-end": end,
      "data-final": String(final) }, chart);
    svg("rect", { class: "frame", x: x0 + 1, y: windowTop, width: Math.max(2, x1 - x0 - 2),
      height: windowBottom - windowTop, rx: 3 }, group);
    text(group, x0 + 4, windowBottom - 6, `${clock(start).substring(0, 5)}–${clock(end).substring(0, 5)}` +
      (final ? " final" : ""), { class: "muted" });
    rows.sort((a, b) => String(a.key).localeCompare(String(b.key))).forEach(w => {
      const y = windowTop + 4 + 22 * keys.indexOf(w.key);
      const length = Math.max(2, (x1 - x0 - 60) * w.count / max);
      const bar = svg("g", { class: "count", "data-key": w.key, "data-count": w.count }, group);
      svg("rect", { class: "count", x: x0 + 4, y, width: length, height: 16, rx: 2 }, bar);
      text(bar, x0 + 8 + length, y + 13, `${w.key} ${w.count}`);
    });
  }

  // The readings: one row per trigger (when they arrived), placed at their event time.
  text(chart, 4, readingTop - 10, "readings, by trigger", { class: "muted" });
  triggers.forEach((trigger, row) => {
    const y = readingTop + row * rowHeight + rowHeight / 2;
    text(chart, 4, y + 4, `trigger ${trigger}`, { class: "muted" });
    readings.filter(r => r.trigger === trigger).forEach(r => {
      const cx = x(Date.parse(r.time));
      const mark = svg("g", { class: "reading", "data-status": r.status, "data-time": r.time,
        "data-label": r.label }, chart);
      svg("title", {}, mark).textContent = `${r.label} at ${clock(r.time)}: ${r.status}`;
      if (r.status === "late, dropped") {
        svg("path", { d: `M ${cx - 5} ${y - 5} L ${cx + 5} ${y + 5} M ${cx - 5} ${y + 5} L ${cx + 5} ${y - 5}` }, mark);
      } else {
        svg("circle", { cx, cy: y, r: 5 }, mark);
      }
    });
  });

  // The watermark: everything left of it is final; a reading there whose window is final is dropped.
  if (watermark) {
    const line = svg("g", { class: "watermark", "data-time": facts.watermark }, chart);
    svg("line", { x1: x(watermark), y1: windowTop - 10, x2: x(watermark), y2: height - 40 }, line);
    text(line, x(watermark) + 4, windowTop - 6, `watermark ${clock(facts.watermark)}`);
  }

  // The legend.
  const legend = svg("g", { class: "legend" }, chart);
  const legendY = height - 14;
  [["on time", "●", "#2186eb"], ["late, counted", "●", "#f0b429"], ["late, dropped", "✕", "#e12d39"]]
    .forEach(([label, symbol, color], index) => {
      text(legend, left + index * 170, legendY, symbol, { fill: color, style: `fill: ${color}` });
      text(legend, left + 16 + index * 170, legendY, label);
    });
  text(legend, left + 3 * 170, legendY, "- - watermark", { style: "fill: #e12d39" });
  replaceChart(section, chart);
}

// --- any other view: a table ---

function renderTable(section, view, table) {
  const rows = Array.from(table.rows.values()).slice(-50);
  const columns = Array.from(new Set(rows.flatMap(row => Object.keys(row))));
  section.querySelector(".caption").textContent = `trigger ${table.trigger} at ${clock(table.time)}` +
    (Object.keys(table.facts).length ? " · " + Object.entries(table.facts).map(([k, v]) => `${k} ${v}`).join(" · ")
      : "");
  const element = document.createElement("table");
  const head = element.createTHead().insertRow();
  columns.forEach(column => {
    const th = document.createElement("th");
    th.textContent = column;
    head.appendChild(th);
  });
  const body = element.createTBody();
  rows.forEach(row => {
    const tr = body.insertRow();
    columns.forEach(column => tr.insertCell().textContent = row[column] === undefined ? "" : String(row[column]));
  });
  replaceChart(section, element);
}

connect();
