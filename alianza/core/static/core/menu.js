// The main menu on a phone: one "Menu" button (aria-expanded, aria-controls) that shows and
// hides the list. Without this script a plain link opens the list instead (:target in
// alianza.css), so the menu is reachable either way; the script swaps the link for the button.
// Open sub-menus ("The coalition") close when the reader clicks elsewhere or presses Escape;
// Escape then closes the phone menu, or the staff pages' menu, returning focus to its button.
const menuButton = document.querySelector(".menu-button");
const menuLink = document.querySelector(".menu-link");

function setMenuOpen(open) {
  menuButton.setAttribute("aria-expanded", String(open));
  document.getElementById(menuButton.getAttribute("aria-controls"))
    .classList.toggle("open", open);
}

if (menuButton) {
  menuButton.hidden = false;
  if (menuLink) menuLink.hidden = true;
  menuButton.addEventListener("click", () => {
    setMenuOpen(menuButton.getAttribute("aria-expanded") !== "true");
  });
}

function closeSubmenus(except) {
  for (const menu of document.querySelectorAll(".nav-submenu[open]")) {
    if (!menu.contains(except)) menu.removeAttribute("open");
  }
}

document.addEventListener("click", (event) => {
  closeSubmenus(event.target);
  if (menuButton && !event.target.closest(".site-header")) setMenuOpen(false);
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  // The innermost open thing closes first: a sub-menu, then the phone menu.
  const submenu = document.querySelector(".nav-submenu[open]");
  if (submenu) {
    submenu.removeAttribute("open");
    submenu.querySelector("summary").focus();
  } else if (menuButton && menuButton.getAttribute("aria-expanded") === "true") {
    setMenuOpen(false);
    menuButton.focus();
  } else {
    // The staff pages' menu on a phone (on wider screens it is shown whatever its state).
    const staffMenu = document.querySelector(".staff-menu[open]");
    if (staffMenu && staffMenu.contains(document.activeElement)) {
      staffMenu.removeAttribute("open");
      staffMenu.querySelector("summary").focus();
    }
  }
});
