// The 360 page of a record whose entity has related sections (meta's "record_sections", e.g.
// /api/v1/client/{id}/related): the profile, then every section the plugins contribute, drawn
// from the section's metadata alone (crm_related_collect(): label, entity, field, items, total,
// more), so a new plugin's section appears without UI code. A section of records whose entity
// sorts newest first by a time (interactions) reads as a timeline; other sections of known
// entities as tables; anything else as a plain list. Quick entries log a call or a meeting, or
// add a task, in two clicks: the button, then Save in a short prefilled form.
import * as api from "../api.js";
import { fill, h, nextId } from "../dom.js";
import { display } from "../format.js";
import { formatDateTime, t } from "../i18n.js";
import { entity, entityLabel, enumLabel, fieldAt, fieldLabel, sectionLabel, titleOf, userId } from "../meta.js";
import { formDialog } from "./dialog.js";
import { control, flatten, showSaveError } from "./form.js";
import { columnLabel, defaultColumns } from "./list.js";
import { fieldRows, recordActions, recordInfo } from "./record.js";

// Quick entries on the sections the clients plugin declares: on a section listing ENTITY, a
// button (label KEY) opening a short form of FIELDS, filled with VALUES ("$now": this moment,
// "$me": the person) and the reference to this record. Fields and values the entity does not
// have are left out; an entry shows only where its section does and the person may create.
const QUICK = [
  { key: "c360.log_call", entity: "interaction", fields: ["kind", "direction", "subject", "outcome", "notes", "at"],
    values: { kind: "call", channel: "phone", direction: "out", at: "$now", employee: "$me" } },
  { key: "c360.log_meeting", entity: "interaction", fields: ["kind", "channel", "subject", "outcome", "notes", "at"],
    values: { kind: "meeting", channel: "branch", direction: "out", at: "$now", employee: "$me" } },
  { key: "c360.add_task", entity: "task", fields: ["title", "due", "priority", "notes"],
    values: { priority: "normal", assignee: "$me" } },
];

const resolve = (v) => (v === "$now" ? new Date().toISOString() : v === "$me" ? userId() : v);
const isEmpty = (v) => v === undefined || v === null || v === "";
const ID_LIKE = /^[0-9a-f]{24}$/;

// The field a section's entity sorts newest first by, when it is a time: its timeline.
function timelineField(se) {
  const sort = se?.default_sort || "";
  const f = sort.startsWith("-") ? fieldAt(se, sort.slice(1)) : null;
  return f && (f.type === "datetime" || f.type === "date") ? f : null;
}

// The short text of a value people read in a timeline: "You" for the person's own id, nothing
// for other ids the page cannot name.
function shortValue(se, f, v) {
  if (v === userId()) return t("record.you");
  if (f.type === "string" && ID_LIKE.test(String(v))) return "";
  return display(se, f.name, f, v);
}

function timeline(se, s, timeField) {
  return h("ol", { class: "timeline" }, s.items.map((item) => {
    const enums = se.fields.filter((f) => f.type === "enum" && !isEmpty(item[f.name]));
    const details = se.fields.filter((f) => ["string", "text"].includes(f.type) && f.name !== se.title_field &&
      f.name !== s.field && !f.sensitive && !isEmpty(item[f.name]));
    // Without a title, the first enum names the item (and is not repeated beside it).
    const untitled = !se.title_field || isEmpty(item[se.title_field]);
    const title = !untitled ? item[se.title_field] : enums.length ? enumLabel(se, enums[0].name, item[enums[0].name]) : item.id;
    if (untitled) enums.shift();
    return h("li", { class: "timeline-item", "data-id": item.id },
      h("time", { datetime: item[timeField.name] }, timeField.type === "date" ? display(se, timeField.name, timeField, item[timeField.name])
        : formatDateTime(item[timeField.name])),
      h("div", { class: "timeline-body" },
        h("a", { href: "#/e/" + se.name + "/" + encodeURIComponent(item.id), class: "timeline-title" }, title),
        enums.length ? h("ul", { class: "chips", "aria-label": t("c360.details") },
          enums.map((f) => h("li", null, enumLabel(se, f.name, item[f.name])))) : null,
        details.map((f) => {
          const v = shortValue(se, f, item[f.name]);
          return v === "" ? null : h("p", { class: f.type === "text" ? "timeline-text" : "timeline-detail" },
            h("span", { class: "label" }, fieldLabel(se, f.name) + ": "), v);
        })));
  }));
}

function table(se, s) {
  const cols = defaultColumns(se).filter((c) => c !== s.field).slice(0, 5);
  return h("div", { class: "table-wrap" }, h("table", { class: "records" },
    h("caption", { class: "sr-only" }, sectionLabel(s)),
    h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, columnLabel(se, c))))),
    h("tbody", null, s.items.map((item) => h("tr", null, cols.map((c, i) => {
      const f = fieldAt(se, c);
      const v = f?.type === "string" && item[c] === userId() ? t("record.you") : display(se, c, f, item[c]);
      return h("td", null, i === 0 ? h("a", { href: "#/e/" + se.name + "/" + encodeURIComponent(item.id) }, v === "" ? titleOf(se, item) : v) : v);
    }))))));
}

// Items of an entity the page does not know: their title, name or label, else their values.
function plainList(s) {
  return h("ul", { class: "plain-items" }, s.items.map((item) => h("li", null,
    item.title || item.name || item.label || Object.entries(item).filter(([, v]) => typeof v !== "object")
      .map(([k, v]) => k + ": " + v).join(", "))));
}

