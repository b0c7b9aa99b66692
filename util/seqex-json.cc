#include "seqex-json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace seqex
{

std::string
JsonString(const std::string& s)
{
    std::string out = "\"";
    for (char ch : s)
    {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c >= 0x7f)
            {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
            else
            {
                out += ch;
            }
        }
    }
    return out + "\"";
}

std::string
JsonNumber(double v)
{
    if (!std::isfinite(v))
    {
        return "null";
    }
    return FormatDouble(v);
}

std::string
FormatDouble(double v)
{
    double magnitude = std::fabs(v);
    bool plain = v == 0 || (magnitude >= 1e-4 && magnitude < 1e15);
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision)
    {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v && (!plain || std::strchr(buf, 'e') == nullptr))
        {
            return buf;
        }
    }
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

} // namespace seqex
