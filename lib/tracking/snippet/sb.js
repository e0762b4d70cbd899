// Signalboard browser snippet, served at /sb.js. Plain ES2017 with no dependencies: it runs on
// any store's pages, so it needs no build step, no polyfill, and nothing the store's own scripts
// could clash with. Install and consent modes: README.md, "First-party tracking".
(() => {
  "use strict";
  const w = window, d = document, n = navigator, loc = location, VERSION = "1.2.0";
  const stub = w.sb || {};
  if (stub.version) return; // pasted twice: the first copy keeps running

  const tag = d.currentScript || {};
  const data = tag.dataset || {};
  const KEY = stub.k || data.key;
  const ENDPOINT = stub.e || data.endpoint || (tag.src ? new URL(tag.src).origin : "") + "/api/v1/track";
  // The app's origin: the pop-ups' endpoints and script live beside the event API.
  const APP = ENDPOINT.replace(/\/api\/v1\/track$/, "");
  if (!KEY) return;

  // How often and how much is sent: small batches keep a request under the endpoint's limits
  // (100 events, 64 KB) and a beacon under the browser's 64 KB.
  const BATCH = 20, FLUSH_MS = 3000, KEEP = 100, MAX_EVENT = 16384, MAX_BACKOFF = 300000;
  // Engaged time stops counting this long after the last input or scroll.
  const IDLE_MS = 15000;
  const TWO_YEARS_S = 63072000;
  const CID = "_sb_cid", QUEUE = "_sb_q", UID = "_sb_uid";
  const PARAMS = "utm_source utm_medium utm_campaign utm_term utm_content utm_id gclid gbraid wbraid fbclid ttclid msclkid".split(" ");
  // A tracked link of an email or SMS lands with its click id (sb_cid). Every event of the visit
  // carries it for half an hour, kept for this tab only, so the click is tied to this visitor
  // even after the page drops it from its address or the visitor moves on.
  const CLICK = "sb_cid", CLICK_KEPT = "_sb_click", CLICK_MS = 1800000;

  // "on": collect with a stored visitor id; "cookieless": collect, the id lives only in this
  // page's memory; "off": collect nothing.
  const modeOf = (v) => (v === true || v === "on" ? "on" : v === "cookieless" ? "cookieless" : "off");
  const calls = Array.from(stub.q || [], (args) => Array.from(args));
  let mode = data.consent ? modeOf(data.consent) : "on";
  calls.forEach((c) => { if (c[0] === "consent") mode = modeOf(c[1]); });

  const local = (k, v) => {
    try {
      if (v === undefined) return localStorage.getItem(k);
      if (v === null) localStorage.removeItem(k);
      else localStorage.setItem(k, v);
    } catch (e) { /* storage disabled: the page still works, nothing is kept */ }
    return null;
  };
  const readCookie = () => (d.cookie.match(new RegExp("(?:^|; )" + CID + "=([^;]+)")) || [])[1];
  // Set on the widest domain the browser accepts (shop.example.com -> example.com), so every
  // subdomain of the store shares one visitor; the public suffix (co.uk) is refused by the browser.
  const writeCookie = (v, maxAge) => {
    const h = loc.hostname.split(".");
    for (let i = h.length - 2; i >= -1; i--) {
      d.cookie = CID + "=" + v + ";path=/;max-age=" + maxAge + (i < 0 ? "" : ";domain=" + h.slice(i).join(".")) +
        ";samesite=lax" + (loc.protocol === "https:" ? ";secure" : "");
      if (maxAge && readCookie() === v) return;
    }
  };

  const uuid = () => {
    const c = w.crypto;
    if (c.randomUUID) return c.randomUUID();
    // randomUUID exists only on secure pages; plain-http stores get the same v4 layout by hand.
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const x = Array.from(b, (v) => (v + 256).toString(16).slice(1)).join("");
    return [x.slice(0, 8), x.slice(8, 12), x.slice(12, 16), x.slice(16, 20), x.slice(20)].join("-");
  };

  let cid = null, uid = null;
  const stored = () => {
    const kept = (local(CID) || "").split(":");
    return readCookie() || (kept[1] > Date.now() ? kept[0] : null);
  };
  // Writing again on every page moves the 2-year expiry forward, as long as the visitor returns.
  const persistId = () => {
    if (mode !== "on" || !cid) return;
    writeCookie(cid, TWO_YEARS_S);
    local(CID, cid + ":" + (Date.now() + TWO_YEARS_S * 1000));
  };
  const tab = (v) => {
    try {
      if (v === undefined) return JSON.parse(sessionStorage.getItem(CLICK_KEPT));
      if (v === null) sessionStorage.removeItem(CLICK_KEPT);
      else sessionStorage.setItem(CLICK_KEPT, JSON.stringify(v));
    } catch (e) { /* storage disabled or unreadable: the click lives in memory only */ }
    return null;
  };
  const forget = () => {
    writeCookie("", 0);
    [CID, QUEUE, UID].forEach((k) => local(k, null));
    tab(null);
  };
  const restore = () => {
    let kept = null;
    try { kept = JSON.parse(local(QUEUE)); } catch (e) { /* unreadable: start afresh */ }
    queue = (Array.isArray(kept) ? kept : []).concat(queue).slice(-KEEP);
    uid = uid || local(UID);
    if (cid) persistId();
  };
  const anonymousId = () => {
    if (!cid) {
      cid = (mode === "on" && stored()) || uuid();
      persistId();
    }
    return cid;
  };

  let queue = [], timer = 0, busy = false, failures = 0;
  // The email of an identify call goes out in memory only: the copy kept for later page loads
  // leaves it out.
  const save = () => {
    if (mode === "on") local(QUEUE, JSON.stringify(queue.map((e) => (e.event === "identify" ? Object.assign({}, e, { properties: {} }) : e))));
  };
  const body = (events) => JSON.stringify({ write_key: KEY, batch: events });
  const sent = (events) => {
    queue = queue.filter((e) => events.indexOf(e) < 0);
    save();
  };
  // text/plain keeps the request "simple" for CORS (no preflight), as a beacon's body is.
  const post = (events, keepalive) =>
    fetch(ENDPOINT, { method: "POST", body: body(events), keepalive, credentials: "omit" }).then((r) => {
      // A 4xx other than 429 will not get better by sending it again.
      if (r.status >= 500 || r.status === 429) throw new Error(r.status);
      sent(events);
    });
  const schedule = (ms) => {
    if (!timer) timer = setTimeout(() => { timer = 0; flush(); }, ms);
  };
  const flush = () => {
    if (busy || !queue.length || mode === "off") return;
    busy = true;
    post(queue.slice(0, BATCH), false).then(
      () => {
        busy = false;
        failures = 0;
        if (queue.length >= BATCH) flush();
        else if (queue.length) schedule(FLUSH_MS);
      },
      () => { busy = false; failures++; schedule(Math.min(MAX_BACKOFF, 1000 * 2 ** failures) * (0.5 + Math.random() / 2)); },
    );
  };

  const campaign = () => {
    const p = new URLSearchParams(loc.search), found = {};
    PARAMS.forEach((k) => { if (p.get(k)) found[k] = p.get(k); });
    return found;
  };
  let click = null;
  const landed = () => {
    const id = new URLSearchParams(loc.search).get(CLICK);
    if (!id || !/^[\w-]{1,64}$/.test(id) || (click && click.id === id)) return;
    click = { id, at: Date.now() };
    if (mode === "on") tab(click);
  };
  const clickId = () => (click && Date.now() - click.at < CLICK_MS ? click.id : undefined);
  let page = null, referrer = d.referrer;
  const event = (name, properties, extra) => Object.assign({
    event: name,
    timestamp: new Date().toISOString(),
    message_id: uuid(),
    anonymous_id: anonymousId(),
    user_id: uid || undefined,
    page_url: loc.href,
    referrer: referrer || undefined,
    properties: properties && typeof properties === "object" ? properties : {},
    context: Object.assign(campaign(), {
      sb_cid: clickId(),
      user_agent: n.userAgent,
      locale: n.language,
      screen: { width: screen.width, height: screen.height },
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      page_title: d.title,
      library: { name: "sb.js", version: VERSION },
      // Browsers under automation say so; bot flagging reads it.
      webdriver: n.webdriver || undefined,
    }),
  }, extra);
  const heard = [];
  const enqueue = (e) => {
    if (mode === "off" || JSON.stringify(e).length > MAX_EVENT) return;
    heard.forEach((f) => f(e));
    queue.push(e);
    queue.splice(0, queue.length - KEEP);
    save();
    if (queue.length >= BATCH) flush();
    else schedule(FLUSH_MS);
  };

  // Engaged time: counted only while the page is visible and the visitor touched it lately.
  let engaged = 0, visible = d.visibilityState === "visible", lastInput = Date.now(), mark = lastInput;
  const tick = () => {
    const now = Date.now();
    if (visible) engaged += Math.max(0, Math.min(now, lastInput + IDLE_MS) - mark);
    mark = now;
  };
  const active = () => { tick(); lastInput = mark; };
  const engagement = () => {
    tick();
    if (engaged > 0 && page) enqueue(event("engagement", { engaged_ms: Math.round(engaged) }, { page_url: page.url, referrer: page.referrer }));
    engaged = 0;
  };

  // On-site messages: the page's eligible pop-ups are asked for on every page; their code
  // (/sb-popups.js) loads only where there are some, and takes it from there.
  const popups = () => {
    fetch(APP + "/api/v1/popups", { method: "POST", body: JSON.stringify({ write_key: KEY, url: loc.href }), credentials: "omit" })
      .then((r) => (r.ok ? r.json() : { popups: [] }))
      .then((a) => {
        const list = a.popups || [];
        if (w.sbPopups || !list.length) return w.sbPopups && w.sbPopups(list);
        const s = d.createElement("script");
        s.src = APP + "/sb-popups.js";
        s.onload = () => w.sbPopups && w.sbPopups(list);
        d.head.appendChild(s);
      })
      .catch(() => { /* no pop-ups on this page */ });
  };

  const pageView = () => {
    if (mode === "off") return;
    landed();
    page = { url: loc.href, path: loc.pathname + loc.search, referrer };
    enqueue(event("page_view"));
    popups();
  };
  const navigated = () => {
    if (!page || page.path === loc.pathname + loc.search) return;
    engagement();
    referrer = page.url;
    pageView();
  };

  // The page is going away (or to the background, which on phones is often the last chance):
  // everything waiting goes by beacon, which the browser delivers after the page is gone.
  const leave = () => {
    engagement();
    clearTimeout(timer);
    timer = 0;
    const all = queue.slice();
    for (let i = 0; i < all.length; i += BATCH) {
      const events = all.slice(i, i + BATCH);
      // While the endpoint is failing a queued beacon proves nothing, so the events stay stored
      // until a fetch is acknowledged; their message ids make a second delivery harmless.
      if (!(n.sendBeacon && n.sendBeacon(ENDPOINT, body(events)))) post(events, true).catch(() => { /* kept for the next page */ });
      else if (!failures) sent(events);
    }
  };

  const api = {
    track: (name, properties) => {
      if (typeof name === "string" && name) enqueue(event(name, properties));
    },
    identify: (memberId, traits) => {
      if (memberId === undefined || memberId === null || mode === "off") return;
      uid = String(memberId);
      if (mode === "on") local(UID, uid);
      const email = traits && typeof traits.email === "string" ? traits.email : undefined;
      enqueue(event("identify", email ? { email } : {}));
      flush();
    },
    page: pageView,
    // A withdrawal deletes what was stored; a grant picks up what an earlier visit left.
    consent: (v) => {
      const was = mode;
      mode = modeOf(v);
      if (mode !== "on") forget();
      if (mode === "off") {
        queue = [];
        cid = uid = page = click = null;
      } else if (was !== "on" && mode === "on") restore();
      if (was === "off" && mode !== "off") pageView();
    },
    // After a sign-out: the next person on this device starts as a new visitor.
    reset: () => {
      uid = null;
      local(UID, null);
      cid = uuid();
      persistId();
    },
  };
  const sb = w.sb = function () {
    const f = api[arguments[0]];
    if (f) f.apply(null, Array.from(arguments).slice(1));
  };
  // What /sb-popups.js needs of this script: the key, the app, who the visitor is, the events
  // the page tracks, and whether anything may be kept in the browser.
  const internals = { key: KEY, app: APP, id: anonymousId, uid: () => uid, keep: () => mode === "on", on: (f) => heard.push(f) };
  Object.assign(sb, api, { version: VERSION, _p: internals });

  // Consent pending at load deletes nothing: a consent manager grants it again on each page.
  if (mode === "on") {
    restore();
    const kept = tab();
    if (kept && typeof kept.id === "string" && kept.at > 0) click = kept;
  }

  ["pushState", "replaceState"].forEach((m) => {
    const original = history[m];
    history[m] = function () {
      const result = original.apply(this, arguments);
      navigated();
      return result;
    };
  });
  addEventListener("popstate", navigated);
  ["mousemove", "pointerdown", "keydown", "scroll", "touchstart", "wheel"].forEach((t) => addEventListener(t, active, { capture: true, passive: true }));
  d.addEventListener("visibilitychange", () => {
    tick();
    visible = d.visibilityState === "visible";
    if (visible) active();
    else leave();
  });
  addEventListener("pagehide", leave);

  pageView();
  calls.forEach((c) => { if (c[0] !== "consent") sb.apply(null, c); });
  if (queue.length) schedule(FLUSH_MS);
})();
