// Who may do what in the notebook server: users known by their tokens, and a
// notebook's owner and members as the only ones who may read and change it
// and its cells.
//
// Design notes:
//  1. Access is decided from the aggregates themselves, loaded through the
//     repositories (snapshot plus later events), never from the projected
//     tables: those lag the log a little, and a notebook created a moment
//     ago must be usable at once by its owner.
//  2. A command's payload can name another notebook than its stream (a
//     cell's Create names the notebook it joins), so command endpoints are
//     guarded (guarded_endpoint(): the endpoint's Admit hook): the command
//     is decoded, checked for the actor, and only then handled. Reads of an
//     instance go through the server's authorize hook (authorize() below).
//  3. A notebook's Create must name the caller as its owner; Share and
//     Unshare are the owner's alone. A cell's commands need the cell's
//     notebook; a cell with no events yet (any command but Create) is left
//     to the machine, which rejects it (no_such_cell).
//  4. The global change feed and stream (/changes, /stream) would show
//     every notebook to anyone: they are refused; clients read views.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mealy/http/server.hpp"
#include "notebook_host.hpp"

namespace eventbook::notebook {

using NotebookRepository = mealy::Repository<notebook::Machine, NotebookHost>;
using CellRepository = mealy::Repository<cell::Machine, CellHost>;

// The users: bearer tokens mapped to user names.
class Users {
 public:
  // Adds "TOKEN=NAME"; an error saying what is wrong otherwise.
  mealy::Status add(std::string_view spec);
  // Reads a file of lines "TOKEN NAME" (blank lines and # comments
  // skipped); errors name the file and line.
  mealy::Status add_file(const std::string& path);
  // Users `names`, each with a fresh random token.
  void add_generated(const std::vector<std::string>& names);

  // The user of `token`; nullopt for an unknown or empty token.
  [[nodiscard]] std::optional<std::string> user_of(std::string_view token) const;
  // Every (token, name), in the order added.
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& all() const {
    return users_;
  }

 private:
  mealy::Status add_user(std::string token, std::string name, const std::string& where);
  std::vector<std::pair<std::string, std::string>> users_;
};

// What a user may do with a notebook.
enum class Verdict { allowed, forbidden, missing };

class NotebookAccess {
 public:
  NotebookAccess(NotebookRepository& notebooks, CellRepository& cells)
      : notebooks_(notebooks), cells_(cells) {}

  // Whether `user` owns the notebook or is one of its members (missing: it
  // has no events).
  mealy::Result<Verdict> notebook(const mealy::Uuid& id, std::string_view user);
  // The same for the notebook of cell `id` (missing: the cell has no events).
  mealy::Result<Verdict> cell(std::string_view id, std::string_view user);

  // The check of a Notebook command, and of a Cell command (design note 3):
  // nullopt to go on, else the error reply (403, or 500/503 when the store
  // failed).
  std::optional<mealy::http::Reply> check(const mealy::Uuid& id, const notebook::Command& command,
                                          std::string_view user);
  std::optional<mealy::http::Reply> check(std::string_view id, const cell::Command& command,
                                          std::string_view user);

  // The server's authorize hook (design notes 1 and 4).
  bool authorize(const mealy::http::Access& access);

 private:
  NotebookRepository& notebooks_;
  CellRepository& cells_;
};

// An aggregate's endpoint that checks each command with NotebookAccess
// before handling it (design note 2): the repository's endpoint with an
// Admit hook, so that the command is decoded once.
template <typename Machine, typename Host>
std::unique_ptr<mealy::http::AggregateEndpoint> guarded_endpoint(
    mealy::Repository<Machine, Host>& repository, NotebookAccess& access) {
  using Endpoint = mealy::http::RepositoryEndpoint<Machine, Host>;
  return std::make_unique<Endpoint>(
      repository, mealy::json::Limits{},
      [&access](const typename Machine::Id& id, const typename Machine::Command& command,
                const mealy::CommandContext& context) {
        return access.check(id, command, context.actor);
      });
}

}  // namespace eventbook::notebook
