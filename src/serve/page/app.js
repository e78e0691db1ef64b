// The fahras search page. Every piece of corpus text (titles, sources, passages, articles,
// readings) goes into the page as text: textContent and text nodes, never innerHTML. Links to
// an article's url are made only for http: and https: urls.
"use strict";

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const arabicDigits = new Intl.NumberFormat("ar");

// The state of the page lives in the address: q, offset, source, sort, from, to, and doc (+ passage)
// for an open article, so reload, back and forward work and a search can be shared.
function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    source: p.get("source") || "",
    sort: p.get("sort") || "",
    from: p.get("from") || "",
    to: p.get("to") || "",
    doc: p.get("doc") || "",
    passage: p.get("passage") || "",
    start: p.get("start") || "",
    end: p.get("end") || "",
  };
}

function stateUrl(state) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    // Empty values and the first page are left out; passage 0 and byte offset 0 are kept.
    if (v === "" || v == null || (k === "offset" && v === 0)) continue;
    p.set(k, String(v));
  }
  const qs = p.toString();
  return qs ? "?" + qs : location.pathname;
}

function go(state) {
  history.pushState(null, "", stateUrl(state));
  render();
}

// The query sent to the engine: what was typed plus the filters, in fahras' query language.
function engineQuery(state) {
  let q = state.q.trim();
  if (state.source) q += ' source:"' + state.source.replace(/"/g, " ") + '"';
  if (state.from || state.to) q += " date:" + state.from + ".." + state.to;
  return q;
}

// Text of `text` between byte offsets (the API's offsets are bytes of UTF-8).
function byteSlicer(text) {
  const bytes = encoder.encode(text);
  return { length: bytes.length, slice: (a, b) => decoder.decode(bytes.subarray(a, b)) };
}

// Appends `text` to `parent`, the byte ranges `highlights` as <mark> elements.
function appendMarked(parent, text, highlights) {
  const s = byteSlicer(text);
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end > s.length || start > end) continue;
    parent.append(s.slice(at, start));
    const mark = document.createElement("mark");
    mark.textContent = s.slice(start, end);
    parent.append(mark);
    at = end;
  }
  parent.append(s.slice(at, s.length));
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

// A link to an article's original address, only for web addresses.
function urlLink(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    const a = el("a", "المصدر الأصلي");
    a.href = u.href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  } catch (_) {
    return null;
  }
}

function metaLine(item) {
  const p = el("p", null, "meta");
  if (item.source) p.append(el("span", item.source));
  if (item.date) p.append(el("time", item.date));
  const link = item.url ? urlLink(item.url) : null;
  if (link) p.append(link);
  return p;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function setStatus(text) {
  $("status").textContent = text;
}

let generation = 0; // answers to superseded requests are dropped

async function render() {
  const state = readState();
  $("q").value = state.q;
  $("source").value = state.source;
  if ($("source").value !== state.source) {
    // A source not (yet) in the list: add it so the filter shows.
    $("source").append(new Option(state.source, state.source));
    $("source").value = state.source;
  }
  $("sort").value = state.sort;
  $("from").value = state.from;
  $("to").value = state.to;
  if (state.source || state.from || state.to) $("filters-box").open = true;
  if (state.doc) return showArticle(state);
  $("article").hidden = true;
  if (!state.q.trim()) {
    $("results").hidden = true;
    $("reading").hidden = true;
    $("warnings").hidden = true;
    setStatus("");
    return;
  }
  const mine = ++generation;
  setStatus("جارٍ البحث…");
  const params = new URLSearchParams({
    q: engineQuery(state),
    limit: String(PAGE_SIZE),
    offset: String(state.offset),
    facets: "date,source",
    sort: state.sort || "score",
  });
  let answer;
  try {
    answer = await getJson("/api/search?" + params);
  } catch (error) {
    if (mine !== generation) return;
    $("results").hidden = true;
    setStatus("تعذّر البحث: " + error.message);
    return;
  }
  if (mine !== generation) return;
  showAnswer(state, answer);
}

function showAnswer(state, answer) {
  setStatus("");
  const reading = $("reading");
  reading.textContent = answer.reading.join("؛ ");
  reading.hidden = answer.reading.length === 0;
  const warnings = $("warnings");
  warnings.replaceChildren(...answer.warnings.map((w) => el("li", w)));
  warnings.hidden = answer.warnings.length === 0;
  const { passages, articles } = answer.matches;
  const first = answer.offset + 1;
  const last = answer.offset + answer.hits.length;
  $("count").textContent = answer.hits.length
    ? `${arabicDigits.format(passages)} مقطعًا في ${arabicDigits.format(articles)} مقالة تطابق البحث؛ النتائج ${arabicDigits.format(first)}–${arabicDigits.format(last)}`
    : "لا نتائج";
  showCharts(state, answer.facets || {});
  const hits = $("hits");
  hits.replaceChildren(...answer.hits.map((hit) => hitItem(state, hit)));
  $("prev").disabled = answer.offset === 0;
  $("next").disabled = !answer.more;
  $("results").hidden = false;
}

function hitItem(state, hit) {
  const li = el("li", null, "hit");
  const h = el("h2");
  const a = el("a", hit.title || hit.doc);
  a.dir = "auto";
  const target = { ...state, doc: hit.doc, passage: hit.passage, start: hit.start, end: hit.end };
  a.href = stateUrl(target);
  a.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(target);
  });
  h.append(a);
  li.append(h, metaLine(hit));
  const p = el("p", null, "passage");
  p.dir = "auto";
  appendMarked(p, hit.text, hit.highlights);
  li.append(p);
  if (hit.also_in.length) {
    li.append(el("p", "ورد أيضًا في: " + hit.also_in.join("، "), "also"));
  }
  return li;
}

