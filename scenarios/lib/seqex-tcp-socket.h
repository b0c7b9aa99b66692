// The TCP socket of the baseline: ns-3.37's TcpSocketBase with its
// timestamp-echo defect fixed, and the RTO it arms made observable.
#ifndef SEQEX_TCP_SOCKET_H
#define SEQEX_TCP_SOCKET_H

#include "ns3/tcp-socket-base.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class Node;

/**
 * \brief TcpSocketBase that counts an ACK carried on a data segment as an
 * ACK sent, as RFC 7323 §4.3 (Last.ACK.sent) and real stacks do.
 *
 * ns-3.37's TcpSocketBase updates m_highTxAck (Last.ACK.sent) only in
 * SendEmptyPacket, i.e. on pure ACKs. ProcessOptionTimestamp copies a
 * segment's TSval into TS.Recent (m_timestampToEcho) only when the segment's
 * sequence number is <= m_highTxAck. When every ACK a side sends rides on data
 * (request/reply with delayed ACKs: the next request carries the ACK of the
 * last reply before the delayed-ACK timer fires), m_highTxAck stops moving,
 * TS.Recent freezes at an old TSval, every segment echoes it, and the peer's
 * EstimateRtt takes now minus that old TSval as an RTT sample: the sample
 * grows with the connection's age and the peer's RTO with it, to seconds
 * and up to MaxRto. Linux updates the same state (rcv_wup) on every segment it sends.
 *
 * SendDataPacket is overridden to update m_highTxAck with the ACK number the
 * segment carried; Fork is overridden so accepted connections are of this
 * type too. Nothing else changes; the trace sources only observe.
 */
class SeqexTcpSocket : public TcpSocketBase
{
  public:
    static TypeId GetTypeId();
    SeqexTcpSocket() = default;
    SeqexTcpSocket(const SeqexTcpSocket& sock);
    TypeId GetInstanceTypeId() const override; // TcpSocketBase's names its own TypeId

    /**
     * \brief A socket of this type on `node`, with the RTT estimator,
     * congestion control and recovery the node's TcpL4Protocol would give
     * (its RttEstimatorType, SocketType and RecoveryType attributes).
     */
    static Ptr<SeqexTcpSocket> Create(Ptr<Node> node);

    /// The congestion control and recovery this socket runs (their GetName()).
    std::string GetCongestionControlName() const;
    std::string GetRecoveryName() const;

    /// (rto): a data segment was sent with no retransmission timer running
    /// and armed it with this RTO.
    typedef void (*RtoArmedTracedCallback)(Time rto);
    /// (rto): the retransmission timer expired with data in flight; `rto`
    /// is the timeout that expired (before its backoff).
    typedef void (*TimeoutTracedCallback)(Time rto);

  protected:
    uint32_t SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck) override;
    Ptr<TcpSocketBase> Fork() override;
    void ReTxTimeout() override;

  private:
    TracedCallback<Time> m_rtoArmedTrace;
    TracedCallback<Time> m_timeoutTrace;
};

} // namespace ns3

#endif
