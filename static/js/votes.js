// Voting in place: the vote form under a comment is sent without leaving the page, and its button
// shows the new count and whether it is pressed. Without this file the form posts and comes back.
"use strict";

(function () {
  document.addEventListener("submit", async function (event) {
    const form = event.target;
    if (!form.matches("form.vote-form")) return;
    event.preventDefault();
    const button = form.querySelector("button");
    const direction = form.querySelector("input[name=vote]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json();
      if (answer.refusal) {
        let note = form.querySelector(".vote-refusal");
        if (!note) {
          note = document.createElement("span");
          note.className = "vote-refusal";
          note.setAttribute("role", "alert");
          form.append(note);
        }
        note.textContent = answer.refusal;
        return;
      }
      const label = answer.count + (answer.count === 1 ? " vote" : " votes");
      form.querySelector(".vote-count").textContent = answer.count;
      button.setAttribute("aria-pressed", answer.voted ? "true" : "false");
      button.setAttribute("aria-label", "Up-vote (" + label + ")");
      direction.value = answer.voted ? "down" : "up";
    } catch (error) {
      form.submit();  // no answer to read: let the page do it
    } finally {
      button.disabled = false;
    }
  });
})();
