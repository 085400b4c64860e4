// Type-ahead for text inputs with a data-suggest-url: as the user types, their <datalist> is
// filled with the matches the URL answers ({"suggestions": [{"value", "label"}]}). The input
// works as a plain text filter without it, so a failed lookup just offers nothing.
for (const input of document.querySelectorAll("input[data-suggest-url][list]")) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!(list instanceof HTMLDataListElement)) continue;
  let timer;
  let pending;

  const suggest = async () => {
    pending?.abort();
    const query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      return;
    }
    pending = new AbortController();
    // The URL may carry parameters of its own (e.g. ?exclude=).
    const url = new URL(input.dataset.suggestUrl, window.location.href);
    url.searchParams.set("q", query);
    let suggestions = [];
    try {
      const response = await fetch(url, {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      });
      // Signed out meanwhile, the answer is the sign-in page, not JSON.
      const isJson = response.headers.get("Content-Type")?.startsWith("application/json");
      if (!response.ok || !isJson) return;
      suggestions = (await response.json()).suggestions ?? [];
    } catch (error) {
      return; // aborted by newer typing, or offline: no suggestions
    }
    list.replaceChildren(
      ...suggestions.map(({ value, label }) => {
        const option = document.createElement("option");
        option.value = value;
        if (label) option.label = label;
        return option;
      }),
    );
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  // Typed before this script ran (a slow page): suggest for that too.
  if (input.value.trim() && document.activeElement === input) suggest();
}