export async function show(root, [name, id], query, ctx) {
  const e = entity(name);
  if (!e) throw new api.ApiError(404, null, name);
  const sectionsPath = e.record_sections.replace("{id}", encodeURIComponent(id));
  const [record, related] = await Promise.all([
    api.get("/api/v1/" + name + "/" + encodeURIComponent(id)),
    api.get(sectionsPath).catch((err) => ({ error: err })),
  ]);
  const title = titleOf(e, record);
  const seen = new Set();
  const badges = e.fields.filter((f) => f.type === "enum" && (f.indexed || f.computed) && !f.sensitive && !isEmpty(record[f.name]))
    .filter((f) => !seen.has(enumLabel(e, f.name, record[f.name])) && seen.add(enumLabel(e, f.name, record[f.name]))).slice(0, 4);
  const quick = h("div", { class: "quick-actions", role: "group", "aria-label": t("c360.quick") });
  const sectionsEl = h("div", { class: "sections-360" });
  const profileId = nextId("profile");
  fill(root,
    h("p", { class: "eyebrow" }, h("a", { href: "#/e/" + name }, entityLabel(e, true))),
    h("div", { class: "page-head" },
      h("h1", null, title),
      badges.length ? h("ul", { class: "chips", "aria-label": t("c360.summary") },
        badges.map((f) => h("li", null, h("span", { class: "sr-only" }, fieldLabel(e, f.name) + ": "), enumLabel(e, f.name, record[f.name])))) : null,
      h("div", { class: "page-actions" }, quick, recordActions(e, record, root, ctx, false))),
    h("div", { class: "layout-360" },
      h("section", { class: "profile-360", "aria-labelledby": profileId },
        h("h2", { id: profileId }, t("c360.profile")),
        h("dl", { class: "record-fields" }, fieldRows(e, e.fields, record, "", true)),
        recordInfo(record)),
      sectionsEl));
  render(related);

  function render(data) {
    if (data.error) {
      fill(sectionsEl, h("p", { class: "inline-error" }, data.error.message));
      fill(quick);
      return;
    }
    const sections = Object.entries(data.sections || {});
    fill(sectionsEl, sections.map(([key, s]) => section(key, s)));
    if (quick.childElementCount) return; // kept, so that the focus can go back to them
    fill(quick, QUICK.map((q) => {
      const found = sections.find(([, s]) => s.entity === q.entity && s.field);
      const qe = entity(q.entity);
      return found && qe?.can?.create ? h("button", { type: "button", class: "button-primary", "data-quick": q.key.split(".")[1],
        onclick: () => quickEntry(q, found[1]) }, t(q.key)) : null;
    }));
  }

  async function reload() {
    render(await api.get(sectionsPath).catch((err) => ({ error: err })));
  }

  function section(key, s) {
    const se = s.entity ? entity(s.entity) : null;
    const headId = nextId("sec");
    const items = s.items || [];
    const timeField = timelineField(se);
    const hasQuick = QUICK.some((q) => q.entity === s.entity);
    const add = se?.can?.create && s.field && !hasQuick
      ? h("a", { class: "button button-quiet", href: "#/e/" + se.name + "/new?" + new URLSearchParams({ [s.field]: id }) }, t("c360.add", { entity: entityLabel(se) })) : null;
    const all = se && s.field && s.more
      ? h("a", { href: "#/e/" + se.name + "?" + new URLSearchParams({ f: JSON.stringify([[s.field, "eq", id]]) }) }, t("c360.show_all", { n: s.total })) : null;
    const body = !items.length ? h("p", { class: "empty" }, t("record.section_empty"))
      : se && timeField ? timeline(se, s, timeField) : se ? table(se, s) : plainList(s);
    return h("section", { class: "related" + (timeField ? " related-timeline" : ""), "aria-labelledby": headId, "data-section": key },
      h("div", { class: "section-head" },
        h("h2", { id: headId }, sectionLabel(s, key), h("span", { class: "badge" }, String(s.total ?? items.length))), add),
      body, all ? h("p", { class: "more" }, all) : null);
  }

  function quickEntry(q, s) {
    const qe = entity(q.entity);
    const controls = q.fields.map((n) => qe.fields.find((f) => f.name === n && !f.computed)).filter(Boolean)
      .map((f) => control(qe, f, f.name, "create"));
    for (const c of controls) if (q.values[c.path] !== undefined) c.write(resolve(q.values[c.path]));
    const summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
    const refLabel = fieldLabel(qe, s.field);
    formDialog({
      title: t(q.key + "_title", { title }),
      wide: true,
      body: [summary,
        h("p", { class: "prefilled" }, refLabel + ": ", h("strong", null, title), " · ", t("c360.by_you")),
        h("div", { class: "quick-form" }, controls.map((c) => c.el))],
      async onSave() {
        const body = { [s.field]: id };
        for (const [k, v] of Object.entries(q.values)) if (fieldAt(qe, k)) body[k] = resolve(v);
        for (const c of controls) {
          const v = c.read();
          if (v === undefined) delete body[c.path];
          else body[c.path] = v;
        }
        try {
          await api.post("/api/v1/" + q.entity, body);
        } catch (err) {
          showSaveError(qe, flatten(controls), summary, err);
          return false;
        }
        ctx.announce(t("c360.saved", { entity: entityLabel(qe) }));
        await reload();
        return true;
      },
    });
    controls.find((c) => c.path === "subject" || c.path === "title")?.focus();
  }
}
