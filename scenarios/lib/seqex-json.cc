#include "seqex-json.h"

#include "seqex-flag-table.h"

#include <cmath>
#include <cstdio>

namespace ns3
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
        default:
            if (c < 0x20)
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
    return SeqexFlagTable::FormatDouble(v);
}

} // namespace ns3
