// Small helpers to build the page's DOM without a framework: h() makes an
// element with attributes and children; text is always set as text, never as
// HTML, so nothing a user typed is ever parsed as markup.

type Attributes = { readonly [name: string]: string | boolean | undefined };
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** Sets an element's text when it differs (no needless layout). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** The element with `data-testid` = `id` below `root`; throws when the page was built without it. */
export function byTestId<T extends Element = HTMLElement>(root: ParentNode, id: string): T {
  const found = root.querySelector(`[data-testid="${id}"]`);
  if (found === null) throw new Error(`the page has no [data-testid="${id}"]`);
  return found as T;
}

/** "3 s ago", "2 min ago", or the time itself; for "changed by X ..." lines. */
export function ago(when: string, now: number = Date.now()): string {
  const at = Date.parse(when);
  if (Number.isNaN(at)) return when;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(at).toLocaleString();
}
