#include "seqex-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexTcpSocket");
NS_OBJECT_ENSURE_REGISTERED(SeqexTcpSocket);

TypeId
SeqexTcpSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SeqexTcpSocket")
            .SetParent<TcpSocketBase>()
            .SetGroupName("Seqex")
            .AddConstructor<SeqexTcpSocket>()
            .AddTraceSource("RtoArmed",
                            "A data segment armed the retransmission timer with this RTO.",
                            MakeTraceSourceAccessor(&SeqexTcpSocket::m_rtoArmedTrace),
                            "ns3::SeqexTcpSocket::RtoArmedTracedCallback")
            .AddTraceSource("Timeout",
                            "The retransmission timer expired with data in flight (the RTO that expired).",
                            MakeTraceSourceAccessor(&SeqexTcpSocket::m_timeoutTrace),
                            "ns3::SeqexTcpSocket::TimeoutTracedCallback");
    return tid;
}

SeqexTcpSocket::SeqexTcpSocket(const SeqexTcpSocket& sock)
    : TcpSocketBase(sock)
{
}

TypeId
SeqexTcpSocket::GetInstanceTypeId() const
{
    return SeqexTcpSocket::GetTypeId();
}

Ptr<SeqexTcpSocket>
SeqexTcpSocket::Create(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_UNLESS(tcp, "SeqexTcpSocket: node " << node->GetId() << " has no TCP (install the internet stack)");
    // The same parts TcpL4Protocol::CreateSocket puts together.
    TypeIdValue rtt;
    TypeIdValue congestion;
    TypeIdValue recovery;
    tcp->GetAttribute("RttEstimatorType", rtt);
    tcp->GetAttribute("SocketType", congestion);
    tcp->GetAttribute("RecoveryType", recovery);
    ObjectFactory factory;
    Ptr<SeqexTcpSocket> socket = CreateObject<SeqexTcpSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    factory.SetTypeId(rtt.Get());
    socket->SetRtt(factory.Create<RttEstimator>());
    factory.SetTypeId(congestion.Get());
    socket->SetCongestionControlAlgorithm(factory.Create<TcpCongestionOps>());
    factory.SetTypeId(recovery.Get());
    socket->SetRecoveryAlgorithm(factory.Create<TcpRecoveryOps>());
    return socket;
}

std::string
SeqexTcpSocket::GetCongestionControlName() const
{
    return m_congestionControl->GetName();
}

std::string
SeqexTcpSocket::GetRecoveryName() const
{
    return m_recoveryOps->GetName();
}

uint32_t
SeqexTcpSocket::SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck)
{
    bool timerWasIdle = m_retxEvent.IsExpired();
    uint32_t size = TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
    // The segment carried ACK NextRxSequence (TcpSocketBase sets it on every
    // data segment): it is the last ACK sent, as for a pure ACK.
    if (withAck && m_highTxAck < m_tcb->m_rxBuffer->NextRxSequence())
    {
        m_highTxAck = m_tcb->m_rxBuffer->NextRxSequence();
    }
    if (timerWasIdle && m_retxEvent.IsRunning())
    {
        m_rtoArmedTrace(m_rto.Get());
    }
    return size;
}

void
SeqexTcpSocket::ReTxTimeout()
{
    if (m_state != SYN_SENT && m_state != SYN_RCVD && BytesInFlight() > 0)
    {
        m_timeoutTrace(m_rto.Get());
    }
    TcpSocketBase::ReTxTimeout();
}

Ptr<TcpSocketBase>
SeqexTcpSocket::Fork()
{
    return CopyObject<SeqexTcpSocket>(this);
}

} // namespace ns3
