"use strict";
// Ask before leaving a changed term form, so a closed tab or a followed link loses no typing.
{
    let changed = false;
    const markChanged = (event) => {
        if (event.target.closest("#term_form")) {
            changed = true;
        }
    };
    document.addEventListener("input", markChanged);
    document.addEventListener("change", markChanged);
    document.addEventListener("formset:added", markChanged);
    document.addEventListener("formset:removed", () => {
        changed = true;
    });
    document.addEventListener("submit", (event) => {
        // A preview opens in another tab and saves nothing: the form is still unsaved.
        if (event.target.id === "term_form" && event.submitter?.formTarget !== "_blank") {
            changed = false;
        }
    });
    document.addEventListener("click", (event) => {
        if (event.target.closest(".cancel-link")) {
            changed = false;
        }
    });
    window.addEventListener("beforeunload", (event) => {
        if (changed) {
            event.preventDefault();
            event.returnValue = "";
        }
    });
}
