// The start page: lists the entities the running core offers (from /api/v1/meta) and the
// newest records of the one chosen. The full staff UI replaces it.
"use strict";

class HttpError extends Error {
  constructor(path, status) {
    super(path + ": HTTP " + status);
    this.status = status;
  }
}

let csrfToken = "";

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new HttpError(path, r.status);
  return r.json();
}

async function postJson(path, body) {
  const r = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body),
  });
  const data = r.status === 204 ? {} : await r.json();
  if (!r.ok) throw new HttpError(path, r.status);
  return data;
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

function showLogin() {
  document.getElementById("app").hidden = true;
  document.getElementById("logout").hidden = true;
  document.getElementById("who").textContent = "";
  document.getElementById("login").hidden = false;
  document.getElementById("username").focus();
}

async function login(event) {
  event.preventDefault();
  const error = document.getElementById("login-error");
  error.textContent = "";
  try {
    const me = await postJson("/api/v1/auth/login", {
      username: document.getElementById("username").value,
      password: document.getElementById("password").value,
    });
    csrfToken = me.csrf_token;
    document.getElementById("password").value = "";
    document.getElementById("login").hidden = true;
    await start();
  } catch (err) {
    error.textContent = err.status === 429 ? "Too many attempts: wait a few minutes."
                                           : "Wrong user name or password.";
  }
}

async function logout() {
  try { await postJson("/api/v1/auth/logout", {}); } catch (err) { /* already gone */ }
  csrfToken = "";
  document.getElementById("entities").replaceChildren();
  showLogin();
}

async function start() {
  const me = await getJson("/api/v1/auth/me");
  csrfToken = me.csrf_token || csrfToken;
  const meta = await getJson("/api/v1/meta");
  document.getElementById("who").textContent = meta.me.name;
  document.getElementById("logout").hidden = false;
  document.getElementById("app").hidden = false;
  document.getElementById("entities").replaceChildren();
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
  if (err.status === 401) {
    showLogin();
    return;
  }
  document.getElementById("hint").textContent = "Could not load: " + err.message;
  document.getElementById("hint").hidden = false;
}

document.getElementById("login").addEventListener("submit", login);
document.getElementById("logout").addEventListener("click", logout);
start().catch(report);
