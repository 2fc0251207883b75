#include "checker/past_tense.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace mealy::schema::checker {
namespace {

// Irregular past participles (and a few past tenses) common in event names.
// Sorted, for binary search; lower case.
constexpr std::array kIrregular = {
    "arisen", "awoken", "begun", "bent", "bid", "bitten", "blown", "born", "bought", "broadcast",
    "broken", "brought", "built", "burnt", "burst", "cast", "caught", "chosen", "come", "cost",
    "cut", "dealt", "done", "drawn", "driven", "dug", "eaten", "fallen", "fed", "felt", "fit",
    "fled", "flown", "forbidden", "forecast", "forgiven", "forgot", "forgotten", "found",
    "frozen", "given", "gone", "got", "gotten", "grown", "held", "hid", "hidden", "hit", "hung",
    "hurt", "kept", "knelt", "known", "laid", "leapt", "learnt", "led", "left", "lent", "let",
    "lit", "lost", "made", "meant", "met", "mistaken", "overridden", "overrun", "overtaken",
    "paid", "put", "quit", "read", "rebuilt", "redone", "reread", "resent", "reset", "retaken",
    "rewritten", "ridden", "risen", "run", "rung", "said", "seen", "sent", "set", "shaken",
    "shed", "shone", "shot", "shown", "shrunk", "shut", "slept", "slid", "sold", "sought",
    "spent", "split", "spoken", "spread", "sprung", "stolen", "struck", "stuck", "stung", "sung",
    "sunk", "swept", "sworn", "swung", "taken", "taught", "thought", "thrown", "told", "torn",
    "understood", "undone", "unset", "upheld", "upset", "withdrawn", "withheld", "woken", "won",
    "worn", "wound", "written",
};

// Words ending in "ed" that are not past tenses.
constexpr std::array kPresentEndingInEd = {
    "bleed", "breed", "embed", "exceed", "feed", "need", "proceed", "seed", "shred", "speed",
    "succeed",
};

}  // namespace

bool looks_past_tense(std::string_view name) {
  std::size_t start = name.size();
  while (start > 0 && !(name[start - 1] >= 'A' && name[start - 1] <= 'Z')) --start;
  if (start > 0) --start;
  std::string word;
  for (char c : name.substr(start)) word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  while (!word.empty() && word.back() >= '0' && word.back() <= '9') word.pop_back();
  if (word.size() > 2 && word.ends_with("ed")) {
    return std::find(kPresentEndingInEd.begin(), kPresentEndingInEd.end(), word) ==
           kPresentEndingInEd.end();
  }
  return std::binary_search(kIrregular.begin(), kIrregular.end(), word,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

}  // namespace mealy::schema::checker