// The timeline (articles per day or month) and the sources, as bars; a bar filters by it.
function showCharts(state, facets) {
  const dates = facets.dates || [];
  const timeline = $("timeline");
  const peak = Math.max(1, ...dates.map(([, n]) => n));
  timeline.replaceChildren(
    ...dates.map(([period, n]) => {
      const bar = el("button", null, n ? "" : "empty");
      bar.type = "button";
      bar.style.height = Math.max(2, Math.round((100 * n) / peak)) + "%";
      bar.title = `${period}: ${n}`;
      bar.setAttribute("aria-label", `${period}: ${n}`);
      bar.addEventListener("click", () => {
        const [from, to] = periodRange(period);
        go({ ...state, from, to, offset: 0 });
      });
      return bar;
    })
  );
  $("period").textContent = facets.period === "day" ? "اليوم" : "الشهر";
  $("timeline-box").hidden = dates.length === 0;
  const sources = facets.sources || [];
  const top = Math.max(1, ...sources.map(([, n]) => n));
  $("sources").replaceChildren(
    ...sources.slice(0, 8).map(([name, n]) => {
      const li = el("li");
      const b = el("button", name);
      b.type = "button";
      b.dir = "auto";
      b.title = name;
      b.addEventListener("click", () => go({ ...state, source: name, offset: 0 }));
      const bar = el("span", null, "bar");
      bar.style.width = Math.max(2, Math.round((100 * n) / top)) + "%";
      li.append(b, bar, el("span", arabicDigits.format(n)));
      return li;
    })
  );
  $("sources-box").hidden = sources.length === 0;
}

// The first and last day of a period `YYYY-MM-DD` or `YYYY-MM`.
function periodRange(period) {
  if (period.length === 10) return [period, period];
  const [y, m] = period.split("-").map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [period + "-01", period + "-" + String(lastDay).padStart(2, "0")];
}

// One whole article, the passage the hit was in marked and the query's words highlighted.
async function showArticle(state) {
  const mine = ++generation;
  setStatus("جارٍ فتح المقال…");
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("query", state.q.trim());
  let article;
  try {
    article = await getJson("/api/doc/" + encodeURIComponent(state.doc) + "?" + params);
  } catch (error) {
    if (mine !== generation) return;
    setStatus("تعذّر فتح المقال: " + error.message);
    return;
  }
  if (mine !== generation) return;
  setStatus("");
  $("results").hidden = true;
  $("reading").hidden = true;
  $("warnings").hidden = true;
  $("article-title").textContent = article.title || article.doc;
  $("article-meta").replaceWith(metaLine(article));
  $("article").querySelector(".meta").id = "article-meta";
  const text = $("article-text");
  text.replaceChildren();
  let passage = article.passages.find((p) => String(p.passage) === state.passage);
  const start = passage ? passage.start : parseInt(state.start, 10);
  const end = passage ? passage.end : parseInt(state.end, 10);
  const s = byteSlicer(article.text);
  // Cut points: the passage's ends and every highlight's.
  const marks = article.highlights.filter(([a, b]) => a <= b && b <= s.length);
  const cuts = new Set([0, s.length]);
  if (!Number.isNaN(start) && !Number.isNaN(end)) { cuts.add(start); cuts.add(end); }
  for (const [a, b] of marks) { cuts.add(a); cuts.add(b); }
  const points = [...cuts].filter((c) => c >= 0 && c <= s.length).sort((x, y) => x - y);
  let current = null;
  let firstCurrent = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const inPassage = a >= start && b <= end;
    const highlighted = marks.some(([ha, hb]) => a >= ha && b <= hb);
    const piece = highlighted ? el("mark", s.slice(a, b)) : document.createTextNode(s.slice(a, b));
    if (inPassage) {
      if (!current) {
        current = el("span", null, "current");
        text.append(current);
        firstCurrent = firstCurrent || current;
      }
      current.append(piece);
    } else {
      current = null;
      text.append(piece);
    }
  }
  $("article").hidden = false;
  $("article").focus();
  if (firstCurrent) firstCurrent.scrollIntoView({ block: "center" });
}

function closeArticle() {
  const state = readState();
  go({ ...state, doc: "", passage: "", start: "", end: "" });
}

async function loadSources() {
  try {
    const stats = await getJson("/api/stats");
    const select = $("source");
    const chosen = select.value;
    for (const [name] of stats.sources) {
      if ([...select.options].some((o) => o.value === name)) continue;
      select.append(new Option(name, name));
    }
    select.value = chosen;
  } catch (_) {
    // The filter still works with sources picked from the chart.
  }
}

function filtersFromForm(state) {
  return {
    ...state,
    source: $("source").value,
    sort: $("sort").value,
    from: $("from").value,
    to: $("to").value,
    offset: 0,
  };
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    go(filtersFromForm({ ...readState(), q: $("q").value, doc: "", passage: "", start: "", end: "" }));
  });
  for (const id of ["source", "sort", "from", "to"]) {
    $(id).addEventListener("change", () => {
      const state = readState();
      if (state.q.trim()) go(filtersFromForm(state));
    });
  }
  $("clear-filters").addEventListener("click", () =>
    go({ ...readState(), source: "", from: "", to: "", offset: 0 })
  );
  $("prev").addEventListener("click", () => {
    const state = readState();
    go({ ...state, offset: Math.max(0, state.offset - PAGE_SIZE) });
  });
  $("next").addEventListener("click", () => {
    const state = readState();
    go({ ...state, offset: state.offset + PAGE_SIZE });
  });
  $("back").addEventListener("click", closeArticle);
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      $("q").focus();
      $("q").select();
    } else if (event.key === "Escape" && !$("article").hidden) {
      closeArticle();
    }
  });
  window.addEventListener("popstate", render);
  loadSources().then(render);
});
