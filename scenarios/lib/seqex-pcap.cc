#include "seqex-pcap.h"

#include "ns3/point-to-point-net-device.h"
#include "ns3/trace-helper.h"

#include <filesystem>
#include <fstream>

namespace ns3
{

std::string
EnableSeqexPcap(const SeqexImpairedLink& link, const std::string& prefix)
{
    std::filesystem::path dir = std::filesystem::path(prefix).parent_path();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        return "--pcap: cannot create " + dir.string() + ": " + ec.message();
    }
    PcapHelper pcap;
    for (uint32_t node = 0; node < link.devices.GetN(); ++node)
    {
        std::string path = prefix + ".node" + std::to_string(node) + ".pcap";
        // ns-3 aborts on a file it cannot open: find out first, and say so.
        if (!std::ofstream(path, std::ios::binary))
        {
            return "--pcap: cannot write " + path;
        }
        Ptr<PcapFileWrapper> file = pcap.CreateFile(path, std::ios::out, PcapHelper::DLT_PPP);
        Ptr<PointToPointNetDevice> device = DynamicCast<PointToPointNetDevice>(link.devices.Get(node));
        // The promiscuous sniffer sees a frame as it leaves (after the device
        // queue) and as it arrives, with its PPP header.
        pcap.HookDefaultSink<PointToPointNetDevice>(device, "PromiscSniffer", file);
    }
    return {};
}

} // namespace ns3
