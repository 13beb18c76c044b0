#include "models/process_model.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/sha256.h"

namespace assay::models {
namespace {

using nlohmann::json;

constexpr int kProtocol = 1;
constexpr std::size_t kMaxLine = 1u << 20;  // a reply longer than this is garbage
constexpr std::size_t kStderrTail = 2048;   // evidence kept from the model's stderr
constexpr double kCloseGrace = 1.0;         // seconds a model gets to exit after "close"
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every live child, so a signal handler can kill them without locks or allocation.
constexpr std::size_t kSlots = 1024;
std::array<std::atomic<pid_t>, kSlots> g_children{};

void track(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

void untrack(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

std::string quote_arg(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./:=,@%+").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + quote_arg(a);
  return out;
}

double seconds_left(std::chrono::steady_clock::time_point deadline) {
  return std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
}

int poll_ms(std::chrono::steady_clock::time_point deadline) {
  const double left = seconds_left(deadline);
  return left <= 0 ? 0 : static_cast<int>(std::ceil(left * 1000.0));
}

void append_number(std::string& out, double v) {
  std::array<char, 32> buf{};
  if (!std::isfinite(v)) {
    out += "null";  // JSON has no NaN; the simulator never produces one in an observation
    return;
  }
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

void append_field(std::string& out, std::string_view key, double v) {
  out += '"';
  out += key;
  out += "\":";
  append_number(out, v);
  out += ',';
}

// The step message, built by hand into a reused buffer: it is the hot path.
void encode_step(std::string& out, const sim::Observation& o) {
  out.clear();
  out += R"({"type":"step",)";
  append_field(out, "t", o.t);
  append_field(out, "dt", o.dt);
  append_field(out, "ego_speed", o.ego_speed);
  append_field(out, "ego_accel", o.ego_accel);
  append_field(out, "ego_yaw", o.ego_yaw);
  append_field(out, "ego_yaw_rate", o.ego_yaw_rate);
  append_field(out, "ego_steer", o.ego_steer);
  append_field(out, "ego_lateral_offset", o.ego_lateral_offset);
  append_field(out, "ego_width", o.ego_width);
  append_field(out, "ego_length", o.ego_length);
  append_field(out, "ego_lane", o.ego_lane);
  append_field(out, "road_curvature", o.road_curvature);
  out += R"("objects":[)";
  for (std::size_t i = 0; i < o.objects.size(); ++i) {
    const auto& b = o.objects[i];
    out += i ? ",{" : "{";
    append_field(out, "id", b.id);
    append_field(out, "distance", b.distance);
    append_field(out, "relative_speed", b.relative_speed);
    append_field(out, "lateral_offset", b.lateral_offset);
    append_field(out, "width", b.width);
    append_field(out, "length", b.length);
    out += "\"speed\":";
    append_number(out, b.speed);
    out += '}';
  }
  out += "]}\n";
}

// The "type" of a message, or "" when absent or not a string (value() would throw).
std::string message_type(const json& reply) {
  const auto it = reply.find("type");
  return it != reply.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Dumps without throwing on invalid UTF-8 (parameters come from the command line).
std::string dump_line(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

// Reads one number out of a reply object; errors say what was wrong.
Result<double> reply_number(const json& reply, const char* key, bool required) {
  if (!reply.contains(key)) {
    if (required) return make_error(std::string("reply has no \"") + key + "\"");
    return 0.0;
  }
  const json& v = reply[key];
  if (v.is_null()) return make_error(std::string("non-finite ") + key + " (null)");
  if (!v.is_number()) return make_error(std::string("\"") + key + "\" is not a number");
  const double d = v.get<double>();
  if (!std::isfinite(d)) return make_error(std::string("non-finite ") + key);
  return d;
}

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A JSON number at the front of `text` (RFC 8259 grammar), converted as nlohmann::json converts
// it, so the fast path below decodes exactly what the full parser would: integers (no fraction,
// no exponent) through int64, which also turns "-0" into +0; anything else correctly rounded.
// nullopt for what this path does not handle (not a number, an integer beyond int64, a value
// that overflows a double); `text` is advanced past the number.
std::optional<double> take_json_number(std::string_view& text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
  if (text[i] == '0') {
    ++i;
  } else {
    while (i < text.size() && is_digit(text[i])) ++i;
  }
  bool integer = true;
  if (i < text.size() && text[i] == '.') {
    integer = false;
    ++i;
    if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
    while (i < text.size() && is_digit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    integer = false;
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
    while (i < text.size() && is_digit(text[i])) ++i;
  }
  double value = 0.0;
  if (integer) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + i, n);
    if (ec != std::errc() || end != text.data() + i) return std::nullopt;
    value = static_cast<double>(n);
  } else {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + i, value);
    if (ec != std::errc() || end != text.data() + i || !std::isfinite(value)) return std::nullopt;
  }
  text.remove_prefix(i);
  return value;
}

// The common reply, a flat object of numbers such as {"accel":-8.0,"steer":0.0}, decoded without
// building a JSON tree (no allocation). Gives up (nullopt) on anything else — strings, nesting,
// escapes or non-ASCII bytes in keys, a repeated or missing "accel", a repeated "steer" — which
// the full parser then judges, so both paths accept and decode the same lines.
std::optional<sim::ActuatorCommand> fast_step_reply(std::string_view text) {
  const auto skip_space = [&text] {
    while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
  };
  skip_space();
  if (text.empty() || text.front() != '{') return std::nullopt;
  text.remove_prefix(1);
  std::optional<double> accel;
  std::optional<double> steer;
  skip_space();
  bool first = true;
  while (text.empty() || text.front() != '}') {
    if (!first) {
      if (text.empty() || text.front() != ',') return std::nullopt;
      text.remove_prefix(1);
      skip_space();
    }
    first = false;
    if (text.empty() || text.front() != '"') return std::nullopt;
    text.remove_prefix(1);
    const std::size_t close = text.find('"');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view key = text.substr(0, close);
    // Escapes, control characters and non-ASCII bytes (which the full parser checks as UTF-8)
    // are left to it.
    if (std::any_of(key.begin(), key.end(), [](char c) {
          const auto byte = static_cast<unsigned char>(c);
          return c == '\\' || byte < 0x20 || byte >= 0x80;
        })) {
      return std::nullopt;
    }
    text.remove_prefix(close + 1);
    skip_space();
    if (text.empty() || text.front() != ':') return std::nullopt;
    text.remove_prefix(1);
    skip_space();
    const std::optional<double> value = take_json_number(text);
    if (!value) return std::nullopt;
    if (key == "accel") {
      if (accel) return std::nullopt;
      accel = value;
    } else if (key == "steer") {
      if (steer) return std::nullopt;
      steer = value;
    }
    skip_space();
  }
  text.remove_prefix(1);
  skip_space();
  if (!text.empty() || !accel) return std::nullopt;
  return sim::ActuatorCommand{*accel, steer.value_or(0.0)};
}

}  // namespace

Result<sim::ActuatorCommand> decode_step_reply(std::string_view line) {
  if (const auto fast = fast_step_reply(line)) return *fast;
  const std::string shown(line.substr(0, 200));
  const json reply = json::parse(line, nullptr, false);
  if (reply.is_discarded() || !reply.is_object()) {
    // Python's json.dumps writes NaN and Infinity, which are not JSON; name them plainly.
    const bool non_finite = line.find("NaN") != std::string_view::npos ||
                            line.find("Infinity") != std::string_view::npos;
    return make_error((non_finite ? "non-finite action (NaN or Infinity) in reply: "
                                  : "malformed reply (not a JSON object): ") +
                      shown);
  }
  auto accel = reply_number(reply, "accel", true);
  if (!accel) return make_error(accel.error().message + ": " + shown);
  auto steer = reply_number(reply, "steer", false);
  if (!steer) return make_error(steer.error().message + ": " + shown);
  return sim::ActuatorCommand{*accel, *steer};
}

void kill_model_processes() noexcept {
  for (auto& slot : g_children) {
    const pid_t pid = slot.load();
    if (pid > 0) kill(pid, SIGKILL);
  }
  // Reap them too, so none lingers as a zombie; waitpid is async-signal-safe.
  for (auto& slot : g_children) {
    const pid_t pid = slot.load();
    if (pid > 0) waitpid(pid, nullptr, 0);
  }
}

Result<std::unique_ptr<ProcessModel>> ProcessModel::start(const ProcessConfig& config) {
  if (config.argv.empty()) return make_error("process model: empty command");
  std::unique_ptr<ProcessModel> m(new ProcessModel(config));
  if (auto s = m->spawn_and_greet(); !s) return s.error();
  return m;
}

ProcessModel::~ProcessModel() {
  stop(true);
}

Status ProcessModel::spawn_and_greet() {
  int sv[2] = {-1, -1};
  int ep[2] = {-1, -1};
  // A socket rather than two pipes: send() with MSG_NOSIGNAL cannot raise SIGPIPE in the
  // harness when the model has died, and one descriptor serves as the child's stdin and stdout.
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 || pipe2(ep, O_CLOEXEC) != 0) {
    for (int fd : {sv[0], sv[1], ep[0], ep[1]}) {
      if (fd >= 0) close(fd);
    }
    return make_error("process model: cannot create pipes: " + std::string(strerror(errno)));
  }
  // argv is prepared before fork: the child may only make async-signal-safe calls.
  std::vector<char*> argv;
  for (auto& a : config_.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {sv[0], sv[1], ep[0], ep[1]}) close(fd);
    return make_error("process model: fork failed: " + std::string(strerror(errno)));
  }
  if (pid == 0) {
    // Safety net: the model dies with the harness even if the harness is SIGKILLed.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(sv[1], STDIN_FILENO);
    dup2(sv[1], STDOUT_FILENO);
    dup2(ep[1], STDERR_FILENO);
    execvp(argv[0], argv.data());
    static const char kMsg[] = "assay: cannot execute the model command\n";
    (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
    _exit(127);
  }
  close(sv[1]);
  close(ep[1]);
  pid_ = pid;
  io_ = sv[0];
  errfd_ = ep[0];
  fcntl(io_, F_SETFL, fcntl(io_, F_GETFL) | O_NONBLOCK);
  fcntl(errfd_, F_SETFL, fcntl(errfd_, F_GETFL) | O_NONBLOCK);
  track(pid);
  spawned_.push_back(pid);
  in_.clear();
  in_start_ = 0;
  stderr_tail_.clear();

  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(config_.start_timeout));
  const std::string hello = dump_line(json{{"type", "hello"}, {"protocol", kProtocol}});
  auto sent = send(hello, deadline);
  auto line = sent ? receive(deadline) : Result<std::string>(sent.error());
  if (!line) {
    fail("handshake: " + line.error().message);
    return make_error("process model " + command_text(config_.argv) + ": " + failure_);
  }
  const json reply = json::parse(*line, nullptr, false);
  std::string problem;
  if (reply.is_discarded() || !reply.is_object()) {
    problem = "handshake reply is not a JSON object";
  } else if (message_type(reply) != "hello") {
    problem = "handshake reply must have \"type\": \"hello\"";
  } else if (!reply.contains("protocol") || reply["protocol"] != kProtocol) {
    problem = "model speaks protocol " +
              (reply.contains("protocol") ? reply["protocol"].dump() : std::string("(none)")) +
              ", assay speaks " + std::to_string(kProtocol);
  } else if (!reply.contains("name") || !reply["name"].is_string() || !reply.contains("version") ||
             !reply["version"].is_string()) {
    problem = "handshake reply needs string \"name\" and \"version\"";
  }
  if (!problem.empty()) {
    fail(problem);
    return make_error("process model " + command_text(config_.argv) + ": " + failure_);
  }
  hello_ = {reply["name"].get<std::string>(), reply["version"].get<std::string>()};
  return {};
}

void ProcessModel::drain_stderr() {
  if (errfd_ < 0) return;
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = read(errfd_, buf.data(), buf.size());
    if (n <= 0) return;
    stderr_tail_.append(buf.data(), static_cast<std::size_t>(n));
    if (stderr_tail_.size() > 2 * kStderrTail) {
      stderr_tail_.erase(0, stderr_tail_.size() - kStderrTail);
    }
  }
}

Status ProcessModel::send(std::string_view line, Clock::time_point deadline) {
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::send(io_, line.data() + done, line.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return make_error("model closed its input (" + std::string(strerror(errno)) + ")");
    }
    // The model is not reading: wait for room, draining stderr so it cannot block on that.
    std::array<pollfd, 2> fds{{{io_, POLLOUT, 0}, {errfd_, POLLIN, 0}}};
    const int ms = poll_ms(deadline);
    if (ms == 0) return make_error("timed out writing to the model");
    if (poll(fds.data(), fds.size(), ms) > 0 && (fds[1].revents & POLLIN)) drain_stderr();
  }
  return {};
}

