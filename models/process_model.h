// The `process` adapter: a model under test in another process, speaking JSON lines over its
// stdin/stdout (docs/model-protocol.md). One process per worker thread, reused across cases;
// a crash, hang, malformed reply or non-finite action fails that case (with the tail of the
// model's stderr as evidence) and the process is restarted for the next case.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/model.h"

namespace assay::models {

/// How the harness runs an external model.
struct ProcessConfig {
  std::vector<std::string> argv;                                // argv[0] is searched in PATH
  std::vector<std::pair<std::string, std::string>> parameters;  // passed to the model at reset
  double start_timeout = 10.0;                                  // spawn + handshake [s]
  double step_timeout = 1.0;                                    // one step's reply [s]
  double case_timeout = 60.0;                                   // all replies of one case [s]
};

/// What the model said in its handshake.
struct ProcessHello {
  std::string name;
  std::string version;
};

/// An external model process (one per worker thread).
class ProcessModel final : public Model {
 public:
  /// Spawns the process and performs the handshake.
  static Result<std::unique_ptr<ProcessModel>> start(const ProcessConfig& config);
  ~ProcessModel() override;
  ProcessModel(const ProcessModel&) = delete;
  ProcessModel& operator=(const ProcessModel&) = delete;

  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;
  std::string failure() const override { return failure_; }

  [[nodiscard]] const ProcessHello& hello() const { return hello_; }
  /// PIDs of every process this instance has spawned (for tests: none may survive).
  [[nodiscard]] const std::vector<pid_t>& spawned() const { return spawned_; }

 private:
  explicit ProcessModel(ProcessConfig config) : config_(std::move(config)) {}
  using Clock = std::chrono::steady_clock;
  Status spawn_and_greet();
  Status send(std::string_view line, Clock::time_point deadline);
  Result<std::string> receive(Clock::time_point deadline);
  // The next reply line without its newline, without copying: valid until the next receive.
  Result<std::string_view> receive_line(Clock::time_point deadline);
  void drain_stderr();
  void stop(bool graceful);
  void fail(const std::string& reason);

  ProcessConfig config_;
  ProcessHello hello_;
  pid_t pid_ = -1;
  int io_ = -1;     // socket: the child's stdin and stdout
  int errfd_ = -1;  // pipe: the child's stderr
  static constexpr std::size_t kReadChunk = 65536;
  std::string in_;  // bytes read; lines before in_start_ are consumed
  std::size_t in_start_ = 0;
  std::unique_ptr<char[]> read_buffer_;  // kReadChunk bytes, allocated on first read
  std::string out_;                      // the line being written (reused)
  std::string stderr_tail_;
  std::string failure_;
  Clock::time_point case_deadline_{};
  std::vector<pid_t> spawned_;
};

/// Decodes one step reply line, {"accel": a, "steer": s} (steer optional, other keys ignored):
/// the command, or what is wrong with the line, as reported in the case's failure reason
/// (malformed JSON, NaN/Infinity, missing or non-numeric or non-finite accel or steer). Flat
/// objects of numbers take a fast path without a JSON tree; everything else goes through the
/// full parser, and both paths give the same result for every line.
Result<sim::ActuatorCommand> decode_step_reply(std::string_view line);

/// Parses `process:["argv0","arg",...][:key=value,...]` (argv as a JSON array of strings).
Result<ModelSpec> parse_process_spec(std::string_view text);

/// The ProcessConfig described by a parsed spec (timeouts taken out of the parameters).
Result<ProcessConfig> process_config(const ModelSpec& spec);

/// Identity: name and version from the handshake, the command line and its SHA-256.
Result<ModelIdentity> process_identity(const ModelSpec& spec);

/// Starts a model process for one worker.
Result<std::unique_ptr<Model>> make_process_model(const ModelSpec& spec);

/// Files named by the command line (the script, say), as manifest inputs with role "model".
Result<std::vector<InputFile>> process_inputs(const ModelSpec& spec);

/// Kills every model process still running. Async-signal-safe: for SIGINT/SIGTERM handlers.
void kill_model_processes() noexcept;

}  // namespace assay::models
