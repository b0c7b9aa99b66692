// seqex-wire-check: SPEC rules checked on packet captures alone
// (seqex-wire-check.h), for any implementation of wire format v1 over UDP.
//
//   seqex-wire-check [--port=9000] [--grace-ms=50] [--json=FILE] a.pcap:10.0.0.1 b.pcap:10.0.0.2
//
// Each capture is taken next to the host whose IP follows it. Exit status:
// 0 every check passed, 1 a check failed, 2 bad usage or unreadable capture.
#include "seqex-wire-check.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

using namespace seqex::wire;

namespace
{

int
Usage(const std::string& why)
{
    std::cerr << "seqex-wire-check: " << why << "\n"
              << "usage: seqex-wire-check [--port=9000] [--grace-ms=50] [--json=FILE] CAPTURE:IP CAPTURE:IP\n";
    return 2;
}

bool
Number(const std::string& text, long long& out)
{
    try
    {
        size_t used = 0;
        out = std::stoll(text, &used);
        return used == text.size();
    }
    catch (const std::exception&)
    {
        return false;
    }
}

} // namespace

int
main(int argc, char** argv)
{
    CheckOptions options;
    std::vector<Capture> captures;
    std::string json;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        long long v = 0;
        if (a.rfind("--port=", 0) == 0)
        {
            if (!Number(a.substr(7), v) || v < 1 || v > 65535)
                return Usage("--port: '" + a.substr(7) + "' is not a port");
            options.port = static_cast<uint16_t>(v);
        }
        else if (a.rfind("--grace-ms=", 0) == 0)
        {
            if (!Number(a.substr(11), v) || v < 0)
                return Usage("--grace-ms: '" + a.substr(11) + "' is not a number of milliseconds");
            options.graceNs = v * 1000000;
        }
        else if (a.rfind("--json=", 0) == 0)
        {
            json = a.substr(7);
        }
        else if (a.rfind("--", 0) == 0)
        {
            return Usage("unknown flag " + a);
        }
        else
        {
            size_t colon = a.rfind(':');
            // IPv6 addresses have colons: the file ends at ".pcap:" or the first colon after it.
            size_t pcap = a.find(".pcap:");
            if (pcap != std::string::npos)
                colon = pcap + 5;
            if (colon == std::string::npos || colon == 0 || colon + 1 == a.size())
                return Usage("'" + a + "' is not CAPTURE:IP");
            captures.push_back({a.substr(0, colon), a.substr(colon + 1)});
        }
    }
    if (captures.size() != 2)
    {
        return Usage("two captures are needed, one next to each host");
    }
    CheckReport r = CheckCaptures(captures, options);
    std::cout << DescribeReport(r);
    if (!json.empty())
    {
        std::ofstream(json) << ReportJson(r) << "\n";
    }
    if (!r.error.empty())
    {
        return 2;
    }
    return r.Ok() ? 0 : 1;
}
