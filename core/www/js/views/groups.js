// Saved groups in a list (/api/v1/groups, docs/groups.md): open one of the groups of the
// list's entity the person sees, save the list's search and filters as a dynamic group or the
// selected rows as a static one, and, for an open group they own, share it with their unit or
// a role, remove selected rows (static) or delete it. An open group's members, pages, count
// and exports come from the group's own routes, always within the person's scope.
import * as api from "../api.js";
import { fill, h, nextId } from "../dom.js";
import { t } from "../i18n.js";
import { userId } from "../meta.js";
import { formDialog } from "./dialog.js";
import { shareControls } from "./share.js";

const SHARED = { private: "groups.shared_private", unit: "groups.shared_unit" };
const KINDS = { dynamic: "groups.kind_dynamic", static: "groups.kind_static" };

function sharedText(g) {
  return g.shared_with === "role" ? t("groups.shared_role", { role: g.role }) : t(SHARED[g.shared_with] || SHARED.private);
}

// Fills SLOT for the list of entity E. LIST: {group (the open one or null), params() (the
// list's filter, q, sort), selected() (ids), open(id), close(), clearSelection(), reload(),
// announce(text)}.
export async function groupsPanel(slot, e, list) {
  slot.hidden = false;
  const g = list.group;
  if (g) {
    const mine = g.owner_id === userId();
    const act = groupActions(g, list);
    fill(slot, h("div", { class: "group-bar", role: "group", "aria-label": t("groups.open_group") },
      h("p", { class: "group-name" }, h("span", { class: "label" }, t("groups.group") + ": "), h("strong", null, g.name),
        " · ", t(KINDS[g.kind]), " · ", sharedText(g)),
      mine ? h("button", { type: "button", onclick: act.share }, t("groups.share")) : null,
      mine && g.kind === "static" ? h("button", { type: "button", onclick: act.removeSelected }, t("groups.remove_selected")) : null,
      mine ? h("button", { type: "button", class: "button-quiet", onclick: act.remove }, t("groups.delete")) : null,
      h("button", { type: "button", onclick: () => list.close() }, t("groups.close"))));
    return;
  }
  const pickId = nextId("grp");
  const pick = h("select", { id: pickId, onchange: () => { if (pick.value) list.open(pick.value); } },
    h("option", { value: "" }, t("common.loading")));
  fill(slot, h("div", { class: "group-bar" },
    h("label", { for: pickId }, t("groups.label")), pick,
    h("button", { type: "button", onclick: save }, t("groups.save"))));
  try {
    const items = (await api.get("/api/v1/groups")).items.filter((x) => x.entity === e.name);
    fill(pick, h("option", { value: "" }, items.length ? t("groups.choose") : t("groups.none")),
      items.map((x) => h("option", { value: x.id }, x.name + (x.owner_id === userId() ? "" : " (" + t("groups.shared") + ")"))));
  } catch {
    fill(pick, h("option", { value: "" }, t("groups.none")));
  }

  function save() {
    const selected = list.selected();
    const nameId = nextId("gn"), dynId = nextId("gk"), statId = nextId("gk");
    const nameInput = h("input", { id: nameId, required: true, maxlength: 200 });
    const dyn = h("input", { type: "radio", name: "kind", id: dynId, value: "dynamic", props: { checked: !selected.length } });
    const stat = h("input", { type: "radio", name: "kind", id: statId, value: "static", disabled: !selected.length, props: { checked: selected.length > 0 } });
    const sharing = shareControls();
    formDialog({
      title: t("groups.save_title"),
      body: [h("div", { class: "field" }, h("label", { for: nameId }, t("groups.name")), nameInput),
        h("fieldset", null, h("legend", null, t("groups.kind")),
          h("div", { class: "check" }, dyn, h("label", { for: dynId }, t("groups.dynamic_hint"))),
          h("div", { class: "check" }, stat, h("label", { for: statId }, t("groups.static_hint", { n: selected.length })))),
        sharing.el],
      async onSave() {
        const body = { name: nameInput.value.trim(), entity: e.name, kind: stat.checked ? "static" : "dynamic", ...sharing.read() };
        const p = list.params();
        if (body.kind === "static") body.ids = selected;
        else {
          if (p.filter) body.filter = p.filter;
          if (p.q) body.q = p.q;
        }
        if (p.sort) body.sort = p.sort;
        const made = await api.post("/api/v1/groups", body);
        list.announce(t("groups.saved", { name: made.name }));
        list.open(made.id);
      },
    });
    nameInput.focus();
  }
}

// The actions on an open group G that its owner may take.
function groupActions(g, list) {
  return {
    share() {
      const sharing = shareControls(g);
      formDialog({
        title: t("groups.share_title", { name: g.name }),
        body: sharing.el,
        async onSave() {
          Object.assign(g, await api.patch("/api/v1/groups/" + g.id, { role: null, ...sharing.read() }));
          list.announce(t("groups.shared_done"));
          list.reload();
        },
      });
    },
    async removeSelected() {
      const ids = list.selected();
      if (!ids.length) { list.announce(t("groups.select_first")); return; }
      try {
        Object.assign(g, await api.post("/api/v1/groups/" + g.id + "/ids", { remove: ids }));
      } catch (err) {
        list.announce(err.message);
        return;
      }
      list.clearSelection();
      list.announce(t("groups.removed", { n: ids.length }));
      list.reload();
    },
    async remove() {
      if (!window.confirm(t("groups.delete_confirm", { name: g.name }))) return;
      try {
        await api.del("/api/v1/groups/" + g.id);
      } catch (err) {
        list.announce(err.message);
        return;
      }
      list.announce(t("groups.deleted"));
      list.close();
    },
  };
}
