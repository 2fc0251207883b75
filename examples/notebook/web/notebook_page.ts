// One notebook: its title and members (the live view `notebook`), its cells
// in fractional order (the live view `cells`, merged by id into a CellSet
// kept in localStorage), a form that adds a cell and one that shares the
// notebook.
//
// Design notes:
//  1. The page shows the cells kept from the last visit at once, then asks
//     the live view for what changed after their cursor (never everything
//     again); every answer is saved with its cursor.
//  2. Cell views are kept by id and moved, not rebuilt, when the order
//     changes, so a textarea being typed into keeps its focus and text.
//  3. A refused notebook (403: neither owner nor member; 404) is shown as
//     such, and its kept cells are forgotten.
import { CellSet } from "./cells.js";
import { CellView, type CellHost } from "./cell_view.js";
import type { Context, Page } from "./context.js";
import { h, replaceChildren, setText } from "./dom.js";
import type { LiveView } from "./live.js";
import { describeOutcome } from "./outbox.js";
import { Cell, CellKind, Notebook, type CellKind as CellKindName } from "./notebook.mealy.js";
import { decodeCells, decodeNotebook, type NotebookMeta } from "./views.js";

export function storageKey(user: string, notebook: string): string {
  return `eventbook.cells.${user}.${notebook}`;
}

