#include <catch2/catch.hpp>

#include "checker/names.hpp"
#include "checker/past_tense.hpp"

using namespace mealy::schema::checker;

TEST_CASE("PascalCase names convert to lower_snake the way generated code spells them",
          "[checker][names]") {
  CHECK(to_lower_snake("Order") == "order");
  CHECK(to_lower_snake("OrderLine") == "order_line");
  CHECK(to_lower_snake("HTTPServer") == "http_server");
  CHECK(to_lower_snake("HttpServer") == "http_server");
  CHECK(to_lower_snake("Line2Added") == "line2_added");
  CHECK(to_lower_snake("ABC") == "abc");
}

TEST_CASE("a state table is named in lower_snake, with no target's escape of reserved words",
          "[checker][names]") {
  CHECK(mealy::schema::state_table_name("Order") == "order_state");
  CHECK(mealy::schema::state_table_name("PurchaseOrder") == "purchase_order_state");
  // The C++ namespace of Class is class_; its table is what `mealy rebuild` resets.
  CHECK(mealy::schema::state_table_name("Class") == "class_state");
}

TEST_CASE("case conventions", "[checker][names]") {
  CHECK(is_pascal_case("Order"));
  CHECK(is_pascal_case("V2Order"));
  CHECK_FALSE(is_pascal_case("order"));
  CHECK_FALSE(is_pascal_case("Order_Line"));
  CHECK_FALSE(is_pascal_case(""));
  CHECK(is_lower_snake("customer_id"));
  CHECK(is_lower_snake("line2"));
  CHECK_FALSE(is_lower_snake("customerId"));
  CHECK_FALSE(is_lower_snake("double__underscore"));
  CHECK_FALSE(is_lower_snake("trailing_"));
  CHECK_FALSE(is_lower_snake("_leading"));
  CHECK_FALSE(is_lower_snake("2fast"));
  CHECK(is_enum_member("EUR"));
  CHECK(is_enum_member("in_progress"));
  CHECK_FALSE(is_enum_member("1st"));
}

namespace {

struct SuggestionContext {
  mealy::schema::SchemaFile file;
  mealy::schema::Diagnostics diagnostics;
  Context ctx{file, diagnostics, {}, {}, true, {}};
};

}  // namespace

TEST_CASE("suggestions name the closest candidate only when it is close", "[checker][names]") {
  SuggestionContext s;
  CHECK(did_you_mean(s.ctx, "Mony", {"Money", "Currency"}) == "; did you mean 'Money'?");
  CHECK(did_you_mean(s.ctx, "Shiped", {"Shipped", "Paid"}) == "; did you mean 'Shipped'?");
  CHECK(did_you_mean(s.ctx, "Zebra", {"Money", "Currency"}).empty());
}

TEST_CASE("suggestions are bounded: long names get none, and the budget runs out",
          "[checker][names]") {
  SuggestionContext s;
  std::string long_name(100'000, 'A');
  std::string near = long_name;
  near.back() = 'B';
  CHECK(did_you_mean(s.ctx, long_name, {near}).empty());
  CHECK(did_you_mean(s.ctx, "Mony", {std::string(65, 'M'), "Money"}) == "; did you mean 'Money'?");

  s.ctx.suggestion_budget = 5;
  CHECK(did_you_mean(s.ctx, "Mony", {"Money", "Currency"}) == "; did you mean 'Money'?");
  CHECK(s.ctx.suggestion_budget == 3);
  CHECK(did_you_mean(s.ctx, "Mony", {"Money", "Currency", "Price", "Total"}).empty());
  CHECK(s.ctx.suggestion_budget == 3);
}

TEST_CASE("event names in the past tense", "[checker][names]") {
  for (const char* name :
       {"Opened", "LineAdded", "Paid", "Sent", "OrderBuilt", "Reset", "CellExecutionStarted",
        "Done", "Withdrawn", "OpenedAsDraft", "MarkedReady", "ConvertedToDraft"}) {
    INFO(name);
    CHECK(looks_past_tense(name));
  }
  for (const char* name :
       {"Open", "AddLine", "Pay", "Submit", "Cancel", "Need", "MarkAsDraft", "OpenAsDraft"}) {
    INFO(name);
    CHECK_FALSE(looks_past_tense(name));
  }
}
