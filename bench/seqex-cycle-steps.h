// One send -> deliver -> ack -> resolve cycle between two in-process
// endpoints with 8-byte typed data: the unit that BM_Cycle times and that
// seqex-cycle-count counts instructions of, so both measure the same code.
#ifndef SEQEX_CYCLE_STEPS_H
#define SEQEX_CYCLE_STEPS_H

#include "seqex-endpoint.h"

#include <cstdint>

namespace seqex::bench
{

using CycleEndpoint = Endpoint<uint64_t, uint64_t>;

// a.Send, a.PollTransmit -> b.ReceiveData, b.PollDelivery, answer.Ack(),
// b.PollTransmit -> a.ReceiveAck, a.PollDelivery (the Acked delivery). Every
// step's result is checked, so no step can be skipped or elided. Adds the
// payload as b saw it and the data a got back to `sum`; false if any step
// did not do what the cycle needs.
inline bool
RunCycle(CycleEndpoint& a, CycleEndpoint& b, uint64_t value, uint64_t& sum)
{
    bool ok = a.Send(0, false, value).Ok();

    auto data = a.PollTransmit();
    ok &= data.has_value();
    ok &= ok && b.ReceiveData(0, data->kind, data->seq, data->re, *data->data) == ReceiveStatus::Accepted;

    auto delivery = b.PollDelivery();
    auto* payload = delivery ? std::get_if<PayloadDelivery<uint64_t, uint64_t>>(&*delivery) : nullptr;
    if (payload == nullptr)
    {
        return false;
    }
    sum += payload->data;
    ok &= payload->answer.Ack() == AnswerStatus::Ok;

    auto ack = b.PollTransmit();
    ok &= ack.has_value() && a.ReceiveAck(0, ack->re) == ReceiveStatus::AckResolved;

    auto acked = a.PollDelivery();
    auto* resolved = acked ? std::get_if<AckedDelivery<uint64_t>>(&*acked) : nullptr;
    if (resolved == nullptr)
    {
        return false;
    }
    sum += resolved->sent;
    return ok;
}

// After n cycles with values 0 .. n-1 both endpoints are idle and every
// value came back twice: sum = 2 * (0 + ... + n-1).
inline bool
CyclesCompleted(const CycleEndpoint& a, const CycleEndpoint& b, uint64_t n, uint64_t sum)
{
    return sum == n * (n - 1) && a.Idle() && b.Idle();
}

} // namespace seqex::bench

#endif
