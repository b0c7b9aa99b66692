#include "seqex-exchange-data.h"

#include <algorithm>

namespace ns3
{

namespace
{

constexpr uint8_t kFlagSeqCst = 0x01;

uint8_t
PaddingByte(const SeqexExchangeNode& node, size_t i)
{
    return static_cast<uint8_t>(node.exchangeId + node.index + i);
}

} // namespace

seqex::Bytes
EncodeExchangeNode(const SeqexExchangeNode& node, size_t size)
{
    seqex::Bytes out(std::max(size, kSeqexExchangeNodeSize));
    for (int i = 0; i < 8; ++i)
    {
        out[i] = static_cast<uint8_t>(node.exchangeId >> (56 - 8 * i));
    }
    out[8] = static_cast<uint8_t>(node.index >> 8);
    out[9] = static_cast<uint8_t>(node.index);
    out[10] = static_cast<uint8_t>(node.plannedLength >> 8);
    out[11] = static_cast<uint8_t>(node.plannedLength);
    out[12] = node.seqCst ? kFlagSeqCst : 0;
    for (size_t i = kSeqexExchangeNodeSize; i < out.size(); ++i)
    {
        out[i] = PaddingByte(node, i);
    }
    return out;
}

std::optional<SeqexExchangeNode>
DecodeExchangeNode(const seqex::Bytes& data)
{
    if (data.size() < kSeqexExchangeNodeSize)
    {
        return std::nullopt;
    }
    SeqexExchangeNode node;
    for (int i = 0; i < 8; ++i)
    {
        node.exchangeId = (node.exchangeId << 8) | data[i];
    }
    node.index = static_cast<uint16_t>((data[8] << 8) | data[9]);
    node.plannedLength = static_cast<uint16_t>((data[10] << 8) | data[11]);
    if (node.plannedLength == 0 || node.index >= node.plannedLength || (data[12] & ~kFlagSeqCst) != 0)
    {
        return std::nullopt;
    }
    node.seqCst = (data[12] & kFlagSeqCst) != 0;
    for (size_t i = kSeqexExchangeNodeSize; i < data.size(); ++i)
    {
        if (data[i] != PaddingByte(node, i))
        {
            return std::nullopt;
        }
    }
    return node;
}

} // namespace ns3
