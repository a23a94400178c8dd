// Minimal chat page: talks to /api/chat, keeps the conversation for this tab only.
(function () {
  "use strict";
  var list = document.getElementById("messages");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");

  function senderId() {
    var id = sessionStorage.getItem("chat-sender");
    if (!id) {
      id = "w-" + crypto.randomUUID().replace(/-/g, "");
      sessionStorage.setItem("chat-sender", id);
    }
    return id;
  }

  function history() {
    return JSON.parse(sessionStorage.getItem("chat-history") || "[]");
  }

  function remember(item) {
    var items = history();
    items.push(item);
    sessionStorage.setItem("chat-history", JSON.stringify(items));
  }

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    if (className) { el.className = className; }
    return el;
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

  // "Jouw overzicht": a card the pupil can print or download; it is not stored anywhere.
  function overviewCard(card) {
    var box = element("section", null, "overview");
    box.setAttribute("aria-label", card.titel);
    box.appendChild(element("h2", card.titel));
    box.appendChild(element("p", "Interesses: " + (card.interesses.join(", ") || "nog niet duidelijk")));
    var list = element("ul");
    card.opties.forEach(function (o) {
      var li = element("li");
      li.appendChild(element("strong", o.naam + " (" + o.niveau + ")"));
      li.appendChild(element("span", " " + o.reden + " Kans op werk: " + o.kansen + ". Route: " + o.route +
                                     ". Volgende stap: " + o.stap + "."));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(element("p", card.volgende_stap + " " + card.let_op));
    var print = element("button", "Printen");
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    var download = element("button", "Downloaden");
    download.type = "button";
    download.addEventListener("click", function () {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([overviewText(card)], { type: "text/plain" }));
      link.download = "mijn-overzicht.txt";
      link.click();
    });
    box.appendChild(print);
    box.appendChild(download);
    return box;
  }

  // Text is always set with textContent, never as HTML.
  function show(item) {
    var li = document.createElement("li");
    if (item.overzicht) {
      li.className = "bot";
      li.appendChild(overviewCard(item.overzicht));
    } else if (item.buttons) {
      li.className = "choices";
      item.buttons.forEach(function (button) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = button.title;
        b.addEventListener("click", function () { send(button.payload, button.title); });
        li.appendChild(b);
      });
    } else {
      li.className = item.from;
      li.textContent = item.text;
    }
    list.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  function add(item) { remember(item); show(item); }

  function send(message, shownText) {
    add({ from: "user", text: shownText || message });
    return fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(), message: message })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      result.body.messages.forEach(function (m) {
        if (m.text) { add({ from: "bot", text: m.text }); }
        if (m.buttons && m.buttons.length) { add({ from: "bot", buttons: m.buttons }); }
        if (m.custom && m.custom.overzicht) { add({ from: "bot", overzicht: m.custom.overzicht }); }
      });
      return result.ok;
    }).catch(function () {
      add({ from: "bot", text: "Er ging iets mis met de verbinding. Probeer het nog eens." });
      return false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text).then(function (ok) { if (!ok) { input.value = text; } input.focus(); });
  });

  history().forEach(show);
})();
