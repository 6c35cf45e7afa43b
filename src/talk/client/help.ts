/** The `?` overlay: a list of the page's keys in a modal dialog (Esc or ? closes it). */
export function helpOverlay(title: string, keys: Array<[string, string]>): { toggle(): void; open(): boolean } {
  const dialog = document.createElement("dialog");
  dialog.className = "key-help";
  dialog.setAttribute("aria-label", title);
  const heading = document.createElement("h2");
  heading.textContent = title;
  const list = document.createElement("dl");
  for (const [key, what] of keys) {
    const dt = document.createElement("dt");
    dt.textContent = key;
    const dd = document.createElement("dd");
    dd.textContent = what;
    list.append(dt, dd);
  }
  dialog.append(heading, list);
  // A click on the backdrop (the dialog box itself, outside its content) closes it too.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "?") {
      dialog.close();
      e.preventDefault();
    }
    e.stopPropagation(); // keys pressed while reading the help do not move the slides
  });
  document.body.append(dialog);
  return {
    toggle: () => (dialog.open ? dialog.close() : dialog.showModal()),
    open: () => dialog.open,
  };
}
