// The core's name table (seqex-names.h): a label for people and, for packet
// kinds, the adapter-protocol token, kept apart; every value named once.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace seqex;

namespace
{

constexpr PacketKind kAllKinds[] = {PacketKind::Payload,
                                    PacketKind::SeqCstPayload,
                                    PacketKind::Reply,
                                    PacketKind::SeqCstReply,
                                    PacketKind::Ack};

bool
IsSnakeCase(const std::string& s)
{
    return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
}

template <typename E, size_t N>
void
CheckLabels(const EnumLabel<E> (&table)[N], size_t enumerators)
{
    BOOST_TEST(N == enumerators);
    std::set<std::string> labels;
    for (const auto& e : table)
    {
        std::string label = Label(e.value);
        BOOST_TEST(label == e.label);
        BOOST_TEST(IsSnakeCase(label), label);
        BOOST_TEST(labels.insert(label).second, "label " << label << " twice");
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(names)

// The tokens are CONFORMANCE-ADAPTER.md's; the labels are words, not tokens.
BOOST_AUTO_TEST_CASE(packet_kinds_have_the_protocol_tokens_and_separate_labels)
{
    const char* tokens[] = {"P", "PC", "R", "RC", "A"};
    const char* labels[] = {"payload", "seq_cst_payload", "reply", "seq_cst_reply", "ack"};
    BOOST_TEST(std::size(kPacketKindNames) == std::size(kAllKinds));
    for (size_t i = 0; i < std::size(kAllKinds); ++i)
    {
        PacketKind k = kAllKinds[i];
        BOOST_TEST(std::string(Token(k)) == tokens[i]);
        BOOST_TEST(std::string(Label(k)) == labels[i]);
        BOOST_TEST((PacketKindFromToken(tokens[i]) == k));
        BOOST_TEST(!PacketKindFromToken(labels[i]).has_value(), labels[i] << " is a label, not a token");
    }
    for (const char* bad : {"", "p", "PP", "Payload", "A ", "?"})
    {
        BOOST_TEST(!PacketKindFromToken(bad).has_value(), "'" << bad << "'");
    }
    // A value outside the enum (a cast from a wire byte) is named, not UB.
    BOOST_TEST(std::string(Label(PacketKind(0))) == "?");
    BOOST_TEST(std::string(Token(PacketKind(9))) == "?");
}

BOOST_AUTO_TEST_CASE(every_status_has_one_distinct_label)
{
    CheckLabels(kSendStatusLabels, 2);
    CheckLabels(kReceiveStatusLabels, 5);
    CheckLabels(kAnswerStatusLabels, 3);
    CheckLabels(kDeliveryKindLabels, 3);
    // The Python binding returns these strings from receive()/receive_datagram().
    BOOST_TEST(std::string(Label(ReceiveStatus::TooEarly)) == "too_early");
    BOOST_TEST(std::string(Label(ReceiveStatus::AckIgnored)) == "ack_ignored");
}

BOOST_AUTO_TEST_SUITE_END()
