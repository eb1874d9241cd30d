import EntenteCore

/// Deadlines as an RFC 5545 calendar: one all-day event per deadline, with a UID that stays
/// the same from run to run so calendar programs update events instead of duplicating them.
public enum ICalendar {
    /// The calendar text (CRLF lines folded at 75 octets). `stamp` fills the required
    /// `DTSTAMP` (at midnight UTC) so that the same deadlines always give the same bytes.
    public static func render(_ deadlines: [Deadline], language: Language, stamp: CivilDate) -> String {
        let fr = language == .fr
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Entente//Entente deadlines//\(fr ? "FR" : "EN")",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(fr ? "Échéances des ententes" : "Agreement deadlines"),
        ]
        var seen: [String: Int] = [:]
        for d in deadlines {
            var description = "\(fr ? "État" : "Status")\(fr ? " : " : ": ")\(Labels.status(d.status, language))"
            if let m = d.metOn {
                description += fr ? " le \(m.long(.fr))" : " on \(m.long(.en))"
            }
            if let by = d.metBy { description += " (\(by[language]))" }
            description += "\n" + (fr ? "Source : " : "Source: ") + Citation.describe(d.source, fr ? .fr : .en)
            if let n = d.note { description += "\n" + n[language] }
            // Two deadlines of one kind on one day (two requested progress reports) would share
            // a key; numbering repeats in the engine's (deterministic) order keeps UIDs unique.
            var key = uidBase(d)
            seen[key, default: 0] += 1
            if let n = seen[key], n > 1 { key += "-\(n)" }
            lines += [
                "BEGIN:VEVENT",
                "UID:\(key)@entente",
                "DTSTAMP:\(stamp.basic)T000000Z",
                "DTSTART;VALUE=DATE:\(d.due.basic)",
                "DTEND;VALUE=DATE:\(d.due.adding(days: 1).basic)",
                "SUMMARY:" + escape("[\(d.agreementID)] \(d.title[language])"),
                "DESCRIPTION:" + escape(description),
                // Several values: each escaped on its own, joined by a bare comma.
                "CATEGORIES:" + [d.kind.rawValue, d.status.rawValue].map(escape).joined(separator: ","),
                "STATUS:CONFIRMED",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `agreement/kind/date` made safe for a UID (ASCII letters, digits, `-`, `.`).
    static func uidBase(_ d: Deadline) -> String {
        String(d.stableKey.map { c -> Character in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".") ? c : "-" })
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1).
    /// A continuation line starts with one space, which counts toward its 75 octets.
    public static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += n
        }
        return out
    }
}
