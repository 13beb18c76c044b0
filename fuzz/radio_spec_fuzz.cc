// Fuzzes the radio text parsers: modulation names, channel specs and radio model specs
// ("NAME[:k=v,...]"). Every input must end in a value or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/radio/radio_model.h"
#include "sim/radio/ber_sweep.h"
#include "sim/radio/modulation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto m = assay::radio::parse_modulation(text)) (void)assay::radio::constellation(*m);
  (void)assay::radio::parse_fading(text);
  if (auto model = assay::models::radio::make_radio_model(text); model.ok()) {
    (*model)->reset(1);
    (void)(*model)->act({});
    (void)(*model)->spec();
  }
  return 0;
}
