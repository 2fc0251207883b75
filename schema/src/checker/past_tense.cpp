#include "checker/past_tense.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace mealy::schema::checker {
namespace {

// Irregular past participles (and a few past tenses) common in event names.
// Sorted, for binary search; lower case.
constexpr std::array kIrregular = {
    "arisen",   "awoken",     "begun",     "bent",      "bid",        "bitten",    "blown",
    "born",     "bought",     "broadcast", "broken",    "brought",    "built",     "burnt",
    "burst",    "cast",       "caught",    "chosen",    "come",       "cost",      "cut",
    "dealt",    "done",       "drawn",     "driven",    "dug",        "eaten",     "fallen",
    "fed",      "felt",       "fit",       "fled",      "flown",      "forbidden", "forecast",
    "forgiven", "forgot",     "forgotten", "found",     "frozen",     "given",     "gone",
    "got",      "gotten",     "grown",     "held",      "hid",        "hidden",    "hit",
    "hung",     "hurt",       "kept",      "knelt",     "known",      "laid",      "leapt",
    "learnt",   "led",        "left",      "lent",      "let",        "lit",       "lost",
    "made",     "meant",      "met",       "mistaken",  "overridden", "overrun",   "overtaken",
    "paid",     "put",        "quit",      "read",      "rebuilt",    "redone",    "reread",
    "resent",   "reset",      "retaken",   "rewritten", "ridden",     "risen",     "run",
    "rung",     "said",       "seen",      "sent",      "set",        "shaken",    "shed",
    "shone",    "shot",       "shown",     "shrunk",    "shut",       "slept",     "slid",
    "sold",     "sought",     "spent",     "split",     "spoken",     "spread",    "sprung",
    "stolen",   "struck",     "stuck",     "stung",     "sung",       "sunk",      "swept",
    "sworn",    "swung",      "taken",     "taught",    "thought",    "thrown",    "told",
    "torn",     "understood", "undone",    "unset",     "upheld",     "upset",     "withdrawn",
    "withheld", "woken",      "won",       "worn",      "wound",      "written",
};

// Words ending in "ed" that are not past tenses.
constexpr std::array kPresentEndingInEd = {
    "bleed",   "breed", "embed", "exceed", "feed",    "need",
    "proceed", "seed",  "shred", "speed",  "succeed",
};

bool is_past_tense_word(std::string_view word_text) {
  std::string word;
  for (char c : word_text)
    word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  while (!word.empty() && word.back() >= '0' && word.back() <= '9')
    word.pop_back();
  if (word.size() > 2 && word.ends_with("ed")) {
    return std::find(kPresentEndingInEd.begin(), kPresentEndingInEd.end(), word) ==
           kPresentEndingInEd.end();
  }
  return std::binary_search(kIrregular.begin(), kIrregular.end(), word,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

}  // namespace

bool looks_past_tense(std::string_view name) {
  // The verb may be any word: LineAdded, OpenedAsDraft, ConvertedToDraft.
  for (std::size_t start = 0; start < name.size();) {
    std::size_t end = start + 1;
    while (end < name.size() && !(name[end] >= 'A' && name[end] <= 'Z'))
      ++end;
    if (is_past_tense_word(name.substr(start, end - start))) return true;
    start = end;
  }
  return false;
}

}  // namespace mealy::schema::checker
