-- Wireshark / tshark dissector for the SEQEX wire format, version 1
-- (doc/wire-format.md). It reads a datagram exactly as DecodeDatagram in
-- model/core/seqex-wire.cc does and names the same faults: truncated,
-- trailing bytes, unknown version, unknown packet kind, oversized.
--
--   wireshark -X lua_script:tools/wireshark/seqex.lua results/.../<runId>.node0.pcap
--   tshark -X lua_script:tools/wireshark/seqex.lua -r <capture> -Y seqex
--   or copy it to ~/.local/lib/wireshark/plugins/
--
-- UDP port 9000 (the scenarios' port; Edit > Preferences > Protocols > SEQEX
-- changes it) is SEQEX; on other ports a heuristic takes datagrams whose
-- version, kind and length agree exactly.

local seqex = Proto("seqex", "SEQEX")

local kind_names = {
    [1] = "Payload", [2] = "SeqCstPayload", [3] = "Reply", [4] = "SeqCstReply", [5] = "Ack",
}
-- The short names of logs and of the conformance adapter grammar.
local kind_short = { [1] = "P", [2] = "PC", [3] = "R", [4] = "RC", [5] = "A" }

local WIRE_VERSION = 1
local MAX_DATAGRAM = 65507 -- kMaxDatagramSize

local fields = seqex.fields
fields.version = ProtoField.uint8("seqex.version", "Version", base.DEC)
fields.kind = ProtoField.uint8("seqex.kind", "Kind", base.DEC, kind_names)
fields.channel = ProtoField.uint16("seqex.channel", "Channel", base.DEC)
fields.seq = ProtoField.uint32("seqex.seq", "Seq", base.DEC)
fields.re = ProtoField.uint32("seqex.re", "Re", base.DEC)
fields.length = ProtoField.uint16("seqex.length", "Data length", base.DEC)
fields.data = ProtoField.bytes("seqex.data", "Data")
fields.seq_cst = ProtoField.bool("seqex.seq_cst", "seq_cst")

local malformed = ProtoExpert.new("seqex.malformed", "Malformed SEQEX datagram",
                                  expert.group.MALFORMED, expert.severity.ERROR)
seqex.experts = { malformed }

seqex.prefs.port = Pref.uint("UDP port", 9000, "The UDP port whose datagrams are SEQEX")

-- Header size by kind: the offset of the data (or the whole Ack).
local function header_size(kind)
    if kind == 5 then
        return 8
    elseif kind == 3 or kind == 4 then
        return 14
    end
    return 10
end

-- nil when the datagram is well formed, else the reason DecodeDatagram gives.
local function fault(buf)
    local n = buf:len()
    if n > MAX_DATAGRAM then
        return "oversized: " .. n .. " bytes, at most " .. MAX_DATAGRAM
    end
    if n < 4 then
        return "truncated: " .. n .. " bytes, the common header has 4"
    end
    local version = buf(0, 1):uint()
    if version ~= WIRE_VERSION then
        return "unknown version " .. version
    end
    local kind = buf(1, 1):uint()
    if kind_names[kind] == nil then
        return "unknown packet kind " .. kind
    end
    local header = header_size(kind)
    if n < header then
        return "truncated: " .. n .. " bytes, a " .. kind_names[kind] .. " header has " .. header
    end
    local expected = header
    if kind ~= 5 then
        expected = header + buf(header - 2, 2):uint()
    end
    if n < expected then
        return "truncated: " .. n .. " bytes, the header announces " .. expected
    end
    if n > expected then
        return "trailing bytes: " .. n .. " bytes, the header announces " .. expected
    end
    return nil
end

function seqex.dissector(buf, pinfo, tree)
    local n = buf:len()
    pinfo.cols.protocol = "SEQEX"
    local root = tree:add(seqex, buf(0, n))
    local problem = fault(buf)
    -- What can be read is shown even when the datagram is malformed.
    if n >= 1 then root:add(fields.version, buf(0, 1)) end
    if n >= 2 then root:add(fields.kind, buf(1, 1)) end
    if n >= 4 then root:add(fields.channel, buf(2, 2)) end
    if problem ~= nil then
        root:add_proto_expert_info(malformed, problem)
        pinfo.cols.info = "SEQEX malformed: " .. problem
        return n
    end
    local kind = buf(1, 1):uint()
    local channel = buf(2, 2):uint()
    local info
    if kind == 5 then
        root:add(fields.re, buf(4, 4))
        info = string.format("A ch=%d re=%d", channel, buf(4, 4):uint())
    else
        root:add(fields.seq_cst, kind == 2 or kind == 4)
        root:add(fields.seq, buf(4, 4))
        local header = header_size(kind)
        info = string.format("%s ch=%d seq=%d", kind_short[kind], channel, buf(4, 4):uint())
        if kind == 3 or kind == 4 then
            root:add(fields.re, buf(8, 4))
            info = info .. string.format(" re=%d", buf(8, 4):uint())
        end
        local length = buf(header - 2, 2):uint()
        root:add(fields.length, buf(header - 2, 2))
        if length > 0 then
            root:add(fields.data, buf(header, length))
        end
        info = info .. " len=" .. length
    end
    root:append_text(", " .. info)
    pinfo.cols.info = info
    return n
end

-- Off the configured port: only datagrams that parse exactly.
local function heuristic(buf, pinfo, tree)
    if buf:len() < 8 or fault(buf) ~= nil then
        return false
    end
    seqex.dissector(buf, pinfo, tree)
    return true
end

local udp_port = DissectorTable.get("udp.port")
local registered_port = seqex.prefs.port
udp_port:add(registered_port, seqex)
seqex:register_heuristic("udp", heuristic)

function seqex.prefs_changed()
    if registered_port ~= seqex.prefs.port then
        udp_port:remove(registered_port, seqex)
        registered_port = seqex.prefs.port
        udp_port:add(registered_port, seqex)
    end
end
