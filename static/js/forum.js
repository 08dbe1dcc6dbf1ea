// Optional niceties; every feature of the forum works without this file.
"use strict";

// Reading: keep "3 hours ago" labels true on a page left open. The server writes the same
// labels (forum/templatetags/timestamps.py), so without this file they are only as old as the page.
(function () {
  const UNITS = [
    ["year", 365 * 24 * 3600],
    ["month", 30 * 24 * 3600],
    ["week", 7 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];

  function relativeLabel(then, now) {
    const seconds = (now - then) / 1000;
    if (!(seconds >= 60)) return "just now";  // also a time slightly ahead of this device's clock
    for (const [name, size] of UNITS) {
      const count = Math.floor(seconds / size);
      if (count >= 1) return count + "\u00a0" + name + (count === 1 ? "" : "s") + " ago";
    }
    return "just now";
  }

  function refreshTimes() {
    const now = Date.now();
    for (const time of document.querySelectorAll("time[data-relative]")) {
      const then = Date.parse(time.getAttribute("datetime"));
      if (!Number.isNaN(then)) time.textContent = relativeLabel(then, now);
    }
  }

  refreshTimes();  // a page served from a cache may be older than its labels say
  window.setInterval(refreshTimes, 60 * 1000);
})();

// Posting: a "reply" link opens a reply form right under its comment. Without this file, or
// on a page without the form template (templates/comments/_new_comment.html), the link opens
// the reply page, which shows the comment being answered; a refused reply lands there too.
(function () {
  const template = document.getElementById("reply-form-template");
  if (!template) return;

  // A random version-4 UUID for the double-submit key: crypto.randomUUID() exists only on
  // HTTPS pages, getRandomValues() everywhere.
  function submissionKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function openReply(link) {
    const commentId = link.dataset.replyTo;
    const open = document.getElementById("reply-to-" + commentId);
    if (open) {
      open.querySelector("textarea").focus();
      return;
    }
    const form = template.content.firstElementChild.cloneNode(true);
    form.id = "reply-to-" + commentId;
    form.action = link.href;
    form.querySelector("input[name=submission_key]").value = submissionKey();
    const textarea = form.querySelector("textarea");
    textarea.id = "reply-body-" + commentId;
    form.querySelector("label").htmlFor = textarea.id;
    form.querySelector("[data-cancel-reply]").addEventListener("click", function () {
      form.remove();
      link.setAttribute("aria-expanded", "false");
      link.focus();
    });
    link.closest(".comment-links").after(form);
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", form.id);
    textarea.focus();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a.reply-link[data-reply-to]");
    // A click meant to open a new tab or window keeps its usual meaning.
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openReply(link);
  });
})();
