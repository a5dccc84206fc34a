// Modal dialogs: a <dialog> with a heading, a form and Save / Cancel. The focus stays inside
// (showModal), Escape cancels, and the focus goes back to whatever opened it.
import { h, nextId } from "../dom.js";
import { t } from "../i18n.js";

// Opens a dialog titled TITLE around the form content BODY. ONSAVE() runs on Save (or Enter):
// the dialog closes when it resolves to anything but false; when it throws, the dialog stays
// open with the message. ONCLOSE(saved) runs once it is closed.
export function formDialog({ title, body, save = t("form.save"), onSave, onClose, wide = false }) {
  const opener = document.activeElement;
  const titleId = nextId("dlg");
  const error = h("p", { class: "field-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "button-primary" }, save);
  const cancel = h("button", { type: "button", class: "button-quiet" }, t("form.cancel"));
  const form = h("form", { method: "dialog", novalidate: true },
    h("h2", { id: titleId }, title), body, error, h("div", { class: "form-actions" }, submit, cancel));
  const dialog = h("dialog", { class: wide ? "confirm wide" : "confirm", "aria-labelledby": titleId }, form);
  let saved = false;
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      if ((await onSave()) !== false) {
        saved = true;
        dialog.close();
      }
    } catch (err) {
      error.textContent = Object.values(err.fields || {})[0] || err.message;
    } finally {
      submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    onClose?.(saved);
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
