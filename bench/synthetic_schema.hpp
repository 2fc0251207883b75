// Synthetic schemas for the code generator's benchmarks: `aggregates`
// aggregates of `states` states each, in a ring (state i takes command i,
// emits event i and moves to state i+1), with fields of the usual kinds.
#pragma once

#include <string>

namespace mealy::bench {

inline std::string synthetic_schema(int aggregates, int states) {
  std::string yaml = "mealy: 1\npackage: bench.synthetic\naggregates:\n";
  for (int a = 0; a < aggregates; ++a) {
    yaml += "  Thing" + std::to_string(a) +
            ":\n    id: uuid\n    fields:\n      total: {type: int64, default: 0}\n";
    yaml += "      label: {type: string, default: \"\"}\n    commands:\n";
    for (int s = 0; s < states; ++s) {
      yaml += "      Do" + std::to_string(s) +
              ":\n        fields:\n          label: {type: string, min_length: 1, max_length: 80}\n"
              "          total: {type: int64, min: 0}\n          note: string?\n          tags: "
              "list<string>\n";
    }
    yaml += "    events:\n";
    for (int s = 0; s < states; ++s) {
      yaml += "      Done" + std::to_string(s) +
              ":\n        fields:\n          label: string\n          total: int64\n          "
              "note: string?\n"
              "          tags: list<string>\n          at: {type: timestamp, default: now}\n";
    }
    yaml += "    states:\n";
    for (int s = 0; s < states; ++s) {
      yaml += "      Step" + std::to_string(s) + ":\n";
      if (s == 0) {
        yaml += "        initial: true\n";  // nothing has happened yet: no fields
      } else {
        yaml += "        fields:\n          at: timestamp\n";
      }
      yaml += "        on:\n          Do" + std::to_string(s) + ": {emit: Done" +
              std::to_string(s) + ", to: Step" + std::to_string((s + 1) % states) + "}\n";
    }
  }
  return yaml;
}

}  // namespace mealy::bench
