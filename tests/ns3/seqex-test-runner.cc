// Runs the module's ns-3 TestSuite outside an ns-3 source tree (ns-3's own
// test-runner is not installed): seqex-test-runner --suite=seqex
#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
