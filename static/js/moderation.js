// Moderating in place: a moderator's action link under a comment (hide, lock replies, suspend author...)
// opens its form under the comment instead of on a page of its own; the form posts without leaving the
// page, then the comment (with its replies) is read again from this page's address and put in place, with
// what happened said in a status line. Without this file each link is a small page that posts and comes
// back to the comment. Loaded for staff only; readers' pages carry no moderation markup at all.
"use strict";

(function () {
  function commentOf(element) {
    return element.closest("li[id^='c']");
  }

  function panelFrom(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector(".moderation-panel");
  }

  function closePanel(panel) {
    const comment = commentOf(panel);
    panel.remove();
    const opener = comment && comment.querySelector(".moderation-action[aria-expanded='true']");
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }
  }

  // The heading of a page becomes a heading within the comment: one level below the comment's own
  // (its meta line is a heading, h3 to h6 by depth), so the page's outline stays in order.
  function levelHeading(panel) {
    const heading = panel.querySelector("h1");
    if (!heading) return;
    const own = panel.closest("li.comment, li.ancestor");
    const meta = own && own.querySelector(":scope > article > details > summary > :is(h3, h4, h5, h6)");
    // Past h6 a comment's level is its aria-level: the panel's is one more, or the outline skips levels.
    const level = meta ? Number(meta.getAttribute("aria-level") || meta.tagName[1]) + 1 : 2;
    const h2 = document.createElement("h" + Math.min(level, 6));
    if (level > 6) h2.setAttribute("aria-level", String(level));
    h2.className = heading.className;
    h2.id = heading.id;
    h2.textContent = heading.textContent;
    heading.replaceWith(h2);
  }

  function showPanel(link, panel) {
    const links = link.closest(".comment-links");
    // One form open at a time on the page: the forms' fields share their ids, and a second one open
    // would take the first's labels (a click on its "show the reason to readers" ticked the other box).
    for (const open of document.querySelectorAll("li .moderation-panel")) open.remove();
    for (const other of document.querySelectorAll(".moderation-action[aria-expanded]")) {
      other.setAttribute("aria-expanded", "false");
    }
    links.after(panel);
    levelHeading(panel);
    link.setAttribute("aria-expanded", "true");
    const field = panel.querySelector("form input:not([type=hidden]), form select, form textarea");
    const back = panel.querySelector(".moderation-cancel");
    (field || back || panel).focus();
  }

  async function replaceComment(id, message) {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.getElementById(id);
    const current = document.getElementById(id);
    if (!fresh || !current) {
      window.location.reload();
      return;
    }
    current.replaceWith(fresh);
    const status = document.createElement("p");
    status.className = "moderation-status";
    status.setAttribute("role", "status");
    status.tabIndex = -1;
    status.textContent = message;
    const links = fresh.querySelector(".comment-links");
    (links || fresh.firstElementChild).after(status);
    status.focus();
  }

  document.addEventListener("click", async function (event) {
    const cancel = event.target.closest(".moderation-panel .moderation-cancel");
    if (cancel && commentOf(cancel)) {
      event.preventDefault();
      closePanel(cancel.closest(".moderation-panel"));
      return;
    }
    const link = event.target.closest("a.moderation-action");
    if (!link || !commentOf(link)) return;
    event.preventDefault();
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      const panel = panelFrom(await response.text());
      if (!panel) throw new Error("no form");
      showPanel(link, panel);
    } catch (error) {
      window.location.href = link.href;  // no form to show here: open its page
    }
  });

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest(".moderation-panel form");
    if (!form || !commentOf(form)) return;
    event.preventDefault();
    const panel = form.closest(".moderation-panel");
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const type = response.headers.get("Content-Type") || "";
      if (response.ok && type.startsWith("application/json")) {
        const answer = await response.json();
        await replaceComment(commentOf(panel).id, answer.message);
        return;
      }
      // Refused or incomplete: the form comes back with what was typed and why.
      const fresh = panelFrom(await response.text());
      if (!fresh) throw new Error("no form");
      const opener = commentOf(panel).querySelector(".moderation-action[aria-expanded='true']");
      panel.replaceWith(fresh);
      levelHeading(fresh);  // the form page's h1, in the comment as the panel it replaces
      if (opener) opener.setAttribute("aria-expanded", "true");
      const alert = fresh.querySelector("[role=alert]");
      const field = fresh.querySelector("[aria-invalid=true], form input:not([type=hidden]), form select");
      (field || alert || fresh).focus();
    } catch (error) {
      form.submit();  // no answer to read: let the page do it
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
