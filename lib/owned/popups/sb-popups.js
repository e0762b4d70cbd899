// Signalboard on-site messages, served at /sb-popups.js and loaded by /sb.js only on pages that
// have eligible pop-ups (lib/owned/popups/README.md). Plain ES2017 like sb.js. sb.js hands each
// page's eligible templates to window.sbPopups; this script waits for each one's trigger, asks the
// server to confirm just before showing, and shows it as an accessible dialog built from text
// nodes only (a template can never put markup into the store's page).
(() => {
  "use strict";
  const w = window, d = document, sb = w.sb, p = sb && sb._p;
  if (!p || w.sbPopups) return;
  // The sticky A/B arms (per template, kept as long as the visitor id) and the templates this
  // tab already asked about (so a pop-up is offered at most once per visit).
  const ARMS = "_sb_popup_arms", ASKED = "_sb_popups_asked";

  const read = (store, k) => {
    try { return JSON.parse(store.getItem(k)) || {}; } catch (e) { return {}; }
  };
  const write = (store, k, v) => {
    try { store.setItem(k, JSON.stringify(v)); } catch (e) { /* storage disabled: memory only */ }
  };
  const asked = read(sessionStorage, ASKED);
  let timers = [], listeners = [], open = null;

  const report = (name, t, extra) => sb.track(name, Object.assign({ popup_id: t.id }, extra));

  const close = (t, how) => {
    if (!open) return;
    open.box.remove();
    d.removeEventListener("keydown", open.keys, true);
    if (open.before && open.before.focus) open.before.focus();
    open = null;
    report("popup_closed", t, { how });
  };

  const el = (name, attrs, text) => {
    const e = d.createElement(name);
    Object.keys(attrs).forEach((k) => e.setAttribute(k, attrs[k]));
    if (text) e.textContent = text;
    return e;
  };

  const render = (t) => {
    const id = "sb-popup-" + t.id;
    const box = el("div", { style: "position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:rgba(15,23,42,.5);padding:16px" });
    const dialog = el("div", {
      role: "dialog", "aria-modal": "true", "aria-labelledby": id + "-t", "data-sb-popup": t.id,
      style: "background:#fff;color:#0f172a;max-width:420px;width:100%;border-radius:12px;padding:24px;box-shadow:0 10px 30px rgba(0,0,0,.3);font:16px/1.5 system-ui,sans-serif;position:relative;box-sizing:border-box",
    });
    const shut = el("button", { type: "button", "aria-label": "Close", style: "position:absolute;top:8px;right:8px;border:0;background:none;font-size:24px;line-height:1;cursor:pointer;padding:8px" }, "\u00d7");
    dialog.appendChild(el("h2", { id: id + "-t", style: "margin:0 32px 8px 0;font-size:20px" }, t.title));
    if (t.body) dialog.appendChild(el("p", { style: "margin:0 0 16px" }, t.body));
    const focusable = [shut];
    if (t.cta_url && /^https?:\/\//i.test(t.cta_url)) {
      const cta = el("a", { href: t.cta_url, style: "display:inline-block;background:#0f172a;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none" }, t.cta_label || t.cta_url);
      cta.addEventListener("click", () => report("popup_clicked", t, { url: t.cta_url }));
      dialog.appendChild(cta);
      focusable.unshift(cta);
    }
    dialog.appendChild(shut);
    box.appendChild(dialog);
    shut.addEventListener("click", () => close(t, "button"));
    box.addEventListener("click", (e) => { if (e.target === box) close(t, "backdrop"); });
    // Escape closes; Tab stays inside the dialog while it is open.
    const keys = (e) => {
      if (e.key === "Escape") { e.preventDefault(); close(t, "escape"); }
      else if (e.key === "Tab") {
        const i = focusable.indexOf(d.activeElement), next = (i + (e.shiftKey ? -1 : 1) + focusable.length) % focusable.length;
        e.preventDefault();
        focusable[next].focus();
      }
    };
    open = { box, keys, before: d.activeElement };
    d.body.appendChild(box);
    d.addEventListener("keydown", keys, true);
    focusable[0].focus();
    report("popup_shown", t);
  };

  const show = (t) => {
    if (open || asked[t.id]) return;
    // Anonymous-only templates never go to a signed-in member; the rest the server decides.
    if (t.audience === "anonymous" && p.uid()) return;
    asked[t.id] = 1;
    write(sessionStorage, ASKED, asked);
    const arms = read(localStorage, ARMS);
    fetch(p.app + "/api/v1/popups/confirm", {
      method: "POST",
      credentials: "omit",
      body: JSON.stringify({ write_key: p.key, template_id: t.id, anonymous_id: p.id(), user_id: p.uid() || null, url: location.href, arm: arms[t.id] || null }),
    })
      .then((r) => (r.ok ? r.json() : null))
      .then((a) => {
        if (!a) return;
        if (a.arm && p.keep()) { arms[t.id] = a.arm; write(localStorage, ARMS, arms); }
        if (a.show && !open) render(t);
      })
      .catch(() => { /* not confirmed: not shown */ });
  };

  // Each trigger: wait N seconds after the page loads; N seconds of the page being visible; or
  // a tracked event of the given name (sb.track("product_added_to_cart"), for example).
  const arm = (t) => {
    const ms = (t.trigger_seconds || 0) * 1000;
    if (t.trigger_type === "wait") timers.push(setTimeout(() => show(t), ms));
    else if (t.trigger_type === "viewed") {
      let seen = 0;
      const tick = setInterval(() => {
        if (d.visibilityState === "visible") seen += 250;
        if (seen >= ms) { clearInterval(tick); show(t); }
      }, 250);
      timers.push(tick);
    } else if (t.trigger_type === "event") listeners.push((e) => { if (e.event === t.trigger_event) show(t); });
  };

  p.on((e) => listeners.forEach((f) => f(e)));
  // Called with each page's list (an empty one too): the previous page's triggers stop.
  w.sbPopups = (list) => {
    timers.forEach((x) => { clearTimeout(x); clearInterval(x); });
    timers = [];
    listeners = [];
    (list || []).forEach(arm);
  };
})();
