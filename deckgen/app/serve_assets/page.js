// The page follows the server's event stream; it swaps only pictures whose digest
// changed, so scroll position and selection stay where the reader left them.
"use strict";

const byId = (id) => document.getElementById(id);
let current = null;
let selected = Number(location.hash.slice(1)) || 1;

function applyLook(look) {
  const style = document.documentElement.style;
  const names = { page: "background", text: "text", muted: "muted", accent: "accent",
                  slide: "slide" };
  for (const [variable, key] of Object.entries(names)) style.setProperty(`--${variable}`, look[key]);
  for (const key of ["font", "heading", "mono"]) style.setProperty(`--${key}`, `"${look[key]}"`);
}

function showProblems(problems) {
  const list = byId("problem-list");
  list.replaceChildren(...problems.map((problem) => {
    const item = document.createElement("li");
    item.className = problem.level;
    item.textContent = problem.text;
    return item;
  }));
  const errors = problems.filter((p) => p.level === "error").length;
  byId("problems-title").textContent = errors
    ? `${errors} error(s): the slides below are from the last good build`
    : `${problems.length} warning(s)`;
  byId("problems").hidden = problems.length === 0;
}

function cell(number) {
  const figure = document.createElement("figure");
  figure.dataset.number = number;
  const img = document.createElement("img");
  img.loading = "lazy";
  img.addEventListener("load", () => { img.dataset.loaded = img.dataset.digest; });
  const caption = document.createElement("figcaption");
  const label = document.createElement("b");
  const place = document.createElement("a");
  place.className = "place";
  caption.append(label, place);
  figure.append(img, caption);
  figure.addEventListener("click", (event) => {
    if (event.target.tagName !== "A") select(number);
  });
  return figure;
}

function showSlides(slides) {
  const grid = byId("grid");
  while (grid.children.length > slides.length) grid.lastChild.remove();
  while (grid.children.length < slides.length) grid.append(cell(grid.children.length + 1));
  slides.forEach((slide, index) => {
    const figure = grid.children[index];
    const img = figure.querySelector("img");
    const fresh = Boolean(img.dataset.digest) && img.dataset.digest !== slide.digest;
    if (img.dataset.digest !== slide.digest) {
      img.dataset.digest = slide.digest;
      img.src = slide.src;
    }
    img.alt = `Slide ${slide.number}: ${slide.title}`;
    figure.querySelector("b").textContent = slide.number;
    const place = figure.querySelector("a");
    place.textContent = slide.place.split("/").pop();
    place.href = slide.link || "#";
    place.title = `Open ${slide.place} in the editor`;
    figure.classList.toggle("fresh", fresh);
  });
}

function select(number) {
  if (!current || current.slides.length === 0) return;
  selected = Math.min(Math.max(1, number), current.slides.length);
  history.replaceState(null, "", `#${selected}`);
  const slide = current.slides[selected - 1];
  const img = byId("large-img");
  if (img.dataset.digest !== slide.digest) {
    img.dataset.digest = slide.digest;
    img.src = slide.src;
  }
  img.alt = `Slide ${slide.number}: ${slide.title}`;
  byId("large-number").textContent = `${slide.number} / ${current.slides.length}`;
  byId("large-title").textContent = slide.title;
  const place = byId("large-place");
  place.textContent = slide.place;
  place.href = slide.link || "#";
  byId("notes-text").textContent = slide.notes || "(no notes)";
  for (const figure of byId("grid").children) {
    figure.classList.toggle("selected", Number(figure.dataset.number) === selected);
  }
}

function statusText(state) {
  if (state.status === "ok") return `${state.slides.length} slides · build ${state.version}`;
  if (state.status === "building") return "building…";
  if (state.status === "failed") return "the last save has errors; showing the last good build";
  return state.status;
}

function show(state) {
  applyLook(state.look);
  document.title = `${state.deck} · deckgen`;
  byId("deck").textContent = state.deck;
  const status = byId("status");
  status.textContent = statusText(state);
  status.className = state.status === "ok" ? "" : (state.status === "failed" ? "failed" : "trouble");
  showProblems(state.problems);
  showSlides(state.slides);
  current = state;
  document.body.dataset.version = state.version;
  select(selected);
}

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => show(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    byId("status").textContent = "not connected to deckgen serve; retrying…";
    byId("status").className = "trouble";
  });
}

document.addEventListener("keydown", (event) => {
  if (event.key === "ArrowRight" || event.key === "ArrowDown") select(selected + 1);
  else if (event.key === "ArrowLeft" || event.key === "ArrowUp") select(selected - 1);
  else return;
  event.preventDefault();
});

const large = byId("large-img");
large.addEventListener("load", () => { large.dataset.loaded = large.dataset.digest; });
connect();
