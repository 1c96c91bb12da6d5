// An open sub-menu of the main menu closes when the reader clicks elsewhere or presses
// Escape. Without this script it still works: its name opens and closes it.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll(".nav-submenu[open]")) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll(".nav-submenu[open]")) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  }
});