Result<std::string> ProcessModel::receive(Clock::time_point deadline) {
  auto line = receive_line(deadline);
  if (!line) return line.error();
  return std::string(*line);
}

namespace {

// Most replies come within tens of microseconds. Polling without blocking for a short while
// first keeps this thread on its core, so it is not woken from sleep when the reply arrives —
// on virtual machines that wake-up is a large part of the round trip. Bounded, so a slow model
// costs at most this much extra CPU per step.
constexpr auto kSpin = std::chrono::microseconds(30);

int wait_readable(std::array<pollfd, 2>& fds, int ms) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  do {
    const int ready = poll(fds.data(), fds.size(), 0);
    if (ready != 0) return ready;
  } while (std::chrono::steady_clock::now() < until);
  return poll(fds.data(), fds.size(), ms);
}

}  // namespace

Result<std::string_view> ProcessModel::receive_line(Clock::time_point deadline) {
  for (;;) {
    if (const auto nl = in_.find('\n', in_start_); nl != std::string::npos) {
      const std::string_view line = std::string_view(in_).substr(in_start_, nl - in_start_);
      in_start_ = nl + 1;
      return line;
    }
    // Consumed lines are dropped only now, so the line returned last stays valid until this call.
    in_.erase(0, in_start_);
    in_start_ = 0;
    if (in_.size() > kMaxLine) return make_error("reply longer than 1 MiB without a newline");
    std::array<pollfd, 2> fds{{{io_, POLLIN, 0}, {errfd_, POLLIN, 0}}};
    const int ms = poll_ms(deadline);
    if (ms == 0) return make_error("timed out waiting for the model's reply");
    const int ready = wait_readable(fds, ms);
    if (ready < 0 && errno != EINTR)
      return make_error("poll failed: " + std::string(strerror(errno)));
    if (fds[1].revents & (POLLIN | POLLHUP)) drain_stderr();
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      // Into a buffer allocated once and never cleared: a 64 KiB zero fill per step cost more
      // than the rest of the harness's side of the round trip.
      if (!read_buffer_) read_buffer_ = std::make_unique_for_overwrite<char[]>(kReadChunk);
      const ssize_t n = read(io_, read_buffer_.get(), kReadChunk);
      if (n > 0) {
        in_.append(read_buffer_.get(), static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        // End of output: the model exited or crashed. Collect how, for the reason.
        int status = 0;
        std::string how = "the model closed its output";
        for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) usleep(1000);
        if (WIFEXITED(status))
          how = "the model exited with status " + std::to_string(WEXITSTATUS(status));
        if (WIFSIGNALED(status))
          how = "the model was killed by signal " + std::to_string(WTERMSIG(status));
        drain_stderr();
        return make_error(how);
      }
    }
  }
}

