// The little JSON the results and the catalog need: escaped strings and
// numbers that read back exactly. Writing only; the scripts parse it with
// Python's json module.
#ifndef SEQEX_JSON_H
#define SEQEX_JSON_H

#include <string>

namespace ns3
{

// `s` as a JSON string literal, quotes included.
std::string JsonString(const std::string& s);

// A finite double in its shortest exact form; NaN and infinities as null.
std::string JsonNumber(double v);

} // namespace ns3

#endif
