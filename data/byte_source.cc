#include "data/byte_source.h"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace assay::data {

namespace {

struct DigestDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* file, std::string path, bool hash) : file_(file), path_(std::move(path)) {
    if (hash) {
      digest_.reset(EVP_MD_CTX_new());
      EVP_DigestInit_ex(digest_.get(), EVP_sha256(), nullptr);
    }
  }
  ~FileSource() override { std::fclose(file_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> read(char* out, std::size_t max) override {
    const std::size_t n = std::fread(out, 1, max, file_);
    if (n < max && std::ferror(file_)) {
      return Error{std::string("read error: ") + std::strerror(errno), {path_, 0, 0, ""}};
    }
    if (digest_ && n > 0) EVP_DigestUpdate(digest_.get(), out, n);
    bytes_ += n;
    return n;
  }
  [[nodiscard]] const std::string& name() const override { return path_; }
  [[nodiscard]] std::uint64_t bytes_read() const override { return bytes_; }

  [[nodiscard]] std::string sha256() const override {
    if (!digest_) return "";
    // Finalise a copy, so hashing can go on and the digest can be asked for at any time.
    std::unique_ptr<EVP_MD_CTX, DigestDeleter> copy(EVP_MD_CTX_new());
    EVP_MD_CTX_copy_ex(copy.get(), digest_.get());
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned n = 0;
    EVP_DigestFinal_ex(copy.get(), md.data(), &n);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(2 * n, '0');
    for (unsigned i = 0; i < n; ++i) {
      hex[2 * i] = kHex[md[i] >> 4];
      hex[2 * i + 1] = kHex[md[i] & 15];
    }
    return hex;
  }

 private:
  std::FILE* file_;
  std::string path_;
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest_;
  std::uint64_t bytes_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string text, std::string name)
      : text_(std::move(text)), name_(std::move(name)) {}

  Result<std::size_t> read(char* out, std::size_t max) override {
    const std::size_t n = std::min(max, text_.size() - pos_);
    std::memcpy(out, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::string sha256() const override { return ""; }
  [[nodiscard]] std::uint64_t bytes_read() const override { return pos_; }

 private:
  std::string text_;
  std::string name_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path, bool hash) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Error{"is a directory, expected a data file", {path, 0, 0, ""}};
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Error{std::string("cannot open data file: ") + std::strerror(errno), {path, 0, 0, ""}};
  }
  return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(f, path, hash));
}

std::unique_ptr<ByteSource> memory_source(std::string text, std::string name) {
  return std::make_unique<MemorySource>(std::move(text), std::move(name));
}

}  // namespace assay::data
