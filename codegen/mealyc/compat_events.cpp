// Comparing the events of one aggregate for `mealyc compat`.
//
// Design notes:
//  1. An OLD event is found in NEW by its name, or as a former name in a NEW
//     event's `renamed_from` (a rename done right). Stored events of an OLD
//     event NEW cannot find would no longer decode.
//  2. An OLD event NEW cannot find, whose fields (names and types, in order)
//     a NEW event that is itself new has too, was most likely renamed without
//     its former name: that is reported at the NEW event, once, instead of a
//     removal. Events without fields are never taken for renames.
//  3. Stored events are read at the version they were written at: a field
//     NEW adds is fine when it is optional or has `since` above OLD's version
//     (the checker makes `since` come with a default). An `upcast` hook
//     covers the rest when it runs for stored events, that is when the
//     version was raised or the event was found by a former name: a field
//     whose type changed or a new required field are then the hook's work.
#include <algorithm>

#include "compat_parts.hpp"

namespace mealy::cli::compat {

using schema::Event;
using schema::Field;

namespace {

bool lists(const std::vector<schema::Name>& names, const std::string& name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const schema::Name& n) { return n.text == name; });
}

bool same_fields(const Event& a, const Event& b) {
  if (a.fields.empty() || a.fields.size() != b.fields.size()) return false;
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].name.text != b.fields[i].name.text ||
        spell(a.fields[i].type) != spell(b.fields[i].type))
      return false;
  }
  return true;
}

schema::Location version_location(const Event& event) {
  return event.version_location.line != 0 ? event.version_location : event.name.location;
}

void compare_versions(const Event& was, const Event& now, schema::Diagnostics& out) {
  const std::string event = "event '" + now.name.text + "'";
  if (now.version < was.version) {
    out.error(version_location(now), "event-version-lowered",
              event + " is version " + std::to_string(now.version) + ", below its stored version " +
                  std::to_string(was.version) + ": events written at version " +
                  std::to_string(was.version) + " would be read as an older version");
    return;
  }
  if (now.version == was.version || !now.upcast.empty()) return;
  const bool explained = std::any_of(now.fields.begin(), now.fields.end(),
                                     [&](const Field& field) { return field.since > was.version; });
  if (explained) return;
  out.error(version_location(now), "version-raised-without-upcast",
            event + " is now version " + std::to_string(now.version) + " (was " +
                std::to_string(was.version) +
                ") but names no 'upcast' hook and no field 'since' above " +
                std::to_string(was.version) + ": nothing turns stored version-" +
                std::to_string(was.version) + " events into version " +
                std::to_string(now.version) + "; name an upcast hook");
}

// Compares an OLD event with the NEW event that reads its stored events
// (design note 3); `by_former_name` when found through `renamed_from`.
void compare_event(const Event& was, const Event& now, bool by_former_name,
                   schema::Diagnostics& out) {
  const std::string event = "event '" + now.name.text + "'";
  for (const schema::Name& former : was.renamed_from) {
    if (former.text != now.name.text && !lists(now.renamed_from, former.text)) {
      out.error(now.name.location, "former-name-dropped",
                event + " no longer lists its former name '" + former.text +
                    "' in 'renamed_from': stored " + former.text +
                    " events would no longer decode");
    }
  }
  compare_versions(was, now, out);
  const bool upcast_runs = !now.upcast.empty() && (now.version > was.version || by_former_name);
  for (const Field& old_field : was.fields) {
    const std::string field = "field '" + old_field.name.text + "' of " + event;
    const Field* new_field = find_named(now.fields, old_field.name.text);
    if (!new_field) {
      out.warning(old_field.name.location, "event-field-removed",
                  field +
                      " was removed: events appended from now on lack it, and readers still on "
                      "the old schema fail to decode them");
      continue;
    }
    if (!reads_as(old_field.type, new_field->type)) {
      if (!upcast_runs) {
        out.error(new_field->type.location, "field-type-changed",
                  field + " changed type from " + spell(old_field.type) + " to " +
                      spell(new_field->type) + ": stored events hold " + spell(old_field.type) +
                      "; raise the event's version and name an 'upcast' hook that converts them");
      }
      continue;
    }
    for (const Tightened& tightened : tightened_constraints(old_field, *new_field)) {
      out.error(
          tightened.location, "constraint-tightened",
          field + " has a tighter constraint, " + tightened.text + ": stored events may break it");
    }
  }
  if (upcast_runs) return;
  for (const Field& new_field : now.fields) {
    if (new_field.type.kind == schema::TypeKind::optional || new_field.since > was.version ||
        find_named(was.fields, new_field.name.text)) {
      continue;
    }
    const std::string next = std::to_string(std::max(was.version + 1, now.version));
    out.error(new_field.name.location, "new-required-field",
              "field '" + new_field.name.text + "' of " + event +
                  " is new and required: stored events (version " + std::to_string(was.version) +
                  ") lack it; give it a default and 'since: " + next + "' with 'version: " + next +
                  "' on the event, or make it optional");
  }
}

}  // namespace

void compare_events(const schema::Aggregate& before, const schema::Aggregate& after,
                    schema::Diagnostics& out) {
  auto find_new = [&](const std::string& name, bool& by_former_name) -> const Event* {
    for (const Event& event : after.events) {
      if (event.name.text == name) {
        by_former_name = false;
        return &event;
      }
    }
    for (const Event& event : after.events) {
      if (lists(event.renamed_from, name)) {
        by_former_name = true;
        return &event;
      }
    }
    return nullptr;
  };
  // NEW events that read no OLD event: candidates for a rename (design note 2).
  std::vector<const Event*> unmatched;
  for (const Event& event : after.events) {
    const bool reads_old =
        std::any_of(before.events.begin(), before.events.end(), [&](const Event& old) {
          return old.name.text == event.name.text || lists(event.renamed_from, old.name.text);
        });
    if (!reads_old) unmatched.push_back(&event);
  }
  for (const Event& was : before.events) {
    bool by_former_name = false;
    if (const Event* now = find_new(was.name.text, by_former_name)) {
      compare_event(was, *now, by_former_name, out);
      continue;
    }
    auto renamed = std::find_if(unmatched.begin(), unmatched.end(),
                                [&](const Event* now) { return same_fields(was, *now); });
    if (renamed != unmatched.end()) {
      out.error((*renamed)->name.location, "renamed-event-without-former-name",
                "event '" + (*renamed)->name.text + "' looks like '" + was.name.text +
                    "' renamed (the same fields) but does not list it in 'renamed_from': stored " +
                    was.name.text + " events would no longer decode; add 'renamed_from: [" +
                    was.name.text + "]'");
      unmatched.erase(renamed);
      continue;
    }
    out.error(
        was.name.location, "event-removed",
        "event '" + was.name.text + "' of aggregate '" + before.name.text +
            "' was removed: stored " + was.name.text +
            " events would no longer decode; keep it "
            "with 'retired: true', or list it in the 'renamed_from' of the event that replaces it");
  }
}

}  // namespace mealy::cli::compat
