// The interop matrix (--matrix FILE): the suite against each implementation
// on its own, then the network cases for each pair of implementations (peer
// 0 one, peer 1 the other, instead of the reference or a second instance of
// the same one).
//
// FILE: {"implementations": [{"name": "python", "command": "python3 a.py"}, ...]}
// Names are unique and non-empty; commands run with /bin/sh -c like --iut.
#ifndef SEQEX_MATRIX_H
#define SEQEX_MATRIX_H

#include "seqex-suite-runner.h"

#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

struct Implementation
{
    std::string name;
    std::string command;
};

// False with `error` naming the file and what is wrong in it.
bool ReadMatrix(const std::string& path, std::vector<Implementation>& out, std::string& error);

struct MatrixResult
{
    SuiteOptions options;
    std::vector<Implementation> implementations;
    std::vector<SuiteResult> alone; // per implementation: the selected cases

    struct Pair
    {
        size_t a = 0; // peer 0
        size_t b = 0; // peer 1
        SuiteResult result; // the selected network cases
    };
    std::vector<Pair> pairs; // every a < b

    // Every run conformant (with options.strict, SHOULD failures count).
    bool Passed() const;
};

MatrixResult RunMatrix(const SuiteOptions& options,
                       const std::vector<Implementation>& implementations,
                       const std::vector<const CaseInfo*>& cases,
                       const Progress& progress = {});

// A single --iut run as a matrix of one (for --report-html).
MatrixResult SingleRunMatrix(const SuiteResult& result);

// Text summary: per implementation and pair, the verdict and failing cases.
std::string MatrixTextReport(const MatrixResult& m);

} // namespace conformance
} // namespace seqex

#endif
