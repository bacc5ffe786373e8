// The eventwire dashboard: map, timeline, event list, event and article views.
// Every piece of stored data is put on the page with textContent (never innerHTML), so an
// article's title or text can hold any markup and it is shown as text, never run.
"use strict";

const FILTERS = ["actor", "source", "target", "cameo", "plover", "since", "until", "country",
  "near", "text", "min_sources", "min_confidence", "corrections"];
const QUAD_CLASSES = { 1: "verbal cooperation", 2: "material cooperation",
  3: "verbal conflict", 4: "material conflict" };
const QUAD_COLOURS = { 1: "#7fb3e6", 2: "#2f6fb3", 3: "#f0a868", 4: "#c0392b" };
const PAGE = 50;
// A popup opens clear of the zoom buttons in the map's top left corner: the map pans
// until the popup lies this far from its edges.
const POPUP_OPTIONS = { autoPanPaddingTopLeft: [60, 90], autoPanPaddingBottomRight: [20, 20], maxWidth: 280 };

const state = { offset: 0, edits: false, map: null, cluster: null, chart: null, event: null };

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// A missing actor or place, written as the CLI and the alert lines write it.
const MISSING = "-";

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function webUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

function currentFilters() {
  const form = document.getElementById("filters");
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value && !(name === "corrections" && value === "apply")) params.set(name, value);
  }
  return params;
}

function withFilters(path, extra) {
  const params = currentFilters();
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

// --- map -------------------------------------------------------------------------------

// Natural Earth rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180;
// unwrapping their longitudes keeps Leaflet from drawing a line across the whole map.
function unwrap(coordinates) {
  if (typeof coordinates[0][0] !== "number") return coordinates.map(unwrap);
  let previous = null;
  return coordinates.map(([lon, lat]) => {
    let x = lon;
    if (previous !== null) {
      while (x - previous > 180) x -= 360;
      while (x - previous < -180) x += 360;
    }
    previous = x;
    return [x, lat];
  });
}

async function initMap() {
  state.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 10], 1);
  const topo = await getJson("/static/vendor/world-atlas/countries-110m.json");
  const outlines = topojson.feature(topo, topo.objects.countries);
  outlines.features = outlines.features.filter((f) => f.id !== "010"); // Antarctica wraps the pole
  for (const feature of outlines.features) {
    feature.geometry.coordinates = unwrap(feature.geometry.coordinates);
  }
  L.geoJSON(outlines, {
    style: { color: "#8a96a8", weight: 0.7, fillColor: "#fbfbf8", fillOpacity: 1 },
    interactive: false,
  }).addTo(state.map);
  state.cluster = L.markerClusterGroup({ showCoverageOnHover: false });
  state.map.addLayer(state.cluster);
}

async function loadMap() {
  const data = await getJson(withFilters("/api/events.geojson", { limit: 20000 }));
  state.cluster.clearLayers();
  const markers = data.features.map((feature) => {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    const marker = L.marker([lat, lon], { title: `${p.cameo} ${p.cameo_name || ""}` });
    marker.bindPopup(() => popupFor(p), POPUP_OPTIONS);
    return marker;
  });
  state.cluster.addLayers(markers);
  const note = document.getElementById("map-note");
  note.textContent = `${data.features.length} placed events on the map` +
    (data.truncated ? ` (first ${data.features.length} of ${data.placed_total})` : "");
  document.getElementById("map").dataset.placed = String(data.features.length);
}

function popupFor(p) {
  const box = el("div");
  box.append(el("strong", `${p.cameo} ${p.cameo_name || ""}`), el("br"));
  box.append(el("span", `${p.source_code || MISSING} → ${p.target_code || MISSING}, ${p.date || "no date"}`));
  box.append(el("br"), el("span", p.place_name || ""), el("br"));
  const open = el("a", "show evidence");
  open.href = "#";
  open.addEventListener("click", (event) => { event.preventDefault(); showEvent(p.id); });
  box.append(open);
  return box;
}

// --- timeline --------------------------------------------------------------------------

