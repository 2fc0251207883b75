// Reading what a request's target and body say, before any endpoint runs:
// the path's segments and the query's parameters (percent-decoded), and the
// ids a command body carries besides the command.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mealy/http/endpoint.hpp"
#include "mealy/values.hpp"

namespace mealy::http {

struct Target {
  std::vector<std::string> segments{};                       // "/a/b%2Fc" -> {"a", "b/c"}
  std::vector<std::pair<std::string, std::string>> query{};  // in order, repeats kept
};

// Splits and decodes a request target. nullopt when it is not an
// origin-form path ("/..."), or holds a bad percent escape.
std::optional<Target> parse_target(std::string_view target);

// A query parameter as an unsigned integer: `fallback` when absent; an
// error reply when it is not a decimal number.
std::optional<Reply> query_number(const Target& target, std::string_view name,
                                  std::uint64_t fallback, std::uint64_t& out);

// Every value of a repeated parameter, commas splitting each value too
// ("type=A,B&type=C" -> A, B, C).
std::vector<std::string> query_list(const Target& target, std::string_view name);

// A 400 naming the first parameter not in `known`; nullopt when all are.
std::optional<Reply> unknown_parameter(const Target& target,
                                       std::initializer_list<std::string_view> known);

// The query's parameters as a map (a repeated one keeps its last value),
// `excluded` left out: what a view is asked (view.hpp). A 400
// invalid_parameter beyond `max_params` parameters.
std::optional<Reply> query_params(const Target& target, std::string_view excluded,
                                  std::size_t max_params,
                                  std::map<std::string, std::string, std::less<>>& out);

// What a command body says besides the command itself.
struct Envelope {
  std::string type{};
  Uuid command_id{};
  Uuid correlation_id{};
};

// Reads "type", "command_id" and "correlation_id" of a command body, checking
// that it is a JSON object with no keys besides those, "version" and
// "payload" (an "actor" especially: it comes from authentication). A 400
// malformed_command with the JSON path otherwise.
std::optional<Reply> read_envelope(std::string_view body, const json::Limits& limits,
                                   Envelope& out);

}  // namespace mealy::http
