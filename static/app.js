// selfeval: the little the server cannot do. One save queue that knows what is unsaved,
// saving, saved or failed and never drops a change; the keyboard and clipboard of a
// spreadsheet; rows added, moved and regrouped without a page load; problems placed next to
// their fields; amounts shown as 1,234,567.00; and signing in again when a session expires
// while someone types, without losing what they typed. Without this script the plain form
// still posts and saves.
(function () {
  "use strict";

  var editor = document.getElementById("form-editor");
  var msgEl = document.getElementById("editor-messages");
  var msgs = msgEl ? JSON.parse(msgEl.textContent) : {};
  function t(key, arg) {
    var s = msgs[key] || key;
    return arg === undefined ? s : s.replace(/%[sd]/, arg);
  }

  // The fields a person edits, by interchange path (the other inputs steer requests).
  function isField(name) {
    return name === "project" || name === "budget_weight" || name === "amount_unit" || /^(funds|goals|indicators)\./.test(name);
  }
  function values(form) {
    var m = new Map();
    new FormData(form).forEach(function (v, k) { if (isField(k)) m.set(k, v); });
    return m;
  }
  function isRowPath(k) { return k.indexOf("indicators.") === 0; }
  function rowCount(m) {
    var n = 0;
    m.forEach(function (_, k) {
      var r = /^indicators\.(\d+)\./.exec(k);
      if (r) n = Math.max(n, +r[1] + 1);
    });
    return n;
  }
  function csrfOf(form) { return form.elements._csrf ? form.elements._csrf.value : ""; }

  // ---- The save queue ---------------------------------------------------------------
  // Every change marks the page dirty; a save goes 1 s after the last change, one at a time,
  // with the version the page holds now and, for a merge on the server, what the person
  // changed since that version (base.PATH = the value then). A failed save is retried with
  // backoff; a transition and leaving the page flush it first.
  function Queue(form) {
    this.form = form;
    this.url = form.getAttribute("action");
    this.status = document.getElementById("save-status");
    this.base = values(form);
    this.rowsChanged = false;
    this.rowsEpoch = 0;
    this.dirty = false;
    this.sending = null;
    this.timer = 0;
    this.attempt = 0;
    this.failed = false;
    this.conflicts = new Map();
    this.overwrite = "";
    this.races = 0;
  }
  Queue.prototype.version = function () { return this.form.elements.version.value; };
  Queue.prototype.setVersion = function (v) {
    this.form.elements.version.value = String(v);
    document.querySelectorAll("input[data-page-version]").forEach(function (el) { el.value = String(v); });
  };
  Queue.prototype.show = function (state, text) {
    if (!this.status) return;
    this.status.dataset.state = state;
    this.status.textContent = text;
  };
  Queue.prototype.changed = function () {
    this.dirty = true;
    if (this.conflicts.size > 0) { this.show("conflict", t("form.conflict.pending")); return; }
    if (!this.failed) this.show("unsaved", t("save.unsaved"));
    this.schedule(this.failed ? this.backoff() : 1000);
  };
  Queue.prototype.rowsOp = function () { this.rowsChanged = true; this.rowsEpoch++; this.changed(); };
  Queue.prototype.schedule = function (ms) {
    var q = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { q.flush(); }, ms);
  };
  Queue.prototype.backoff = function () { return Math.min(30000, 1000 * Math.pow(2, this.attempt)); };
  // pending reports whether something is not saved yet.
  Queue.prototype.pending = function () { return this.dirty || this.sending !== null || this.conflicts.size > 0; };

  // body is the save of now: what the person changed since the version the page holds (or,
  // for a send while another is under way, since what that one sent).
  Queue.prototype.body = function (now, against) {
    var b = new URLSearchParams();
    b.set("_csrf", csrfOf(this.form));
    b.set("version", this.version());
    b.set("merge", "1");
    if (this.overwrite) b.set("overwrite", this.overwrite);
    now.forEach(function (v, k) { b.append(k, v); });
    var base = against || this.base, rows = this.rowsChanged || rowCount(now) !== rowCount(base);
    if (rows) b.set("rows_changed", "1");
    base.forEach(function (v, k) {
      if ((rows && isRowPath(k)) || (now.has(k) && now.get(k) !== v)) b.append("base." + k, v);
    });
    return b;
  };

  // flush saves what is unsaved and resolves to true once everything is saved.
  Queue.prototype.flush = function (keepalive) {
    var q = this;
    clearTimeout(this.timer);
    if (this.sending) {
      if (!keepalive) return this.sending.then(function () { return q.dirty ? q.flush() : !q.failed && q.conflicts.size === 0; });
    }
    // A row operation under way changes the rows: save after it.
    if (opPending && !keepalive) return opPending.then(function () { return q.flush(); });
    if (!this.dirty) return Promise.resolve(!this.failed && this.conflicts.size === 0);
    if (this.conflicts.size > 0) return Promise.resolve(false);
    var now = values(this.form), body = this.body(now, this.sending ? this.inflight : null), epoch = this.rowsEpoch;
    this.inflight = now;
    this.dirty = false;
    this.overwrite = "";
    if (!this.failed) this.show("saving", t("save.saving"));
    var p = fetch(this.url, {
      method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Accept": "application/json", "HX-Request": "true", "X-CSRF-Token": csrfOf(this.form) }
    }).then(function (r) {
      return r.text().then(function (text) { return q.answer(r.status, text, now, epoch); });
    }, function () {
      return q.fail(t("save.offline"), true);
    }).then(function (ok) {
      if (q.sending === p) q.sending = null;
      // Someone saved between the server's read and write: send again, merged this time.
      if (ok === "retry") return ++q.races < 5 ? q.flush() : q.fail(t("save.busy"), true);
      q.races = 0;
      if (ok && q.dirty) return q.flush();
      return ok;
    });
    this.sending = p;
    return p;
  };

  Queue.prototype.fail = function (reason, retry) {
    this.dirty = true;
    this.failed = true;
    this.attempt++;
    this.show("failed", t(retry ? "save.failed" : "save.failed_final", reason));
    if (retry) this.schedule(this.backoff());
    return false;
  };

  Queue.prototype.answer = function (status, text, sent, epoch) {
    var ans = null;
    try { ans = JSON.parse(text); } catch (e) { ans = null; }
    if (status === 409 && ans && ans.retry) { this.dirty = true; return "retry"; }
    if (status === 401) {
      var banner = document.getElementById("relogin");
      if (banner) banner.hidden = false;
      return this.fail(t("save.session"), false);
    }
    if (status >= 500 || status === 0 || status === 408 || status === 429) {
      return this.fail(text && text.length < 200 ? text : String(status), true);
    }
    if (status !== 200 || !ans) return this.fail(text && text.length < 200 ? text : String(status), false);
    this.failed = false;
    this.attempt = 0;
    if (ans.version < +this.version()) return this.conflicts.size === 0; // a later save answered first
    this.setVersion(ans.version);
    this.base = new Map(sent);
    if (this.rowsEpoch === epoch) this.rowsChanged = false;
    this.merge(ans, sent);
    if (this.conflicts.size > 0) this.show("conflict", t("form.conflict.pending"));
    else if (this.dirty) this.show("unsaved", t("save.unsaved"));
    else this.show("saved", ans.saved_at);
    return this.conflicts.size === 0;
  };

  // merge shows what others saved meanwhile: their fields, their rows, and the conflicts.
  Queue.prototype.merge = function (ans, sent) {
    var q = this, form = this.form, notice = document.getElementById("merge-notice");
    if (ans.rows) {
      swapRows(ans.rows, true);
      values(form).forEach(function (v, k) { if (isRowPath(k)) q.base.set(k, v); });
      Array.from(q.base.keys()).forEach(function (k) { if (isRowPath(k) && !form.elements[k]) q.base.delete(k); });
    }
    (ans.theirs || []).forEach(function (f) {
      q.base.set(f.Path, f.Value);
      var el = form.elements[f.Path];
      if (el && el.value === sent.get(f.Path)) { el.value = f.Value; el.classList.add("merged"); }
    });
    (ans.conflicts || []).forEach(function (c) {
      if (c.path !== "indicators") q.base.set(c.path, c.theirs);
      q.conflicts.set(c.path, c);
      showConflict(q, c);
    });
    if (notice && ans.merged) { notice.textContent = ans.merged; notice.hidden = false; }
    if ((ans.theirs && ans.theirs.length) || ans.rows) recalc();
  };

  // resolve ends a conflict with the person's choice and saves.
  Queue.prototype.resolve = function (c, mine) {
    var el = this.form.elements[c.path];
    if (c.path === "indicators") {
      // Mine: save the page's rows over theirs. Theirs: the page's rows are then no change
      // of the person's, and the next save brings the stored rows.
      if (mine) this.overwrite = this.version();
      else this.rowsChanged = false;
    } else if (el) {
      el.value = mine ? c.mine : c.theirs;
    }
    this.conflicts.delete(c.path);
    var box = document.querySelector('[data-conflict-for="' + CSS.escape(c.path) + '"]');
    if (box) box.remove();
    this.changed();
    recalc();
  };

  function showConflict(q, c, quiet) {
    var old = document.querySelector('[data-conflict-for="' + CSS.escape(c.path) + '"]');
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "field-conflict";
    box.dataset.conflictFor = c.path;
    box.dataset.testid = "field-conflict";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = c.message;
    box.appendChild(p);
    [["form.conflict.mine", true], ["form.conflict.theirs", false]].forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = t(b[0]);
      btn.dataset.testid = b[1] ? "keep-mine" : "take-theirs";
      btn.addEventListener("click", function () { q.resolve(c, b[1]); });
      box.appendChild(btn);
    });
    var el = q.form.elements[c.path];
    if (el && el.insertAdjacentElement) el.insertAdjacentElement("afterend", box);
    else document.getElementById("merge-notice").insertAdjacentElement("afterend", box);
    if (!quiet) box.scrollIntoView({ block: "center" });
  }

  var queue = editor && msgEl ? new Queue(editor) : null;

  function recalc() { if (editor && window.htmx) htmx.trigger(editor, "recalc"); }

  // ---- Figures as one types -------------------------------------------------------------
  // Each keystroke posts the form at once (a request still in flight is given up) and applies
  // the figures that come back in one pass, writing only the texts that differ; the problems
  // come only when the server finds them changed (the page sends the digest of those it
  // shows). A change of the rows' grouping is answered {"r":1}: the rows are asked for anew.
  // While figures are on their way the editor is aria-busy (a rows' redraw through htmx
  // carries the class htmx-request instead).
  var inflight = null, pendingFigures = Promise.resolve();
  function figures() {
    if (inflight) inflight.abort();
    if (window.htmx) htmx.trigger(editor, "htmx:abort");
    var ctl = inflight = new AbortController(), settle;
    pendingFigures = new Promise(function (resolve) { settle = resolve; });
    editor.setAttribute("aria-busy", "true");
    var body = new URLSearchParams(new FormData(editor));
    var panel = document.getElementById("problems");
    body.set("digest", panel ? panel.dataset.digest || "" : "");
    fetch(editor.getAttribute("hx-post"), {
      method: "POST", body: body, credentials: "same-origin", signal: ctl.signal,
      headers: { "Accept": "application/json", "X-CSRF-Token": csrfOf(editor) }
    }).then(function (r) {
      if (r.status === 401) {
        var banner = document.getElementById("relogin");
        if (banner) banner.hidden = false;
      }
      return r.ok ? r.json() : null;
    }).then(function (ans) {
      if (inflight !== ctl) return;
      inflight = null;
      if (ans) applyFigures(ans);
      editor.removeAttribute("aria-busy");
    }).catch(function () {
      // Given up for a newer keystroke, or offline: the next keystroke asks again.
      if (inflight === ctl) { inflight = null; editor.removeAttribute("aria-busy"); }
    }).then(settle);
  }
  function applyFigures(ans) {
    if (ans.r) { recalc(); return; }
    for (var i = 0; i < ans.f.length; i++) {
      var el = document.getElementById(ans.f[i][0]);
      if (el && el.textContent !== ans.f[i][1]) el.textContent = ans.f[i][1];
    }
    if (ans.p !== undefined) { replaceWithHTML("problems", ans.p); placeProblems(); }
    if (ans.w !== undefined) { replaceWithHTML("submit-why", ans.w); blockSubmit(); }
  }
  function replaceWithHTML(id, html) {
    var old = document.getElementById(id), tpl = document.createElement("template");
    tpl.innerHTML = html;
    if (old && tpl.content.firstElementChild) old.replaceWith(tpl.content.firstElementChild);
  }
  // 提交 is marked disabled while the reason beside it counts problems that block it. It is
  // aria-disabled, not disabled: a click on it is never lost (the answer to the keystroke
  // before may have marked it a moment ago); the submit handler decides once all is saved.
  function blockSubmit() {
    var submit = document.getElementById("submit-button"), why = document.getElementById("submit-why");
    if (!submit || !why) return;
    if (+why.dataset.blocking > 0) submit.setAttribute("aria-disabled", "true");
    else submit.removeAttribute("aria-disabled");
  }
  // figuresSettled resolves once the figures of the last keystroke are on the page.
  function figuresSettled() {
    var p = pendingFigures;
    return p.then(function () { return p === pendingFigures ? null : figuresSettled(); });
  }
  if (editor && editor.getAttribute("hx-post")) {
    editor.addEventListener("input", function (e) { if (isField(e.target.name || "")) figures(); });
  }

  if (queue) {
    editor.addEventListener("input", function (e) { if (isField(e.target.name || "")) queue.changed(); });
    editor.addEventListener("change", function (e) { if (e.target.tagName === "SELECT" && isField(e.target.name || "")) queue.changed(); });

    // Leaving the page sends what is unsaved with keepalive; where that cannot be trusted
    // (the last save failed, a conflict waits, the body is too large), the browser asks.
    var leave = function (e) {
      if (!queue.pending()) return;
      var sure = !queue.failed && queue.conflicts.size === 0 && queue.body(values(editor)).toString().length < 60000;
      if (queue.dirty && sure) queue.flush(true);
      if (!sure && e && e.type === "beforeunload") { e.preventDefault(); e.returnValue = t("save.leave"); }
    };
    window.addEventListener("beforeunload", leave);
    window.addEventListener("pagehide", leave);
    // A tab hidden (not left) saves as usual, one save at a time.
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden" && !queue.sending) leave(); });
  }

  // A transition (submit, withdraw, return, approve, reopen) first saves what is unsaved,
  // then acts on the version it saved; anything marked data-confirm asks first.
  document.addEventListener("submit", function (e) {
    var form = e.target, btn = e.submitter;
    var ask = (btn && btn.dataset.confirm) || form.dataset.confirm;
    if (ask && !window.confirm(ask)) { e.preventDefault(); return; }
    if (!form.dataset.transition || !queue) return;
    e.preventDefault();
    if (btn) btn.disabled = true;
    queue.flush().then(function (ok) {
      return ok && figuresSettled().then(function () { return true; });
    }).then(function (ok) {
      if (btn) btn.disabled = false;
      if (!ok) return;
      // 提交 while problems block it: show the first of them instead.
      if (btn && btn.getAttribute("aria-disabled") === "true") {
        var first = document.querySelector("[data-testid=first-blocking]");
        var field = first && document.getElementById(first.getAttribute("href").slice(1));
        if (field) { field.scrollIntoView({ block: "center" }); field.focus(); }
        return;
      }
      form.elements.version.value = queue.version();
      if (btn && btn.name) {
        var h = document.createElement("input");
        h.type = "hidden"; h.name = btn.name; h.value = btn.value;
        form.appendChild(h);
      }
      HTMLFormElement.prototype.submit.call(form);
    });
  }, true);

  // ---- Rows: add, move, delete and regroup without a page load ------------------------
  function rowFilled(btn) {
    var tr = btn.closest("tr");
    return !!tr && Array.prototype.some.call(tr.querySelectorAll("input[data-col],textarea[data-col]"), function (el) {
      return el.dataset.col !== "level1" && el.dataset.col !== "level2" && el.value.trim() !== "";
    });
  }
  if (editor) {
    editor.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest('button[name="op"]');
      if (!btn || !queue || !window.htmx) return;
      e.preventDefault();
      if (btn.value === "save") { queue.dirty = true; queue.flush(); return; }
      // Enter in a text field makes the browser click the form's first button: ignore it.
      if (e.detail === 0 && document.activeElement !== btn && !btn.dataset.keyed) return;
      delete btn.dataset.keyed;
      if (queue.conflicts.size > 0) { queue.show("conflict", t("form.conflict.pending")); return; }
      if (btn.dataset.confirmFilled && rowFilled(btn) && !window.confirm(btn.dataset.confirmFilled)) return;
      rowOp(btn.value, {});
    });
  }
  // A row operation is its own request (a keystroke's recalculation must not cancel it):
  // the server applies it to what the page holds and answers the rows anew, out of band.
  var opPending = null;
  function rowOp(op, extra) {
    var body = new URLSearchParams(new FormData(editor));
    body.set("op", op);
    Object.keys(extra).forEach(function (k) { body.set(k, extra[k]); });
    var p = fetch(editor.getAttribute("hx-post"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRF-Token": csrfOf(editor) }
    }).then(function (r) {
      return r.text().then(function (html) {
        if (!r.ok) { queue.show("failed", t("save.failed_final", html.length < 200 ? html : String(r.status))); return; }
        htmx.swap(editor, html, { swapStyle: "none" });
        var focus = /"selfeval:focus":"([^"]+)"/.exec(r.headers.get("HX-Trigger-After-Swap") || "");
        var el = focus && document.getElementById(focus[1]);
        if (el) { el.focus(); el.scrollIntoView({ block: "nearest" }); }
        queue.rowsOp();
      });
    }, function () {
      queue.show("failed", t("save.failed", t("save.offline")));
    }).then(function () { if (opPending === p) opPending = null; });
    opPending = p;
    return p;
  }

  // Replacing the rows keeps the focus, the caret and what was typed meanwhile.
  var kept = null;
  function keepFocus() {
    var a = document.activeElement;
    // After a row operation the rows under an id are other rows: keep the focus, not the text.
    kept = a && a.id && editor.contains(a) ? { id: a.id, value: a.value, start: a.selectionStart, end: a.selectionEnd, op: !!opPending } : null;
  }
  function restoreFocus() {
    if (!kept) return;
    var el = document.getElementById(kept.id);
    if (el) {
      if (!kept.op && el.value !== kept.value) el.value = kept.value;
      el.focus();
      try { el.setSelectionRange(kept.start, kept.end); } catch (err) { /* not a text field */ }
    }
    kept = null;
  }
  function swapRows(html, focusOnly) {
    keepFocus();
    if (kept && focusOnly) kept.op = true;
    var tpl = document.createElement("template");
    tpl.innerHTML = "<table>" + html + "</table>";
    var fresh = tpl.content.querySelector("#indicator-body");
    var old = document.getElementById("indicator-body");
    if (fresh && old) {
      old.replaceWith(fresh);
      if (window.htmx) htmx.process(fresh);
    }
    restoreFocus();
    reshowConflicts();
  }
  // Conflict notes beside fields in the rows go when the rows are shown anew: show them again.
  function reshowConflicts() {
    if (queue) queue.conflicts.forEach(function (c) { if (c.path !== "indicators") showConflict(queue, c, true); });
  }
  document.addEventListener("htmx:oobBeforeSwap", function (e) {
    if (e.detail && e.detail.target && e.detail.target.id === "indicator-body") keepFocus();
  });

  // ---- Keyboard as in a spreadsheet ---------------------------------------------------
  // Enter never submits: it moves down a column of the tables (Shift+Enter up) and to the
  // next field elsewhere. Up and Down move within a column; Left and Right at the ends of
  // a cell's text move to the cell beside it.
  function column(el) {
    return Array.prototype.slice.call(editor.querySelectorAll('[data-col="' + el.dataset.col + '"]:not([hidden])'));
  }
  function rowCells(el) {
    var tr = el.closest("tr");
    return tr ? Array.prototype.slice.call(tr.querySelectorAll("input[data-col],textarea[data-col]")) : [];
  }
  function go(el) {
    if (!el) return false;
    el.focus();
    if (el.select) el.select();
    return true;
  }
  function nextField(el, step) {
    var all = Array.prototype.slice.call(editor.querySelectorAll("input:not([type=hidden]),textarea,select"))
      .filter(function (x) { return !x.disabled && x.tabIndex >= 0 && x.offsetParent !== null; });
    return all[all.indexOf(el) + step];
  }
  function rowOf(el) { var r = parseInt(el.dataset.row, 10); return isNaN(r) ? -1 : r; }
  if (editor) {
    editor.addEventListener("keypress", function (e) {
      var el = e.target;
      if (e.key === "Enter" && !e.altKey && (el.tagName === "INPUT" || (el.tagName === "TEXTAREA" && el.dataset.col))) e.preventDefault();
    });
    editor.addEventListener("keydown", function (e) {
      var el = e.target;
      if (e.isComposing || e.keyCode === 229 || e.ctrlKey || e.metaKey) return;
      var tag = el.tagName, inCell = !!el.dataset.col, row = rowOf(el);
      if (e.altKey) {
        // Alt+Enter: a new line within a cell. Alt+Insert, Alt+Delete, Alt+↑ and Alt+↓: the
        // row menu from the keyboard (insert below, delete, move up, move down).
        if (e.key === "Enter" && tag === "TEXTAREA") {
          e.preventDefault();
          el.setRangeText("\n", el.selectionStart, el.selectionEnd, "end");
          el.dispatchEvent(new Event("input", { bubbles: true }));
          return;
        }
        var op = { Insert: "add", Delete: "del", ArrowUp: "up", ArrowDown: "down" }[e.key];
        if (op && row >= 0 && queue && window.htmx) {
          e.preventDefault();
          var btn = editor.querySelector('button[name="op"][value="' + op + ":" + row + '"]');
          if (btn && !btn.disabled) { btn.dataset.keyed = "1"; btn.click(); }
        }
        return;
      }
      if (e.key === "Enter" && (tag === "INPUT" || (tag === "TEXTAREA" && inCell))) {
        e.preventDefault();
        if (inCell) {
          var col = column(el);
          go(col[col.indexOf(el) + (e.shiftKey ? -1 : 1)]);
        } else {
          go(nextField(el, e.shiftKey ? -1 : 1));
        }
        return;
      }
      if (!inCell || (tag !== "INPUT" && tag !== "TEXTAREA")) return;
      // A cell just moved to has all its text selected, as in a spreadsheet: arrows move on.
      var collapsed = el.selectionStart === el.selectionEnd;
      var whole = el.selectionStart === 0 && el.selectionEnd === el.value.length;
      var atStart = whole || (collapsed && el.selectionStart === 0), atEnd = whole || (collapsed && el.selectionEnd === el.value.length);
      if ((e.key === "ArrowDown" && (tag === "INPUT" || atEnd)) || (e.key === "ArrowUp" && (tag === "INPUT" || atStart))) {
        var c = column(el);
        if (go(c[c.indexOf(el) + (e.key === "ArrowUp" ? -1 : 1)])) e.preventDefault();
        return;
      }
      if (e.key === "ArrowLeft" && atStart) {
        var r = rowCells(el);
        if (go(r[r.indexOf(el) - 1])) e.preventDefault();
      } else if (e.key === "ArrowRight" && atEnd) {
        var r2 = rowCells(el);
        if (go(r2[r2.indexOf(el) + 1])) e.preventDefault();
      }
    });
  }

  // ---- Clipboard: a block from Excel or WPS fills the cells to the right and below ------
  var pasteCols = ["level1", "level2", "name", "target", "actual", "weight", "score", "deviation"];
  function clipboardGrid(data) {
    var html = data.getData("text/html");
    if (html && /<table/i.test(html)) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var rows = Array.prototype.map.call(doc.querySelectorAll("tr"), function (tr) {
        return Array.prototype.map.call(tr.querySelectorAll("td,th"), function (td) { return td.textContent.replace(/\s+/g, " ").trim(); });
      }).filter(function (r) { return r.length > 0; });
      if (rows.length > 1 || (rows[0] && rows[0].length > 1)) return rows;
    }
    // Text without tabs is prose (a paragraph or two from Word): it pastes as usual.
    var text = (data.getData("text/plain") || "").replace(/\r\n?/g, "\n").replace(/\n$/, "");
    if (text.indexOf("\t") < 0) return null;
    return tsvRows(text);
  }
  // tsvRows splits tab-separated text as spreadsheets write it: a cell in double quotes may
  // hold tabs, newlines and doubled quotes.
  function tsvRows(text) {
    var rows = [[]], cell = "", i = 0, quoted = false;
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i++; continue; }
        cell += ch; i++; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i++; continue; }
      if (ch === "\t") { rows[rows.length - 1].push(cell.trim()); cell = ""; i++; continue; }
      if (ch === "\n") { rows[rows.length - 1].push(cell.trim()); rows.push([]); cell = ""; i++; continue; }
      cell += ch; i++;
    }
    rows[rows.length - 1].push(cell.trim());
    return rows;
  }
  var undoBar = null;
  if (queue) {
    editor.addEventListener("paste", function (e) {
      var el = e.target, row = parseInt(el.dataset && el.dataset.row, 10), c0 = pasteCols.indexOf(el.dataset && el.dataset.col);
      if (isNaN(row) || c0 < 0 || !e.clipboardData) return;
      var grid = clipboardGrid(e.clipboardData);
      if (!grid) return;
      e.preventDefault();
      var before = values(editor), rowsBefore = rowCount(before), extra = {}, added = false, written = {};
      grid.forEach(function (cells, dr) {
        cells.forEach(function (v, dc) {
          var col = pasteCols[c0 + dc];
          if (!col) return;
          var path = "indicators." + (row + dr) + "." + col, input = editor.elements[path];
          written[path] = v;
          if (input) input.value = v; else { extra[path] = v; added = true; }
        });
      });
      var done = added ? rowOp("paste", extra) : Promise.resolve(queue.changed());
      if (!added) recalc();
      done.then(function () { showUndo(grid.length, before, rowsBefore, written); });
    });
  }
  // showUndo offers to put back what the paste wrote over, where it still holds the paste.
  function showUndo(n, before, rowsBefore, written) {
    if (undoBar) undoBar.remove();
    undoBar = document.createElement("div");
    undoBar.className = "paste-bar";
    undoBar.dataset.testid = "paste-bar";
    undoBar.setAttribute("role", "status");
    var span = document.createElement("span");
    span.textContent = t("form.pasted", n) + " · ";
    var btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = t("form.undo");
    btn.dataset.testid = "paste-undo";
    btn.addEventListener("click", function () {
      undoBar.remove();
      undoBar = null;
      var restore = {};
      Object.keys(written).forEach(function (k) {
        var el = editor.elements[k];
        if (el && el.value === written[k] && before.has(k)) restore[k] = before.get(k);
      });
      if (rowCount(values(editor)) !== rowsBefore) {
        rowOp("keep:" + rowsBefore, restore);
      } else {
        Object.keys(restore).forEach(function (k) { editor.elements[k].value = restore[k]; });
        queue.changed();
        recalc();
      }
    });
    undoBar.appendChild(span);
    undoBar.appendChild(btn);
    document.body.appendChild(undoBar);
  }

  // ---- Level labels: the profile's vocabulary suggested under the cell being typed in ------
  var suggest = null;
  function hideSuggest() { if (suggest) { suggest.remove(); suggest = null; } }
  function showSuggest(el) {
    hideSuggest();
    var list = document.getElementById(el.dataset.suggest);
    if (!list || el.readOnly) return;
    var typed = el.value.trim();
    var words = Array.prototype.map.call(list.options, function (o) { return o.value; })
      .filter(function (w) { return w !== typed && (typed === "" || w.indexOf(typed) >= 0); }).slice(0, 8);
    if (words.length === 0) return;
    suggest = document.createElement("ul");
    suggest.className = "suggest";
    suggest.setAttribute("role", "listbox");
    words.forEach(function (w) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.textContent = w;
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
        el.value = w;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        hideSuggest();
      });
      suggest.appendChild(li);
    });
    el.insertAdjacentElement("afterend", suggest);
  }
  if (editor) {
    editor.addEventListener("focusin", function (e) { if (e.target.dataset && e.target.dataset.suggest) showSuggest(e.target); });
    editor.addEventListener("input", function (e) { if (e.target.dataset && e.target.dataset.suggest) showSuggest(e.target); });
    editor.addEventListener("focusout", function (e) { if (e.target.dataset && e.target.dataset.suggest) hideSuggest(); });
    editor.addEventListener("keydown", function (e) { if (e.key === "Escape") hideSuggest(); });
  }

  // ---- Problems next to their fields; the grade choice where a person must choose -----
  function placeProblems() {
    var panel = document.getElementById("problems");
    if (!panel) return;
    document.querySelectorAll("[data-problem-for]").forEach(function (ul) { ul.innerHTML = ""; });
    document.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var needGrade = {};
    panel.querySelectorAll("li[data-field]").forEach(function (li) {
      var field = li.dataset.field;
      if (/\.achievement$/.test(field)) needGrade[field] = true;
      var input = document.querySelector('[name="' + CSS.escape(field) + '"]');
      var ul = document.querySelector('[data-problem-for="' + CSS.escape(field) + '"]');
      if (!ul && input) {
        ul = document.createElement("ul");
        ul.className = "field-problems";
        ul.dataset.problemFor = field;
        (input.closest("label") || input).insertAdjacentElement("afterend", ul);
      }
      if (ul) {
        var item = document.createElement("li");
        item.className = li.className;
        item.textContent = li.lastChild ? li.lastChild.textContent.trim() : "";
        ul.appendChild(item);
      }
      if (input && li.classList.contains("sev-error")) input.setAttribute("aria-invalid", "true");
    });
    document.querySelectorAll(".grade-choice select").forEach(function (sel) {
      sel.closest(".grade-choice").hidden = !sel.value && !needGrade[sel.name];
    });
  }
  // htmx repeats htmx:oobAfterSwap for every element swapped so far, so place the problems
  // once, after the whole answer has been swapped.
  var placing = false;
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    if (!e.detail || !e.detail.target) return;
    if (e.detail.target.id === "indicator-body") { restoreFocus(); reshowConflicts(); }
    if (e.detail.target.id === "submit-why") blockSubmit();
    if (placing || e.detail.target.id !== "problems") return;
    placing = true;
    queueMicrotask(function () { placing = false; placeProblems(); });
  });

  // The print page's button (no inline script: the content security policy allows none).
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) window.print();
  });

  // Amounts read 1,234,567.00 once a person leaves the field (only when the text is a plain
  // number): two places in 元; in 万元 the places the amount has, two to six (207.4538).
  document.addEventListener("focusout", function (e) {
    var el = e.target;
    if (el.tagName !== "INPUT" || !/^funds\./.test(el.name) || el.readOnly) return;
    var unit = el.form && el.form.elements["amount_unit"];
    var wan = !!unit && unit.value === "万元";
    var raw = el.value.replace(/[,，\s]/g, "").replace(wan ? /万元$/ : /元$/, "");
    if (!(wan ? /^\d+(\.\d{1,6})?$/ : /^\d+(\.\d{1,2})?$/).test(raw)) return;
    var parts = raw.split(".");
    var frac = (parts[1] || "").replace(/0+$/, "");
    if (frac.length < 2 || !wan) frac = (frac + "00").slice(0, 2);
    var grouped = parts[0].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + frac;
    if (grouped !== el.value) { el.value = grouped; }
  });

  // A 401 means the session expired: ask to sign in again (without taking the focus from the
  // field being typed in), then save what is on the page.
  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr.status !== 401) return;
    var banner = document.getElementById("relogin");
    if (banner) banner.hidden = false;
  });
  // A refusal that says why in place of what was sent (a review score refused, 422, or changed
  // meanwhile, 409) is swapped in like an answer, where the page asks for it.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var st = e.detail.xhr.status;
    if ((st === 409 || st === 422) && e.detail.elt.closest("[data-swap-refusals]")) { e.detail.shouldSwap = true; e.detail.isError = false; }
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
      // The new session has its own CSRF token: every form of the page and htmx take it.
      var tok = r.headers.get("X-CSRF-Token");
      if (tok) {
        document.querySelectorAll('input[name="_csrf"]').forEach(function (el) { el.value = tok; });
        document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRF-Token": tok }));
      }
      document.getElementById("relogin").hidden = true;
      form.elements.password.value = "";
      if (queue) { queue.failed = false; queue.dirty = true; queue.flush(); }
    });
  });

  // ---- Why this figure --------------------------------------------------------------
  // Hovering over the ? beside a computed figure, or tapping it, shows the rules that made the
  // figure with their inputs and sources, for the form as the page holds it now (typed, saved
  // or not). Escape, a tap elsewhere or leaving it hides it.
  if (editor && editor.getAttribute("hx-post")) {
    var pop = document.createElement("div");
    pop.className = "explain-pop";
    pop.id = "explain-pop";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    document.body.appendChild(pop);
    var asked = null, askSeq = 0, hoverTimer = 0;
    var explainURL = editor.getAttribute("hx-post").replace(/\/recalc$/, "/explain");
    var place = function (btn) {
      var r = btn.getBoundingClientRect();
      pop.hidden = false;
      var w = Math.min(pop.offsetWidth, document.documentElement.clientWidth - 16);
      pop.style.left = Math.max(8, Math.min(window.scrollX + r.right - w, window.scrollX + document.documentElement.clientWidth - w - 8)) + "px";
      pop.style.top = (window.scrollY + r.bottom + 6) + "px";
      btn.setAttribute("aria-describedby", "explain-pop");
    };
    var hide = function () {
      askSeq++;
      if (asked) asked.removeAttribute("aria-describedby");
      asked = null;
      pop.hidden = true;
    };
    var ask = function (btn) {
      if (asked === btn && !pop.hidden) return;
      hide();
      asked = btn;
      var my = askSeq;
      var body = new URLSearchParams(new FormData(editor));
      body.set("figure", btn.dataset.explain);
      fetch(explainURL, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRF-Token": csrfOf(editor) } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { if (my === askSeq) { pop.innerHTML = html; place(btn); } })
        .catch(function () { if (my === askSeq) { pop.textContent = t("explain.failed"); place(btn); } });
    };
    document.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest("[data-explain]");
      if (btn) { e.preventDefault(); if (asked === btn && !pop.hidden) hide(); else ask(btn); return; }
      if (!pop.contains(e.target)) hide();
    });
    document.addEventListener("mouseover", function (e) {
      var btn = e.target.closest && e.target.closest("[data-explain]");
      clearTimeout(hoverTimer);
      if (btn) hoverTimer = setTimeout(function () { ask(btn); }, 300);
    });
    document.addEventListener("mouseout", function (e) {
      var btn = e.target.closest && e.target.closest("[data-explain]");
      if (btn && btn === asked && !(e.relatedTarget && (btn.contains(e.relatedTarget) || pop.contains(e.relatedTarget)))) {
        clearTimeout(hoverTimer);
        hide();
      }
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !pop.hidden) hide(); });
    // A figure that changed is explained anew when asked again.
    editor.addEventListener("input", function () { if (!pop.hidden) hide(); });
  }
})();
