// The TypeScript side of the cross-language suite (crosslang_test.cpp), run
// with Node on the generated modules compiled by the pinned tsc:
//
//   node driver.js REQUESTS ANSWERS
//
// REQUESTS holds one request a line, fields separated by tabs; ANSWERS gets
// one line per request, in order:
//   rt TAG JSON                 decode JSON as TAG, encode it again
//                               -> "ok\t<json>" or "err\t<error>"
//   stored TYPE VERSION PAYLOAD an event of account_v2 as the store keeps it,
//                               decoded with the upcast hooks, then encoded
//                               -> "ok\t<json>" or "err\t<error>"
//   next AGG STATE EVENT        nextState() -> the state's name, or "-"
//   accepts AGG STATE           acceptedCommands() joined by ", ", or "no command"
//   replay AGG SNAPSHOT EVENTS  replays the events (a JSON array) from the
//                               snapshot -> "ok\t<snapshot json>" or "err\t<error>"
//   validate AGG COMMAND        validateCommand() -> "field|code|message", or "-"
// The hooks below do what the C++ host in crosslang_test.cpp does.
import * as fs from "node:fs";
import * as mealy from "./mealy.js";
import * as account from "./account_v2.mealy.js";
import * as everything from "./everything.mealy.js";
import * as money from "./money.mealy.js";
import * as orders from "./order.mealy.js";

function answer<T>(decoded: mealy.Decoded<T>, encode: (value: T) => string): string {
  return decoded.ok ? "ok\t" + encode(decoded.value) : "err\t" + decoded.error;
}

function codec<T>(fromJson: (text: string) => mealy.Decoded<T>, encode: (value: T) => string): (text: string) => string {
  return (text) => answer(fromJson(text), encode);
}

const roundTrips: { readonly [tag: string]: (text: string) => string } = {
  Scalars: codec(everything.Scalars.fromJson, everything.Scalars.encode),
  Compounds: codec(everything.Compounds.fromJson, everything.Compounds.encode),
  Tree: codec(everything.Tree.fromJson, everything.Tree.encode),
  "Box.Command": codec(everything.Box.commandFromJson, everything.Box.encodeCommand),
  "Box.Event": codec(everything.Box.eventFromJson, everything.Box.encodeEvent),
  "Box.Aggregate": codec(everything.Box.snapshotFromJson, everything.Box.encodeSnapshot),
  Money: codec(money.Money.fromJson, money.Money.encode),
  OrderLine: codec(orders.OrderLine.fromJson, orders.OrderLine.encode),
  Address: codec(orders.Address.fromJson, orders.Address.encode),
  "Order.Command": codec(orders.Order.commandFromJson, orders.Order.encodeCommand),
  "Order.Event": codec(orders.Order.eventFromJson, orders.Order.encodeEvent),
  "Order.Aggregate": codec(orders.Order.snapshotFromJson, orders.Order.encodeSnapshot),
  "Account.Event": codec(account.Account.eventFromJson, account.Account.encodeEvent),
  "Account.Aggregate": codec(account.Account.snapshotFromJson, account.Account.encodeSnapshot),
};

const upcasts: account.Account_UpcastHooks = {
  // tier was an int32 in version 1: the old payload does not decode, the hook reads it.
  upcast_opened: (event, _version, payload) => {
    const raw = payload as { owner?: unknown; tier?: unknown };
    return { owner: typeof raw.owner === "string" ? raw.owner : event.owner, tier: "tier-" + String(raw.tier) };
  },
  upcast_deposited: (event, version) => ({ ...event, note: (event.note ?? "") + "@v" + String(version) }),
};

/** The machine functions of one aggregate, over names and JSON text. */
interface Machine {
  nextState(state: string, event: string): string | undefined;
  acceptedCommands(state: string): readonly string[];
  replay(snapshot: string, events: string): string;
  validate(command: string): string;
}

