// "Copy" buttons for secrets shown once (a new API token) or kept on a page (a webhook's
// signing secret): `<button data-copy="ID">` copies the text of the element with that id
// and says so in the status element beside it. The button is hidden until this script
// runs, so without it the secret is plain text to select by hand. Where the clipboard is
// out of reach (a page served over plain HTTP), the text is selected instead and the
// status says how to copy it.
function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function announce(button, text) {
  const status = button.parentElement.querySelector(".copy-status");
  if (status) status.textContent = text;
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = source.textContent.trim();
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      announce(button, button.dataset.copied);
    } catch {
      selectText(source);
      announce(button, button.dataset.failed);
    }
  });
}
