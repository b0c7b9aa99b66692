// A small JSON reader for the suite's input files (--matrix): the whole of
// RFC 8259 but numbers kept as doubles, nesting bounded, and every error
// naming the line and column where the text stopped making sense.
#ifndef SEQEX_JSON_READER_H
#define SEQEX_JSON_READER_H

#include <string>
#include <utility>
#include <vector>

namespace seqex
{
namespace conformance
{

struct JsonValue
{
    enum class Kind
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object,
    };
    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<JsonValue> array;
    std::vector<std::pair<std::string, JsonValue>> object; // in file order

    // The member `key` of an object, or nullptr.
    const JsonValue* Find(const std::string& key) const;
};

// "an object", "a string", ... for error messages.
const char* KindName(JsonValue::Kind kind);

// False with `error` ("line 3, column 14: expected ',' or '}'") when `text`
// is not one JSON value.
bool ParseJson(const std::string& text, JsonValue& out, std::string& error);

} // namespace conformance
} // namespace seqex

#endif
