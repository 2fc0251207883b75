// The nlohmann::json baseline of the codec benchmarks: from_json/to_json of
// the ledger's Posted event written as its documentation suggests, reading
// and writing the same canonical JSON as the generated codec (int64 as a
// decimal string, the UUID as text, the time as RFC 3339 with microseconds).
// A baseline only: mealy itself does not use nlohmann::json.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "ledger_fixture.hpp"

namespace bench::ledger::ledger::events {

inline std::string timestamp_text(mealy::Timestamp t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date(days);
  const std::chrono::hh_mm_ss time(t - days);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<long long>(time.subseconds().count()));
  return text;
}

inline mealy::Timestamp parse_timestamp(const std::string& text) {
  int year = 0;
  unsigned month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  long long micros = 0;
  if (std::sscanf(text.c_str(), "%d-%u-%uT%d:%d:%d.%lldZ", &year, &month, &day, &hour, &minute,
                  &second, &micros) != 7) {
    throw std::invalid_argument("not a timestamp: " + text);
  }
  const std::chrono::sys_days date =
      std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day);
  return mealy::Timestamp(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second) + std::chrono::microseconds(micros);
}

// Written as an ordered_json, so that the keys keep the schema's order, as
// the generated codec writes them.
inline void to_json(nlohmann::ordered_json& j, const Posted& e) {
  j = nlohmann::ordered_json{{"reference", e.reference},
                             {"counterparty", e.counterparty.to_string()},
                             {"amount_minor", std::to_string(e.amount_minor)},
                             {"currency", e.currency},
                             {"memo", e.memo},
                             {"tags", e.tags},
                             {"booked_at", timestamp_text(e.booked_at)}};
}

inline void from_json(const nlohmann::json& j, Posted& e) {
  j.at("reference").get_to(e.reference);
  auto id = mealy::Uuid::parse(j.at("counterparty").get<std::string>());
  if (!id) throw std::invalid_argument("counterparty is not a UUID");
  e.counterparty = *id;
  e.amount_minor = std::stoll(j.at("amount_minor").get<std::string>());
  j.at("currency").get_to(e.currency);
  j.at("memo").get_to(e.memo);
  j.at("tags").get_to(e.tags);
  e.booked_at = parse_timestamp(j.at("booked_at").get<std::string>());
}

}  // namespace bench::ledger::ledger::events
