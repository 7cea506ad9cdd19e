// selfeval: the little the server cannot do. Keyboard like a spreadsheet, problems placed next
// to their fields after a recalculation, amounts shown as 1,234,567.00, and signing in again
// when a session expires while someone types — without losing what they typed.
(function () {
  "use strict";

  // Enter moves down a column, as in a spreadsheet; Shift+Enter moves up. Tab works as always.
  document.addEventListener("keydown", function (e) {
    var el = e.target;
    if (e.key !== "Enter" || el.tagName !== "INPUT" || !el.dataset.col || e.isComposing) return;
    e.preventDefault();
    var inputs = Array.prototype.slice.call(document.querySelectorAll('input[data-col="' + el.dataset.col + '"]'));
    var next = inputs[inputs.indexOf(el) + (e.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); }
  });

  // Problems come back in #problems; show each next to its field and mark the field.
  function placeProblems() {
    var panel = document.getElementById("problems");
    if (!panel) return;
    document.querySelectorAll("[data-problem-for]").forEach(function (ul) { ul.innerHTML = ""; });
    document.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    panel.querySelectorAll("li[data-field]").forEach(function (li) {
      var field = li.dataset.field;
      var input = document.querySelector('[name="' + CSS.escape(field) + '"]');
      var ul = document.querySelector('[data-problem-for="' + CSS.escape(field) + '"]');
      if (!ul && input) {
        ul = document.createElement("ul");
        ul.className = "field-problems";
        ul.dataset.problemFor = field;
        input.insertAdjacentElement("afterend", ul);
      }
      if (ul) {
        var item = document.createElement("li");
        item.className = li.className;
        item.textContent = li.lastChild ? li.lastChild.textContent.trim() : "";
        ul.appendChild(item);
      }
      if (input && li.classList.contains("sev-error")) input.setAttribute("aria-invalid", "true");
    });
  }
  // htmx repeats htmx:oobAfterSwap for every element swapped so far, so place the problems
  // once, after the whole answer has been swapped.
  var placing = false;
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    if (placing || !e.detail || !e.detail.target || e.detail.target.id !== "problems") return;
    placing = true;
    queueMicrotask(function () { placing = false; placeProblems(); });
  });

  // Amounts read 1,234,567.00 once a person leaves the field (only when the text is a plain number).
  document.addEventListener("focusout", function (e) {
    var el = e.target;
    if (el.tagName !== "INPUT" || el.inputMode !== "decimal" || el.readOnly) return;
    var raw = el.value.replace(/[,，\s]/g, "").replace(/元$/, "");
    if (!/^\d+(\.\d{1,2})?$/.test(raw)) return;
    var parts = raw.split(".");
    var grouped = parts[0].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + ((parts[1] || "") + "00").slice(0, 2);
    if (grouped !== el.value) { el.value = grouped; }
  });

  // A 401 means the session expired: ask to sign in again (without taking the focus from the
  // field being typed in), then save what is on the page.
  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr.status !== 401) return;
    var banner = document.getElementById("relogin");
    if (banner) banner.hidden = false;
  });
  document.addEventListener("submit", function (e) {
    if (e.target.id !== "relogin-form") return;
    e.preventDefault();
    var form = e.target;
    fetch("/login", {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRF-Token": form.elements._csrf.value }
    }).then(function (r) {
      if (r.status !== 204) {
        return r.text().then(function (msg) {
          var err = document.getElementById("relogin-error");
          if (msg) err.textContent = msg;
          err.hidden = false;
        });
      }
      document.getElementById("relogin").hidden = true;
      form.elements.password.value = "";
      var autosave = document.getElementById("autosave");
      if (autosave && window.htmx) htmx.trigger(autosave, "save");
    });
  });
})();
