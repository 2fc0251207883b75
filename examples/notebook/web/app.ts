// EventBook's notebook in the browser: the page's entry point (index.html
// loads it as an ES module). It reads the token, asks the server whose it is,
// and shows the notebook list (#) or one notebook (#notebook=ID), following
// the fragment.
import * as mealy from "./mealy.js";
import { StatusBoard, type Context, type Page } from "./context.js";
import { byTestId, h, replaceChildren, setText } from "./dom.js";
import { connect } from "./live.js";
import { listPage } from "./list_page.js";
import { notebookPage } from "./notebook_page.js";
import { Outbox } from "./outbox.js";
import { forgetToken, fragment, takeToken, whoAmI } from "./session.js";

/**
 * The browser's fetch as mealy.HttpClient wants it: called through a function
 * of ours (the browser's refuses to run as a method of another object,
 * "Illegal invocation"), its Response seen as the structural
 * FetchResponseLike (the DOM's getReader() has overloads the structural type
 * does not spell; the client reads bodies only with read() and cancel()).
 */
const browserFetch: mealy.FetchLike = async (url, init) =>
  (await fetch(url, init as RequestInit)) as unknown as mealy.FetchResponseLike;

function fatal(main: HTMLElement, message: string): void {
  replaceChildren(main, h("div", { class: "refused", "data-testid": "fatal" }, message));
}

async function start(): Promise<void> {
  const main = byTestId(document, "main");
  const errorBar = byTestId(document, "error");
  const errorText = byTestId(errorBar, "error-text");
  const report = (text: string): void => {
    setText(errorText, text);
    errorBar.hidden = text === "";
  };
  byTestId(document, "dismiss-error").addEventListener("click", () => report(""));
  errorBar.hidden = true;

  const token = takeToken();
  if (token === undefined) {
    return fatal(main, "No token: open the address notebook_server printed for you (it ends in #token=...).");
  }
  const baseUrl = location.origin;
  const client = new mealy.HttpClient({ baseUrl, token, fetch: browserFetch });
  const connection = connect(client);
  const who = await whoAmI(connection, (why) =>
    replaceChildren(main, h("p", { class: "muted", "data-testid": "waiting" }, `Connecting to the server… (${why})`)));
  replaceChildren(main);
  if (!who.ok) {
    forgetToken();
    return fatal(main, `Cannot sign in: ${who.message}.`);
  }
  setText(byTestId(document, "user"), who.user);

  const status = new StatusBoard(byTestId(document, "connection"));
  const outbox = new Outbox(client, (pending) => status.setPending(pending));
  const context: Context = { client, connection, outbox, user: who.user, status, report };

  let page: Page | undefined;
  let shown = "";
  const route = (): void => {
    const notebook = fragment().get("notebook") ?? "";
    if (page !== undefined && notebook === shown) return;
    page?.dispose();
    report("");
    shown = notebook;
    document.title = "EventBook";
    page = notebook === "" ? listPage(context) : notebookPage(context, notebook);
    replaceChildren(main, page.root);
  };
  window.addEventListener("hashchange", route);
  // A page being closed or reloaded sends what is typed and not yet sent.
  window.addEventListener("pagehide", () => page?.dispose());
  route();
}

void start().catch((error: unknown) => {
  const main = document.querySelector<HTMLElement>('[data-testid="main"]');
  if (main !== null) fatal(main, `The page failed to start: ${String(error)}`);
});