void ProcessModel::fail(const std::string& reason) {
  drain_stderr();
  stop(false);
  failure_ = reason;
  std::string tail = stderr_tail_.size() > kStderrTail
                         ? stderr_tail_.substr(stderr_tail_.size() - kStderrTail)
                         : stderr_tail_;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  if (!tail.empty())
    failure_ += "; model stderr (last " + std::to_string(tail.size()) + " bytes): " + tail;
}

void ProcessModel::stop(bool graceful) {
  if (pid_ <= 0) return;
  if (graceful && io_ >= 0) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(kCloseGrace));
    if (send("{\"type\":\"close\"}\n", deadline)) {
      shutdown(io_, SHUT_WR);
      int status = 0;
      while (waitpid(pid_, &status, WNOHANG) == 0 && seconds_left(deadline) > 0) usleep(1000);
    }
  }
  kill(pid_, SIGKILL);  // harmless when it has already exited and not yet been reaped
  waitpid(pid_, nullptr, 0);
  untrack(pid_);
  pid_ = -1;
  for (int* fd : {&io_, &errfd_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
}

void ProcessModel::reset(const CaseContext& context) {
  failure_.clear();
  stderr_tail_.clear();
  case_deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(config_.case_timeout));
  if (pid_ <= 0) {
    // The previous case killed the model: a fresh process for this one.
    if (auto s = spawn_and_greet(); !s) {
      if (failure_.empty()) fail("restart failed: " + s.error().message);
      return;
    }
  }
  json params = json::object();
  for (const auto& [k, v] : config_.parameters) params[k] = v;
  const std::string msg = dump_line(json{{"type", "reset"},
                                         {"seed", context.seed},
                                         {"dt", context.dt},
                                         {"initial_speed", context.initial_speed},
                                         {"parameters", params}});
  const auto deadline = std::min(
      case_deadline_, Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(config_.step_timeout)));
  if (auto s = send(msg, deadline); !s) return fail("reset: " + s.error().message);
  auto line = receive(deadline);
  if (!line) return fail("reset: " + line.error().message);
  const json reply = json::parse(*line, nullptr, false);
  if (reply.is_discarded() || !reply.is_object() || message_type(reply) != "ready") {
    return fail("reset: expected {\"type\": \"ready\"}, got " + line->substr(0, 200));
  }
}

