// mealy/testing_coverage.hpp: the transitions scenarios take, the report of
// those no test reached (word for word), and the run file that test
// processes append to.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "account_host.hpp"
#include "mealy/testing.hpp"

using namespace store_tests;
using mealy::testing::Coverage;
using AccountScenario = mealy::testing::Scenario<AccountMachine, AccountHost>;

namespace {

struct Fixture {
  AccountHost host;
  mealy::FixedClock clock{mealy::Timestamp(std::chrono::seconds(1'800'000'000))};
  Coverage coverage;
  AccountScenario account{host, clock, account_id(1), coverage};
};

// A folder of the test's own, removed at the end.
struct CoverageDir {
  std::filesystem::path path;
  CoverageDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "mealy-coverage-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~CoverageDir() { std::filesystem::remove_all(path); }
};

// Sets MEALY_COVERAGE_FILE for the scope, then unsets it.
struct CoverageFile {
  explicit CoverageFile(const std::filesystem::path& path) {
    ::setenv("MEALY_COVERAGE_FILE", path.c_str(), 1);
  }
  ~CoverageFile() { ::unsetenv("MEALY_COVERAGE_FILE"); }
};

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE(
    "runtime/testing/coverage: every transition a scenario takes counts, and the report says all "
    "were reached") {
  Fixture f;
  f.account.given_commands(account::commands::Open{"ada"});
  CHECK(f.account.when(account::commands::Deposit{5}).accepted());
  CHECK(f.account.when(account::commands::Withdraw{2}).accepted());
  CHECK_FALSE(f.coverage.complete());
  CHECK(f.account.when(account::commands::Close{}).in_state("Closed"));
  CHECK(f.coverage.complete());
  CHECK(f.coverage.unreached<AccountMachine>().empty());
  CHECK(f.coverage.report_text() == "Account: 4 of 4 transitions reached (100%)\n");
  CHECK(f.coverage.report_json() ==
        R"({"machines":[{"aggregate":"Account","transitions":4,"reached":4,"unreached":[]}]})");
}

TEST_CASE("runtime/testing/coverage: the report names each transition no test reached") {
  Fixture f;
  LabelHost label_host;
  mealy::testing::Scenario<LabelMachine, LabelHost> label(label_host, f.clock, "tag-1", f.coverage);
  CHECK(f.account.when(account::commands::Open{"ada"}).accepted());
  // A guard's refusal, an invalid transition and a constraint take no transition.
  CHECK(f.account.when(account::commands::Withdraw{1})
            .rejected(mealy::RejectionKind::guard, "covers"));
  CHECK(f.account.when(account::commands::Open{"bob"})
            .rejected(mealy::RejectionKind::invalid_transition));
  CHECK(f.account.when(account::commands::Deposit{0}).rejected(mealy::RejectionKind::constraint));

  CHECK_FALSE(f.coverage.complete());
  CHECK(f.coverage.report_text() ==
        "Account: 1 of 4 transitions reached (25%)\n"
        "  not reached: Active  Deposit   stay\n"
        "  not reached: Active  Withdraw  stay\n"
        "  not reached: Active  Close     -> Closed\n"
        "Label: 0 of 1 transitions reached (0%)\n"
        "  not reached: Unnamed  Name  -> Named\n");
  CHECK(
      f.coverage.report_json() ==
      R"({"machines":[{"aggregate":"Account","transitions":4,"reached":1,"unreached":[)"
      R"({"state":"Active","command":"Deposit","alternative":1,"outcome":"stay"},)"
      R"({"state":"Active","command":"Withdraw","alternative":1,"guard":"covers","outcome":"stay"},)"
      R"({"state":"Active","command":"Close","alternative":1,"outcome":"-> Closed"}]},)"
      R"({"aggregate":"Label","transitions":1,"reached":0,"unreached":[)"
      R"({"state":"Unnamed","command":"Name","alternative":1,"outcome":"-> Named"}]}]})");
  const auto unreached = f.coverage.unreached<AccountMachine>();
  REQUIRE(unreached.size() == 3);
  CHECK(unreached[1].state_name == "Active");
  CHECK(unreached[1].command_name == "Withdraw");
  CHECK(unreached[1].guard == "covers");

  CHECK(label.when(label::commands::Name{"first"}).in_state("Named"));
  CHECK(f.coverage.unreached<LabelMachine>().empty());
  f.coverage.reset();
  CHECK(f.coverage.unreached<LabelMachine>().size() == 1);
  CHECK(f.coverage.unreached<AccountMachine>().size() == 4);
}

TEST_CASE("runtime/testing/coverage: recorder() counts decisions made without a Scenario") {
  AccountHost host;
  mealy::FixedClock clock{mealy::Timestamp(std::chrono::seconds(1'800'000'000))};
  Coverage coverage;
  account::Aggregate aggregate{};
  auto decision = account::decide(aggregate, account::commands::Open{"ada"}, host, clock,
                                  mealy::testing::recorder<AccountMachine>(coverage));
  CHECK(decision.accepted());
  const auto unreached = coverage.unreached<AccountMachine>();
  CHECK(unreached.size() == 3);
  CHECK(unreached.front().command_name == "Deposit");
  // A machine never tracked has reached nothing.
  CHECK(coverage.unreached<LabelMachine>().size() == 1);
}

TEST_CASE(
    "runtime/testing/coverage: MEALY_COVERAGE_FILE gets a line per transition, the first time this "
    "process takes it") {
  CoverageDir dir;
  const std::filesystem::path runs = dir.path / "runs.txt";
  std::ofstream(runs) << "Account\tActive\tClose\t1\n";  // another process's line stays
  CoverageFile env(runs);
  Fixture f;
  f.account.given_commands(account::commands::Open{"ada"}, account::commands::Deposit{1});
  CHECK(f.account.when(account::commands::Deposit{2}).accepted());
  CHECK(slurp(runs) ==
        "Account\tActive\tClose\t1\n"
        "Account\tNew\tOpen\t1\n"
        "Account\tActive\tDeposit\t1\n");
}

TEST_CASE(
    "runtime/testing/coverage: a MEALY_COVERAGE_FILE that cannot be written fails the check that "
    "records, naming it") {
  CoverageDir dir;
  const std::filesystem::path runs = dir.path / "no-such-folder" / "runs.txt";
  CoverageFile env(runs);
  Fixture f;
  CHECK_THROWS_WITH(
      f.account.when(account::commands::Open{"ada"}),
      Catch::Matchers::Contains("cannot append to MEALY_COVERAGE_FILE " + runs.string()));
  // Recording comes before applying: the scenario did not move.
  CHECK(f.account.aggregate().version == 0);
  CHECK(AccountMachine::state_name(f.account.aggregate()) == "New");
}
