/* Glossary term cards for any web page: the first mention of each published term inside
   data-scope (default: the body) links to its page, with a card on hover, focus or tap.
   No dependencies, no cookies, no globals; it never throws into the host page. Served at
   /glossary/embed.js and reading its index and stylesheet from the same place. */
(function () {
  "use strict";
  var PREFIX = "glossary-embed";
  // Same rules as the glossary's own auto-linking (terms/linking.py), and never in controls.
  var SKIP = "a,h1,h2,h3,h4,h5,h6,code,pre,kbd,samp,button,input,textarea,select,option," +
    "label,summary,script,style,noscript,template,iframe,object,svg,math,[data-glossary-skip]," +
    "[contenteditable]:not([contenteditable=false]),[role=button],[role=link],[role=heading]";
  // Python's \w: letters, digits, underscore.
  var WORD = /[\p{L}\p{N}_]+/gu;
  var FIRST_WORD = /^[\p{L}\p{N}_]+/u;
  var WORD_CHAR = /[\p{L}\p{N}_]/uy;
  // A short acronym ("AI") followed by a hyphen or by a word outside FUNCTION_WORDS modifies a
  // noun ("an AI assistant") and stays plain; the same list as terms/linking.py.
  var SHORT_ACRONYM = /^\p{Lu}{2,3}$/u;
  var NEXT_WORD = /(-|\s+)([\p{L}\p{N}_]+)/uy;
  var FUNCTION_WORDS = new Set((
    "a about after also an and are as at be been before but by can could did do does for from " +
    "had has have how in into is it its like may might must nor not now of on or our over " +
    "should so than that the their then these they this those to under vs was we were when " +
    "where which while who will with would you your").split(" "));
  var MAX_CHARACTERS = 1e6; // of text scanned: a page of a whole book still costs little
  var HTML = "http://www.w3.org/1999/xhtml";
  var doc = document;
  var DP = Document.prototype;
  var EP = Element.prototype;

  // Read document properties through the prototype: <form name="body"> cannot shadow them.
  function documentGet(name) {
    var descriptor = Object.getOwnPropertyDescriptor(DP, name);
    return descriptor && descriptor.get ? descriptor.get.call(doc) : null;
  }
  function element(tag, name) {
    var created = DP.createElement.call(doc, tag);
    if (name) created.className = PREFIX + "-" + name;
    return created;
  }
  function closest(target, selector) {
    return target instanceof Element ? EP.closest.call(target, selector) : null;
  }
  function safely(handler) {
    return function (event) {
      try {
        handler(event);
      } catch (error) {
        // A hostile page must not see an error from us.
      }
    };
  }

  function ownScript() {
    var script = documentGet("currentScript");
    if (script instanceof HTMLScriptElement && /\/embed\.js/.test(script.src)) return script;
    var scripts = DP.querySelectorAll.call(doc, 'script[src*="/embed.js"]');
    return scripts[scripts.length - 1];
  }

  function compile(terms) {
    var byFirstWord = new Map();
    var seen = new Set();
    terms.forEach(function (term) {
      if (!term || typeof term.title !== "string" || typeof term.slug !== "string") return;
      var names = [term.title].concat(Array.isArray(term.aliases) ? term.aliases : []);
      names.forEach(function (name) {
        var phrase = String(name).trim();
        var key = phrase.toLowerCase();
        var first = FIRST_WORD.exec(key);
        if (!first || key.length !== phrase.length || seen.has(key)) return;
        seen.add(key);
        if (!byFirstWord.has(first[0])) byFirstWord.set(first[0], []);
        byFirstWord.get(first[0]).push({
          length: phrase.length,
          key: key,
          term: term,
          acronym: SHORT_ACRONYM.test(phrase) ? phrase : null,
        });
      });
    });
    // Longest first, so "Large Language Model" wins over "Large Language".
    byFirstWord.forEach(function (candidates) {
      candidates.sort(function (a, b) { return b.length - a.length; });
    });
    return byFirstWord;
  }

  // A set lookup first: matching the whole selector against every element costs more.
  var SKIP_TAGS = new Set(SKIP.match(/(^|,)[a-z0-9]+(?=,)/g).map(function (tag) {
    return tag.replace(",", "").toUpperCase();
  }));
  function skipped(node) {
    return SKIP_TAGS.has(node.tagName) || node.namespaceURI !== HTML ||
      (node.attributes.length > 0 && EP.matches.call(node, SKIP));
  }

  // Move `walker` past the current node's subtree; return the node there, or null at the end.
  function pastSubtree(walker) {
    do {
      var sibling = walker.nextSibling();
      if (sibling) return sibling;
    } while (walker.parentNode());
    return null;
  }

  // Visit each text node of the scopes that may be linked, for as long as `visit` says go on.
  // A tree walker without a filter: calling back into a filter for every node costs more.
  function eachText(scopes, visit) {
    var last = null;
    for (var i = 0; i < scopes.length; i++) {
      var scope = scopes[i];
      // In document order an ancestor comes first: a scope inside the last one is walked already.
      if ((last && Node.prototype.contains.call(last, scope)) || closest(scope, SKIP)) continue;
      last = scope;
      var walker = DP.createTreeWalker.call(doc, scope, 5); // elements and text
      var node = walker.nextNode();
      while (node) {
        if (node.nodeType !== 3) {
          node = skipped(node) ? pastSubtree(walker) : walker.nextNode();
          continue;
        }
        var next = walker.nextNode(); // before `visit` replaces the node
        if (!visit(node)) return;
        node = next;
      }
    }
  }

  // Whether text[start:stop] is the acronym, in its capitals, naming the term rather than a noun.
  function standsAlone(acronym, text, start, stop) {
    if (text.slice(start, stop) !== acronym) return false;
    NEXT_WORD.lastIndex = stop;
    var next = NEXT_WORD.exec(text);
    return !next || (next[1] !== "-" && FUNCTION_WORDS.has(next[2].toLowerCase()));
  }

  function link(scopes, matcher, base, onLink) {
    var linked = new Set();
    var folder = new URL(".", base).href;
    var budget = MAX_CHARACTERS;
    eachText(scopes, function (node) {
      var text = node.data;
      var end = Math.min(text.length, budget);
      // Lowercased once; where that changes the length, each word is lowercased on its own.
      var lower = text.toLowerCase();
      var same = lower.length === text.length;
      var source = same ? lower : text;
      var fragment = null;
      var done = 0;
      var match;
      budget -= end;
      WORD.lastIndex = 0;
      while ((match = WORD.exec(source)) && match.index < end) {
        var candidates = matcher.get(same ? match[0] : match[0].toLowerCase());
        if (!candidates) continue;
        for (var i = 0; i < candidates.length; i++) {
          var candidate = candidates[i];
          var start = match.index;
          var stop = start + candidate.length;
          if (
            same
              ? !lower.startsWith(candidate.key, start)
              : text.slice(start, stop).toLowerCase() !== candidate.key
          ) {
            continue;
          }
          WORD_CHAR.lastIndex = stop;
          if (WORD_CHAR.test(source)) continue;
          if (candidate.acronym && !standsAlone(candidate.acronym, text, start, stop)) continue;
          WORD.lastIndex = stop;
          if (linked.has(candidate.term)) break;
          linked.add(candidate.term);
          fragment = fragment || DP.createDocumentFragment.call(doc);
          fragment.append(text.slice(done, start));
          var anchor = element("a", "term");
          anchor.href = folder + encodeURIComponent(candidate.term.slug) + "/";
          anchor.textContent = text.slice(start, stop);
          fragment.append(anchor);
          onLink(anchor, candidate.term);
          done = stop;
          break;
        }
      }
      if (fragment) {
        fragment.append(text.slice(done));
        Node.prototype.replaceChild.call(node.parentNode, fragment, node);
      }
      return budget > 0 && linked.size < matcher.termCount;
    });
  }

  function Cards() {
    var id = PREFIX + "-" + Math.random().toString(36).slice(2);
    var card = element("div", "card");
    var description = element("span", "description");
    var title = element("strong", "title");
    var summary = element("span", "summary");
    var more = element("a", "more");
    var moreName = element("span", "hidden");
    var terms = new WeakMap();
    var current = null;
    var timer = 0;
    var touchedAt = 0;

    card.id = id;
    card.hidden = true;
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-labelledby", id + "-title");
    card.setAttribute("data-glossary-skip", "");
    title.id = id + "-title";
    description.id = id + "-description";
    // Keyboard users reach the same page through the term's own link.
    more.tabIndex = -1;
    more.append("Read more", moreName);
    description.append(title, " ", summary);
    card.append(description, more);

    function place(anchor) {
      var lines = anchor.getClientRects();
      var first = lines[0];
      var last = lines[lines.length - 1];
      var gap = 6;
      var width = doc.documentElement.clientWidth;
      card.style.left = "0px";
      card.style.top = "0px";
      var origin = card.getBoundingClientRect();
      // Below the line being read, or above it when there is no room below.
      var top = last.bottom + gap;
      if (top + origin.height > window.innerHeight && first.top - gap - origin.height >= 0) {
        top = first.top - gap - origin.height;
      }
      var left = Math.max(gap, Math.min(first.left, width - origin.width - gap));
      card.style.left = left - origin.left + "px";
      card.style.top = top - origin.top + "px";
    }

    function show(anchor) {
      clearTimeout(timer);
      if (current === anchor) return;
      hide();
      var term = terms.get(anchor);
      title.textContent = term.title;
      summary.textContent = String(term.summary || "");
      more.href = anchor.href;
      moreName.textContent = " about " + term.title;
      if (!card.isConnected) documentGet("body").append(card);
      card.hidden = false;
      anchor.setAttribute("aria-describedby", description.id);
      current = anchor;
      place(anchor);
    }

    function hide() {
      clearTimeout(timer);
      if (!current) return;
      card.hidden = true;
      current.removeAttribute("aria-describedby");
      current = null;
    }

    function later(action, anchor, delay) {
      clearTimeout(timer);
      timer = setTimeout(safely(function () { action(anchor); }), delay);
    }

    function termLink(target) {
      var anchor = closest(target, "a." + PREFIX + "-term");
      return anchor && terms.has(anchor) ? anchor : null;
    }

    function isHover(event) {
      return event.pointerType === "mouse" || event.pointerType === "pen";
    }

    var handlers = {
      pointerover: function (event) {
        if (!isHover(event)) return;
        var anchor = termLink(event.target);
        if (anchor) later(show, anchor, current ? 0 : 120);
        else if (current && card.contains(event.target)) clearTimeout(timer);
      },
      pointerout: function (event) {
        if (!isHover(event) || !current) return;
        var inside = function (node) {
          return node instanceof Node && (card.contains(node) || current.contains(node));
        };
        if (inside(event.target) && !inside(event.relatedTarget)) later(hide, null, 300);
      },
      pointerdown: function (event) {
        if (event.pointerType === "touch") touchedAt = Date.now();
        if (current && !current.contains(event.target) && !card.contains(event.target)) hide();
      },
      focusin: function (event) {
        var anchor = termLink(event.target);
        // A tap focuses the link first; the click that follows decides what the tap does.
        if (anchor && Date.now() - touchedAt > 1000) show(anchor);
      },
      focusout: function (event) {
        if (current && termLink(event.target) === current && !card.contains(event.relatedTarget)) {
          hide();
        }
      },
      click: function (event) {
        var anchor = termLink(event.target);
        if (!anchor || Date.now() - touchedAt > 1000) return;
        // On a touch screen the first tap opens the card, the second follows the link.
        if (current !== anchor) {
          event.preventDefault();
          show(anchor);
        }
      },
      keydown: function (event) {
        if (event.key === "Escape" && current) hide();
      },
    };
    Object.keys(handlers).forEach(function (type) {
      EventTarget.prototype.addEventListener.call(doc, type, safely(handlers[type]), true);
    });
    window.addEventListener("resize", safely(hide));

    this.add = function (anchor, term) {
      terms.set(anchor, term);
    };
  }

  function start() {
    var script = ownScript();
    if (!script) return;
    var base = script.src;
    var root = doc.documentElement;
    // One run per page, should the snippet be pasted twice.
    if (root.hasAttribute("data-glossary-embed")) return;
    root.setAttribute("data-glossary-embed", "");
    var selector = script.getAttribute("data-scope") || "body";
    var options = { credentials: "omit", referrerPolicy: "no-referrer" };
    var index = fetch(new URL("embed/terms.json", base).href, options).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    });
    var stylesheet = element("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = new URL("embed.css", base).href;
    stylesheet.referrerPolicy = "no-referrer";
    (documentGet("head") || root).append(stylesheet);
    var ready = new Promise(function (resolve) {
      if (documentGet("readyState") !== "loading") resolve();
      else EventTarget.prototype.addEventListener.call(doc, "DOMContentLoaded", resolve);
    });
    Promise.all([index, ready]).then(safely(function (results) {
      var began = performance.now();
      var terms = JSON.parse(results[0]).terms;
      if (!Array.isArray(terms)) return;
      var matcher = compile(terms);
      matcher.termCount = terms.length;
      var scopes = Array.prototype.slice.call(DP.querySelectorAll.call(doc, selector));
      var cards = new Cards();
      link(scopes, matcher, base, cards.add);
      try {
        performance.measure(PREFIX, { start: began, end: performance.now() });
      } catch (error) {
        // Older browsers cannot measure; the links are made all the same.
      }
    }), function () {
      // No index, no links: the page stays as it was.
    });
  }

  try {
    start();
  } catch (error) {
    // Never break the host page.
  }
})();
