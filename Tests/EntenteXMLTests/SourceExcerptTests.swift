import EntenteXML
import Testing

/// The offending line and its caret under an import error.
@Suite struct SourceExcerptTests {
    @Test func theCaretStandsUnderTheColumn() throws {
        let bytes = Array("<a>\r\n  <b>x</c>\r\n</a>\n".utf8)
        let e = try #require(SourceExcerpt(bytes: bytes, line: 2, column: 8))
        #expect(e.line == "  <b>x</c>", "CR left out")
        #expect(e.caret == "       ^")
        #expect(Array(e.line)[e.caret.count - 1] == "/")
    }

    @Test func columnsCountBytesAndTabsKeepTheirPlace() throws {
        // libxml2's column is in bytes: "é" is two, so column 5 is the "<" after "\té".
        let e = try #require(SourceExcerpt(bytes: Array("\té <x".utf8), line: 1, column: 5))
        #expect(e.caret == "\t  ^")
        #expect(Array(e.line)[Array(e.caret).count - 1] == "<")
    }

    @Test func aLongLineIsCutAroundTheColumn() throws {
        let line = String(repeating: "a", count: 500) + "<!>" + String(repeating: "b", count: 500)
        let e = try #require(SourceExcerpt(bytes: Array(line.utf8), line: 1, column: 501))
        #expect(e.line.hasPrefix("…") && e.line.hasSuffix("…"))
        #expect(e.line.count == 2 * SourceExcerpt.window + 2)
        #expect(Array(e.line)[e.caret.count - 1] == "<")
    }

    @Test func aLineOutsideTheFileGivesNothing() {
        #expect(SourceExcerpt(bytes: Array("one\ntwo".utf8), line: 3, column: 1) == nil)
        #expect(SourceExcerpt(bytes: Array("one\ntwo".utf8), line: 0, column: 1) == nil)
        #expect(SourceExcerpt(bytes: [], line: 1, column: 1)?.caret == "^")
    }
}
