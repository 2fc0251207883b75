// The fuzz targets of generated decoders (fuzz_order.cpp, fuzz_notebook.cpp)
// and their seed writer: every aggregate of a generated schema, each with
// four decoders: from_json of a Command, of an Event, of an Aggregate (a
// snapshot), and decode_event (a stored event: type, version, payload).
//
// An input is one selector byte, then what the decoder reads:
//   from_json modes      the JSON document
//   decode_event mode    one byte, the stored version; the type up to the
//                        first '\n'; the payload after it
// The selector picks aggregate (selector / 4 modulo their number) and mode
// (selector % 4: command, event, aggregate, stored event).
//
// Invariants, for every input:
//   1. a refusal is invalid_argument with a path from the root ("$...");
//   2. what a decoder accepts is JSON by the independent oracle
//      (json_oracle.hpp): no decoder accepts what is not JSON;
//   3. decode -> encode -> decode gives an equal value and the same text
//      again (the canonical form is a fixed point), and the canonical text
//      is itself JSON by the oracle;
//   4. a stored event re-encoded as its payload decodes under its current
//      name and version to an equal value;
//   5. decoding into a value that held another (the one the input before
//      left, whole or as an error left it) gives what decoding into a new
//      value gives: the same error, or an equal value. A failure names the
//      value held, so that it reproduces (decode that first).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include "fuzz_check.hpp"
#include "json_oracle.hpp"
#include "mealy/json.hpp"
#include "mealy/result.hpp"

namespace mealy::fuzz {

template <typename T>
struct Codec {
  Status (*from)(std::string_view, T&, const json::Limits&);
  std::string (*to)(const T&);
};

template <typename Command, typename Event, typename Aggregate>
struct Domain {
  Codec<Command> command;
  Codec<Event> event;
  Codec<Aggregate> aggregate;
  Status (*decode_event)(std::string_view, std::uint32_t, std::string_view, Event&,
                         const json::Limits&);
  void (*write_payload)(std::string&, const Event&);
  std::string_view (*name_of)(const Event&);
  std::uint32_t (*version_of)(const Event&);
};

// MEALY_FUZZ_DOMAIN(ns): the Domain of the generated aggregate namespace `ns`.
#define MEALY_FUZZ_DOMAIN(ns)                                                                \
  ::mealy::fuzz::Domain<ns::Command, ns::Event, ns::Aggregate> {                             \
    {&ns::from_json, &ns::to_json}, {&ns::from_json, &ns::to_json},                          \
        {&ns::from_json, &ns::to_json}, &ns::decode_event, &ns::write_payload, &ns::name_of, \
        &ns::version_of                                                                      \
  }

inline void check_refusal(const Status& status, std::string_view input) {
  FUZZ_CHECK(status.code() == StatusCode::invalid_argument, status.message(), input);
  FUZZ_CHECK(status.message().starts_with("$"), status.message(), input);
}

inline void check_is_json(std::string_view text, std::string_view what, std::string_view input) {
  const OracleResult oracle = check_json(text);
  FUZZ_CHECK(oracle.ok,
             std::string(what) + " is not JSON: " + oracle.why + "\n  text: " + std::string(text),
             input);
}

// The value of type T that each input decodes into after the one before
// (invariant 5).
template <typename T>
T& reused_value() {
  static T value{};
  return value;
}

// Invariant 5: `decode(into)` into the reused value gives `fresh_status`
// and, when ok, a value equal to `fresh`.
template <typename T, typename Encode, typename Decode>
void check_reuse(const Status& fresh_status, const T& fresh, Encode encode, Decode decode,
                 std::string_view input) {
  T& reused = reused_value<T>();
  const std::string held = encode(reused);
  const Status status = decode(reused);
  FUZZ_CHECK(status.ok() == fresh_status.ok() && status.message() == fresh_status.message(),
             "decoding into a value that held " + held + " gives '" + status.message() +
                 "', into a new one '" + fresh_status.message() + "'",
             input);
  if (fresh_status.ok()) {
    FUZZ_CHECK(reused == fresh,
               "decoding into a value that held " + held + " gives " + encode(reused) +
                   ", into a new one " + encode(fresh),
               input);
  }
}

template <typename T>
void round_trip(const Codec<T>& codec, std::string_view json, std::string_view input) {
  T first{};
  const Status status = codec.from(json, first, {});
  check_reuse(
      status, first, codec.to, [&](T& into) { return codec.from(json, into, {}); }, input);
  if (!status.ok()) return check_refusal(status, input);
  check_is_json(json, "an accepted document", input);
  const std::string encoded = codec.to(first);
  check_is_json(encoded, "the canonical form", input);
  T second{};
  const Status again = codec.from(encoded, second, {});
  FUZZ_CHECK(again.ok(),
             "the canonical form does not decode: " + again.message() + "\n  text: " + encoded,
             input);
  FUZZ_CHECK(second == first, "decoding the canonical form gives another value: " + encoded, input);
  const std::string encoded_again = codec.to(second);
  FUZZ_CHECK(encoded_again == encoded, encoded + "\n  then: " + encoded_again, input);
}

template <typename C, typename E, typename A>
void stored_event(const Domain<C, E, A>& domain, std::string_view rest, std::string_view input) {
  if (rest.empty()) return;
  const std::uint32_t version = static_cast<unsigned char>(rest[0]);
  rest.remove_prefix(1);
  const std::size_t newline = rest.find('\n');
  if (newline == std::string_view::npos) return;
  const std::string_view type = rest.substr(0, newline), payload = rest.substr(newline + 1);
  E event{};
  const Status status = domain.decode_event(type, version, payload, event, {});
  check_reuse(
      status, event, domain.event.to,
      [&](E& into) { return domain.decode_event(type, version, payload, into, {}); }, input);
  if (!status.ok()) return check_refusal(status, input);
  check_is_json(payload, "an accepted payload", input);
  std::string written;
  domain.write_payload(written, event);
  check_is_json(written, "the canonical payload", input);
  E again{};
  const Status second =
      domain.decode_event(domain.name_of(event), domain.version_of(event), written, again, {});
  FUZZ_CHECK(second.ok(),
             "the canonical payload does not decode: " + second.message() + "\n  text: " + written,
             input);
  FUZZ_CHECK(again == event, "the canonical payload decodes to another value: " + written, input);
  round_trip(domain.event, domain.event.to(event), input);
}

template <typename C, typename E, typename A>
void fuzz_mode(const Domain<C, E, A>& domain, unsigned mode, std::string_view rest,
               std::string_view input) {
  switch (mode) {
    case 0:
      return round_trip(domain.command, rest, input);
    case 1:
      return round_trip(domain.event, rest, input);
    case 2:
      return round_trip(domain.aggregate, rest, input);
    default:
      return stored_event(domain, rest, input);
  }
}

// Runs the input on the domain its first byte selects.
template <typename... Domains>
void fuzz_domains(const std::tuple<Domains...>& domains, std::string_view input) {
  if (input.empty()) return;
  const unsigned selector = static_cast<unsigned char>(input[0]);
  const unsigned which = (selector / 4) % sizeof...(Domains), mode = selector % 4;
  const std::string_view rest = input.substr(1);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((I == which ? fuzz_mode(std::get<I>(domains), mode, rest, input) : void()), ...);
  }
  (std::index_sequence_for<Domains...>{});
}

