#include "seqex-tcp-config.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{

std::string
TypeIdOf(const std::string& variant)
{
    for (const auto& [name, typeId] : SeqexTcpVariants())
    {
        if (name == variant)
        {
            return typeId;
        }
    }
    NS_ABORT_MSG("SeqexTcp: unknown --tcpVariant " << variant); // the flag table accepts only the list
    return {};
}

} // namespace

std::vector<std::pair<std::string, std::string>>
ConfigureSeqexTcp(const SeqexScenarioConfig& c)
{
    std::vector<std::pair<std::string, std::string>> set;
    auto text = [&set](const std::string& name, const std::string& value) {
        Config::SetDefault(name, StringValue(value));
        set.emplace_back(name, value);
    };
    auto time = [&set](const std::string& name, Time value) {
        Config::SetDefault(name, TimeValue(value));
        set.emplace_back(name, SeqexFlagTable::FormatTime(value));
    };
    auto uint = [&set](const std::string& name, uint32_t value) {
        Config::SetDefault(name, UintegerValue(value));
        set.emplace_back(name, std::to_string(value));
    };
    auto boolean = [&set](const std::string& name, bool value) {
        Config::SetDefault(name, BooleanValue(value));
        set.emplace_back(name, value ? "true" : "false");
    };
    // The nodes' TcpL4Protocol exists already (the link installs the
    // stack): set theirs too, not only the default.
    auto l4 = [&set](const std::string& name, const std::string& value) {
        Config::SetDefault("ns3::TcpL4Protocol::" + name, StringValue(value));
        Config::Set("/NodeList/*/$ns3::TcpL4Protocol/" + name, StringValue(value));
        set.emplace_back("ns3::TcpL4Protocol::" + name, value);
    };
    l4("SocketType", TypeIdOf(c.tcpVariant));
    l4("RecoveryType", c.tcpRecovery == "prr" ? "ns3::TcpPrrRecovery" : "ns3::TcpClassicRecovery");
    boolean("ns3::TcpSocketBase::Sack", c.tcpSack);
    boolean("ns3::TcpSocketBase::Timestamp", c.tcpTimestamps);
    boolean("ns3::TcpSocketBase::WindowScaling", true);
    uint("ns3::TcpSocket::SegmentSize", c.tcpSegmentSize);
    uint("ns3::TcpSocket::DelAckCount", c.tcpDelAckCount);
    time("ns3::TcpSocket::DelAckTimeout", c.tcpDelAckTimeout);
    // Linux's RTO: SRTT + max(4 RTTVAR, rto_min), which is RFC 6298's with
    // G = rto_min; ns-3's alone (max(SRTT + 4 RTTVAR, MinRto)) expires
    // before a delayed ACK on a steady path (doc/tcp-baseline.md).
    time("ns3::TcpSocketBase::MinRto", c.tcpMinRto);
    time("ns3::TcpSocketBase::ClockGranularity", c.tcpMinRto);
    uint("ns3::TcpSocket::InitialCwnd", c.tcpInitialCwnd);
    uint("ns3::TcpSocket::SndBufSize", c.tcpSndBuf);
    uint("ns3::TcpSocket::RcvBufSize", c.tcpRcvBuf);
    boolean("ns3::TcpSocket::TcpNoDelay", true); // a request/reply application sets TCP_NODELAY
    // BBR paces by itself (TcpBbr turns pacing on); the others do not pace.
    boolean("ns3::TcpSocketState::EnablePacing", c.tcpVariant == "bbr");
    return set;
}

} // namespace ns3
