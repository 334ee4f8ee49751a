// The here-and-now board: reads the board's named queries (/api/levels, /api/indicators,
// /api/alerts, served by se.sakervard.board.BoardServer from sql/board/) and redraws every 15 s.
"use strict";

const LEVEL_NAMES = { 1: "normal", 2: "strained", 3: "severely strained", 4: "critical" };
const STALE_MS = 30 * 60 * 1000;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  children.forEach((c) => e.append(c));
  return e;
}

// ClickHouse renders DateTime64 as "2026-03-02 10:00:00.000" in UTC.
function instant(text) {
  return new Date(text.replace(" ", "T") + "Z");
}

function local(text) {
  return instant(text).toLocaleString("sv-SE", { timeZone: "Europe/Stockholm" }).slice(0, 16);
}

// "as of 10:00, received 3 min ago", marked stale when received more than 30 minutes ago.
function freshness(asOf, received) {
  const age = Date.now() - instant(received).getTime();
  const minutes = Math.max(0, Math.round(age / 60000));
  const mark = el("span", { class: age > STALE_MS ? "fresh stale" : "fresh" },
    `as of ${local(asOf)}, received ${minutes} min ago${age > STALE_MS ? " (stale)" : ""}`);
  return mark;
}

function number(v, digits) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
}

async function rows(name) {
  const response = await fetch(`api/${name}`);
  if (!response.ok) {
    throw new Error(`${name}: HTTP ${response.status} ${await response.text()}`);
  }
  return (await response.json()).data;
}

function drawLevels(levels) {
  const box = document.getElementById("hospitals");
  box.replaceChildren();
  levels.filter((r) => r.level === "HOSPITAL").forEach((h) => {
    const units = levels.filter((u) => u.level === "UNIT" && u.hospital === h.hospital
      && u.here_and_now_level >= 2);
    const card = el("article", { class: `card level-${h.here_and_now_level}`, id: h.hospital, "data-hospital": h.hospital },
      el("h3", {}, h.hospital,
        el("span", { class: `badge level-${h.here_and_now_level}` },
          `${h.here_and_now_level} ${LEVEL_NAMES[h.here_and_now_level]}`)),
      el("ul", {}, ...(h.reasons.length ? h.reasons : ["no input at level 2 or above"]).map((r) => el("li", {}, r))),
      freshness(h.as_of, h.freshness));
    if (h.units_at_level && h.units_at_level.length === 4) {
      card.append(el("p", { class: "unit-counts" }, "Units by level: " + h.units_at_level
        .map((n, i) => `${n} at ${i + 1}`).join(" · ")));
    }
    if (units.length) {
      card.append(el("div", { class: "units" }, `Units at level 2 or above (${units.length}):`,
        el("ul", {}, ...units.map((u) => el("li", { "data-unit": u.unit },
          `${u.unit}: ${u.here_and_now_level} ${LEVEL_NAMES[u.here_and_now_level]} (${u.reasons.join("; ")})`)))));
    }
    box.append(card);
  });
}

function drawAlerts(alerts) {
  const body = document.querySelector("#alerts tbody");
  body.replaceChildren(...alerts.map((a) => el("tr", { class: a.urgency.toLowerCase(), "data-rule": a.rule },
    el("td", {}, local(a.since)),
    el("td", {}, `${a.rule} (${a.urgency.toLowerCase().replace("_", " ")})`),
    el("td", {}, a.unit || a.hospital),
    el("td", {}, number(a.value, 1)),
    el("td", {}, a.acknowledged_by ? `acknowledged by ${a.acknowledged_by}` : a.last_step.toLowerCase()))));
  if (!alerts.length) {
    body.append(el("tr", {}, el("td", { colspan: "5" }, "No open alerts.")));
  }
}

function drawCensus(census) {
  const body = document.querySelector("#census tbody");
  body.replaceChildren(...census.map((c) => el("tr", { "data-hospital": c.hospital },
    el("td", {}, c.hospital), el("td", {}, c.care_type.toLowerCase()),
    el("td", {}, number(c.occupancy_percent, 1)), el("td", {}, number(c.overcrowding_per_100_beds, 1)),
    el("td", {}, number(c.outlying_per_100_beds, 1)), el("td", {}, freshness(c.as_of, c.freshness)))));
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const [levels, alerts, census] = await Promise.all([rows("levels"), rows("alerts"), rows("indicators")]);
    drawLevels(levels);
    drawAlerts(alerts);
    drawCensus(census);
    status.textContent = `Updated ${new Date().toLocaleTimeString("sv-SE", { timeZone: "Europe/Stockholm" })} (Swedish time); refreshes every 15 s.`;
    document.body.dataset.loaded = "true";
  } catch (e) {
    status.textContent = `Could not read the data: ${e.message}. Retrying in 15 s.`;
  }
}

refresh();
setInterval(refresh, 15000);
