#include "seqex-invariant-recorder.h"

#include "ns3/abort.h"
#include "ns3/packet.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/uinteger.h"

namespace ns3
{

SeqexInvariantRecorder::SeqexInvariantRecorder(Ptr<SeqexApplication> a, Ptr<SeqexApplication> b)
{
    NS_ABORT_MSG_UNLESS(a && b, "SeqexInvariantRecorder: null application");
    UintegerValue channels[2];
    UintegerValue initialSeq[2];
    a->GetAttribute("Channels", channels[0]);
    b->GetAttribute("Channels", channels[1]);
    a->GetAttribute("InitialSeq", initialSeq[0]);
    b->GetAttribute("InitialSeq", initialSeq[1]);
    NS_ABORT_MSG_UNLESS(channels[0].Get() == channels[1].Get(),
                        "SeqexInvariantRecorder: the peers run " << channels[0].Get() << " and "
                                                                 << channels[1].Get() << " channels");
    NS_ABORT_MSG_UNLESS(initialSeq[0].Get() == initialSeq[1].Get(),
                        "SeqexInvariantRecorder: the peers' InitialSeq differ");
    for (uint64_t c = 0; c < channels[0].Get(); ++c)
    {
        m_checkers.emplace_back(static_cast<seqex::Seq>(initialSeq[0].Get()));
    }
    Connect(a, 0);
    Connect(b, 1);
}

seqex::InvariantChecker&
SeqexInvariantRecorder::At(uint16_t channel)
{
    NS_ABORT_MSG_UNLESS(channel < m_checkers.size(),
                        "SeqexInvariantRecorder: event on channel " << channel);
    return m_checkers[channel];
}

void
SeqexInvariantRecorder::Connect(Ptr<SeqexApplication> app, int peer)
{
    app->TraceConnectWithoutContext(
        "DataSent",
        MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&>(
            [this, peer](uint16_t ch, seqex::PacketKind kind, uint32_t seq, uint32_t re, const seqex::Bytes& data) {
                At(ch).OnSend(peer, kind, seq, re, data);
            }));
    app->TraceConnectWithoutContext(
        "Tx",
        MakeLambdaCallback<Ptr<const Packet>, const SeqexHeader&>(
            [this, peer](Ptr<const Packet> packet, const SeqexHeader& header) {
                if (!seqex::IsDataKind(header.GetKind()))
                {
                    return;
                }
                seqex::Bytes bytes(packet->GetSize());
                packet->CopyData(bytes.data(), bytes.size());
                seqex::DecodedDatagram d = seqex::DecodeDatagram(bytes.data(), bytes.size());
                NS_ABORT_MSG_UNLESS(d.error == seqex::DecodeError::None,
                                    "SeqexInvariantRecorder: sent an undecodable datagram");
                At(header.GetChannel())
                    .OnTransmit(peer,
                                d.header.kind,
                                d.header.seq,
                                d.header.re,
                                seqex::Bytes(d.data, d.data + d.dataLength));
            }));
    app->TraceConnectWithoutContext(
        "Deliver",
        MakeLambdaCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>>(
            [this, peer](uint16_t ch, uint32_t seq, bool seqCst, const seqex::Bytes& data, std::optional<uint32_t> re) {
                At(ch).OnDeliver(peer, seq, seqCst, data, re);
            }));
    app->TraceConnectWithoutContext("AnswerAck",
                                    MakeLambdaCallback<uint16_t, uint32_t>([this, peer](uint16_t ch, uint32_t seq) {
                                        At(ch).OnAnswerAck(peer, seq);
                                    }));
    app->TraceConnectWithoutContext("ResolvedByAck",
                                    MakeLambdaCallback<uint16_t, uint32_t>([this, peer](uint16_t ch, uint32_t seq) {
                                        At(ch).OnResolvedByAck(peer, seq);
                                    }));
}

uint16_t
SeqexInvariantRecorder::GetChannelCount() const
{
    return static_cast<uint16_t>(m_checkers.size());
}

const seqex::InvariantChecker&
SeqexInvariantRecorder::GetChecker(uint16_t channel) const
{
    NS_ABORT_MSG_UNLESS(channel < m_checkers.size(), "SeqexInvariantRecorder: no channel " << channel);
    return m_checkers[channel];
}

namespace
{

void
AppendPrefixed(std::vector<std::string>& out, uint16_t channel, const std::vector<std::string>& lines)
{
    for (const auto& line : lines)
    {
        out.push_back("channel " + std::to_string(channel) + ": " + line);
    }
}

} // namespace

std::vector<std::string>
SeqexInvariantRecorder::CheckSafety() const
{
    std::vector<std::string> out;
    for (uint16_t c = 0; c < m_checkers.size(); ++c)
    {
        AppendPrefixed(out, c, m_checkers[c].CheckSafety());
    }
    return out;
}

std::vector<std::string>
SeqexInvariantRecorder::CheckLiveness() const
{
    std::vector<std::string> out;
    for (uint16_t c = 0; c < m_checkers.size(); ++c)
    {
        AppendPrefixed(out, c, m_checkers[c].CheckLiveness());
    }
    return out;
}

uint64_t
SeqexInvariantRecorder::CompletedExchanges() const
{
    uint64_t total = 0;
    for (const auto& checker : m_checkers)
    {
        total += checker.CompletedExchanges();
    }
    return total;
}

} // namespace ns3
