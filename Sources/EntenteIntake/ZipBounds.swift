/// A bounds check of a zip archive's structure, made before ZIPFoundation reads it from memory.
///
/// ZIPFoundation 0.9.20 reads an in-memory archive through a `FILE` whose read function
/// traps (a negative range: the process dies) when a read starts past the end of the data,
/// and it seeks wherever the archive's own offsets say (found by fuzz-intake: a central
/// directory entry pointing its local header past the end). Every position it will read
/// from is checked here first, the way it finds them (APPNOTE 6.3.10 §4.3: end of central
/// directory record, central directory headers, local file headers, file data, data
/// descriptors); file data past the end made its inflater loop on empty reads (a hang).
/// ZIP64 structures (§4.3.14, §4.5.3) are refused, not followed: their 8-byte offsets and
/// sizes would need the same care, and a Word document is far below 4 GiB.
/// An archive without an end record is refused here too: ZIPFoundation then throws without
/// closing its memory file, and the bytes leak (fuzz-intake's leak check).
enum ZipBounds {
    /// nil when every read stays within `bytes`; otherwise what is wrong (English, for the
    /// detail of `IntakeError.notZip`).
    static func problem(_ bytes: [UInt8]) -> String? {
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func signature(_ at: Int, _ s: [UInt8]) -> Bool { at >= 0 && at + 4 <= count && bytes[at..<(at + 4)].elementsEqual(s) }
        // The end record: the one nearest the end, as ZIPFoundation scans (22 bytes back first).
        // Refused here, not by ZIPFoundation: when it finds no end record it throws without
        // closing the memory file it opened, and the bytes (up to 32 MiB an upload) leak.
        guard count >= 22, let eocd = stride(from: count - 22, through: 0, by: -1).first(where: { signature($0, [0x50, 0x4B, 0x05, 0x06]) }) else {
            return "no end of central directory record"
        }
        guard eocd + 22 + u16(eocd + 20) <= count else { return "the end of central directory record runs past the end" }
        if eocd >= 20 + 56 + 1, signature(eocd - 20, [0x50, 0x4B, 0x06, 0x07]), signature(eocd - 76, [0x50, 0x4B, 0x06, 0x06]) {
            return "ZIP64 archive"
        }
        let entries = u16(eocd + 10)
        var directory = u32(eocd + 16)
        guard directory <= count else { return "central directory at byte \(directory), past the end (\(count) bytes)" }
        for k in 0..<entries {
            // A central directory header (46 bytes, then name, extra field, comment).
            guard signature(directory, [0x50, 0x4B, 0x01, 0x02]), directory + 46 <= count else { return nil } // the listing stops here
            let method = u16(directory + 10)
            let compressed = u32(directory + 20), uncompressed = u32(directory + 24)
            let nameLength = u16(directory + 28), extraLength = u16(directory + 30), commentLength = u16(directory + 32)
            let local = u32(directory + 42)
            let end = directory + 46 + nameLength + extraLength + commentLength
            guard end <= count else { return "entry \(k + 1) of the central directory runs past the end" }
            // ZIP64 extended information (header 0x0001), found as ZIPFoundation walks the extra field.
            var at = directory + 46 + nameLength
            let extraEnd = at + extraLength
            while at < extraEnd - 4 {
                let id = u16(at), size = u16(at + 2)
                guard at + 4 + size <= extraEnd else { break }
                if id == 0x0001 { return "ZIP64 entry \(k + 1)" }
                at += 4 + size
            }
            // Its local header (30 bytes, then name and extra field), where the data starts.
            guard local + 30 <= count, signature(local, [0x50, 0x4B, 0x03, 0x04]) else {
                return "entry \(k + 1): no local header at byte \(local)"
            }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart <= count else { return "entry \(k + 1): its local header runs past the end" }
            // Its data, which ZIPFoundation reads (the compressed size, or the size of a stored
            // entry), and the data descriptor after it: within the bytes. Past the end its
            // inflater loops on empty reads (fuzz-intake's merge: over ten minutes on one file).
            let dataEnd = dataStart + (method != 0 ? compressed : uncompressed)
            guard dataEnd <= count else { return "entry \(k + 1): its data runs past the end" }
            directory = end
        }
        return nil
    }
}
