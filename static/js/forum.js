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
