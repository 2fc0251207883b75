// A cell's execution as the page shows it: its status, its outputs (an SQL
// result as a table, text as text) and its error.
import { h } from "./dom.js";
import { decodeTable, kTableMime, type Execution, type Output } from "./views.js";

function cellText(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function renderOutput(output: Output): HTMLElement {
  if (output.mimeType === kTableMime) {
    const decoded = decodeTable(output.text);
    if (!decoded.ok) return h("pre", { class: "output-error", "data-testid": "cell-error" }, `unreadable table: ${decoded.error}`);
    const table = decoded.value;
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { "data-testid": "result-table" },
        h("thead", {}, h("tr", {}, ...table.columns.map((column) => h("th", {}, column)))),
        h("tbody", {}, ...table.rows.map((row) => h("tr", {}, ...row.map((value) => h("td", {}, cellText(value)))))),
      ),
      table.truncated ? h("p", { class: "muted", "data-testid": "result-truncated" }, "More rows than shown.") : null,
    );
  }
  if (output.mimeType.startsWith("text/")) return h("pre", { class: "output-text" }, output.text);
  return h("pre", { class: "output-text" }, `[${output.mimeType}] ${output.text}`);
}

function statusLine(execution: Execution): string {
  const by = execution.requestedBy === "" ? "" : ` by ${execution.requestedBy}`;
  switch (execution.status) {
    case "requested":
      return `queued${by}`;
    case "running":
      return `running${execution.kernel === "" ? "" : ` on ${execution.kernel}`}${by}`;
    case "completed":
    case "failed": {
      const took = execution.elapsedMs === null ? "" : ` in ${Math.round(execution.elapsedMs * 10) / 10} ms`;
      return `${execution.status}${took}${by}`;
    }
    default:
      return `${execution.status}${by}`;
  }
}

/** The output area's children for `execution` (none without one). */
export function renderExecution(execution: Execution | null): HTMLElement[] {
  if (execution === null) return [];
  const out: HTMLElement[] = [
    h("div", { class: `run-status status-${execution.status}`, "data-testid": "run-status", "data-status": execution.status }, statusLine(execution)),
  ];
  for (const output of execution.outputs) out.push(renderOutput(output));
  if (execution.error !== null) {
    out.push(h("pre", { class: "output-error", "data-testid": "cell-error" }, `${execution.error.name}: ${execution.error.message}`));
  }
  return out;
}
