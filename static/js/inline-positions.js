"use strict";
// Number a row added to an inline after the rows above it, so editors need not renumber.
document.addEventListener("formset:added", (event) => {
    const position = event.target.querySelector("input[name$='-position']");
    if (!position || position.value) {
        return;
    }
    const group = event.target.closest(".inline-group");
    const taken = Array.from(group.querySelectorAll("input[name$='-position']"), (input) =>
        Number(input.value) || 0,
    );
    position.value = Math.max(0, ...taken) + 1;
});