async function loadTimeline() {
  const by = document.getElementById("period").value;
  const data = await getJson(withFilters("/api/stats/timeline", { by }));
  const labels = data.periods.map((p) => p.period);
  const datasets = Object.keys(QUAD_CLASSES).map((quad) => ({
    type: "bar",
    label: QUAD_CLASSES[quad],
    data: data.periods.map((p) => (p.by_quad_class || {})[quad] || 0),
    backgroundColor: QUAD_COLOURS[quad],
    stack: "events",
    yAxisID: "y",
  }));
  datasets.push({
    type: "line", label: "mean Goldstein", data: data.periods.map((p) => p.goldstein ?? null),
    borderColor: "#111827", backgroundColor: "#111827", pointRadius: 1.5, borderWidth: 1.2,
    yAxisID: "goldstein", spanGaps: true,
  });
  if (state.chart) state.chart.destroy();
  state.chart = new Chart(document.getElementById("timeline"), {
    data: { labels, datasets },
    options: {
      animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 12 } },
        y: { stacked: true, title: { display: true, text: "events" } },
        goldstein: { position: "right", min: -10, max: 10, grid: { drawOnChartArea: false },
          title: { display: true, text: "mean Goldstein" } },
      },
      plugins: {
        legend: { labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {  // a QuadClass's own mean Goldstein beside its count
            afterLabel: (item) => {
              const quad = Object.keys(QUAD_CLASSES)[item.datasetIndex];
              const mean = quad && (data.periods[item.dataIndex].goldstein_by_quad_class || {})[quad];
              return mean === undefined || mean === null ? "" : `mean Goldstein ${mean}`;
            },
          },
        },
      },
    },
  });
  document.getElementById("timeline-note").textContent =
    `${data.periods.length} ${by}s` +
    (data.without_day ? `; ${data.without_day} events dated only to a month or year not shown` : "");
}

// --- list ------------------------------------------------------------------------------

function verdictBadge(verdict) {
  return verdict ? el("span", verdict, `verdict verdict-${verdict}`) : null;
}

async function loadList() {
  const data = await getJson(withFilters("/api/events", { limit: PAGE, offset: state.offset }));
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  for (const event of data.events) {
    const row = el("tr");
    row.dataset.id = event.id;
    const what = el("td", `${event.cameo} ${event.cameo_name || ""}`);
    const badge = verdictBadge(event.verdict);
    if (badge) what.append(badge);
    row.append(
      el("td", event.date || "?"),
      what,
      el("td", `${event.source_code || MISSING} → ${event.target_code || MISSING}`),
      el("td", event.place_name || MISSING),
      el("td", `${event.num_mentions}m/${event.num_articles}a/${event.num_sources}s`),
      el("td", event.evidence, "evidence"),
    );
    row.addEventListener("click", () => showEvent(event.id));
    body.append(row);
  }
  const last = data.offset + data.count;
  document.getElementById("list-count").textContent = data.total
    ? `${data.offset + 1}–${last} of ${data.total}` : "no events match";
  document.getElementById("prev-page").disabled = data.offset === 0;
  document.getElementById("next-page").disabled = data.next_offset === null;
}

// --- event and article views -----------------------------------------------------------

function highlighted(text, start, end) {
  const box = el("p", null, "sentence");
  const from = Math.max(0, start), to = Math.min(text.length, end);
  box.append(document.createTextNode(text.slice(0, from)));
  box.append(el("mark", text.slice(from, to)));
  box.append(document.createTextNode(text.slice(to)));
  return box;
}

// --- addresses ---------------------------------------------------------------------------
// An open event or article is part of the page's address (`/?country=UKR&event=ID`), so a
// view can be shared and the browser's back button closes or reopens it.

let openView = {};  // { event, article }: what the address says is open

function pageAddress(view) {
  const params = currentFilters();
  if (view.event) params.set("event", view.event);
  if (view.article) params.set("article", view.article);
  return params.toString() ? `/?${params}` : "/";
}

function setAddress(view, push) {
  openView = view;
  if (push) window.history.pushState(view, "", pageAddress(view));
  else window.history.replaceState(view, "", pageAddress(view));
}

