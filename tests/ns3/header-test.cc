// SeqexHeader round-trips through an ns-3 Buffer and a Packet, writes exactly
// the core codec's bytes, and records (never crashes on) bytes it rejects.
// The exchange-node layout round-trips and rejects what it must.
#include "ns3/buffer.h"
#include "ns3/packet.h"
#include "ns3/seqex-exchange-data.h"
#include "ns3/seqex-header.h"
#include "ns3/seqex-names.h"

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace ns3;

namespace
{

std::vector<seqex::WireHeader>
SampleHeaders()
{
    std::vector<seqex::WireHeader> out;
    for (auto kind : {seqex::PacketKind::Payload,
                      seqex::PacketKind::SeqCstPayload,
                      seqex::PacketKind::Reply,
                      seqex::PacketKind::SeqCstReply,
                      seqex::PacketKind::Ack})
    {
        seqex::WireHeader h;
        h.kind = kind;
        h.channel = 0xBEEF;
        if (seqex::IsDataKind(kind))
        {
            h.seq = 0xFFFFFFFEu;
            h.dataLength = 3;
        }
        if (!seqex::IsDataKind(kind) || seqex::IsReplyKind(kind))
        {
            h.re = 0x01020304u;
        }
        out.push_back(h);
    }
    return out;
}

seqex::Bytes
BufferBytes(const Buffer& buffer)
{
    seqex::Bytes out(buffer.GetSize());
    buffer.CopyData(out.data(), out.size());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(seqex_header)

// The HeaderSerializationTestCase check: serialize, deserialize into a fresh
// header, serialize again, same bytes; and the fields survive.
BOOST_AUTO_TEST_CASE(round_trips_every_kind)
{
    for (const auto& wire : SampleHeaders())
    {
        BOOST_TEST_CONTEXT("kind " << seqex::Label(wire.kind))
        {
            SeqexHeader h(wire);
            Buffer buffer;
            buffer.AddAtStart(h.GetSerializedSize());
            h.Serialize(buffer.Begin());
            BOOST_TEST(h.GetSerializedSize() == seqex::HeaderSize(wire.kind));

            SeqexHeader back;
            uint32_t consumed = back.Deserialize(buffer.Begin());
            BOOST_TEST(consumed == h.GetSerializedSize());
            BOOST_TEST(seqex::DecodeErrorName(back.GetDecodeError()) == std::string("none"));
            BOOST_TEST(static_cast<int>(back.GetKind()) == static_cast<int>(wire.kind));
            BOOST_TEST(back.GetChannel() == wire.channel);
            BOOST_TEST(back.GetSeq() == wire.seq);
            BOOST_TEST(back.GetRe() == wire.re);
            BOOST_TEST(back.GetDataLength() == wire.dataLength);

            Buffer again;
            again.AddAtStart(back.GetSerializedSize());
            back.Serialize(again.Begin());
            seqex::Bytes first = BufferBytes(buffer);
            seqex::Bytes second = BufferBytes(again);
            BOOST_TEST(first == second, boost::test_tools::per_element());
        }
    }
}

// A packet built from data + SeqexHeader is byte for byte the codec's datagram.
BOOST_AUTO_TEST_CASE(packet_bytes_equal_the_codec)
{
    const uint8_t data[3] = {7, 8, 9};
    for (auto wire : SampleHeaders())
    {
        size_t length = seqex::IsDataKind(wire.kind) ? sizeof(data) : 0;
        Ptr<Packet> p = Create<Packet>(data, static_cast<uint32_t>(length));
        p->AddHeader(SeqexHeader(wire));
        seqex::Bytes onWire(p->GetSize());
        p->CopyData(onWire.data(), onWire.size());

        seqex::Bytes expected;
        BOOST_REQUIRE(seqex::EncodeDatagram(wire, data, length, expected));
        BOOST_TEST(onWire == expected, boost::test_tools::per_element());

        seqex::DecodedDatagram d = seqex::DecodeDatagram(onWire.data(), onWire.size());
        BOOST_TEST(seqex::DecodeErrorName(d.error) == std::string("none"));

        SeqexHeader removed;
        p->RemoveHeader(removed);
        BOOST_TEST(p->GetSize() == length);
        BOOST_TEST(removed.GetSeq() == wire.seq);
    }
}

// Deserialize cannot fail in ns-3: it records the codec's reason and reads
// nothing beyond the buffer, however short.
BOOST_AUTO_TEST_CASE(records_what_the_codec_rejects)
{
    struct Case
    {
        seqex::Bytes bytes;
        seqex::DecodeError error;
    };
    const Case cases[] = {
        {{}, seqex::DecodeError::Truncated},
        {{1}, seqex::DecodeError::Truncated},
        {{2, 1, 0, 0, 0, 0, 0, 0, 0, 0}, seqex::DecodeError::BadVersion},
        {{1, 9, 0, 0, 0, 0, 0, 0}, seqex::DecodeError::BadKind},
        {{1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, seqex::DecodeError::Truncated}, // a reply needs 14
        {{1, 5, 0, 0, 0, 0, 0}, seqex::DecodeError::Truncated},                // an ack needs 8
    };
    for (const auto& c : cases)
    {
        Buffer buffer;
        buffer.AddAtStart(static_cast<uint32_t>(c.bytes.size()));
        buffer.Begin().Write(c.bytes.data(), static_cast<uint32_t>(c.bytes.size()));
        SeqexHeader h;
        uint32_t consumed = h.Deserialize(buffer.Begin());
        BOOST_TEST(consumed <= c.bytes.size());
        BOOST_TEST(std::string(seqex::DecodeErrorName(h.GetDecodeError())) == seqex::DecodeErrorName(c.error));
    }
}

BOOST_AUTO_TEST_CASE(prints_its_fields)
{
    seqex::WireHeader wire;
    wire.kind = seqex::PacketKind::SeqCstReply;
    wire.channel = 2;
    wire.seq = 10;
    wire.re = 4;
    wire.dataLength = 5;
    std::ostringstream os;
    SeqexHeader(wire).Print(os);
    BOOST_TEST(os.str() == "SEQEX seq_cst_reply ch=2 seq=10 re=4 len=5");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exchange_data)

BOOST_AUTO_TEST_CASE(round_trips_with_padding)
{
    seqex::ExchangeNode node{0x0102030405060708ull, 4, 6, true};
    for (size_t size : {size_t(0), seqex::kExchangeNodeSize, size_t(64), size_t(1400)})
    {
        seqex::Bytes data = seqex::EncodeExchangeNode(node, size);
        BOOST_TEST(data.size() == std::max(size, seqex::kExchangeNodeSize));
        auto back = seqex::DecodeExchangeNode(data);
        BOOST_REQUIRE(back.has_value());
        BOOST_TEST(back->exchangeId == node.exchangeId);
        BOOST_TEST(back->index == node.index);
        BOOST_TEST(back->plannedLength == node.plannedLength);
        BOOST_TEST(back->seqCst == node.seqCst);
        BOOST_TEST(back->FromOriginator());
        BOOST_TEST(!back->IsLast());
    }
    BOOST_TEST((seqex::ExchangeNode{1, 5, 6, false}.IsLast()));
    BOOST_TEST(!(seqex::ExchangeNode{1, 5, 6, false}.FromOriginator()));
}

BOOST_AUTO_TEST_CASE(rejects_what_is_no_node)
{
    seqex::Bytes good = seqex::EncodeExchangeNode(seqex::ExchangeNode{9, 1, 3, false}, 32);
    BOOST_TEST(seqex::DecodeExchangeNode(good).has_value());

    seqex::Bytes shortData(good.begin(), good.begin() + seqex::kExchangeNodeSize - 1);
    BOOST_TEST(!seqex::DecodeExchangeNode(shortData).has_value());

    seqex::Bytes indexTooHigh = seqex::EncodeExchangeNode(seqex::ExchangeNode{9, 3, 3, false}, 32);
    BOOST_TEST(!seqex::DecodeExchangeNode(indexTooHigh).has_value());

    seqex::Bytes zeroLength = good;
    zeroLength[10] = zeroLength[11] = 0;
    BOOST_TEST(!seqex::DecodeExchangeNode(zeroLength).has_value());

    seqex::Bytes unknownFlag = good;
    unknownFlag[12] = 0x02;
    BOOST_TEST(!seqex::DecodeExchangeNode(unknownFlag).has_value());

    seqex::Bytes corrupt = good;
    corrupt[20] ^= 0x40;
    BOOST_TEST(!seqex::DecodeExchangeNode(corrupt).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
