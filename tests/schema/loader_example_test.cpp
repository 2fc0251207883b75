// The complete example of schema-language.md loads with every name, location,
// type and transition as written.
#include <catch2/catch.hpp>

#include "language_page_example.hpp"
#include "loader_test_support.hpp"

using mealy::schema::IdKind;
using mealy::schema::TypeKind;
using mealy::schema::Value;
using mealy::test::at;
using mealy::test::load_text;

namespace {

const char* const kExample = mealy::test::kLanguagePageExample;

}  // namespace

TEST_CASE("loader: the language reference's example loads without diagnostics") {
  auto loaded = load_text(kExample);
  REQUIRE(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  const auto& file = *loaded.file;

  CHECK(file.language_version.text == "1");
  CHECK(at(file.language_version.location) == "2:8");
  CHECK(file.package.text == "shop.orders");
  CHECK(at(file.package.location) == "3:10");
  CHECK(file.doc == "Customer orders, from cart to delivery.");
  CHECK(file.imports.empty());
}

TEST_CASE("loader: the example's types keep their names, members and fields") {
  auto loaded = load_text(kExample);
  REQUIRE(loaded.file != nullptr);
  const auto& types = loaded.file->types;
  REQUIRE(types.size() == 3);

  const auto& currency = types[0];
  CHECK(currency.name.text == "Currency");
  CHECK(at(currency.name.location) == "7:3");
  CHECK(currency.is_enum);
  REQUIRE(currency.members.size() == 3);
  CHECK(currency.members[0].name.text == "EUR");
  CHECK(at(currency.members[0].name.location) == "8:12");
  CHECK(currency.members[2].name.text == "GBP");
  CHECK(at(currency.members[2].name.location) == "8:22");

  const auto& money = types[1];
  CHECK_FALSE(money.is_enum);
  REQUIRE(money.fields.size() == 2);
  CHECK(money.fields[0].name.text == "amount_minor");
  CHECK(at(money.fields[0].location) == "11:7");
  CHECK(money.fields[0].type.kind == TypeKind::int64);
  CHECK(money.fields[0].type.spelling == "int64");
  CHECK(at(money.fields[0].type.location) == "11:21");
  CHECK(money.fields[1].type.kind == TypeKind::named);
  CHECK(money.fields[1].type.name.text == "Currency");
  CHECK(at(money.fields[1].type.name.location) == "12:17");

  const auto& line = types[2];
  REQUIRE(line.fields.size() == 3);
  const auto& sku = line.fields[0];
  CHECK(sku.name.text == "sku");
  CHECK(at(sku.location) == "15:7");
  CHECK(sku.type.kind == TypeKind::string);
  CHECK(at(sku.type.location) == "15:19");
  CHECK(sku.min_length == 1U);
  CHECK_FALSE(sku.max_length.has_value());
  const auto& quantity = line.fields[1];
  REQUIRE(quantity.min.has_value());
  CHECK(quantity.min->kind == Value::Kind::scalar);
  CHECK(quantity.min->text == "1");
  CHECK_FALSE(quantity.min->quoted);
  CHECK(at(quantity.min->location) == "16:36");
  CHECK_FALSE(quantity.max.has_value());
  CHECK(line.fields[2].type.name.text == "Money");
}

TEST_CASE("loader: the example's aggregate keeps its settings, fields, commands and events") {
  auto loaded = load_text(kExample);
  REQUIRE(loaded.file != nullptr);
  REQUIRE(loaded.file->aggregates.size() == 1);
  const auto& order = loaded.file->aggregates[0];

  CHECK(order.name.text == "Order");
  CHECK(at(order.name.location) == "20:3");
  CHECK(order.doc == "One customer's order.");
  CHECK(order.id == IdKind::uuid);
  CHECK(at(order.id_location) == "22:9");
  CHECK(order.snapshot_every == 100U);

  REQUIRE(order.fields.size() == 2);
  const auto& lines = order.fields[1];
  CHECK(lines.type.kind == TypeKind::list);
  CHECK(lines.type.spelling == "list<OrderLine>");
  REQUIRE(lines.type.element.size() == 1);
  CHECK(lines.type.element[0].kind == TypeKind::named);
  CHECK(lines.type.element[0].name.text == "OrderLine");
  CHECK(at(lines.type.element[0].name.location) == "26:26");
  REQUIRE(lines.default_written.has_value());
  CHECK(lines.default_written->kind == Value::Kind::list);
  CHECK(lines.default_written->items.empty());

  REQUIRE(order.commands.size() == 6);
  CHECK(order.commands[0].name.text == "Open");
  CHECK(at(order.commands[0].name.location) == "29:7");
  REQUIRE(order.commands[0].fields.size() == 1);
  CHECK(order.commands[0].fields[0].name.text == "customer_id");
  CHECK(at(order.commands[0].fields[0].location) == "29:33");
  CHECK(order.commands[2].name.text == "Submit");
  CHECK(order.commands[2].fields.empty());

  REQUIRE(order.events.size() == 6);
  const auto& line_added = order.events[1];
  CHECK(line_added.apply.text == "append_line");
  CHECK(at(line_added.apply.location) == "38:58");
  CHECK(line_added.version == 1U);
  CHECK(at(line_added.version_location) == "38:7");
  const auto& submitted_at = order.events[2].fields[0];
  REQUIRE(submitted_at.default_written.has_value());
  CHECK(submitted_at.default_written->text == "now");
  const auto& confirmed = order.events[3];
  CHECK(confirmed.name.text == "PaymentConfirmed");
  CHECK(confirmed.version == 2U);
  CHECK(at(confirmed.version_location) == "41:18");
  REQUIRE(confirmed.fields.size() == 2);
  const auto& provider = confirmed.fields[1];
  CHECK(provider.since == 2U);
  CHECK(at(provider.since_location) == "44:60");
  REQUIRE(provider.default_written.has_value());
  CHECK(provider.default_written->text == "card");
  CHECK(provider.default_written->quoted);
  CHECK_FALSE(confirmed.retired);
  CHECK(confirmed.renamed_from.empty());
}

TEST_CASE("loader: the example's transitions keep their alternatives in order") {
  auto loaded = load_text(kExample);
  REQUIRE(loaded.file != nullptr);
  const auto& order = loaded.file->aggregates.at(0);

  REQUIRE(order.on.size() == 1);
  CHECK(order.on[0].command.text == "Cancel");
  CHECK(at(order.on[0].command.location) == "49:7");
  REQUIRE(order.on[0].alternatives.size() == 1);
  const auto& cancel = order.on[0].alternatives[0];
  CHECK(at(cancel.location) == "49:15");
  REQUIRE(cancel.emit.size() == 1);
  CHECK(cancel.emit[0].text == "Cancelled");
  CHECK(at(cancel.emit[0].location) == "49:22");
  REQUIRE(cancel.to.has_value());
  CHECK(cancel.to->text == "Cancelled");

  REQUIRE(order.states.size() == 6);
  const auto& created = order.states[0];
  CHECK(created.name.text == "New");
  CHECK(created.initial);
  CHECK_FALSE(created.final);
  CHECK(created.has_on);
  REQUIRE(created.on.size() == 2);
  const auto& refusal = created.on[1].alternatives.at(0);
  CHECK(refusal.reject.text == "not_opened");
  CHECK(at(refusal.reject.location) == "56:28");
  CHECK(refusal.emit.empty());
  CHECK_FALSE(refusal.to.has_value());

  const auto& draft = order.states[1];
  REQUIRE(draft.on.size() == 2);
  const auto& stay = draft.on[0].alternatives.at(0);
  CHECK(stay.emit.at(0).text == "LineAdded");
  CHECK_FALSE(stay.to.has_value());
  const auto& submit = draft.on[1];
  CHECK(submit.command.text == "Submit");
  REQUIRE(submit.alternatives.size() == 1);
  CHECK(at(submit.alternatives[0].location) == "61:15");
  CHECK(submit.alternatives[0].guard.text == "has_lines");
  CHECK(at(submit.alternatives[0].guard.location) == "61:23");

  const auto& submitted = order.states[2];
  CHECK(submitted.fields.at(0).type.kind == TypeKind::timestamp);
  const auto& shipped = order.states[4];
  CHECK(shipped.name.text == "Shipped");
  CHECK(shipped.final);
  CHECK_FALSE(shipped.has_on);
  CHECK(shipped.on.empty());
}
