extension StringProtocol {
    /// Whether the text contains `needle` (lowercase ASCII) in any ASCII letter case, compared
    /// byte by byte. Foundation's `contains` went through `CFStringFind` and was a fifth of
    /// mapping an agreement (profiled); the words looked for this way are plain ASCII
    /// ("avis", "notice", "domaine"), so bytes are enough.
    public func containsASCIIIgnoringCase(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        var found = false
        utf8.withContiguousStorageIfAvailable { h in found = Self.search(h, n, first) } ?? {
            found = Self.search(Array(utf8), n, first)
        }()
        return found
    }

    private static func search<C: RandomAccessCollection<UInt8>>(_ h: C, _ n: [UInt8], _ first: UInt8) -> Bool where C.Index == Int {
        guard h.count >= n.count else { return false }
        let start = h.startIndex
        var i = start
        let last = start + h.count - n.count
        while i <= last {
            if lower(h[i]) == first {
                var k = 1
                while k < n.count, lower(h[i + k]) == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}
