/// JSON string literals written into UTF-8 bytes, as `JSONEncoder` writes them (without
/// escaping `/`): the one escaper of the package, shared by the stored models (Store) and the
/// output for programs (Reports), so that both escape alike.
package enum JSONText {
    package static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            // Runs of plain bytes are copied whole; byte-by-byte appends were the main cost
            // of writing stored models (profiled).
            var start = 0
            for (i, b) in buf.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i]))
                switch b {
                case 0x22, 0x5C: out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case 0x08: out.append(contentsOf: "\\b".utf8)
                case 0x0C: out.append(contentsOf: "\\f".utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0xF)])
                }
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
