// `mealy verify`: reads the whole log and checks it against schemas.
//
// Design notes:
//  1. One pass over the log in position order (read_all pages), so memory
//     holds one page and, per stream, its last version and machine state.
//  2. Per event, in this order, each check only when the ones before it
//     passed: the stream's category names an aggregate [unknown-aggregate];
//     the stored type is one of its events, or a former name of one
//     [unknown-type]; the stored schema version is 1 .. the event's version
//     [unknown-version]; the payload decodes as the generated decoder
//     would decode it [payload] (stored at an older version or under a
//     former name, with an `upcast` hook: a payload that no longer decodes
//     is the hook's to read, so it is not a violation); the decoded values
//     keep the fields' constraints [constraint] (current payloads only).
//  3. The sequence, per stream: versions follow each other from 1
//     [version-gap]; the event can occur in the stream's state, as the
//     checker's evolve table says, which gives the next state
//     [impossible-sequence]. After a sequence violation the stream's state
//     is unknown: its later events are checked (2) but not its sequence,
//     so one bad event is reported once, not once per later event.
//  4. An event whose type is unknown cannot move the machine either: the
//     stream's sequence stops being checked after it, as in note 3.
#include <map>
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"
#include "interrupt.hpp"
#include "payload_check.hpp"
#include "progress.hpp"
#include "schema_set.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kVerifyHelp = R"HELP(Usage: mealy verify URL --schema FILE... [--json]

Reads every event of the store at URL and checks it against the schemas,
from the schemas alone (no generated code):
  - its stream's category is an aggregate of the schemas   [unknown-aggregate]
  - its type is an event of that aggregate, or a name the
    event was renamed from                                  [unknown-type]
  - its schema version is between 1 and the event's version [unknown-version]
  - its payload decodes as the generated decoder decodes it
    (older versions with an upcast hook excepted)           [payload]
  - its fields keep their constraints (min, max, lengths)   [constraint]
  - its stream version follows the one before               [version-gap]
  - it can occur in the state its stream is in, as the
    machine replays it (the evolve table)                   [impossible-sequence]
Each violation names the stream, the stream version and the position.

Options:
  --schema FILE   a schema file (repeatable; imports are followed)
  --json          one JSON object per violation and line: stream, version,
                  position, type, rule, message (the summary goes to stderr)
  --help          show this help

Progress goes to stderr: a bar on a terminal, a line every few seconds
otherwise. Ctrl-C stops the reading; what was read is reported.

Exit status: 0 when every event passes, 1 when one does not (or a schema has
errors, the store cannot be read, or Ctrl-C stopped it), 2 on a usage error.
)HELP";

constexpr std::size_t kVerifyPageSize = 1000;

struct Violation {
  const RecordedEvent* event;
  std::string rule;
  std::string message;
};

// Where a stream's replay stands.
struct StreamState {
  std::uint64_t version = 0;
  std::uint32_t state = schema::kNone;
  bool replaying = true;  // false once its sequence is unknown (notes 3, 4)
};

class Verifier {
 public:
  explicit Verifier(const SchemaSet& schemas) : schemas_(schemas) {}

  void check(const RecordedEvent& event, std::vector<Violation>& out) {
    const std::string_view category = category_of(event.stream);
    auto [found, created] = streams_.try_emplace(event.stream);
    StreamState& stream = found->second;
    const schema::Aggregate* aggregate = schemas_.aggregate(category);
    if (created && aggregate != nullptr) stream.state = aggregate->initial_state;
    check_sequence_number(event, stream, out);
    if (aggregate == nullptr) {
      if (created) {
        out.push_back({&event, "unknown-aggregate",
                       "the schemas have no aggregate " + std::string(category) +
                           " (the stream's category)"});
      }
      return;
    }
    const std::uint32_t index = SchemaSet::event_index(*aggregate, event.type);
    if (index == schema::kNone) {
      out.push_back(
          {&event, "unknown-type",
           "unknown event type '" + event.type + "' for aggregate " + aggregate->name.text});
      stream.replaying = false;
      return;
    }
    const schema::Event& declared = aggregate->events[index];
    check_payload_of(event, declared, out);
    replay(event, *aggregate, index, stream, out);
  }

  [[nodiscard]] std::size_t streams() const { return streams_.size(); }

