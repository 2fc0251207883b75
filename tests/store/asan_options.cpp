// Under AddressSanitizer, freed memory waits in a quarantine (256 MB by
// default) before it is reused, which the million-event memory test would
// measure as growth. A small quarantine still catches use after free of
// recent frees, and lets that test measure our memory, not ASan's.
extern "C" const char* __asan_default_options();
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=4:thread_local_quarantine_size_kb=64";
}
