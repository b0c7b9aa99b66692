#include "seqex-build-info.h"

#if __has_include("ns3/version-defines.h")
#include "ns3/version-defines.h"
#endif

namespace ns3
{

std::string
SeqexNs3Version()
{
#ifdef NS3_VERSION_MAJOR
    return std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR) + "." +
           std::to_string(NS3_VERSION_PATCH);
#else
    return "unknown";
#endif
}

} // namespace ns3
