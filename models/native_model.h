// The `native` adapter: a model under test loaded from an "assay.model/1" file and evaluated
// in-process. Observation features are gathered into a fixed input vector; the outputs become
// the actuator command.
#pragma once

#include <memory>
#include <string>

#include "models/model.h"
#include "models/native_inference.h"

namespace assay::models {

/// A native model instance (one per worker thread; the file is parsed once and shared).
class NativeModel final : public Model {
 public:
  explicit NativeModel(std::shared_ptr<const NativeModelFile> file);
  void reset(const CaseContext& context) override;
  sim::ActuatorCommand step(const sim::Observation& observation) override;

 private:
  std::shared_ptr<const NativeModelFile> file_;
  NativeEvaluator evaluator_;
  Eigen::VectorXd x_, y_;
};

/// The value of one named feature (see native_feature_names()) for an observation.
double native_feature(const NativeModelFile& file, std::string_view name,
                      const sim::Observation& observation);

}  // namespace assay::models
