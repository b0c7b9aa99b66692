// Misuses of SeqexHelper and the application's attributes that must end the
// program with an error naming what was wrong (never a crash): ctest runs
// each mode and matches the message.
//   seqex-helper-misuse start-interval-string | initial-seq | window | address
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-helper.h"

#include <iostream>
#include <string>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string mode = argc > 1 ? argv[1] : "";
    NodeContainer nodes;
    nodes.Create(2);
    InternetStackHelper().Install(nodes);
    SeqexHelper helper;
    Address a = Ipv4Address("10.0.0.1");
    Address b = Ipv4Address("10.0.0.2");
    if (mode == "start-interval-string")
    {
        helper.SetAttribute("StartInterval", StringValue("10ms")); // a time, not a random variable
    }
    else if (mode == "initial-seq")
    {
        helper.SetPeerAttribute(1, "InitialSeq", UintegerValue(7));
    }
    else if (mode == "window")
    {
        helper.SetPeerAttribute(0, "Window", UintegerValue(8));
    }
    else if (mode == "address")
    {
        b = Mac48Address("00:00:00:00:00:02");
    }
    else
    {
        std::cerr << "usage: seqex-helper-misuse start-interval-string|initial-seq|window|address\n";
        return 2;
    }
    helper.Install(nodes.Get(0), nodes.Get(1), a, b);
    std::cout << "accepted: the misuse went unnoticed\n";
    return 0;
}