// The seed writer: for every aggregate, one input per command, per event
// (wrapped and stored) and per state (a snapshot in that state), each of
// default-constructed values, named <aggregate index>-<mode>-<name>.
namespace seeds {

inline void write_file(const std::filesystem::path& dir, const std::string& name,
                       unsigned char selector, std::string_view body) {
  std::ofstream out(dir / name, std::ios::binary);
  out.put(static_cast<char>(selector));
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
}

template <typename Variant, typename Each>
void each_alternative(Each&& each) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (each(Variant(std::in_place_index<I>)), ...);
  }
  (std::make_index_sequence<std::variant_size_v<Variant>>{});
}

template <typename C, typename E, typename A>
void write_domain(const Domain<C, E, A>& domain, unsigned index, const std::filesystem::path& dir) {
  const std::string prefix = std::to_string(index) + "-";
  const auto selector = [&](unsigned mode) { return static_cast<unsigned char>(index * 4 + mode); };
  std::size_t n = 0;
  each_alternative<C>([&](const C& command) {
    write_file(dir, prefix + "command-" + std::to_string(n++), selector(0),
               domain.command.to(command));
  });
  n = 0;
  each_alternative<E>([&](const E& event) {
    const std::string name(domain.name_of(event));
    write_file(dir, prefix + "event-" + name, selector(1), domain.event.to(event));
    std::string stored(1, static_cast<char>(domain.version_of(event)));
    stored += name;
    stored += '\n';
    domain.write_payload(stored, event);
    write_file(dir, prefix + "stored-" + name, selector(3), stored);
  });
  using State = decltype(A{}.state);
  n = 0;
  each_alternative<State>([&](const State& state) {
    A aggregate{};
    aggregate.state = state;
    write_file(dir, prefix + "aggregate-" + std::to_string(n++), selector(2),
               domain.aggregate.to(aggregate));
  });
}

template <typename... Domains>
void write_all(const std::tuple<Domains...>& domains, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (write_domain(std::get<I>(domains), static_cast<unsigned>(I), dir), ...);
  }
  (std::index_sequence_for<Domains...>{});
}

}  // namespace seeds
}  // namespace mealy::fuzz
