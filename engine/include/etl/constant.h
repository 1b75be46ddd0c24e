// A constant column value of a pipeline (`transform.set`).
#pragma once

#include <string>

namespace etl {

//! A JSON scalar as the pipeline file wrote it. Numbers keep their text so that a numeric
//! column gets the exact digits written, never a float's approximation.
struct ConstantValue {
  enum class Kind { Null, Boolean, Number, String };
  Kind kind = Kind::Null;
  std::string text;  //!< Boolean: "true" or "false"; Number: "1", "-2.50", "1e3"; String: it

  static ConstantValue null() { return {}; }
  static ConstantValue boolean(bool value) { return {Kind::Boolean, value ? "true" : "false"}; }
  static ConstantValue number(std::string text) { return {Kind::Number, std::move(text)}; }
  static ConstantValue string(std::string text) { return {Kind::String, std::move(text)}; }
};

}  // namespace etl
