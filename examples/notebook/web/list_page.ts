// The notebooks the user owns or is a member of (the live view `notebooks`),
// and a form that creates one.
import type { Context, Page } from "./context.js";
import { ago, h, replaceChildren } from "./dom.js";
import { describeOutcome } from "./outbox.js";
import { Notebook } from "./notebook.mealy.js";
import { decodeNotebooks, type NotebookSummary } from "./views.js";

function renderItem(notebook: NotebookSummary, user: string): HTMLElement {
  const shared = notebook.owner === user ? (notebook.members.length > 0 ? `shared with ${notebook.members.join(", ")}` : "") : `owned by ${notebook.owner}`;
  return h(
    "li",
    { class: "notebook-item", "data-testid": "notebook-item", "data-id": notebook.id },
    h("a", { href: `#notebook=${encodeURIComponent(notebook.id)}`, "data-testid": "notebook-link" }, notebook.title),
    h(
      "span",
      { class: "muted" },
      ` · ${notebook.cells} cell${notebook.cells === 1 ? "" : "s"}`,
      shared === "" ? "" : ` · ${shared}`,
      notebook.changedBy === "" ? "" : ` · changed by ${notebook.changedBy} ${ago(notebook.changedAt)}`,
    ),
  );
}

export function listPage(context: Context): Page {
  const list = h("ul", { class: "notebook-list", "data-testid": "notebook-list" });
  const empty = h("p", { class: "muted", "data-testid": "no-notebooks", hidden: true }, "No notebooks yet: make one.");
  const title = h("input", { type: "text", placeholder: "Title of a new notebook", "aria-label": "Title of a new notebook", maxlength: "200", "data-testid": "new-notebook-title" });
  const create = h("button", { type: "submit", "data-testid": "create-notebook" }, "New notebook");
  const form = h("form", { class: "inline-form" }, title, create);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = title.value.trim();
    if (text === "") return;
    const id = context.client.newId();
    create.disabled = true;
    void context.outbox.send(Notebook, id, { type: "Create", version: 1, payload: { title: text, owner: context.user } }).then((outcome) => {
      create.disabled = false;
      const problem = describeOutcome("Creating the notebook", outcome);
      if (problem !== undefined) return context.report(problem);
      title.value = "";
      location.hash = `notebook=${encodeURIComponent(id)}`;
    });
  });

  const live = context.connection.live("notebooks", {}, 0, {
    onAnswer: (body) => {
      const decoded = decodeNotebooks(body);
      if (!decoded.ok) return context.report(`The notebook list is unreadable: ${decoded.error}`);
      const notebooks = decoded.value.notebooks.filter((notebook) => !notebook.archived);
      replaceChildren(list, ...notebooks.map((notebook) => renderItem(notebook, context.user)));
      empty.hidden = notebooks.length > 0;
    },
    onStatus: (status, detail) => context.status.set("notebooks", status, detail),
    onRefused: (status, error) => {
      context.status.remove("notebooks");
      context.report(`The notebook list is refused (${status} ${error.code}): ${error.message}`);
    },
  });

  const root = h("main", { class: "page list-page", "data-testid": "list-page" }, h("h1", {}, "Notebooks"), form, list, empty);
  return {
    root,
    dispose: () => {
      live.close();
      context.status.remove("notebooks");
    },
  };
}
