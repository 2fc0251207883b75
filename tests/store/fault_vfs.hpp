// A fault-injecting SQLite VFS for the store tests, SQLite's own way of
// testing I/O errors (its test_vfs.c and test6.c): a shim over the default
// VFS that counts every read, write, sync and truncate of every file it
// opened (database, WAL, temporary files) and fails one of them on request.
//
//   FaultVfs& vfs = FaultVfs::get();      // registered once, not as default
//   StoreOptions options;
//   options.sqlite_vfs = FaultVfs::kName;  // the store's files go through it
//   vfs.count();                           // count from here, fail nothing
//   ... the scenario ...
//   std::size_t writes = vfs.calls(Io::write);
//   vfs.fail(Io::write, 3, Fault::full);   // the 3rd write from here fails once
//   ... the scenario again ...
//   vfs.stop();
//   vfs.fail(Io::sync, 1, Fault::io_error,  // the next sync of the database file
//            {FileRole::database, true});   // made by this thread fails once
//   vfs.fail_writes();                     // every write fails from here, till stop()
//
// Thread-safe: the counters are atomic, and rules change only through the
// calls above, between scenarios.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <thread>

namespace mealy::testing {

// The kinds of call counted.
enum class Io { read, write, sync, truncate };
inline constexpr std::array<Io, 4> kIoKinds = {Io::read, Io::write, Io::sync, Io::truncate};
const char* name_of(Io kind);

// How the chosen call fails.
enum class Fault {
  io_error,     // the kind's SQLITE_IOERR_READ, _WRITE, _FSYNC or _TRUNCATE; nothing done
  full,         // SQLITE_FULL, nothing written (a disk that is full)
  short_write,  // the first half of the bytes written, then SQLITE_FULL (a disk that filled up
                // mid-write)
};
const char* name_of(Fault fault);

// What a file opened through the VFS is to SQLite.
enum class FileRole { database, wal, other };

// Which calls a rule of fail() counts and fails: those to files of `file`
// (any file when empty), and only the calling thread's when `this_thread`.
struct Only {
  std::optional<FileRole> file;
  bool this_thread = false;
};

class FaultVfs {
 public:
  static constexpr const char* kName = "mealy-fault";

  // The VFS, registered under kName on first use.
  static FaultVfs& get();

  // Counts calls from zero, failing none.
  void count();
  // Counts calls from zero, and fails call number `nth` (from 1) of `kind`
  // among those `only` selects, once, with `fault` (short_write and full
  // only for writes).
  void fail(Io kind, std::size_t nth, Fault fault, Only only = {});
  // Counts calls from zero, and fails every write and truncate from here
  // with an I/O error, as a file system gone read-only does (EROFS).
  void fail_writes();
  // Stops counting and failing.
  void stop();

  // Calls of `kind` since count() or fail().
  [[nodiscard]] std::size_t calls(Io kind) const;
  // Whether the call chosen by fail() came, and failed.
  [[nodiscard]] bool fired() const { return fired_.load(); }

  // Called by the shim's methods: what the call of `kind` must do. 0 to go
  // on; otherwise the SQLite error code to fail with (for short_write, the
  // caller writes half first).
  int on_call(Io kind, FileRole role, bool& short_write);

 private:
  FaultVfs() = default;

  std::atomic<bool> active_{false};
  std::array<std::atomic<std::size_t>, 4> counts_{};
  // The rule; written only while !active_.
  bool failing_ = false;
  bool read_only_ = false;
  Io kind_ = Io::read;
  std::size_t nth_ = 0;
  Fault fault_ = Fault::io_error;
  Only only_;
  std::thread::id thread_;
  std::atomic<std::size_t> selected_{0};  // calls of kind_ that only_ selects
  std::atomic<bool> fired_{false};
};

}  // namespace mealy::testing
