// Voting in place: a vote button under a comment submits the page's one vote form (id "vote-form")
// without leaving the page, and shows the new count and whether it is pressed. Without this file the
// form posts and the page comes back at the comment.
"use strict";

(function () {
  const form = document.getElementById("vote-form");
  if (!form) return;

  form.addEventListener("submit", async function (event) {
    const button = event.submitter;
    if (!button || !button.formAction) return;
    event.preventDefault();
    const data = new FormData(form);
    data.append(button.name, button.value);
    button.disabled = true;
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json();
      if (answer.refusal) {
        let note = button.parentElement.querySelector(".vote-refusal");
        if (!note) {
          note = document.createElement("span");
          note.className = "vote-refusal";
          note.setAttribute("role", "alert");
          button.after(note);
        }
        note.textContent = answer.refusal;
        return;
      }
      const label = answer.count + (answer.count === 1 ? " vote" : " votes");
      button.querySelector(".vote-count").textContent = answer.count;
      button.setAttribute("aria-pressed", answer.voted ? "true" : "false");
      button.setAttribute("aria-label", "Up-vote (" + label + ")");
      button.value = answer.voted ? "down" : "up";
    } catch (error) {
      form.action = button.formAction;  // no answer to read: let the page do it
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
})();