export function notebookPage(context: Context, notebookId: string): Page {
  const key = storageKey(context.user, notebookId);
  const cells = new CellSet();
  const views = new Map<string, CellView>();
  let focusNext: string | undefined;

  const title = h("h1", { "data-testid": "notebook-title" }, "…");
  const members = h("p", { class: "muted", "data-testid": "members" });
  const refused = h("div", { class: "refused", "data-testid": "notebook-refused", hidden: true });
  const list = h("div", { class: "cells", "data-testid": "cells" });
  const empty = h("p", { class: "muted", "data-testid": "no-cells", hidden: true }, "No cells yet.");

  const kind = h("select", { "data-testid": "new-cell-kind", "aria-label": "Kind of the new cell" }, ...CellKind.members.map((name) => h("option", { value: name, selected: name === "Sql" }, name)));
  const add = h("button", { type: "submit", "data-testid": "add-cell", title: "Add a cell at the end" }, "+ Add cell");
  const addForm = h("form", { class: "inline-form add-cell" }, kind, add);

  const shareUser = h("input", { type: "text", placeholder: "user name", "aria-label": "User to share the notebook with", "data-testid": "share-user" });
  const share = h("button", { type: "submit", "data-testid": "share" }, "Share");
  const shareForm = h("form", { class: "inline-form share" }, shareUser, share);

  const host: CellHost = {
    positionMovedBy: (id, by) => {
      const ordered = cells.list();
      const index = ordered.findIndex((row) => row.id === id);
      const target = index + by;
      if (index < 0 || target < 0 || target >= ordered.length) return undefined;
      return cells.positionAt(target, id);
    },
  };

  const render = (): void => {
    // Moving an element blurs what is focused inside it: note it, to restore it.
    const active = document.activeElement instanceof HTMLTextAreaElement && list.contains(document.activeElement) ? document.activeElement : undefined;
    const selection = active !== undefined ? [active.selectionStart, active.selectionEnd] as const : undefined;
    const ordered = cells.list();
    const seen = new Set<string>();
    let expected: Element | null = list.firstElementChild;
    ordered.forEach((row, index) => {
      seen.add(row.id);
      let view = views.get(row.id);
      if (view === undefined) {
        view = new CellView(context, host, row);
        views.set(row.id, view);
      }
      view.update(row, index, ordered.length);
      if (view.root === expected) expected = expected.nextElementSibling;
      else list.insertBefore(view.root, expected);  // design note 2
    });
    for (const [id, view] of views) {
      if (seen.has(id)) continue;
      view.dispose();
      view.root.remove();
      views.delete(id);
    }
    if (active !== undefined && selection !== undefined && active.isConnected && document.activeElement !== active) {
      active.focus();
      active.setSelectionRange(selection[0], selection[1]);
    }
    empty.hidden = ordered.length > 0;
    list.dataset["cursor"] = String(cells.cursor);
    if (focusNext !== undefined) {
      const view = views.get(focusNext);
      if (view !== undefined) {
        focusNext = undefined;
        view.focus();
      }
    }
  };

  let meta: NotebookMeta | undefined;
  const unshare = (user: string): void => {
    void context.outbox.send(Notebook, notebookId, { type: "Unshare", version: 1, payload: { user } }).then((outcome) => {
      const problem = describeOutcome(`Taking the notebook back from ${user}`, outcome);
      if (problem !== undefined) context.report(problem);
    });
  };
  const showMeta = (): void => {
    if (meta === undefined) return;
    setText(title, meta.title);
    document.title = `${meta.title} · EventBook`;
    // Share and Unshare: the owner's, when the generated Notebook machine accepts them in its state.
    const accepted = Notebook.acceptedCommands(meta.archived ? "Archived" : "Active");
    const owner = meta.owner === context.user;
    const canUnshare = owner && accepted.includes("Unshare");
    replaceChildren(
      members,
      `owned by ${meta.owner} · `,
      meta.members.length === 0 ? "not shared" : "shared with ",
      ...meta.members.map((member) =>
        h("span", { class: "member", "data-testid": "member", "data-user": member }, member,
          canUnshare ? unshareButton(member) : null)),
    );
    members.dataset["members"] = meta.members.join(",");
    const canShare = owner && accepted.includes("Share");
    shareUser.disabled = !canShare;
    share.disabled = !canShare;
    shareForm.title = owner ? "" : "Only the owner shares a notebook";
  };
  const unshareButton = (member: string): HTMLButtonElement => {
    const button = h("button", { type: "button", class: "unshare", "data-testid": "unshare", title: `Take the notebook back from ${member}` }, "×");
    button.addEventListener("click", () => unshare(member));
    return button;
  };

  let cellsView: LiveView | undefined;
  const refuse = (status: number, message: string): void => {
    cellsView?.close();
    notebookView.close();
    context.status.remove("notebook");
    context.status.remove("cells");
    localStorage.removeItem(key);
    refused.hidden = false;
    refused.dataset["status"] = String(status);
    setText(refused, status === 403 ? `You have no access to this notebook (403): ${message}` : `This notebook cannot be opened (${status}): ${message}`);
    setText(title, status === 403 ? "No access" : "Not found");
    addForm.hidden = true;
    shareForm.hidden = true;
    for (const view of views.values()) view.dispose();
    views.clear();
    replaceChildren(list);
  };

  const notebookView = context.connection.live("notebook", { id: notebookId }, 0, {
    onAnswer: (body) => {
      const decoded = decodeNotebook(body);
      if (!decoded.ok) return context.report(`The notebook is unreadable: ${decoded.error}`);
      if (decoded.value.notebook === null) return;  // not in the server's tables yet: the next answer
      meta = decoded.value.notebook;
      showMeta();
    },
    onStatus: (status, detail) => context.status.set("notebook", status, detail),
    onRefused: (status, error) => refuse(status, error.message),
  });

  cells.load(localStorage, key);  // design note 1
  render();
  cellsView = context.connection.live("cells", { notebook: notebookId }, cells.cursor, {
    onAnswer: (body) => {
      const decoded = decodeCells(body);
      if (!decoded.ok) return context.report(`The cells are unreadable: ${decoded.error}`);
      if (cells.merge(decoded.value.cells, decoded.value.cursor).length > 0) render();
      list.dataset["cursor"] = String(cells.cursor);
      cells.save(localStorage, key);
    },
    onStatus: (status, detail) => context.status.set("cells", status, detail),
    onRefused: (status, error) => refuse(status, error.message),
  });

  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = context.client.newId();
    const position = cells.positionAt(cells.list().length);
    focusNext = id;
    void context.outbox
      .send(Cell, id, { type: "Create", version: 1, payload: { notebook_id: notebookId, kind: kind.value as CellKindName, position, source: "" } })
      .then((outcome) => {
        const problem = describeOutcome("Adding a cell", outcome);
        if (problem !== undefined) context.report(problem);
      });
  });

  shareForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const user = shareUser.value.trim();
    if (user === "") return;
    void context.outbox.send(Notebook, notebookId, { type: "Share", version: 1, payload: { user } }).then((outcome) => {
      const problem = describeOutcome(`Sharing with ${user}`, outcome);
      if (problem !== undefined) return context.report(problem);
      shareUser.value = "";
    });
  });

  const root = h(
    "main",
    { class: "page notebook-page", "data-testid": "notebook-page", "data-id": notebookId },
    h("p", {}, h("a", { href: "#", "data-testid": "back" }, "← Notebooks")),
    title,
    members,
    shareForm,
    refused,
    addForm,  // above the cells, and sticky: it stays where it is as cells come and go
    list,
    empty,
  );
  return {
    root,
    dispose: () => {
      notebookView.close();
      cellsView?.close();
      context.status.remove("notebook");
      context.status.remove("cells");
      for (const view of views.values()) {
        void view.flush();
        view.dispose();
      }
    },
  };
}
