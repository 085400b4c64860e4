// "Add another" for Django formsets: a button with data-formset-add="<prefix>" appends a copy of
// the formset's empty form (<template id="<prefix>-empty">, fields named <prefix>-__prefix__-…)
// as the next form and counts it in <prefix>-TOTAL_FORMS. The button shows only with the script.
for (const button of document.querySelectorAll("button[data-formset-add]")) {
  const prefix = button.dataset.formsetAdd;
  const template = document.getElementById(`${prefix}-empty`);
  const rows = document.getElementById(`${prefix}-rows`);
  const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const max = document.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
  if (!(template instanceof HTMLTemplateElement) || !rows || !total) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    if (max && index >= Number(max.value)) return;
    const row = template.content.cloneNode(true);
    for (const element of row.querySelectorAll("[name], [id], [for]")) {
      for (const attribute of ["name", "id", "for"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replaceAll("__prefix__", String(index)));
      }
    }
    rows.append(row);
    total.value = String(index + 1);
    rows.lastElementChild?.querySelector("input, select, textarea")?.focus();
  });
}
