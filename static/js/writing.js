// Writing, enhanced: a character count near the limit, preview and posting in place with any
// refusal shown under the form (the text stays where it was typed), and "quote" on a comment.
// Without this file every form still works: it posts to its page, which shows the same messages.
"use strict";

(function () {
  const NEAR_THE_LIMIT = 0.8;

  // The count appears once the text is past 80% of the limit, and is announced politely.
  function updateCount(textarea) {
    const limit = Number(textarea.dataset.maxLength);
    if (!limit) return;
    const length = textarea.value.replace(/\r\n/g, "\n").length;
    let count = textarea.parentElement.querySelector(".char-count");
    if (length < limit * NEAR_THE_LIMIT) {
      if (count) count.textContent = "";
      return;
    }
    if (!count) {
      count = document.createElement("span");
      count.className = "char-count";
      count.setAttribute("aria-live", "polite");
      textarea.after(count);
    }
    const left = limit - length;
    count.textContent = left >= 0 ? left + " characters left" : -left + " characters over the limit";
    count.classList.toggle("over", left < 0);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-max-length]")) updateCount(event.target);
  });

  function messageBox(form) {
    let box = form.querySelector(".form-message");
    if (!box) {
      box = document.createElement("p");
      box.className = "form-message message error";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      form.querySelector(".form-actions").before(box);
    }
    return box;
  }

  function showPreview(form, html) {
    let preview = form.querySelector(".preview");
    if (!preview) {
      preview = document.createElement("section");
      preview.className = "preview";
      preview.setAttribute("aria-label", "Preview");
      preview.tabIndex = -1;
      form.querySelector(".form-actions").before(preview);
    }
    // The server rendered this with the very function that saves a comment (sanitised there).
    preview.innerHTML = '<p class="preview-label">Preview (not posted yet)</p><div class="comment-body">' + html + "</div>";
    preview.focus();
  }

  function showRefusal(form, text) {
    const box = messageBox(form);
    box.textContent = text;
    form.querySelector("textarea").setAttribute("aria-invalid", "true");
    box.focus();
  }

  async function send(form, submitter) {
    const data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      showRefusal(form, "The forum could not be reached. Your text is kept here: try again in a moment.");
      return;
    }
    if (!(response.headers.get("Content-Type") || "").startsWith("application/json")) {
      form.submit();  // something else answered (a log-in page, an error page): let the page handle it
      return;
    }
    const answer = await response.json();
    if (answer.location) {
      const target = new URL(answer.location, window.location.href);
      const here = window.location.pathname + window.location.search;
      if (target.pathname + target.search === here) {
        window.history.replaceState(null, "", target.href);  // a new #fragment alone would not load the page
        window.location.reload();
      } else {
        window.location.assign(target.href);
      }
      return;
    }
    if (answer.submission_key) form.querySelector("input[name=submission_key]").value = answer.submission_key;
    const problem = answer.refusal || answer.errors.join(" ");
    if (problem) {
      showRefusal(form, problem);
      return;
    }
    const box = form.querySelector(".form-message");
    if (box) box.remove();
    form.querySelector("textarea").removeAttribute("aria-invalid");
    if (answer.preview) showPreview(form, answer.preview);
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("#discussion form.comment-form")) return;
    event.preventDefault();
    send(form, event.submitter);
  });

  // Quote: the words selected in a comment (or its first paragraph) as a block quote in the reply form.
  function quotedText(comment) {
    const body = comment.querySelector(":scope > article .comment-body");
    if (!body) return "";
    const selection = window.getSelection();
    let text = "";
    if (selection && !selection.isCollapsed && body.contains(selection.anchorNode) && body.contains(selection.focusNode)) {
      text = selection.toString();
    } else {
      const first = body.querySelector("p, li, pre");
      text = first ? first.textContent : body.textContent;
    }
    text = text.trim();
    return text ? text.split("\n").map((line) => "> " + line).join("\n") + "\n\n" : "";
  }

  function addQuoteButtons() {
    for (const link of document.querySelectorAll("#discussion a.reply-link[data-reply-to]")) {
      if (link.nextElementSibling && link.nextElementSibling.matches(".quote-button")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button quote-button";
      button.textContent = "quote";
      const author = link.closest("li.comment").querySelector(".author");
      button.setAttribute("aria-label", "Quote " + (author ? author.textContent.trim() : "this comment") + " in a reply");
      button.dataset.quote = link.dataset.replyTo;
      link.after(" ", button);
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.quote-button");
    if (!button) return;
    const comment = document.getElementById("c" + button.dataset.quote);
    const quote = quotedText(comment);
    button.previousElementSibling.click();  // opens (or focuses) the reply form under the comment
    const textarea = document.getElementById("reply-body-" + button.dataset.quote);
    if (!textarea) return;
    textarea.value = quote + textarea.value;
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    updateCount(textarea);
  });

  // Selecting text must not be lost when the pointer goes down on the button.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("button.quote-button")) event.preventDefault();
  });

  addQuoteButtons();
})();