sim::ActuatorCommand ProcessModel::step(const sim::Observation& obs) {
  if (!failure_.empty() || pid_ <= 0) {
    if (failure_.empty()) failure_ = "the model process is not running";
    return {kNaN, kNaN};
  }
  const auto step_deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(config_.step_timeout));
  const bool case_limit = case_deadline_ < step_deadline;
  const auto deadline = std::min(case_deadline_, step_deadline);
  encode_step(out_, obs);
  auto sent = send(out_, deadline);
  auto line = sent ? receive_line(deadline) : Result<std::string_view>(sent.error());
  if (!line) {
    std::string why = line.error().message;
    if (why.starts_with("timed out")) {
      why = case_limit ? "case timeout (" + std::to_string(config_.case_timeout) + " s) exceeded"
                       : "no reply within the step timeout (" +
                             std::to_string(config_.step_timeout) + " s)";
    }
    fail("step at t=" + std::to_string(obs.t) + " s: " + why);
    return {kNaN, kNaN};
  }
  auto command = decode_step_reply(*line);
  if (!command) {
    fail("step at t=" + std::to_string(obs.t) + " s: " + command.error().message);
    return {kNaN, kNaN};
  }
  return *command;
}

Result<ModelSpec> parse_process_spec(std::string_view text) {
  ModelSpec spec;
  spec.text = std::string(text);
  spec.name = "process";
  const std::string_view rest = text.substr(std::string_view("process:").size());
  const auto close = rest.rfind(']');
  const json argv = close == std::string_view::npos
                        ? json()
                        : json::parse(rest.substr(0, close + 1), nullptr, false);
  if (!argv.is_array() || argv.empty() ||
      !std::all_of(argv.begin(), argv.end(), [](const json& a) { return a.is_string(); })) {
    return make_error("model spec \"" + spec.text +
                      "\": expected process:[\"program\",\"arg\",...][:key=value,...] with the "
                      "command as a JSON array of strings");
  }
  for (const auto& a : argv) spec.argv.push_back(a.get<std::string>());
  if (spec.argv[0].empty()) return make_error("model spec \"" + spec.text + "\": empty program");
  std::string_view params = rest.substr(close + 1);
  if (!params.empty()) {
    if (params[0] != ':') {
      return make_error("model spec \"" + spec.text + "\": expected ':' after the command");
    }
    params.remove_prefix(1);
    if (auto s = parse_spec_parameters(params, true, spec); !s.ok()) return s.error();
  }
  return spec;
}