 private:
  static void check_sequence_number(const RecordedEvent& event, StreamState& stream,
                                    std::vector<Violation>& out) {
    if (event.stream_version != stream.version + 1 && stream.replaying) {
      out.push_back({&event, "version-gap",
                     "stream version " + std::to_string(event.stream_version) +
                         " follows version " + std::to_string(stream.version)});
      stream.replaying = false;
    }
    stream.version = event.stream_version;
  }

  static void check_payload_of(const RecordedEvent& event, const schema::Event& declared,
                               std::vector<Violation>& out) {
    if (event.schema_version == 0 || event.schema_version > declared.version) {
      out.push_back({&event, "unknown-version",
                     "event '" + event.type + "' has version " +
                         std::to_string(event.schema_version) + "; the schema's " +
                         declared.name.text + " has versions 1 to " +
                         std::to_string(declared.version)});
      return;
    }
    const bool upcast = event.schema_version < declared.version || event.type != declared.name.text;
    const PayloadProblem problem = check_payload(event.payload, declared, event.schema_version);
    if (problem.kind == PayloadProblem::Kind::decode && !(upcast && !declared.upcast.empty())) {
      out.push_back({&event, "payload", problem.message});
    } else if (problem.kind == PayloadProblem::Kind::constraint && !upcast) {
      out.push_back({&event, "constraint", problem.message});
    }
  }

  static void replay(const RecordedEvent& event, const schema::Aggregate& aggregate,
                     std::uint32_t index, StreamState& stream, std::vector<Violation>& out) {
    if (!stream.replaying || stream.state == schema::kNone) return;
    const schema::State& state = aggregate.states[stream.state];
    const auto& step = state.evolve[index];
    if (!step) {
      out.push_back(
          {&event, "impossible-sequence",
           aggregate.events[index].name.text + " cannot occur in state " + state.name.text});
      stream.replaying = false;
      return;
    }
    stream.state = step->target;
  }

  const SchemaSet& schemas_;
  std::map<std::string, StreamState, std::less<>> streams_;
};

void print(std::ostream& out, const Violation& v, bool json) {
  const RecordedEvent& e = *v.event;
  if (json) {
    out << "{\"stream\":" << json_string(e.stream) << ",\"version\":" << e.stream_version
        << ",\"position\":" << e.position << ",\"type\":" << json_string(e.type) << ",\"rule\":\""
        << v.rule << "\",\"message\":" << json_string(v.message) << "}\n";
  } else {
    out << e.stream << " version " << e.stream_version << " (position " << e.position << ", "
        << e.type << "): " << v.message << " [" << v.rule << "]\n";
  }
}

}  // namespace

int run_verify(const Args& args, Io& io) {
  VerbLine line("verify", kVerifyHelp);
  std::string url;
  std::vector<std::string> schema_paths;
  bool json = false;
  line.app().add_option("URL", url)->required();
  line.app().add_option("--schema", schema_paths)->required()->allow_extra_args(false);
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  SchemaSet schemas;
  if (!schemas.load(schema_paths, io.err))
    return line.fail(io, "the schemas have errors; nothing was verified");
  auto opened = open_for(url, false);
  if (!opened) return line.fail(io, opened.status().message());
  EventStore& store = **opened;
  auto head = store.head();
  if (!head) return line.fail(io, head.status().message());

  Progress progress(io.err, io.terminal, "mealy verify", "events", *head);
  Verifier verifier(schemas);
  std::uint64_t events = 0, violations = 0, cursor = 0;
  bool stopped = false;
  for (;;) {
    if (interrupted()) {
      stopped = true;
      break;
    }
    auto page = store.read_all(cursor, {}, kVerifyPageSize);
    if (!page) return line.fail(io, page.status().message());
    std::vector<Violation> found;
    for (const RecordedEvent& event : page->events) {
      verifier.check(event, found);
      ++events;
    }
    for (const Violation& violation : found)
      print(io.out, violation, json);
    violations += found.size();
    cursor = page->next_position;
    progress.update(cursor);
    if (page->at_end) break;
  }
  progress.finish();
  std::ostream& summary = json ? io.err : io.out;
  if (stopped) summary << "mealy verify: interrupted after position " << cursor << "; ";
  summary << "verified " << events << (events == 1 ? " event" : " events") << " in "
          << verifier.streams() << (verifier.streams() == 1 ? " stream" : " streams") << ": "
          << (violations == 0
                  ? "no violations"
                  : std::to_string(violations) + (violations == 1 ? " violation" : " violations"))
          << "\n";
  return violations == 0 && !stopped ? kExitOk : kExitUserError;
}

}  // namespace mealy::tool
