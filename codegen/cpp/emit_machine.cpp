// Machine: the aggregate's types, constants and functions gathered in one
// struct, so that the runtime's templates (mealy::Repository,
// mealy::StateProjection) take an aggregate as a single parameter.
#include "cpp_names.hpp"
#include "emit_context.hpp"

namespace mealy::codegen::cpp {

void emit_machine(EmitContext& ctx, const schema::Aggregate& aggregate) {
  const std::string space = "::" + namespace_of(ctx.file) + "::" + aggregate_namespace(aggregate);
  const std::string snapshot_every =
      aggregate.snapshot_every ? std::to_string(*aggregate.snapshot_every) + "u" : std::string("0u");
  ctx.header.print(
      "// The aggregate as one type, for the runtime's templates:\n"
      "// mealy::Repository<$space$::Machine, Host>.\n"
      "struct Machine {\n"
      "  using Aggregate = $space$::Aggregate;\n"
      "  using Command = $space$::Command;\n"
      "  using Event = $space$::Event;\n"
      "  using Id = $space$::Id;\n"
      "  static constexpr std::string_view kName = $space$::kName;\n"
      "  static constexpr std::uint64_t kFingerprint = $space$::kFingerprint;\n"
      "  // `snapshot_every` of the schema; 0 when it sets none.\n"
      "  static constexpr std::uint64_t kSnapshotEvery = $every$;\n"
      "  // The table of mealy::StateProjection: one row per instance.\n"
      "  static constexpr std::string_view kStateTable = \"$table$\";\n"
      "\n"
      "  // Every transition, in the order decide's trace numbers them.\n"
      "  static constexpr const auto& kTransitions = $space$::kTransitions;\n"
      "\n"
      "  template <typename Host, typename Trace = mealy::NoTrace>\n"
      "  static mealy::Decision<Event> decide(const Aggregate& aggregate, const Command& command, Host& host,\n"
      "                                      const mealy::Clock& clock, Trace&& trace = {}) {\n"
      "    return $space$::decide(aggregate, command, host, clock, std::forward<Trace>(trace));\n"
      "  }\n"
      "  template <typename Host>\n"
      "  static mealy::Status evolve(Aggregate& aggregate, const Event& event, Host& host) {\n"
      "    return $space$::evolve(aggregate, event, host);\n"
      "  }\n"
      "  template <typename Host>\n"
      "  static mealy::Status decode_event(Host& host, std::string_view type, std::uint32_t version,\n"
      "                                    std::string_view payload, Event& out,\n"
      "                                    const mealy::json::Limits& limits = {}) {\n"
      "    return $space$::decode_event(host, type, version, payload, out, limits);\n"
      "  }\n"
      "  static std::string_view name_of(const Event& event) noexcept { return $space$::name_of(event); }\n"
      "  static std::string_view name_of(const Command& command) noexcept { return $space$::name_of(command); }\n"
      "  static std::string_view state_name(const Aggregate& aggregate) noexcept {\n"
      "    return $space$::name_of(aggregate.state);\n"
      "  }\n"
      "  static std::uint32_t version_of(const Event& event) noexcept { return $space$::version_of(event); }\n"
      "  static void write_payload(std::string& out, const Event& event) { $space$::write_payload(out, event); }\n"
      "  static void write_state(std::string& out, const Aggregate& aggregate) { $space$::write(out, aggregate.state); }\n"
      "  static void write_snapshot(std::string& out, const Aggregate& aggregate) { $space$::write(out, aggregate); }\n"
      "  // Decodes a command in its wire form, {\"type\": name, \"payload\": {...}}\n"
      "  // (other keys are skipped); errors carry the JSON path.\n"
      "  static mealy::Status decode_command(std::string_view json, Command& out,\n"
      "                                      const mealy::json::Limits& limits = {}) {\n"
      "    return $space$::from_json(json, out, limits);\n"
      "  }\n"
      "  static mealy::Status read_snapshot(std::string_view json, Aggregate& out,\n"
      "                                     const mealy::json::Limits& limits = {}) {\n"
      "    return $space$::from_json(json, out, limits);\n"
      "  }\n"
      "};\n\n",
      {{"space", space}, {"every", snapshot_every}, {"table", aggregate_namespace(aggregate) + "_state"}});
}

}  // namespace mealy::codegen::cpp
