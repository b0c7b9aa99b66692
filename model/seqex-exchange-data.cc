#include "seqex-exchange-data.h"

#include <algorithm>

namespace seqex
{

namespace
{

constexpr uint8_t kFlagSeqCst = 0x01;

uint8_t
PaddingByte(const ExchangeNode& node, size_t i)
{
    return static_cast<uint8_t>(node.exchangeId + node.index + i);
}

} // namespace

Bytes
EncodeExchangeNode(const ExchangeNode& node, size_t size)
{
    Bytes out(std::max(size, kExchangeNodeSize));
    for (int i = 0; i < 8; ++i)
    {
        out[i] = static_cast<uint8_t>(node.exchangeId >> (56 - 8 * i));
    }
    out[8] = static_cast<uint8_t>(node.index >> 8);
    out[9] = static_cast<uint8_t>(node.index);
    out[10] = static_cast<uint8_t>(node.plannedLength >> 8);
    out[11] = static_cast<uint8_t>(node.plannedLength);
    out[12] = node.seqCst ? kFlagSeqCst : 0;
    for (size_t i = kExchangeNodeSize; i < out.size(); ++i)
    {
        out[i] = PaddingByte(node, i);
    }
    return out;
}

std::optional<ExchangeNode>
DecodeExchangeNode(const Bytes& data)
{
    if (data.size() < kExchangeNodeSize)
    {
        return std::nullopt;
    }
    ExchangeNode node;
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
    for (size_t i = kExchangeNodeSize; i < data.size(); ++i)
    {
        if (data[i] != PaddingByte(node, i))
        {
            return std::nullopt;
        }
    }
    return node;
}

} // namespace seqex
