/* A minimal external model in C for the JSON-lines protocol (docs/model-protocol.md): answers
 * hello, reset and every step with constants, without decoding anything beyond the message type,
 * and exits on close or end of input. bench/models_process_bench.cc runs it to measure the
 * protocol's own round trip (harness, kernel, one context switch each way) apart from the cost
 * of an interpreter; tests/models_process_test.cc runs it as a conforming model. One read per
 * arriving chunk and one write per reply. */
#include <string.h>
#include <unistd.h>

static int write_all(const char* text) {
  size_t left = strlen(text);
  while (left > 0) {
    const ssize_t n = write(STDOUT_FILENO, text, left);
    if (n <= 0) return -1;
    text += n;
    left -= (size_t)n;
  }
  return 0;
}

/* Replies to one line; returns 1 to stop. The harness writes "type" first in step messages
 * (the hot path, checked by prefix); hello and reset come with sorted keys, so they are found
 * anywhere in the line, as the Python responder of the bench does. */
static int answer(const char* line) {
  if (strncmp(line, "{\"type\":\"step\"", 14) == 0) return write_all("{\"accel\":0}\n") != 0;
  if (strstr(line, "\"type\":\"reset\"")) return write_all("{\"type\":\"ready\"}\n") != 0;
  if (strstr(line, "\"type\":\"hello\"")) {
    return write_all(
               "{\"type\":\"hello\",\"protocol\":1,\"name\":\"c-responder\",\"version\":\"1\"}"
               "\n") != 0;
  }
  return 1; /* close, or anything unexpected */
}

int main(void) {
  static char buf[1 << 20];
  size_t used = 0;
  for (;;) {
    if (used == sizeof buf) return 1; /* a line longer than the buffer: not the harness */
    const ssize_t n = read(STDIN_FILENO, buf + used, sizeof buf - used);
    if (n <= 0) return 0;
    used += (size_t)n;
    size_t start = 0;
    for (;;) {
      char* nl = memchr(buf + start, '\n', used - start);
      if (!nl) break;
      *nl = '\0';
      if (answer(buf + start)) return 0;
      start = (size_t)(nl - buf) + 1;
    }
    memmove(buf, buf + start, used - start);
    used -= start;
  }
}
