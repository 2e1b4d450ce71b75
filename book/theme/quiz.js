// Self-check questions that work offline and keep their maths.
//
// A quiz is written in Markdown as a task list inside <div class="quiz">:
// the option ticked with [x] is the right one. The maths in it is rendered
// at build time like any other maths; this script only turns the list into
// a group of radio buttons named by the question, hides which one is
// ticked, and gives feedback. Without JavaScript the reader sees the list
// with the answer ticked.
//
// The group follows the usual radio-group pattern: one Tab stop (the chosen
// answer, or the first before any is chosen); the arrow keys move to the
// next or previous answer, wrapping round, and choose it; Space or Enter
// chooses the answer with focus; a click or a tap chooses the answer
// under it. Each answer says whether it is chosen with aria-checked.
//
// A wrong answer says so and offers a button that shows the answer. Once
// the reader has the answer (picked or shown), the explanation stays open,
// because it says why the other options are wrong too, and the right option
// stays marked, so a later wrong pick never sits beside an explanation that
// contradicts it.
(() => {
  "use strict";

  const CHECKBOX = 'input[type="checkbox"]';
  const NEXT = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

  class Quiz {
    constructor(root, items, index) {
      this.root = root;
      this.index = index;
      this.options = items;
      this.list = items[0].parentElement;
      this.explain = root.querySelector(".quiz-explain");
      // Whether the reader knows the answer: picked it, or asked to see it.
      this.solved = false;
      this.rightOption = null;
      if (this.explain) this.explain.hidden = true;
      this.buildControls();
      this.buildGroup();
      items.forEach((li, k) => this.setUpOption(li, k));
      this.setTabStop(items[0]);
      this.bind();
      root.dataset.ready = String(index);
    }

    // The feedback line and the show-the-answer button, under the list.
    buildControls() {
      this.feedback = document.createElement("p");
      this.feedback.className = "quiz-feedback";
      this.feedback.setAttribute("role", "status");
      this.feedback.setAttribute("aria-live", "polite");

      this.reveal = document.createElement("button");
      this.reveal.type = "button";
      this.reveal.className = "quiz-reveal";
      this.reveal.textContent = this.explain ? "Show the answer and why" : "Show the answer";
      this.reveal.hidden = true;

      const controls = document.createElement("div");
      controls.className = "quiz-controls";
      controls.append(this.feedback, this.reveal);
      this.list.after(controls);
    }

    // The list becomes a radio group, named by the question: whatever
    // comes before the list in the quiz.
    buildGroup() {
      const list = this.list;
      list.setAttribute("role", "radiogroup");
      list.classList.add("quiz-options");
      const question = this.questionParts();
      if (question.length === 0) {
        list.setAttribute("aria-label", "Choose an answer");
        return;
      }
      const ids = question.map((part, k) => {
        if (!part.id) part.id = `quiz-${this.index + 1}-question-${k + 1}`;
        return part.id;
      });
      list.setAttribute("aria-labelledby", ids.join(" "));
    }

    // The quiz's elements before the one that holds the list.
    questionParts() {
      let holder = this.list;
      while (holder.parentElement && holder.parentElement !== this.root) holder = holder.parentElement;
      const parts = [];
      for (let e = holder.previousElementSibling; e; e = e.previousElementSibling) parts.unshift(e);
      return parts.filter((e) => e.textContent.trim() !== "");
    }

    // Answer k: its tick box goes, and it becomes a radio button. It is
    // labelled by itself: a name computed from its content alone leaves out
    // the maths (MathML), and many answers are nothing but maths.
    setUpOption(li, k) {
      const box = li.querySelector(CHECKBOX);
      const right = box.checked;
      box.remove();
      li.dataset.correct = String(right);
      li.classList.add("quiz-option");
      li.setAttribute("role", "radio");
      li.setAttribute("aria-checked", "false");
      if (!li.id) li.id = `quiz-${this.index + 1}-answer-${k + 1}`;
      li.setAttribute("aria-labelledby", li.id);
      if (right) {
        this.rightOption = li;
        const mark = document.createElement("span");
        mark.className = "quiz-mark";
        mark.textContent = "\u2713 the right answer";
        li.appendChild(mark);
      }
    }

    bind() {
      this.list.addEventListener("click", (e) => {
        const li = this.optionOf(e.target);
        if (li) this.choose(li);
      });
      this.list.addEventListener("keydown", (e) => this.key(e));
      this.reveal.addEventListener("click", () => this.showAnswer());
    }

    optionOf(node) {
      const li = node instanceof Element ? node.closest(".quiz-option") : null;
      return li && this.options.includes(li) ? li : null;
    }

    // Keys the group handles do not reach mdBook, whose arrow keys turn
    // pages, nor scroll the page (Space).
    key(e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const li = this.optionOf(e.target);
      if (!li) return;
      let target = null;
      if (e.key in NEXT) {
        const n = this.options.length;
        target = this.options[(this.options.indexOf(li) + NEXT[e.key] + n) % n];
        target.focus();
      } else if (e.key === " " || e.key === "Enter") {
        target = li;
      } else {
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      this.choose(target);
    }

    // Only one answer is reached by Tab: the one given here.
    setTabStop(li) {
      for (const other of this.options) other.tabIndex = other === li ? 0 : -1;
    }

    say(text, kind) {
      this.feedback.textContent = text;
      this.feedback.className = `quiz-feedback${kind ? ` quiz-feedback-${kind}` : ""}`;
    }

    choose(li) {
      for (const other of this.options) {
        other.classList.remove("quiz-right", "quiz-wrong");
        other.setAttribute("aria-checked", String(other === li));
      }
      this.setTabStop(li);
      if (li === this.rightOption) {
        li.classList.add("quiz-right");
        this.solve();
        this.say(`Correct.${this.explain ? " The explanation is below." : ""}`, "right");
        return;
      }
      li.classList.add("quiz-wrong");
      if (this.solved) {
        this.say(
          `Not quite: the right answer is marked \u2713${
            this.explain ? ", and the explanation below says why." : "."
          }`,
          "wrong",
        );
      } else {
        this.say("Not quite: try another answer.", "wrong");
        this.reveal.hidden = false;
      }
    }

    // The reader has the answer: mark it, open the explanation.
    solve() {
      this.solved = true;
      this.rightOption.classList.add("quiz-answer");
      if (this.explain) this.explain.hidden = false;
      this.reveal.hidden = true;
    }

    // The show-the-answer button: the answer marked, and focus on it (the
    // button it was pressed on is gone).
    showAnswer() {
      this.solve();
      this.say(`The right answer is marked \u2713${this.explain ? "; the explanation below says why." : "."}`, "");
      this.rightOption.focus();
    }
  }

  function setUp(quiz, index) {
    const items = [...quiz.querySelectorAll("li")].filter((li) => li.querySelector(CHECKBOX));
    if (items.length > 0) new Quiz(quiz, items, index);
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
