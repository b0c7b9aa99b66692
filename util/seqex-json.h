// The one JSON writer of the project (scenario results and catalog, the
// conformance reports): escaped strings and numbers that read back exactly.
// Writing only; the scripts parse it with Python's json module. No ns-3.
#ifndef SEQEX_JSON_H
#define SEQEX_JSON_H

#include <string>

namespace seqex
{

// `s` as a JSON string literal, quotes included. Safe for any bytes (adapter
// output is untrusted): control characters, DEL and bytes outside ASCII,
// which may not be UTF-8, are written as \u00XX (their Latin-1 code points).
std::string JsonString(const std::string& s);

// A finite double in its shortest exact form (FormatDouble); NaN and
// infinities as null.
std::string JsonNumber(double v);

// The shortest spelling that reads back as the same double, without an
// exponent unless the number is very large or small ("100", not "1e+02").
std::string FormatDouble(double v);

} // namespace seqex

#endif
