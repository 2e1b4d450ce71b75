// Self-check questions that work offline and keep their maths.
//
// A quiz is written in Markdown as a task list inside <div class="quiz">:
// the option ticked with [x] is the right one. The maths in it is rendered
// at build time like any other maths; this script only turns the list into
// buttons, hides which one is ticked, and gives feedback. Without
// JavaScript the reader sees the list with the answer ticked.
//
// A wrong answer says so and offers a button that shows the answer. Once
// the reader has the answer (picked or shown), the explanation stays open,
// because it says why the other options are wrong too, and the right option
// stays marked, so a later wrong pick never sits beside an explanation that
// contradicts it.
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
    var list = items[0].parentElement;

    var feedback = document.createElement("p");
    feedback.className = "quiz-feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");

    var reveal = document.createElement("button");
    reveal.type = "button";
    reveal.className = "quiz-reveal";
    reveal.textContent = explain
      ? "Show the answer and why"
      : "Show the answer";
    reveal.hidden = true;

    var controls = document.createElement("div");
    controls.className = "quiz-controls";
    controls.appendChild(feedback);
    controls.appendChild(reveal);
    list.after(controls);

    list.setAttribute("role", "group");
    list.setAttribute("aria-label", "Choose an answer");
    list.classList.add("quiz-options");

    // Whether the reader knows the answer: picked it, or asked to see it.
    var solved = false;
    var rightItem = null;

    function say(text, kind) {
      feedback.textContent = text;
      feedback.className =
        "quiz-feedback" + (kind ? " quiz-feedback-" + kind : "");
    }

    function showAnswer() {
      solved = true;
      rightItem.classList.add("quiz-answer");
      if (explain) explain.hidden = false;
      reveal.hidden = true;
    }

    items.forEach(function (li) {
      var box = li.querySelector('input[type="checkbox"]');
      var right = box.checked;
      box.remove();
      li.dataset.correct = right ? "true" : "false";
      li.classList.add("quiz-option");
      li.setAttribute("role", "button");
      li.setAttribute("tabindex", "0");
      li.setAttribute("aria-pressed", "false");
      if (right) {
        rightItem = li;
        var mark = document.createElement("span");
        mark.className = "quiz-mark";
        mark.textContent = "\u2713 the right answer";
        li.appendChild(mark);
      }

      function choose() {
        items.forEach(function (other) {
          other.classList.remove("quiz-right", "quiz-wrong");
          other.setAttribute("aria-pressed", "false");
        });
        li.setAttribute("aria-pressed", "true");
        if (right) {
          li.classList.add("quiz-right");
          showAnswer();
          var why = explain ? " The explanation is below." : "";
          say("Correct." + why, "right");
        } else {
          li.classList.add("quiz-wrong");
          if (solved) {
            say(
              "Not quite: the right answer is marked \u2713" +
                (explain ? ", and the explanation below says why." : "."),
              "wrong"
            );
          } else {
            say("Not quite: try another answer.", "wrong");
            reveal.hidden = false;
          }
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

    reveal.addEventListener("click", function () {
      showAnswer();
      say(
        "The right answer is marked \u2713" +
          (explain ? "; the explanation below says why." : "."),
        ""
      );
      rightItem.focus();
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
