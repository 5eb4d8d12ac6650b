"use strict";
// Count a box's characters as the editor types, against the length search results show.
{
    function attachCount(box) {
        const limit = Number(box.dataset.countLimit);
        const count = document.createElement("p");
        count.className = "summary-count";
        count.id = `${box.id}_count`;
        count.setAttribute("aria-live", "polite");
        box.insertAdjacentElement("afterend", count);
        const described = box.getAttribute("aria-describedby");
        box.setAttribute("aria-describedby", described ? `${described} ${count.id}` : count.id);
        const update = () => {
            const length = box.value.length;
            const over = length >= limit;
            count.textContent = over
                ? `${length} / ${limit} characters: shorten it to under ${limit}`
                : `${length} / ${limit} characters`;
            count.classList.toggle("over", over);
        };
        box.addEventListener("input", update);
        update();
    }

    window.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("textarea[data-count-limit]").forEach(attachCount);
    });
}
