// Share and Unshare, the Notebook commands that let another user read and
// change a notebook (owner only), as a served machine the outbox can send.
// Written against the notebook server's contract rather than taken from the
// generated Notebook object, so that the page builds with a schema that does
// not have them yet; the server refuses them there (a clear error shown).
import * as mealy from "./mealy.js";
import { Notebook, type Notebook_Aggregate, type Notebook_Event } from "./notebook.mealy.js";

export interface SharingCommand {
  readonly type: "Share" | "Unshare";
  readonly version: 1;
  readonly payload: { readonly user: string };
}

export const NotebookSharing: mealy.ServedMachine<SharingCommand, Notebook_Event, Notebook_Aggregate, string> = {
  name: Notebook.name,
  encodeCommand: (command) => mealy.writeWrapped(command.type, command.version, `{"user":${mealy.writeString(command.payload.user)}}`),
  decodeStoredEvent: (type, version, payload, limits) => Notebook.decodeStoredEvent(type, version, payload, limits),
  decodeSnapshot: (value, limits) => Notebook.decodeSnapshot(value, limits),
  create: (id) => Notebook.create(id),
};