async function openFromAddress() {
  const given = new URLSearchParams(location.search);
  const eventId = given.get("event"), articleId = given.get("article");
  openView = { event: eventId || undefined, article: articleId || undefined };
  if (eventId) await showEvent(eventId, false);
  else document.getElementById("event-view").hidden = true;
  if (articleId) await showArticle(articleId, eventId, false);
  else document.getElementById("article-view").hidden = true;
}

// Open a view where the user looks: its top at the top of the window, focus on its title.
function bringIntoSight(view, heading) {
  view.hidden = false;
  view.scrollIntoView({ block: "start" });
  document.getElementById(heading).focus({ preventScroll: true });
}

async function showEvent(id, push = true) {
  try {
    const data = await getJson(`/api/events/${encodeURIComponent(id)}`);
    state.event = data.event.id;
    const shown = data.corrected || data.event;
    const e = data.event;
    document.getElementById("event-title").textContent =
      `${shown.cameo} ${shown.cameo_name || ""} (${shown.plover_type || "no PLOVER type"})`;
    const place = e.place_name ? `${e.place_name} (${e.place_country || "?"})` : "no place";
    document.getElementById("event-facts").textContent =
      `${shown.source_code || MISSING} → ${shown.target_code || MISSING}; ${e.date || "no date"}; ${place}; ` +
      `${plural(e.num_mentions, "mention")} in ${plural(e.num_articles, "article")} ` +
      `from ${plural(e.num_sources, "source")}; ` +
      `QuadClass ${shown.quad_class}, Goldstein ${shown.goldstein}` +
      (typeof e.confidence === "number" ? `; confidence ${e.confidence.toFixed(2)}` : "");
    const verdict = document.getElementById("event-verdict");
    verdict.replaceChildren();
    if (data.verdict) {
      verdict.append(el("span", "Readers' verdict: "), verdictBadge(data.verdict));
      if (data.corrected) {
        verdict.append(el("span", ` machine coded ${e.cameo} ${e.source_code || MISSING} → ${e.target_code || MISSING}`));
      }
    }
    const history = document.getElementById("event-corrections");
    history.replaceChildren(...data.corrections.map((c) => el("li",
      `${c.made_at}: ${c.verdict}` +
      [c.cameo && ` cameo ${c.cameo}`, c.source_code && ` source ${c.source_code}`,
        c.target_code && ` target ${c.target_code}`].filter(Boolean).join(",") +
      (c.note ? ` — ${c.note}` : "") + (c.author ? ` (${c.author})` : ""))));
    const list = document.getElementById("mentions");
    list.replaceChildren();
    for (const m of data.mentions) {
      const item = el("li", null, "mention");
      const head = el("div");
      head.append(el("strong", m.article_title || "(untitled)"),
        el("span", ` · ${m.outlet || ""} · ${m.published || "date unknown"} · ${m.field} · ${m.modality}`));
      item.append(head, highlighted(m.sentence, m.evidence_start, m.evidence_end));
      const links = el("div");
      const stored = el("a", "read the stored article");
      stored.href = "#";
      stored.className = "article-link";
      stored.addEventListener("click", (ev) => { ev.preventDefault(); showArticle(m.article, data.event.id); });
      links.append(stored);
      const url = webUrl(m.url);
      if (url) {
        const original = el("a", "original");
        original.href = url;
        original.rel = "noopener noreferrer";
        original.target = "_blank";
        links.append(el("span", " · "), original);
      }
      item.append(links);
      list.append(item);
    }
    document.getElementById("correction-form").hidden = !state.edits;
    document.getElementById("correction-result").textContent = "";
    document.getElementById("article-view").hidden = true;
    bringIntoSight(document.getElementById("event-view"), "event-title");
    if (push) setAddress({ event: data.event.id }, true);
  } catch (error) {
    showError(error);
  }
}

