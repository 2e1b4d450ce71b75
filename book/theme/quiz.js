// Self-check questions that work offline and keep their maths.
//
// A quiz is written in Markdown as a task list inside <div class="quiz">:
// the option ticked with [x] is the right one. The maths in it is rendered
// at build time like any other maths; this script only turns the list into
// buttons, hides which one is ticked, and gives feedback. Without
// JavaScript the reader sees the list with the answer ticked.
(function () {
  "use strict";

  function setUp(quiz, index) {
    var items = Array.prototype.slice.call(quiz.querySelectorAll("li"));
    items = items.filter(function (li) {
      return li.querySelector('input[type="checkbox"]');
    });
    if (items.length === 0) return;
    var explain = quiz.querySelector(".quiz-explain");
    if (explain) explain.hidden = true;

    var feedback = document.createElement("p");
    feedback.className = "quiz-feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    items[0].parentElement.after(feedback);

    var list = items[0].parentElement;
    list.setAttribute("role", "group");
    list.setAttribute("aria-label", "Choose an answer");
    list.classList.add("quiz-options");

    items.forEach(function (li) {
      var box = li.querySelector('input[type="checkbox"]');
      var right = box.checked;
      box.remove();
      li.dataset.correct = right ? "true" : "false";
      li.classList.add("quiz-option");
      li.setAttribute("role", "button");
      li.setAttribute("tabindex", "0");
      li.setAttribute("aria-pressed", "false");

      function choose() {
        items.forEach(function (other) {
          other.classList.remove("quiz-right", "quiz-wrong");
          other.setAttribute("aria-pressed", "false");
        });
        li.setAttribute("aria-pressed", "true");
        if (right) {
          li.classList.add("quiz-right");
          feedback.textContent = "Correct.";
          feedback.className = "quiz-feedback quiz-feedback-right";
          if (explain) explain.hidden = false;
        } else {
          li.classList.add("quiz-wrong");
          feedback.textContent = "Not quite: try another answer.";
          feedback.className = "quiz-feedback quiz-feedback-wrong";
        }
      }
      li.addEventListener("click", choose);
      li.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          choose();
        }
      });
    });
    quiz.dataset.ready = String(index);
  }

  function start() {
    document.querySelectorAll(".quiz").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
