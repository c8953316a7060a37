// The conference map's "Show at full size" button (proceedings.sphinxext.conference_map).
// The map fits the column; at full size its labels are legible and the frame scrolls to pan.
// Without script the map still fits, and the list below it says everything it shows.
document.querySelectorAll(".conference-map-frame").forEach(function (frame) {
  var svg = frame.querySelector("svg");
  var width = parseFloat(frame.dataset.width);
  if (!svg || !width || width <= frame.clientWidth) return;  // already whole and legible
  var button = document.createElement("button");
  button.type = "button";
  button.className = "map-zoom";
  button.setAttribute("aria-pressed", "false");
  button.textContent = frame.dataset.full;
  button.addEventListener("click", function () {
    var full = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", full ? "true" : "false");
    button.textContent = full ? frame.dataset.fit : frame.dataset.full;
    frame.classList.toggle("map-full-size", full);
  });
  frame.parentNode.insertBefore(button, frame);
});
