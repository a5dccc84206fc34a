// The start page: lists the entities the running core offers (from /api/v1/meta) and the
// newest records of the one chosen. The full staff UI replaces it.
"use strict";

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

function cellText(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    if ("amount" in v && "currency" in v) return (v.amount / 100).toFixed(2) + " " + v.currency;
    return JSON.stringify(v);
  }
  return String(v);
}

async function showEntity(entity) {
  const table = document.getElementById("records");
  const fields = entity.fields.slice(0, 6).map((f) => f.name);
  const page = await getJson("/api/v1/" + entity.name + "?limit=50&_count=true");
  document.getElementById("title").textContent = entity.label_plural + " (" + page.count + ")";
  document.getElementById("hint").hidden = true;
  const head = document.createElement("tr");
  for (const f of entity.fields.slice(0, 6)) {
    const th = document.createElement("th");
    th.textContent = f.label;
    head.appendChild(th);
  }
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...page.items.map((item) => {
    const tr = document.createElement("tr");
    for (const name of fields) {
      const td = document.createElement("td");
      td.textContent = cellText(item[name]);
      tr.appendChild(td);
    }
    return tr;
  }));
  table.hidden = false;
}

async function start() {
  const meta = await getJson("/api/v1/meta");
  document.getElementById("version").textContent = "core " + meta.version;
  const list = document.getElementById("entities");
  for (const entity of meta.entities) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.textContent = entity.label_plural;
    b.addEventListener("click", () => showEntity(entity).catch(report));
    li.appendChild(b);
    list.appendChild(li);
  }
}

function report(err) {
  document.getElementById("hint").textContent = "Could not load: " + err.message;
  document.getElementById("hint").hidden = false;
}

start().catch(report);