Result<ProcessConfig> process_config(const ModelSpec& spec) {
  ProcessConfig c;
  c.argv = spec.argv;
  for (const auto& [k, v] : spec.parameters) {
    double* slot = k == "step_timeout"    ? &c.step_timeout
                   : k == "case_timeout"  ? &c.case_timeout
                   : k == "start_timeout" ? &c.start_timeout
                                          : nullptr;
    if (!slot) {
      c.parameters.emplace_back(k, v);
      continue;
    }
    double d = 0.0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || end != v.data() + v.size() || !(d > 0.0) || d > 86400.0) {
      return make_error("model parameter " + k + "=" + v + ": expected seconds in (0, 86400]");
    }
    *slot = d;
  }
  return c;
}

Result<ModelIdentity> process_identity(const ModelSpec& spec) {
  auto config = process_config(spec);
  if (!config) return config.error();
  auto model = ProcessModel::start(*config);
  if (!model) return model.error();
  ModelIdentity id;
  id.adapter = "process";
  id.name = (*model)->hello().name;
  id.version = (*model)->hello().version;
  id.spec = spec.text;
  id.parameters = spec.parameters;
  const std::string command = command_text(spec.argv);
  id.parameters.emplace_back("command", command);
  id.parameters.emplace_back("command_sha256", sha256_hex(command));
  std::stable_sort(id.parameters.begin(), id.parameters.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return id;
}

Result<std::unique_ptr<Model>> make_process_model(const ModelSpec& spec) {
  auto config = process_config(spec);
  if (!config) return config.error();
  auto model = ProcessModel::start(*config);
  if (!model) return model.error();
  return std::unique_ptr<Model>(std::move(model).value());
}

Result<std::vector<InputFile>> process_inputs(const ModelSpec& spec) {
  std::vector<InputFile> out;
  // argv[0] is a program from PATH or a file; later arguments naming files are usually the model
  // (a script, weights). Each one that exists is hashed.
  for (const auto& a : spec.argv) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(a, ec)) continue;
    auto digest = sha256_file(a);
    if (!digest) return digest.error();
    out.push_back({"model", a, *digest});
  }
  return out;
}

}  // namespace assay::models
