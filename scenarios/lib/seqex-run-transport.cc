#include "seqex-run-transport.h"

#include "ns3/ipv4-header.h"
#include "ns3/ppp-header.h"
#include "ns3/udp-header.h"

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

bool
SeqexDatagramOfFrame(Ptr<const Packet> frame, seqex::Bytes& datagram, seqex::WireHeader& header)
{
    Ptr<Packet> p;
    uint8_t protocol = 0;
    if (!SeqexStripToTransport(frame, p, protocol) || protocol != 17)
    {
        return false;
    }
    UdpHeader udp;
    p->RemoveHeader(udp);
    datagram.resize(p->GetSize());
    p->CopyData(datagram.data(), datagram.size());
    return seqex::DecodeHeader(datagram.data(), datagram.size(), header) == seqex::DecodeError::None;
}

} // namespace ns3
