#include "models/native_model.h"

#include <algorithm>
#include <cmath>

#include "models/builtin.h"

namespace assay::models {

double native_feature(const NativeModelFile& file, std::string_view name,
                      const sim::Observation& obs) {
  if (name == "ego_speed") return obs.ego_speed;
  if (name == "ego_accel") return obs.ego_accel;
  if (name == "ego_yaw") return obs.ego_yaw;
  if (name == "ego_yaw_rate") return obs.ego_yaw_rate;
  if (name == "ego_steer") return obs.ego_steer;
  if (name == "ego_lateral_offset") return obs.ego_lateral_offset;
  if (name == "road_curvature") return obs.road_curvature;
  // "lead" is the nearest in-path object, the same choice the built-in controllers make. With
  // no lead, the features take fixed values a model can be trained with (docs/native-models.md).
  const sim::ObjectObservation* lead = nearest_in_path(obs);
  if (name == "lead_present") return lead ? 1.0 : 0.0;
  if (name == "lead_distance") {
    return lead ? std::min(lead->distance, file.no_lead_distance) : file.no_lead_distance;
  }
  if (name == "lead_relative_speed") return lead ? lead->relative_speed : 0.0;
  if (name == "lead_speed") return lead ? lead->speed : obs.ego_speed;
  if (name == "lead_lateral_offset") return lead ? lead->lateral_offset : 0.0;
  if (name == "lead_ttc") {
    if (!lead) return file.ttc_cap;
    return std::min(time_to_collision(lead->distance, lead->relative_speed), file.ttc_cap);
  }
  return 0.0;  // unreachable: names are validated at load
}

NativeModel::NativeModel(std::shared_ptr<const NativeModelFile> file)
    : file_(std::move(file)), evaluator_(file_->net) {
  x_.resize(file_->net.inputs);
  y_.resize(file_->net.outputs);
}

void NativeModel::reset(const CaseContext&) {}  // stateless: nothing to forget

sim::ActuatorCommand NativeModel::step(const sim::Observation& obs) {
  for (std::size_t i = 0; i < file_->inputs.size(); ++i) {
    x_[static_cast<Eigen::Index>(i)] = native_feature(*file_, file_->inputs[i], obs);
  }
  evaluator_.predict(x_, y_);
  sim::ActuatorCommand cmd;
  for (std::size_t i = 0; i < file_->outputs.size(); ++i) {
    const double v = y_[static_cast<Eigen::Index>(i)];
    if (file_->outputs[i] == "accel") {
      cmd.accel = v;
    } else {
      cmd.steer = v;
    }
  }
  return cmd;
}

}  // namespace assay::models
