// Studiekeuze-assistent: chat widget for a school website.
// Embed with one tag:
//   <script src="https://<host>/static/widget.js" data-school="Het Voorbeeld College"
//           data-color="#0b5cad" data-position="right" defer></script>
// data-color must be a hex colour dark enough for white text on it (contrast at least 4.5:1);
// otherwise the widget uses its own blue.
// All bot and user text is set with textContent, never parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script.src).origin;
  var DEFAULT_COLOR = "#0b5cad";
  var config = {
    school: script.dataset.school || "onze school",
    color: readableOnWhiteText(script.dataset.color) ? script.dataset.color : DEFAULT_COLOR,
    position: script.dataset.position === "left" ? "left" : "right"
  };
  var LABELS = ["slecht", "matig", "redelijk", "goed", "zeer goed"];
  var RETRIES = 4;
  var store = window.sessionStorage; // this tab only; nothing about the pupil is kept after it closes

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // WCAG contrast of white text on a colour "#rgb" or "#rrggbb"; false for anything else.
  function readableOnWhiteText(color) {
    var hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color || "");
    if (!hex) { return false; }
    var digits = hex[1].length === 3 ? hex[1].replace(/./g, "$&$&") : hex[1];
    var luminance = [0, 2, 4].map(function (i) {
      var c = parseInt(digits.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }).reduce(function (sum, c, i) { return sum + c * [0.2126, 0.7152, 0.0722][i]; }, 0);
    return 1.05 / (luminance + 0.05) >= 4.5;
  }

  // crypto.getRandomValues works on plain-http pages too (crypto.randomUUID does not).
  function randomId(prefix) {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return prefix + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function senderId() {
    var id = store.getItem("ska-sender");
    if (!id) {
      id = randomId("w-"); // random, never a personal id
      store.setItem("ska-sender", id);
    }
    return id;
  }

  function history() { return JSON.parse(store.getItem("ska-history") || "[]"); }
  function remember(item) {
    var items = history();
    items.push(item);
    store.setItem("ska-history", JSON.stringify(items));
  }

  // --- the panel -------------------------------------------------------------------------
  var host = el("div");
  host.id = "studiekeuze-assistent";
  host.lang = "nl";
  var root = host.attachShadow({ mode: "open" });
  var style = el("link");
  style.rel = "stylesheet";
  style.href = origin + "/static/widget.css";
  root.appendChild(style);
  host.style.setProperty("--ska-color", config.color);

  var toggle = el("button", "Vragen over kiezen?", "ska-toggle ska-" + config.position);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "ska-panel");

  var panel = el("section", null, "ska-panel ska-" + config.position);
  panel.id = "ska-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Studiekeuze-assistent van " + config.school);

  var header = el("header");
  header.appendChild(el("h2", "Studiekeuze-assistent"));
  header.appendChild(el("p", config.school, "ska-school"));
  var close = el("button", "Sluiten", "ska-close");
  close.type = "button";
  header.appendChild(close);

  var privacy = el("div", null, "ska-privacy");
  privacy.setAttribute("role", "region");
  privacy.setAttribute("aria-label", "Privacy");
  var notice = el("p", "Je praat met een chatbot, geen mens. Noem geen naam, adres, telefoonnummer of " +
    "andere persoonlijke dingen. Je gesprek wordt kort bewaard zodat de chat werkt, en daarna gewist. " +
    "Je ouders of je decaan kunnen je ook helpen.");
  notice.id = "ska-privacy-text";
  privacy.appendChild(notice);
  var agree = el("button", "Ik begrijp het", "ska-agree");
  agree.type = "button";
  agree.setAttribute("aria-describedby", notice.id); // read out with the button, which gets the focus
  privacy.appendChild(agree);

  // The live region wraps the list: role="log" on the <ol> itself would take away its list semantics.
  var log = el("div", null, "ska-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Gesprek");
  var items = el("ol");
  log.appendChild(items);

  var typing = el("p", "De assistent typt…", "ska-typing");
  typing.hidden = true;
  typing.setAttribute("aria-live", "polite");

  var form = el("form", null, "ska-form");
  var label = el("label", "Jouw bericht");
  label.htmlFor = "ska-input";
  var input = el("input");
  input.id = "ska-input";
  input.type = "text";
  input.maxLength = 2000;
  input.autocomplete = "off";
  input.placeholder = "Typ je vraag…";
  var send = el("button", "Stuur");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(privacy);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  root.appendChild(toggle);
  root.appendChild(panel);

  // moveFocus is false when the page loads with the panel open: the page keeps its focus.
  function setOpen(open, moveFocus) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    store.setItem("ska-open", open ? "1" : "");
    if (moveFocus) { (open ? (agreed() ? input : agree) : toggle).focus(); }
  }
  function agreed() { return store.getItem("ska-privacy") === "1"; }
  function showPrivacy() {
    privacy.hidden = agreed();
    input.disabled = send.disabled = !agreed();
    if (agreed()) { panel.removeAttribute("aria-describedby"); } else { panel.setAttribute("aria-describedby", notice.id); }
  }

  toggle.addEventListener("click", function () { setOpen(panel.hidden, true); });
  close.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { setOpen(false, true); } });
  agree.addEventListener("click", function () {
    store.setItem("ska-privacy", "1");
    showPrivacy();
    input.focus();
  });

  // --- rendering ---------------------------------------------------------------------------
  // Bot text may name a website (kiesmbo.nl, https://...): those parts become links.
  function withLinks(parent, text) {
    var pattern = /(https?:\/\/[^\s)]+|\b[a-z0-9-]+\.(?:nl|com|org)(?:\/[^\s)]*)?)/gi;
    var last = 0;
    text.replace(pattern, function (match, _url, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var clean = match.replace(/[.,]$/, "");
      var link = el("a", clean);
      link.href = /^https?:/.test(clean) ? clean : "https://" + clean;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.appendChild(link);
      last = offset + clean.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function perspectiveBar(p) {
    var box = el("figure", null, "ska-perspective");
    var index = LABELS.indexOf(p.label);
    var bar = el("div", null, "ska-bar");
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", "Kans op werk: " + p.label + " (schaal slecht tot zeer goed)");
    LABELS.forEach(function (name, i) {
      var step = el("span", null, i <= index ? "ska-on" : "");
      step.title = name;
      bar.appendChild(step);
    });
    box.appendChild(el("p", "Kans op werk: " + p.label));
    box.appendChild(bar);
    box.appendChild(el("figcaption", "Bron: " + p.bron + ", " + p.periode + ", " + p.regio));
    return box;
  }

  function overviewText(card) {
    var lines = [card.titel, "", "Interesses: " + card.interesses.join(", "), ""];
    card.opties.forEach(function (o) {
      lines.push("- " + o.naam + " (" + o.niveau + "). " + o.reden + " Kans op werk: " + o.kansen +
                 ". Route: " + o.route + ". Volgende stap: " + o.stap + ".");
    });
    lines.push("", card.volgende_stap, card.let_op);
    return lines.join("\n");
  }

  function overviewCard(card) {
    var box = el("section", null, "ska-overview");
    box.setAttribute("aria-label", card.titel);
    box.appendChild(el("h3", card.titel));
    box.appendChild(el("p", "Interesses: " + (card.interesses.join(", ") || "nog niet duidelijk")));
    var list = el("ul");
    card.opties.forEach(function (o) {
      var item = el("li");
      item.appendChild(el("strong", o.naam + " (" + o.niveau + ")" + (o.kansrijk ? " ★ kansrijk" : "")));
      item.appendChild(el("span", " " + o.reden + " Kans op werk: " + o.kansen + ". Route: " + o.route +
                                  ". Volgende stap: " + o.stap + "."));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(el("p", card.volgende_stap + " " + card.let_op));
    var print = el("button", "Printen");
    print.type = "button";
    print.addEventListener("click", function () {
      var page = window.open("", "_blank");
      page.document.body.appendChild(el("pre", overviewText(card)));
      page.print();
    });
    var download = el("button", "Downloaden");
    download.type = "button";
    download.addEventListener("click", function () {
      var link = el("a");
      link.href = URL.createObjectURL(new Blob([overviewText(card)], { type: "text/plain" }));
      link.download = "mijn-overzicht.txt";
      link.click();
    });
    box.appendChild(print);
    box.appendChild(download);
    return box;
  }

  function show(item) {
    var li = el("li", null, "ska-" + item.from);
    li.appendChild(el("span", item.from === "user" ? "Jij: " : "Assistent: ", "ska-sr")); // for screen readers
    if (item.text) { withLinks(li, item.text); }
    if (item.buttons) {
      var choices = el("div", null, "ska-choices");
      item.buttons.forEach(function (button) {
        var b = el("button", button.title);
        b.type = "button";
        b.addEventListener("click", function () { say(button.payload, button.title); });
        choices.appendChild(b);
      });
      li.appendChild(choices);
    }
    if (item.perspectief) { li.appendChild(perspectiveBar(item.perspectief)); }
    if (item.overzicht) { li.appendChild(overviewCard(item.overzicht)); }
    items.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  function add(item) { remember(item); show(item); }

  function botItem(message) {
    var custom = message.custom || {};
    return { from: "bot", text: message.text, buttons: message.buttons,
             perspectief: custom.perspectief, overzicht: custom.overzicht };
  }

  // --- talking to the server, with retries after a lost connection -------------------------
  // Every message has its own id. Only a message whose answer never arrived (the connection broke)
  // is sent again, with the same id: the server forwards an id once and gives a retry the first answer.
  function post(message, id, attempt) {
    return fetch(origin + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(), message: message, id: id })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }, function () {
      if (attempt >= RETRIES) { throw new Error("offline"); }
      typing.textContent = "Verbinding weg. Ik probeer het opnieuw…";
      return new Promise(function (resolve) { setTimeout(resolve, 1000 * Math.pow(2, attempt)); })
        .then(function () { return post(message, id, attempt + 1); });
    });
  }

  function say(message, shown) {
    add({ from: "user", text: shown || message });
    typing.textContent = "De assistent typt…";
    typing.hidden = false;
    send.disabled = true;
    return post(message, randomId("m-"), 0).then(function (result) {
      result.body.messages.forEach(function (m) { add(botItem(m)); });
      return result.ok;
    }).catch(function () {
      add({ from: "bot", text: "Het lukt nu niet om de assistent te bereiken. Je bericht staat nog in het " +
                               "invoerveld; probeer het zo nog eens." });
      return false;
    }).finally(function () {
      typing.hidden = true;
      send.disabled = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    say(text).then(function (ok) {
      if (!ok) { input.value = text; } // nothing typed is lost
      input.focus();
    });
  });

  document.body.appendChild(host);
  showPrivacy();
  history().forEach(show);
  if (store.getItem("ska-open")) { setOpen(true, false); }
})();
