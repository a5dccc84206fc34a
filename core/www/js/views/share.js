// Who a saved thing is shared with (saved reports, groups): only its owner, the owner's unit,
// or everyone holding a role (the roles from /api/v1/roles; the person's own without them).
import * as api from "../api.js";
import { h, nextId } from "../dom.js";
import { t } from "../i18n.js";
import { roles } from "../meta.js";

let roleList = null;
async function allRoles() {
  if (!roleList) {
    roleList = api.get("/api/v1/roles", { noRetry: true })
      .then((r) => r.roles.map((x) => ({ name: x.name, label: x.label || x.name })))
      .catch(() => roles().map((name) => ({ name, label: name })));
  }
  return roleList;
}

// The controls, set to CURRENT ({shared_with, role}); read() gives {shared_with, role?}.
export function shareControls(current = {}) {
  const shareId = nextId("share"), roleId = nextId("role");
  const share = h("select", { id: shareId }, ["private", "unit", "role"].map((s) => h("option", { value: s }, t("share." + s))));
  const role = h("select", { id: roleId });
  const roleField = h("div", { class: "field", hidden: true }, h("label", { for: roleId }, t("share.role_name")), role);
  share.value = current.shared_with || "private";
  roleField.hidden = share.value !== "role";
  share.addEventListener("change", () => { roleField.hidden = share.value !== "role"; });
  allRoles().then((list) => {
    role.replaceChildren(...list.map((r) => h("option", { value: r.name }, r.label)));
    role.value = current.role || roles()[0] || list[0]?.name || "";
  });
  return {
    el: [h("div", { class: "field" }, h("label", { for: shareId }, t("share.label")), share), roleField],
    read: () => (share.value === "role" ? { shared_with: "role", role: role.value } : { shared_with: share.value }),
  };
}
