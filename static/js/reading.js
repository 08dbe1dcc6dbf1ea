// Reading a long discussion: collapse or expand everything, folds remembered per page, keyboard
// shortcuts, and "new since your last visit" for readers who are not signed in. Optional: without this
// file every comment still folds (<details>), and links move to the parent, root and siblings.
"use strict";

(function () {
  const thread = document.querySelector(".discussion ol.thread");
  if (!thread) return;
  const discussion = thread.closest(".discussion");
  const FOLDS = "threads:folds:" + location.pathname;
  const VISIT = "threads:visit:" + location.pathname;

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or refused (private windows): folds simply are not remembered.
    }
  }

  function stored(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function folds() {
    return Array.from(thread.querySelectorAll("details.comment-fold"));
  }

  function commentOf(fold) {
    return fold.closest("li.comment");
  }

  // ---- folds remembered per page, in this browser

  function writeFolds() {
    const closed = folds().filter((fold) => !fold.open).map((fold) => commentOf(fold).id);
    store(FOLDS, closed.length ? closed : null);
  }

  let saving = false;
  function saveFolds() {
    // Once for a burst of toggles ("Collapse all" folds every comment at once).
    if (saving) return;
    saving = true;
    window.setTimeout(function () {
      saving = false;
      writeFolds();
    }, 0);
  }
  // A fold's "toggle" event comes a moment after the click: a page left at once still keeps it.
  window.addEventListener("pagehide", writeFolds);

  let restoring = false;
  const closed = stored(FOLDS);
  if (Array.isArray(closed)) {
    restoring = true;
    for (const id of closed) {
      const comment = document.getElementById(id);
      const fold = comment && comment.querySelector(":scope > article > details.comment-fold");
      if (fold) fold.open = false;
    }
    restoring = false;
  }
  // "toggle" does not bubble: listen while it goes down.
  document.addEventListener(
    "toggle",
    function (event) {
      if (!restoring && event.target.matches && event.target.matches("details.comment-fold")) saveFolds();
    },
    true
  );

  // A link to a comment inside a folded one opens the folds around it.
  function reveal(element) {
    for (let fold = element.closest("details"); fold; fold = fold.parentElement.closest("details")) {
      if (!fold.open) fold.open = true;
    }
  }

  function fragment() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return location.hash.slice(1);  // a malformed escape ("#%") names no comment; it must not stop the script
    }
  }

  function revealTarget() {
    const id = fragment();
    const target = id && document.getElementById(id);
    if (!target || !thread.contains(target)) return;
    reveal(target);
    const own = target.querySelector(":scope > article > details.comment-fold");
    if (own) own.open = true;  // the comment one lands on is shown, not just its place
  }
  revealTarget();
  window.addEventListener("hashchange", revealTarget);

  // ---- the tools above the discussion

  const tools = document.createElement("div");
  tools.className = "discussion-tools";
  function button(label, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.textContent = label;
    element.addEventListener("click", action);
    tools.append(element);
    return element;
  }
  button("Collapse all", function () {
    for (const fold of folds()) fold.open = false;
  });
  button("Expand all", function () {
    for (const fold of folds()) fold.open = true;
  });
  const helpButton = button("Keyboard shortcuts", openHelp);
  thread.before(tools);

  // ---- new since the last visit, for readers who are not signed in (the server marks it for the others)

  if (!document.querySelector(".signed-in-as") && !discussion.classList.contains("focal")) {
    const now = Date.now();
    const visit = stored(VISIT);
    let previous = null;
    if (visit && typeof visit.seen === "number") {
      // As on the server: reloads within a minute keep the same previous visit.
      previous = now - visit.seen < 60 * 1000 ? visit.previous : visit.seen;
      if (now - visit.seen >= 60 * 1000) store(VISIT, { seen: now, previous: visit.seen });
    } else {
      store(VISIT, { seen: now, previous: null });
    }
    if (typeof previous === "number") markNewSince(previous);
  }

  function markNewSince(previous) {
    const fresh = [];
    for (const comment of thread.querySelectorAll("li.comment:not(.is-hidden):not(.is-deleted)")) {
      const heading = summaryOf(comment).firstElementChild;
      const time = heading.querySelector("time");
      if (!time || !(Date.parse(time.getAttribute("datetime")) > previous)) continue;
      const mark = document.createElement("strong");
      mark.className = "new-mark";
      mark.textContent = "new";
      heading.prepend(mark, " ");
      fresh.push(comment);
    }
    if (!fresh.length) return;
    const count = document.createElement("p");
    count.className = "new-comments";
    const link = document.createElement("a");
    link.href = "#" + fresh[0].id;
    link.className = "next-new";
    link.textContent = fresh.length + " new comment" + (fresh.length === 1 ? "" : "s");
    count.append(link, " since your last visit");
    tools.before(count);
  }

  // ---- keyboard shortcuts

  let help = null;
  function openHelp() {
    if (!help) {
      help = document.createElement("dialog");
      help.className = "keyboard-help";
      help.setAttribute("aria-labelledby", "keyboard-help-title");
      const title = document.createElement("h2");
      title.id = "keyboard-help-title";
      title.textContent = "Keyboard shortcuts";
      const list = document.createElement("dl");
      const keys = [
        ["j", "next comment"],
        ["k", "previous comment"],
        ["p", "parent comment"],
        ["c", "collapse or expand the comment"],
        ["n", "next new comment"],
        ["r", "reply to the comment"],
        ["?", "this help"],
      ];
      for (const [key, what] of keys) {
        const term = document.createElement("dt");
        const kbd = document.createElement("kbd");
        kbd.textContent = key;
        term.append(kbd);
        const description = document.createElement("dd");
        description.textContent = what;
        list.append(term, description);
      }
      const note = document.createElement("p");
      note.textContent = "They do nothing while you type in a form.";
      const form = document.createElement("form");
      form.method = "dialog";
      const close = document.createElement("button");
      close.textContent = "Close";
      form.append(close);
      help.append(title, list, note, form);
      document.body.append(help);
      help.addEventListener("close", function () {
        (current ? summaryOf(current) : helpButton).focus();
      });
    }
    help.showModal();
  }

  let current = null;

  function summaryOf(comment) {
    return comment.querySelector(":scope > article > details > summary");
  }

  function shown(comment) {
    // Not inside a folded comment: every <details> around it is open.
    const fold = comment.parentElement.closest("details");
    return !fold || (fold.open && shown(commentOf(fold) || fold));
  }

  function visibleComments() {
    return Array.from(thread.querySelectorAll("li.comment")).filter(shown);
  }

  function go(comment) {
    if (!comment) return;
    reveal(comment);
    if (current) current.classList.remove("is-current");
    current = comment;
    current.classList.add("is-current");
    const summary = summaryOf(comment);
    summary.focus({ preventScroll: true });
    comment.scrollIntoView({ block: "nearest" });
    summary.scrollIntoView({ block: "nearest" });
  }

  function currentComment() {
    const focused = document.activeElement && document.activeElement.closest("li.comment");
    if (focused && thread.contains(focused)) return focused;
    return current && document.contains(current) ? current : null;
  }

  function step(direction) {
    const comments = visibleComments();
    const here = currentComment();
    const index = here ? comments.indexOf(here) : -1;
    if (index === -1) {
      // From nowhere: the first comment whose own line is below the top of the window (or the last above
      // it). Not the <li>'s box: it holds the replies, so the thread's first comment, far above, would do.
      const below = comments.find((comment) => summaryOf(comment).getBoundingClientRect().bottom > 0);
      return go(direction > 0 ? below || comments[0] : comments[comments.indexOf(below) - 1] || comments[0]);
    }
    go(comments[index + direction]);
  }

  function parentOf(comment) {
    const link = comment.querySelector(":scope > article > details > .comment-links a[href^='#c']");
    // The first in-page link of a comment's links is its parent's (the piece writes it first).
    if (link && link.textContent === "parent") return document.getElementById(link.hash.slice(1));
    return null;
  }

  function nextNew() {
    const marked = Array.from(thread.querySelectorAll("li.comment")).filter((comment) =>
      summaryOf(comment).querySelector(".new-mark")
    );
    const here = currentComment();
    const next = here
      ? marked.find((comment) => here.compareDocumentPosition(comment) & Node.DOCUMENT_POSITION_FOLLOWING)
      : marked[0];
    go(next || marked[0]);
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || (help && help.open)) return;
    const key = event.key;
    if (key === "?") {
      openHelp();
    } else if (event.shiftKey) {
      return;
    } else if (key === "j") {
      step(1);
    } else if (key === "k") {
      step(-1);
    } else if (key === "p") {
      const here = currentComment();
      const parent = here && parentOf(here);
      if (parent && parent.matches("li.comment")) {
        go(parent);
      } else if (parent) {
        // Above the thread (a comment's own page lists its ancestors): go there by its address.
        location.hash = parent.id;
        const summary = parent.querySelector("summary");
        if (summary) summary.focus();
      }
    } else if (key === "c") {
      const here = currentComment();
      if (!here) return;
      const fold = here.querySelector(":scope > article > details.comment-fold");
      fold.open = !fold.open;
      go(here);
    } else if (key === "n") {
      nextNew();
    } else if (key === "r") {
      const here = currentComment();
      const reply = here && here.querySelector(":scope > article > details > .comment-links a.reply-link");
      if (reply) reply.click();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
