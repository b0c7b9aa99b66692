#include "seqex-run-transport.h"

#include "ns3/ipv4-header.h"
#include "ns3/ppp-header.h"

namespace ns3
{

bool
SeqexStripToTransport(Ptr<const Packet> frame, Ptr<Packet>& payload, uint8_t& protocol)
{
    payload = frame->Copy();
    PppHeader ppp;
    if (payload->RemoveHeader(ppp) == 0 || ppp.GetProtocol() != 0x0021)
    {
        return false;
    }
    Ipv4Header ip;
    payload->RemoveHeader(ip);
    if (ip.GetFragmentOffset() != 0)
    {
        return false;
    }
    protocol = ip.GetProtocol();
    return true;
}

} // namespace ns3