async function showArticle(id, eventId, push = true) {
  try {
    const a = await getJson(`/api/articles/${encodeURIComponent(id)}`);
    document.getElementById("article-title").textContent = a.title || "(untitled)";
    const facts = document.getElementById("article-facts");
    facts.replaceChildren(el("span", `${a.outlet || ""} · ${a.published || "date unknown"} · `));
    const url = webUrl(a.url);
    if (url) {
      const link = el("a", url);
      link.href = url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      facts.append(link);
    }
    const spans = a.mentions.filter((m) => m.field === "text" && m.event === eventId)
      .sort((x, y) => x.start - y.start);
    const body = document.getElementById("article-text");
    body.replaceChildren();
    let at = 0;
    for (const m of spans) {
      if (m.start < at) continue;
      body.append(document.createTextNode(a.text.slice(at, m.start)), el("mark", a.text.slice(m.start, m.end)));
      at = m.end;
    }
    body.append(document.createTextNode(a.text.slice(at)));
    bringIntoSight(document.getElementById("article-view"), "article-title");
    if (push) setAddress({ event: eventId || undefined, article: id }, true);
  } catch (error) {
    showError(error);
  }
}

async function saveCorrection(event) {
  event.preventDefault();
  const form = event.target;
  const token = form.elements.token.value;
  sessionStorage.setItem("eventwire-token", token);
  const body = { verdict: form.elements.verdict.value };
  for (const name of ["cameo", "source_code", "target_code", "note", "author"]) {
    const value = form.elements[name].value.trim();
    if (value) body[name] = value;
  }
  const result = document.getElementById("correction-result");
  try {
    await getJson(`/api/events/${state.event}/corrections`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Eventwire-Token": token },
      body: JSON.stringify(body),
    });
    result.textContent = "saved";
    await Promise.all([showEvent(state.event, false), loadList()]);
  } catch (error) {
    result.textContent = String(error.message || error);
  }
}

// --- wiring ----------------------------------------------------------------------------

async function refresh() {
  document.body.dataset.loaded = "false";
  showError(null);
  setAddress(openView, false);
  document.getElementById("download-geojson").href = withFilters("/api/events.geojson");
  document.getElementById("download-csv").href = withFilters("/api/events.csv");
  try {
    await Promise.all([loadMap(), loadTimeline(), loadList()]);
    document.body.dataset.loaded = "true";
  } catch (error) {
    showError(error);
  }
}

async function start() {
  const form = document.getElementById("filters");
  const given = new URLSearchParams(location.search);
  for (const name of FILTERS) if (given.has(name)) form.elements[name].value = given.get(name);
  form.addEventListener("submit", (event) => { event.preventDefault(); state.offset = 0; refresh(); });
  form.addEventListener("reset", () => setTimeout(() => { state.offset = 0; refresh(); }, 0));
  document.getElementById("period").addEventListener("change", () => loadTimeline().catch(showError));
  document.getElementById("prev-page").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE); loadList().catch(showError);
  });
  document.getElementById("next-page").addEventListener("click", () => {
    state.offset += PAGE; loadList().catch(showError);
  });
  document.getElementById("close-event").addEventListener("click", () => {
    document.getElementById("event-view").hidden = true;
    document.getElementById("article-view").hidden = true;
    setAddress({}, true);
  });
  document.getElementById("close-article").addEventListener("click", () => {
    document.getElementById("article-view").hidden = true;
    setAddress({ event: openView.event }, true);
  });
  window.addEventListener("popstate", () => openFromAddress().catch(showError));
  const correction = document.getElementById("correction-form");
  correction.addEventListener("submit", saveCorrection);
  correction.elements.token.value = sessionStorage.getItem("eventwire-token") || "";
  try {
    const summary = await getJson("/api/stats/summary");
    state.edits = summary.edits;
    document.getElementById("summary").textContent =
      `${summary.events} events from ${summary.articles} articles, ` +
      `${summary.first_day || "?"} to ${summary.last_day || "?"}` +
      (summary.edits ? " · corrections on" : " · read-only");
    await initMap();
  } catch (error) {
    showError(error);
  }
  openView = { event: given.get("event") || undefined, article: given.get("article") || undefined };
  await refresh();
  await openFromAddress();
}

document.addEventListener("DOMContentLoaded", start);
