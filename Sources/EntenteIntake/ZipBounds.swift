/// A Word file's zip directory (APPNOTE 6.3.10 §4.3), read and bounds-checked here; the
/// parts' bytes are then taken from it, and ZIPFoundation only inflates them (`DocxReader`).
///
/// ZIPFoundation 0.9.20's `Archive(data:)` is not used on uploads, for what fuzz-intake found
/// in it: its in-memory `FILE` traps (a negative range: the process dies) when a read starts
/// past the end of the data, and it seeks wherever the archive's offsets say; it throws
/// without closing that file when there is no end record, and the bytes leak; its `extract`
/// loops for ever on a deflate stream that does not end within its data (empty reads).
/// Every offset and size is checked against the bytes here. ZIP64 structures (§4.3.14,
/// §4.5.3) are refused, not followed: a Word document is far below 4 GiB.
enum ZipBounds {
    /// One entry of the central directory.
    struct Item: Sendable, Hashable {
        /// Its path in the archive (UTF-8; the paths a Word file's parts have are ASCII).
        var name: String
        /// 0 stored, 8 deflate (§4.4.5).
        var method: Int
        var compressedSize: Int
        var uncompressedSize: Int
        var crc32: UInt32
        /// Where its data starts in the bytes: `dataStart + compressedSize` is within them.
        var dataStart: Int
    }

    /// The entries, in directory order, or what is wrong (English, for `IntakeError.notZip`).
    static func items(_ bytes: [UInt8]) -> Result<[Item], Damage> {
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func signature(_ at: Int, _ s: [UInt8]) -> Bool { at >= 0 && at + 4 <= count && bytes[at..<(at + 4)].elementsEqual(s) }
        // The end record: the one nearest the end (22 bytes, then its comment).
        guard count >= 22, let eocd = stride(from: count - 22, through: 0, by: -1).first(where: { signature($0, [0x50, 0x4B, 0x05, 0x06]) }) else {
            return .failure(Damage("no end of central directory record"))
        }
        guard eocd + 22 + u16(eocd + 20) <= count else { return .failure(Damage("the end of central directory record runs past the end")) }
        if eocd >= 20 + 56 + 1, signature(eocd - 20, [0x50, 0x4B, 0x06, 0x07]) { return .failure(Damage("ZIP64 archive")) }
        let entries = u16(eocd + 10)
        var directory = u32(eocd + 16)
        guard directory <= count else { return .failure(Damage("central directory at byte \(directory), past the end (\(count) bytes)")) }
        var items: [Item] = []
        for k in 0..<entries {
            // A central directory header (46 bytes, then name, extra field, comment).
            guard directory + 46 <= count, signature(directory, [0x50, 0x4B, 0x01, 0x02]) else {
                return .failure(Damage("entry \(k + 1) of \(entries): no central directory header at byte \(directory)"))
            }
            let method = u16(directory + 10), crc = UInt32(u32(directory + 16))
            let compressed = u32(directory + 20), uncompressed = u32(directory + 24)
            let nameLength = u16(directory + 28), extraLength = u16(directory + 30), commentLength = u16(directory + 32)
            let local = u32(directory + 42)
            let end = directory + 46 + nameLength + extraLength + commentLength
            guard end <= count else { return .failure(Damage("entry \(k + 1) of the central directory runs past the end")) }
            let name = String(decoding: bytes[(directory + 46)..<(directory + 46 + nameLength)], as: UTF8.self)
            // ZIP64 extended information (header 0x0001) in the extra field.
            var at = directory + 46 + nameLength
            let extraEnd = at + extraLength
            while at + 4 <= extraEnd {
                let id = u16(at), size = u16(at + 2)
                if id == 0x0001 { return .failure(Damage("ZIP64 entry \(name)")) }
                at += 4 + size
            }
            // Its local header (30 bytes, then name and extra field), where the data starts.
            guard local + 30 <= count, signature(local, [0x50, 0x4B, 0x03, 0x04]) else {
                return .failure(Damage("\(name): no local header at byte \(local)"))
            }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            let stored = method == 0 ? uncompressed : compressed
            guard dataStart + stored <= count else { return .failure(Damage("\(name): its data runs past the end")) }
            if method == 0 && compressed != uncompressed { return .failure(Damage("\(name): stored, but its two sizes differ")) }
            items.append(Item(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed, crc32: crc, dataStart: dataStart))
            directory = end
        }
        return .success(items)
    }

    /// What is wrong with an archive.
    struct Damage: Error, Hashable, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// nil when the archive's directory reads within the bytes; otherwise what is wrong.
    static func problem(_ bytes: [UInt8]) -> String? {
        if case .failure(let d) = items(bytes) { return d.description }
        return nil
    }
}
