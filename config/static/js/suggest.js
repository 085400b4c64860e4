// Type-ahead for text inputs with a data-suggest-url: as the user types, their <datalist> is
// filled with the matches the URL answers ({"suggestions": [{"value", "label"}]}). The input
// works as a plain text filter without it.
for (const input of document.querySelectorAll("input[data-suggest-url][list]")) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  let pending;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      pending?.abort();
      const query = input.value.trim();
      if (!query) {
        list.replaceChildren();
        return;
      }
      pending = new AbortController();
      const url = `${input.dataset.suggestUrl}?${new URLSearchParams({ q: query })}`;
      try {
        const response = await fetch(url, {
          signal: pending.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        const { suggestions } = await response.json();
        list.replaceChildren(
          ...suggestions.map(({ value, label }) => {
            const option = document.createElement("option");
            option.value = value;
            if (label) option.label = label;
            return option;
          }),
        );
      } catch (error) {
        if (error.name !== "AbortError") throw error;
      }
    }, 150);
  });
}
