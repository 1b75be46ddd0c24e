// The keys a pipeline file may hold, their types, and which are required.
#pragma once

#include <string_view>
#include <vector>

namespace etl {

enum class FieldKind {
  String,       //!< a string (variables expanded)
  Integer,      //!< a non-negative integer, or a string that expands to one
  StringArray,  //!< an array of strings
  Object,       //!< a nested section, described by its own fields
  ScalarMap,    //!< an object of strings, numbers, booleans or nulls
  StringMap,    //!< an object of strings
};

struct FieldSpec {
  std::string_view key;
  FieldKind kind;
  bool required = false;
};

//! The fields of a section: "" for the top level, "source", "destination", "transform",
//! "load", "parallelism".
const std::vector<FieldSpec>& pipeline_fields(std::string_view section);

//! The valid key nearest to `key` (edit distance), or empty when none is close.
std::string_view nearest_key(std::string_view key, const std::vector<FieldSpec>& fields);

}  // namespace etl