// State and event names come from C++ and are taken as they are (`never`
// accepts any aggregate's names).
function machine<Command, Event, Aggregate>(aggregate: {
  nextState(state: never, event: never): string | undefined;
  acceptedCommands(state: never): readonly string[];
  commandFromJson(text: string): mealy.Decoded<Command>;
  validateCommand(command: Command): mealy.Violation | undefined;
  decodeEvent(value: unknown): mealy.Decoded<Event>;
  snapshotFromJson(text: string): mealy.Decoded<Aggregate>;
  encodeSnapshot(aggregate: Aggregate): string;
}, replay: (aggregate: Aggregate, events: readonly Event[]) => mealy.Outcome<Aggregate>): Machine {
  return {
    nextState: (state, event) => aggregate.nextState(state as never, event as never),
    acceptedCommands: (state) => aggregate.acceptedCommands(state as never),
    replay: (snapshotText, eventsText) => {
      const snapshot = aggregate.snapshotFromJson(snapshotText);
      if (!snapshot.ok) return "err\t" + snapshot.error;
      const events: Event[] = [];
      for (const value of JSON.parse(eventsText) as unknown[]) {
        const event = aggregate.decodeEvent(value);
        if (!event.ok) return "err\t" + event.error;
        events.push(event.value);
      }
      const replayed = replay(snapshot.value, events);
      return replayed.ok ? "ok\t" + aggregate.encodeSnapshot(replayed.value) : "err\t" + replayed.error;
    },
    validate: (text) => {
      const command = aggregate.commandFromJson(text);
      if (!command.ok) return "err\t" + command.error;
      const violation = aggregate.validateCommand(command.value);
      return violation === undefined ? "-" : `${violation.field}|${violation.code}|${violation.message}`;
    },
  };
}

const machines: { readonly [name: string]: Machine } = {
  Box: machine(everything.Box, (a, events) => everything.Box.replay(a, events)),
  Order: machine(orders.Order, (a, events) =>
    orders.Order.replay(a, events, { append_line: (next) => next, drop_line: (next) => next })),
  Shipment: machine(orders.Shipment, (a, events) =>
    orders.Shipment.replay(a, events, { record_checkpoint: (next) => next })),
  Invoice: machine(orders.Invoice, (a, events) => orders.Invoice.replay(a, events)),
  Account: machine(account.Account, (a, events) =>
    account.Account.replay(a, events, {
      add_to_balance: (next, event) => ({ ...next, data: { ...next.data, balance: BigInt.asIntN(64, next.data.balance + event.amount) } }),
    })),
};

function machineOf(name: string | undefined): Machine {
  const found = name === undefined ? undefined : machines[name];
  if (found === undefined) throw new Error("driver: no aggregate " + String(name));
  return found;
}

function handle(fields: readonly string[]): string {
  const [op, a = "", b = "", c = ""] = fields;
  switch (op) {
    case "rt": {
      const roundTrip = roundTrips[a];
      if (roundTrip === undefined) throw new Error("driver: no type " + a);
      return roundTrip(b);
    }
    case "stored": {
      // The payload parsed as strictly as C++'s decode_event reads it.
      const payload = mealy.parseStrict(c);
      if (!payload.ok) return "err\t" + payload.error;
      const decoded = account.Account.decodeStoredEventWith(upcasts, a, Number(b), payload.value);
      return answer(decoded, account.Account.encodeEvent);
    }
    case "next":
      return machineOf(a).nextState(b, c) ?? "-";
    case "accepts": {
      const accepted = machineOf(a).acceptedCommands(b);
      return accepted.length === 0 ? "no command" : accepted.join(", ");
    }
    case "replay":
      return machineOf(a).replay(b, c);
    case "validate":
      return machineOf(a).validate(b);
    default:
      throw new Error("driver: unknown request " + String(op));
  }
}

const [, , requestsPath, answersPath] = process.argv;
if (requestsPath === undefined || answersPath === undefined) throw new Error("usage: node driver.js REQUESTS ANSWERS");
const answers: string[] = [];
for (const line of fs.readFileSync(requestsPath, "utf8").split("\n")) {
  if (line !== "") answers.push(handle(line.split("\t")));
}
fs.writeFileSync(answersPath, answers.map((text) => text + "\n").join(""));
